/*
 * How long the audit trail is kept (网络安全法 Art. 21: at least six months, taken as 180 days) and when a month
 * of it may go. Months are Beijing calendar months, the partitions of audit_log and login_attempts (migration 0017).
 */

export const AUDIT_LOGS = ['audit_log', 'login_attempts'] as const
export type AuditLogName = (typeof AUDIT_LOGS)[number]

/** The law's floor; AUDIT_RETENTION_DAYS may only lengthen it. The database refuses shorter on its own too. */
export const MIN_RETENTION_DAYS = 180

const DAY_MS = 86_400_000
const BEIJING_OFFSET_MS = 8 * 3_600_000

/** `YYYY-MM`; Beijing keeps no daylight saving, so a month starts at 16:00 UTC of the day before. */
export function monthStart(month: string): Date {
  const [year, m] = month.split('-').map(Number)
  return new Date(Date.UTC(year, m - 1, 1) - BEIJING_OFFSET_MS)
}

export function nextMonth(month: string): string {
  const [year, m] = month.split('-').map(Number)
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`
}

/** The Beijing month an instant falls in. */
export function monthOf(date: Date): string {
  return new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 7)
}

/** The first instant at which every entry of the month is older than the retention period. */
export function droppableFrom(month: string, retentionDays: number): Date {
  return new Date(monthStart(nextMonth(month)).getTime() + retentionDays * DAY_MS)
}

/** Entries older than this may go (once exported): the month must end at or before it. */
export function retentionCutoff(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS)
}

/** Old enough to drop by the clock; an export of exactly its rows is the other condition (the database checks it). */
export function pastRetention(month: string, retentionDays: number, now: Date): boolean {
  return droppableFrom(month, retentionDays).getTime() <= now.getTime()
}

/** `audit_log_202605` → `2026-05`; the default partition has no month. */
export function monthOfPartition(partition: string): string | null {
  const match = /_(\d{4})(\d{2})$/.exec(partition)
  return match ? `${match[1]}-${match[2]}` : null
}

export function partitionOf(log: AuditLogName, month: string): string {
  return `${log}_${month.replace('-', '')}`
}

/** An instant as Beijing wall-clock time with its offset, like every time the API shows. */
export function beijingIsoOf(date: Date): string {
  return `${new Date(date.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 19)}+08:00`
}
