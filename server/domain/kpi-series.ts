/*
 * The KPIs that can be charted over time (features/history, web/trends), and how two periods compare. Most are read
 * from a stored kpi_days row, whose `kpis` is exactly what GET /api/kpis returned that day (features/kpis); three come
 * from the sites' own days (site_days), aggregated per day. Pure, so the web app names, formats and colours the same
 * catalogue the server reads.
 */

import { isCalendarDay } from './time.ts'

export type KpiUnit = 'count' | 'ratio' | 'score'

/**
 * How a period is summed up in a comparison. `end`: its last captured day — for what stands in place or open (projects,
 * the installed/certified rates, key-project measures, open hazards), where the question is "where did we end up".
 * `mean`: the mean of its captured days — for daily flows and figures that swing from one day to the next (notices of
 * the day, PM10 over 24 h, devices online, risk, camera coverage), where one day says little.
 */
export type PeriodMode = 'end' | 'mean'

/** Which way is better; `neutral` for counts that say how much there is, not how well it goes. */
export type Better = 'up' | 'down' | 'neutral'

/** The daily aggregates of site_days the catalogue uses. */
export type SiteDayAggregate = 'meanRisk' | 'redOrangeSites' | 'meanCoverage'

export type KpiSource = { kpiPath: readonly string[] } | { siteDays: SiteDayAggregate }

export interface KpiSeriesDef {
  key: string
  zh: string
  en: string
  unit: KpiUnit
  mode: PeriodMode
  better: Better
  source: KpiSource
}

const kpi = <K extends string>(key: K, zh: string, en: string, unit: KpiUnit, mode: PeriodMode, better: Better, ...kpiPath: string[]) =>
  ({ key, zh, en, unit, mode, better, source: { kpiPath } }) satisfies KpiSeriesDef
const siteDays = <K extends SiteDayAggregate>(key: K, zh: string, en: string, unit: KpiUnit, better: Better) =>
  ({ key, zh, en, unit, mode: 'mean', better, source: { siteDays: key } }) satisfies KpiSeriesDef

export const KPI_SERIES = [
  kpi('supervisedProjects', '在监项目数', 'Projects under supervision', 'count', 'end', 'neutral', 'threeAccurateOneCoverage', 'supervisedProjectsToday'),
  kpi('noticesToday', '当日三单', 'Notices of the day', 'count', 'mean', 'neutral', 'threeAccurateOneCoverage', 'noticesToday', 'total'),
  kpi('beyondScaleProjects', '超规模危大工程项目', 'Projects with beyond-scale works', 'count', 'end', 'neutral', 'threeAccurateOneCoverage', 'beyondScaleProjectsNow'),
  kpi('standardizationCoverage', '标准化考评覆盖率', 'Standardization coverage', 'ratio', 'end', 'up', 'targets', 'standardizationCoverage'),
  kpi('certificateRate', '持证上岗率', 'Certificate rate', 'ratio', 'end', 'up', 'targets', 'certificateRate'),
  kpi('videoInstallationRate', '视频监控安装率', 'Video installation rate', 'ratio', 'end', 'up', 'targets', 'videoInstallationRate'),
  kpi('craneMonitoringRate', '塔吊监控安装率', 'Crane monitoring rate', 'ratio', 'end', 'up', 'targets', 'craneMonitoringRate'),
  kpi('deviceOnlineRate', '设备在线率', 'Devices online', 'ratio', 'mean', 'up', 'targets', 'deviceOnlineRate'),
  kpi('keyProjectsAllThree', '重点项目三项措施到位', 'Key projects with all three measures', 'count', 'end', 'up', 'keyProjects', 'allThree'),
  kpi('keyProjectsMissing', '逾期未到位重点项目', 'Key projects missing after deadline', 'count', 'end', 'down', 'keyProjects', 'missingAfterDeadline'),
  kpi('openHazards', '未整改隐患', 'Open hazards', 'count', 'end', 'down', 'hazards', 'open'),
  kpi('overdueHazards', '逾期隐患', 'Overdue hazards', 'count', 'end', 'down', 'hazards', 'overdue'),
  kpi('majorOpenHazards', '重大隐患（未整改）', 'Major hazards open', 'count', 'end', 'down', 'hazards', 'bySeverity', 'major'),
  kpi('pm10SitesExceeding', 'PM10超标工地（24小时）', 'Sites over the PM10 limit (24 h)', 'count', 'mean', 'down', 'pm10', 'sitesExceedingLast24h'),
  siteDays('meanRisk', '平均风险分', 'Mean risk score', 'score', 'down'),
  siteDays('redOrangeSites', '红橙色风险工地', 'Red and orange sites', 'count', 'down'),
  siteDays('meanCoverage', '平均视频覆盖率', 'Mean camera coverage', 'ratio', 'up'),
] as const

