import type { ExportTable } from '../exports/formats.ts'
import type { listTasks } from './patrol.repo.ts'

/* The patrol ledger (巡查台账) as an export table, headed in Chinese like every other export, each task at its site. */

const STATUS_ZH: Record<string, string> = { assigned: '待巡查', reported: '已报告', cancelled: '已取消' }
const FINDING_ZH: Record<string, string> = { pending: '待确认', confirmed: '已确认', rejected: '已驳回' }

export function patrolTaskTable(tasks: Awaited<ReturnType<typeof listTasks>>): ExportTable {
  return {
    title: '第三方巡查台账',
    columns: [
      { key: 'contractNo', header: '合同编号' }, { key: 'siteCode', header: '项目编号' }, { key: 'siteName', header: '项目名称' },
      { key: 'assignedAt', header: '派发时间' }, { key: 'assignedBy', header: '派发人' }, { key: 'dueOn', header: '报告期限' }, { key: 'status', header: '状态' },
      { key: 'reportedAt', header: '报告时间' }, { key: 'onTime', header: '是否按时' }, { key: 'reportedBy', header: '巡查员' }, { key: 'score', header: '得分' },
      { key: 'findings', header: '发现问题' },
    ],
    rows: tasks.map((t) => ({
      contractNo: t.contractNo, siteCode: t.siteCode, siteName: t.siteName, assignedAt: t.assignedAt, assignedBy: t.assignedBy, dueOn: t.dueOn,
      status: STATUS_ZH[t.status] ?? t.status, reportedAt: t.reportedAt, onTime: t.onTime === null ? (t.overdue ? '逾期未报' : null) : t.onTime ? '是' : '否',
      reportedBy: t.reportedBy, score: t.score, findings: t.findings.map((f) => `${f.category}（${FINDING_ZH[f.status] ?? f.status}）`).join('；'),
    })),
    geometries: tasks.map((t) => ({ type: 'Point', coordinates: t.lonLat })),
  }
}
