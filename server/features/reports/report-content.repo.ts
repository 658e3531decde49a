import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { COMPLAINT_CATEGORIES, COMPLAINT_CATEGORY_ZH } from '../../domain/complaint.ts'
import { ACCIDENT_GRADES } from '../../domain/credit.ts'
import { INSPECTION_ZH, KIND_ZH, STAGE_ZH } from '../../domain/labels-zh.ts'
import type { Figure, RankingRow, ReportContent, SectionKey } from '../../domain/report-content.ts'
import { type Period, periodLabel, previousPeriod } from '../../domain/report-period.ts'
import { AppError } from '../../errors.ts'
import { periodFigures, type Values } from './report-figures.repo.ts'

/*
 * A report's content: every section's figures for the period beside the period before, with their Chinese names,
 * in a fixed order (a figure with nothing to count is 0, not left out, so two periods always line up).
 */

type Line = [key: string, name: string]
const ACCIDENT_GRADE_ZH: Record<string, string> = { general: '一般事故', larger: '较大事故', major: '重大事故', especially_major: '特别重大事故' }
const ACTIVE_STAGES = ['earthworks', 'main_structure', 'finishing'] as const

/** The lines of each section, in order. Notice types come from the notice_types table, read once per report. */
function lines(noticeTypes: Line[]): Record<SectionKey, Line[]> {
  return {
    projects: [['total', '在监项目总数'], ...Object.entries(KIND_ZH).map(([k, name]): Line => [k, `类型：${name}`]),
      ...ACTIVE_STAGES.map((k): Line => [`stage.${k}`, `阶段：${STAGE_ZH[k]}`])],
    inspections: [['total', '检查次数'], ['sites', '检查工地数'], ...Object.entries(INSPECTION_ZH).map(([k, name]): Line => [k, name])],
    notices: [['total', '下发通知书合计'], ...noticeTypes],
    hazards: [['found', '新发现隐患'], ['foundMajor', '其中重大隐患'], ['closed', '整改销号'], ['meanClosureDays', '平均整改用时（天）'],
      ['overdue', '逾期未整改'], ['openAtEnd', '期末未销号隐患'], ['overdueAtEnd', '期末逾期隐患']],
    penalties: [['decisions', '行政处罚决定书'], ['sites', '涉及工地']],
    accidents: [['total', '事故起数'], ['deaths', '死亡人数'], ['injuries', '受伤人数'], ...ACCIDENT_GRADES.map((k): Line => [k, ACCIDENT_GRADE_ZH[k]])],
    targets: [['certificateRate', '持证上岗率（%）'], ['videoInstallationRate', '视频监控安装率（%）'], ['craneMonitoringRate', '塔吊监控安装率（%）'],
      ['standardizationCoverage', '标准化考评覆盖率（%）']],
    keyProjects: [['total', '重点项目数'], ['highEnclosure', '高标准围挡'], ['dustNet', '防尘网覆盖'], ['spraying', '喷淋降尘'], ['allThree', '三项措施全部到位'],
      ['missingAfterDeadline', '逾期未到位']],
    dust: [['siteDays', 'PM10超标工地·日'], ['sites', '超标工地数'], ['windows', '超标时段数'], ['days', '有快照的天数']],
    complaints: [['total', '投诉举报件数'], ['founded', '经核实属实'], ['closed', '办结件数'],
      ...COMPLAINT_CATEGORIES.map((k): Line => [k, `类别：${COMPLAINT_CATEGORY_ZH[k]}`])],
  }
}

/** Sections read from a snapshot: without one in the period, their figures are unknown. */
const SNAPSHOT_SECTIONS: SectionKey[] = ['projects', 'targets', 'keyProjects']

function valueOf(values: Values, key: string, section: SectionKey, snapshotDay: string | null): number | null {
  if (SNAPSHOT_SECTIONS.includes(section) && snapshotDay === null) return null
  return values.has(key) ? values.get(key) ?? null : 0
}

export async function reportContent(db: Kysely<DB>, period: Period, districtId: number | null): Promise<ReportContent> {
  const before = previousPeriod(period)
  const district = districtId === null ? null : await db.selectFrom('districts').select('name').where('id', '=', districtId).executeTakeFirst()
  if (districtId !== null && !district) throw new AppError(404, 'not_found', `no district with id ${districtId}`)
  const noticeTypes = (await db.selectFrom('notice_types').select(['code', 'name_zh']).orderBy('sort').execute()).map((t): Line => [t.code, t.name_zh])
  const now = await periodFigures(db, { ...period, districtId })
  const then = await periodFigures(db, { ...before, districtId })
  const sectionLines = lines(noticeTypes)
  const sections = Object.fromEntries(Object.entries(sectionLines).map(([section, list]) => [section, list.map(([key, name]): Figure => ({
    key, name,
    current: valueOf(now.sections[section], key, section as SectionKey, now.snapshotDay),
    previous: valueOf(then.sections[section], key, section as SectionKey, then.snapshotDay),
  }))])) as Record<SectionKey, Figure[]>
  const ranking: RankingRow[] = [...now.ranking]
    .filter(([id]) => districtId === null || id === districtId)
    .map(([id, r]) => ({ districtId: id, ...r, previousRank: then.ranking.get(id)?.rank ?? null }))
    .sort((a, b) => a.rank - b.rank)
  return {
    period: { ...period, label: periodLabel(period) },
    previous: { start: before.start, end: before.end, label: periodLabel(before) },
    area: { districtId, name: district?.name ?? '全市' },
    snapshotDay: now.snapshotDay, previousSnapshotDay: then.snapshotDay,
    sections, ranking,
  }
}