export type KpiKey = (typeof KPI_SERIES)[number]['key']
export const KPI_KEYS = KPI_SERIES.map((d) => d.key) as [KpiKey, ...KpiKey[]]

export type KpiDef = KpiSeriesDef & { key: KpiKey }

export function kpiSeriesDef(key: KpiKey): KpiDef {
  return KPI_SERIES.find((d) => d.key === key) as KpiDef
}

/** A kpi_days-backed KPI's value in a stored /api/kpis object; null when the path is absent or not a finite number. */
export function readKpi(kpis: unknown, path: readonly string[]): number | null {
  let value: unknown = kpis
  for (const step of path) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[step] : undefined
  return typeof value === 'number' && Number.isFinite(value) ? value : null
}

/** Inclusive days from `from` to `to` (YYYY-MM-DD); 0 when `to` is before `from`. */
export function rangeDays(from: string, to: string): number {
  const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000 + 1
  return Math.max(0, days)
}

/** The longest range a chart or a comparison reads (a little over a year, for year-on-year). */
export const MAX_RANGE_DAYS = 400

export type RangeProblem = 'incomplete' | 'reversed' | 'too_long'

/**
 * Why from..to is not a range one may ask for, or null: the server's rule, and the trends screen's, which asks
 * nothing while a date field is empty or half typed.
 */
export function rangeProblem(from: string, to: string): RangeProblem | null {
  if (!isCalendarDay(from) || !isCalendarDay(to)) return 'incomplete'
  const days = rangeDays(from, to)
  return days < 1 ? 'reversed' : days > MAX_RANGE_DAYS ? 'too_long' : null
}

/** One period's summary: the mean of its captured values, or the last of them; null when it has none. */
export function summarize(values: readonly (number | null)[], mode: PeriodMode): number | null {
  const known = values.filter((v): v is number => v !== null)
  if (known.length === 0) return null
  if (mode === 'end') return known[known.length - 1]
  return known.reduce((a, b) => a + b, 0) / known.length
}

export type Trend = 'better' | 'worse' | 'same' | 'neutral'

export interface PeriodChange {
  key: KpiKey
  mode: PeriodMode
  a: number | null
  b: number | null
  /** b − a. */
  change: number | null
  /** (b − a) / |a|; null when a is 0 or either is unknown. */
  relative: number | null
  trend: Trend | null
}

/** Floating noise below this is no change (ratios are stored to 4 decimals, scores to 1). */
const EPSILON = 1e-9

/**
 * Period B against period A for one KPI, given each period's daily values in day order. A is the baseline: a
 * positive change means B is higher.
 */
export function comparePeriods(def: KpiDef, a: readonly (number | null)[], b: readonly (number | null)[]): PeriodChange {
  const va = summarize(a, def.mode)
  const vb = summarize(b, def.mode)
  if (va === null || vb === null) return { key: def.key, mode: def.mode, a: va, b: vb, change: null, relative: null, trend: null }
  const change = vb - va
  const relative = Math.abs(va) > EPSILON ? change / Math.abs(va) : null
  const same = Math.abs(change) <= EPSILON
  const trend: Trend = same ? 'same' : def.better === 'neutral' ? 'neutral' : (change > 0) === (def.better === 'up') ? 'better' : 'worse'
  return { key: def.key, mode: def.mode, a: va, b: vb, change: same ? 0 : change, relative: same ? 0 : relative, trend }
}

/** A value for people: ratios as percentages, scores to one decimal, counts (or their means) to at most one. */
export function formatKpi(value: number | null, unit: KpiUnit): string {
  if (value === null) return '—'
  if (unit === 'ratio') return `${(value * 100).toFixed(1)}%`
  if (unit === 'score') return value.toFixed(1)
  return Number.isInteger(value) ? String(value) : value.toFixed(1)
}
