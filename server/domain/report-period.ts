/*
 * The periods a report covers (定期报送: monthly, quarterly; 年度报告: yearly), their Chinese labels, the document
 * number (苏建监报〔年〕N号) and who receives one. Dates are Beijing calendar days as YYYY-MM-DD, bounds inclusive.
 * Pure, shared by the server and the web app.
 */

export const PERIOD_KINDS = ['month', 'quarter', 'year'] as const
export type PeriodKind = (typeof PERIOD_KINDS)[number]

export interface Period {
  kind: PeriodKind
  /** The first day. */
  start: string
  /** The last day (inclusive). */
  end: string
}

const MONTHS: Record<PeriodKind, number> = { month: 1, quarter: 3, year: 12 }
const pad = (n: number) => String(n).padStart(2, '0')
const ymd = (year: number, month: number, day: number) => `${year}-${pad(month)}-${pad(day)}`
const parts = (day: string) => day.split('-').map(Number) as [number, number, number]

/** The first day of the month `months` after the month of (year, month), months 1-12. */
function monthStart(year: number, month: number, months: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + months
  return { year: Math.floor(index / 12), month: (index % 12) + 1 }
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate()
}

/** The period of this kind that contains the day. */
export function periodContaining(kind: PeriodKind, day: string): Period {
  const [year, month] = parts(day)
  const first = kind === 'month' ? month : kind === 'quarter' ? month - ((month - 1) % 3) : 1
  const last = first + MONTHS[kind] - 1
  return { kind, start: ymd(year, first, 1), end: ymd(year, last, lastDayOf(year, last)) }
}

/** Whether `start` is the first day of a period of this kind (a report is asked for by its first day). */
export function isPeriodStart(kind: PeriodKind, start: string): boolean {
  return periodContaining(kind, start).start === start
}

/** The period just before this one, of the same kind. */
export function previousPeriod(period: Period): Period {
  const [year, month] = parts(period.start)
  const before = monthStart(year, month, -MONTHS[period.kind])
  return periodContaining(period.kind, ymd(before.year, before.month, 1))
}

const QUARTERS = ['一', '二', '三', '四']

/** 2026年11月, 2026年第四季度, 2026年度 */
export function periodLabel(period: Period): string {
  const [year, month] = parts(period.start)
  if (period.kind === 'month') return `${year}年${month}月`
  if (period.kind === 'quarter') return `${year}年第${QUARTERS[(month - 1) / 3]}季度`
  return `${year}年度`
}

/** The document number: 苏建监报〔2026〕12号. */
export function reportCode(year: number, number: number): string {
  return `苏建监报〔${year}〕${number}号`
}

/**
 * The periods the schedule issues on `today` (a Beijing day): last month's, every day of this month until it is
 * issued; last quarter's in the month after a quarter ends (January, April, July, October); last year's in January.
 */
export function scheduledPeriods(today: string): Period[] {
  const [year, month] = parts(today)
  const last = monthStart(year, month, -1)
  const lastMonth = periodContaining('month', ymd(last.year, last.month, 1))
  const periods = [lastMonth]
  if ((month - 1) % 3 === 0) periods.push(periodContaining('quarter', lastMonth.start))
  if (month === 1) periods.push(periodContaining('year', lastMonth.start))
  return periods
}

/** Who reads periodic reports: the city's offices, and a district station its own district's (the API narrows). */
export const REPORT_READERS = ['admin', 'city_command', 'planner', 'district_supervisor'] as const
/** Who issues them: the administrator and the command centre, and a district station for its own district. */
export const REPORT_ISSUERS = ['admin', 'city_command', 'district_supervisor'] as const

export interface Recipient { id: number; role: string; districtId: number | null }

/**
 * Who is told a report is issued: the city's report goes to the administrators and the command centre; a district's
 * to that district's supervision station (its district supervisors) and the command centre.
 */
export function reportRecipients(users: Recipient[], districtId: number | null): number[] {
  return users.filter((u) => u.role === 'city_command' || (districtId === null
    ? u.role === 'admin'
    : u.role === 'district_supervisor' && u.districtId === districtId)).map((u) => u.id)
}
