import { ACTION_KIND_ZH, type ActionKind, type ReplyState } from '../../domain/accountability.ts'
import { type ExportTable } from '../exports/formats.ts'
import type { AccidentSummary } from './accidents.repo.ts'
import type { Action } from './accountability.repo.ts'

/* Actions and accidents as export tables, headed in Chinese like every other export. */

const STATE_ZH: Record<ReplyState, string> = { pending: '待回复', overdue: '逾期未回复', on_time: '按期回复', late: '逾期回复' }
const GRADE_ZH: Record<string, string> = { general: '一般事故', larger: '较大事故', major: '重大事故', especially_major: '特别重大事故' }

export function actionsTable(actions: Action[]): ExportTable {
  return {
    title: '督办约谈通报',
    columns: [
      { key: 'code', header: '文号' }, { key: 'kind', header: '类型' }, { key: 'district', header: '辖区' }, { key: 'reason', header: '事由' },
      { key: 'issuedAt', header: '下发时间' }, { key: 'deadline', header: '回复期限' }, { key: 'state', header: '回复状态' },
      { key: 'repliedAt', header: '回复时间' }, { key: 'reply', header: '回复内容' }, { key: 'accidents12m', header: '近12个月事故' },
      { key: 'overdueHazards', header: '逾期隐患' }, { key: 'redSites', header: '红色风险工地' }, { key: 'meanInspectionScore', header: '近90天平均检查得分' },
    ],
    rows: actions.map((a) => {
      const s = a.statistics as Record<string, number | null>
      return {
        code: a.code, kind: ACTION_KIND_ZH[a.kind as ActionKind], district: a.district, reason: a.reason, issuedAt: a.issuedAt, deadline: a.deadline,
        state: STATE_ZH[a.state], repliedAt: a.repliedAt, reply: a.reply, accidents12m: s.accidents12m ?? null, overdueHazards: s.overdueHazards ?? null,
        redSites: s.redSites ?? null, meanInspectionScore: s.meanInspectionScore ?? null,
      }
    }),
    geometries: [],
  }
}

export function accidentsTable(accidents: AccidentSummary[]): ExportTable {
  return {
    title: '事故调查处理',
    columns: [
      { key: 'occurredAt', header: '发生时间' }, { key: 'siteCode', header: '项目编号' }, { key: 'siteName', header: '项目名称' }, { key: 'district', header: '辖区' },
      { key: 'grade', header: '事故等级' }, { key: 'deaths', header: '死亡' }, { key: 'injuries', header: '受伤' }, { key: 'description', header: '事故经过' },
      { key: 'closedOn', header: '调查结案日期' }, { key: 'penalties', header: '处罚条数' }, { key: 'finesYuan', header: '罚款合计（元）' }, { key: 'double', header: '一案双查' },
    ],
    rows: accidents.map((a) => ({
      occurredAt: a.occurredAt, siteCode: a.siteCode, siteName: a.siteName, district: a.district, grade: GRADE_ZH[a.grade] ?? a.grade, deaths: a.deaths,
      injuries: a.injuries, description: a.description, closedOn: a.investigationClosedOn, penalties: a.penalties, finesYuan: a.finesYuan,
      double: a.doubleInvestigation.complete ? '已完成' : '未完成',
    })),
    geometries: [],
  }
}
