import type { PeriodKind } from './report-period.ts'

/*
 * What a periodic report says, as numbers: each section a list of figures for the period and the period before.
 * Computed once when issued and stored with the report (reports.content), so the document, its XLSX and its PDF
 * always show what was issued.
 */

/** One figure: this period's value and the previous period's (null when it could not be known, e.g. no snapshot). */
export interface Figure {
  key: string
  name: string
  current: number | null
  previous: number | null
}

export const SECTION_KEYS = ['projects', 'inspections', 'notices', 'hazards', 'penalties', 'accidents', 'targets', 'keyProjects', 'dust', 'complaints'] as const
export type SectionKey = (typeof SECTION_KEYS)[number]

export const SECTION_TITLES: Record<SectionKey | 'ranking', string> = {
  projects: '在监工程项目', inspections: '监督检查', notices: '三单（通知书）', hazards: '隐患排查整改', penalties: '行政处罚',
  accidents: '生产安全事故', targets: '四个100%目标', keyProjects: '150个重点项目扬尘管控措施', dust: '扬尘超标',
  complaints: '投诉举报', ranking: '各区排名',
}

/** A district's place in the city's ranking (by mean risk, highest first) at the period's last captured day. */
export interface RankingRow {
  districtId: number
  name: string
  rank: number
  previousRank: number | null
  meanRisk: number | null
  openHazards: number
  overdueHazards: number
  redSites: number
}

export interface ReportContent {
  period: { kind: PeriodKind; start: string; end: string; label: string }
  previous: { start: string; end: string; label: string }
  area: { districtId: number | null; name: string }
  /** The snapshot days the snapshot figures come from (the last captured day within each period), null when none. */
  snapshotDay: string | null
  previousSnapshotDay: string | null
  sections: Record<SectionKey, Figure[]>
  ranking: RankingRow[]
}

/** The change from the previous period, null when either is unknown. */
export function change(figure: Figure): number | null {
  if (figure.current === null || figure.previous === null) return null
  return Math.round((figure.current - figure.previous) * 10_000) / 10_000
}
