import type { Role } from './roles.ts'

/*
 * Citizens' complaints (12345 市民热线 and other channels): what they are about, how long the hotline gives us to
 * answer, whose eyes may see a complainant's phone number, and when a complaint falls in the night.
 */

export const COMPLAINT_CATEGORIES = ['dust', 'noise_night', 'muck', 'quality', 'safety', 'other'] as const
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number]
export const COMPLAINT_CHANNELS = ['12345', 'mayor_mailbox', 'phone', 'web', 'other'] as const
export type ComplaintChannel = (typeof COMPLAINT_CHANNELS)[number]
export const COMPLAINT_STATUSES = ['received', 'dispatched', 'closed'] as const
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number]

export const COMPLAINT_CATEGORY_ZH: Record<ComplaintCategory, string> = {
  dust: '扬尘', noise_night: '噪声/夜间施工', muck: '渣土', quality: '质量', safety: '安全', other: '其他',
}
export const COMPLAINT_CHANNEL_ZH: Record<ComplaintChannel, string> = {
  '12345': '12345热线', mayor_mailbox: '市长信箱', phone: '来电', web: '网上投诉', other: '其他',
}
export const COMPLAINT_STATUS_ZH: Record<ComplaintStatus, string> = { received: '待派单', dispatched: '已派单', closed: '已办结' }

/**
 * The hotline's time limits (承办时限), as we chose them: dust and night noise are happening now and are answered
 * within 24 hours; everything else within 3 working days (Saturdays and Sundays do not count; public holidays are
 * not modelled, so a deadline may fall on one — earlier, never later, than the hotline's own).
 */
export const URGENT_RESPONSE_HOURS = 24
export const WORKING_DAYS_TO_RESPOND = 3
const URGENT: readonly ComplaintCategory[] = ['dust', 'noise_night']
const HOUR_MS = 3_600_000
const BEIJING_OFFSET_MS = 8 * HOUR_MS

export function respondBy(category: ComplaintCategory, receivedAt: Date): Date {
  if (URGENT.includes(category)) return new Date(receivedAt.getTime() + URGENT_RESPONSE_HOURS * HOUR_MS)
  let at = receivedAt.getTime()
  let left = WORKING_DAYS_TO_RESPOND
  while (left > 0) {
    at += 24 * HOUR_MS
    const weekday = new Date(at + BEIJING_OFFSET_MS).getUTCDay()
    if (weekday !== 0 && weekday !== 6) left -= 1
  }
  return new Date(at)
}

/**
 * Only the dispatcher (市指挥中心, who calls complainants back on the hotline's behalf) reads a phone number whole;
 * everyone else — supervisors on site included — sees it masked, so that a complainant is never exposed to the
 * site they complained about.
 */
export function mayReadPhone(role: Role | null): boolean {
  return role === 'city_command'
}

/**
 * 138****5678: the first three and the last four digits stay, everything between becomes four asterisks. A number
 * too short to keep seven digits of keeps only its last two; non-digits (spaces, dashes) are dropped.
 */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '')
  if (digits.length === 0) return ''
  if (digits.length >= 10) return `${digits.slice(0, 3)}****${digits.slice(-4)}`
  return `****${digits.slice(-2)}`
}

export const phoneFor = (role: Role | null, phone: string | null): string | null =>
  phone === null ? null : mayReadPhone(role) ? phone : maskPhone(phone)

/** 张** : the complainant's name is personal data too, kept whole for the dispatcher alone like the phone. */
export function maskName(name: string): string {
  const chars = [...name.trim()]
  return chars.length === 0 ? '' : chars[0] + '*'.repeat(Math.max(1, chars.length - 1))
}

export const nameFor = (role: Role | null, name: string | null): string | null =>
  name === null ? null : mayReadPhone(role) ? name : maskName(name)

/** Night under the noise law (噪声污染防治法): 22:00 to 06:00 Beijing time, when building work needs a permit. */
export function isNight(at: Date): boolean {
  const minutes = beijingMinutes(at)
  return minutes >= 22 * 60 || minutes < 6 * 60
}

/** Minutes since Beijing midnight. */
export function beijingMinutes(at: Date): number {
  const t = new Date(at.getTime() + BEIJING_OFFSET_MS)
  return t.getUTCHours() * 60 + t.getUTCMinutes()
}

/** `HH:MM` (or `HH:MM:SS`) as minutes since midnight. */
export function clockMinutes(time: string): number {
  const [h, m] = time.split(':').map(Number)
  return h * 60 + m
}

export interface PermitWindow { validFrom: string; validTo: string; startsAt: string; endsAt: string }

/**
 * Whether a moment falls in a night-work permit: its Beijing day within the permit's dates and its time within
 * the hours. A window that ends before it starts runs past midnight, and its small hours belong to the day before
 * (a 22:00–06:00 permit valid to the 10th covers 03:00 on the 11th).
 */
export function withinPermit(at: Date, permit: PermitWindow): boolean {
  const minutes = beijingMinutes(at)
  const start = clockMinutes(permit.startsAt)
  const end = clockMinutes(permit.endsAt)
  const day = new Date(at.getTime() + BEIJING_OFFSET_MS)
  const dayOf = (shift: number) => new Date(day.getTime() - shift * 24 * HOUR_MS).toISOString().slice(0, 10)
  const valid = (d: string) => d >= permit.validFrom && d <= permit.validTo
  if (start <= end) return minutes >= start && minutes < end && valid(dayOf(0))
  if (minutes >= start) return valid(dayOf(0))
  return minutes < end && valid(dayOf(1))
}

export type NightWorkVerdict = 'permitted' | 'unpermitted' | 'no_site'

/** A night-noise complaint against the permits of its site: in a permit's hours, outside them all, or not matched to a site. */
export function nightWorkVerdict(at: Date, siteId: number | null, permits: PermitWindow[]): NightWorkVerdict {
  if (siteId === null) return 'no_site'
  return permits.some((p) => withinPermit(at, p)) ? 'permitted' : 'unpermitted'
}
