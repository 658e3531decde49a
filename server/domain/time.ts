/* Calendar arithmetic in Beijing time, shared by the seed generator and the server's validation. */

const TIME_ZONE = 'Asia/Shanghai'
const DAY_MS = 86_400_000

/** Calendar day (YYYY-MM-DD) in Beijing time, which is what 'today', deadlines and plan dates mean here. */
export function beijingDay(date: Date): string {
  return date.toLocaleDateString('sv-SE', { timeZone: TIME_ZONE })
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS)
}

export function daysBetween(from: Date, to: Date): number {
  return (to.getTime() - from.getTime()) / DAY_MS
}
