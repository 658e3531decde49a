/*
 * The day being replayed, in the page URL (`?date=2026-11-20`, so a link opens that day; no date is live), the
 * wall's trend tour (`?tour=trend`), and stepping along the captured days. Pure, so that it is tested alone.
 */

import { isCalendarDay } from '../../../server/domain/time.ts'

export const SPEEDS = [1, 2, 4] as const
/** Days per second while playing. */
export type Speed = (typeof SPEEDS)[number]

/** How many of the latest days the wall's trend tour replays. */
export const TOUR_DAYS = 30

export function dateFromSearch(search: string): string | null {
  const date = new URLSearchParams(search).get('date') ?? ''
  return isCalendarDay(date) ? date : null
}

/** The search string with the date set (or removed, for live), other parameters kept. */
export function searchWithDate(search: string, date: string | null): string {
  const params = new URLSearchParams(search)
  if (date) params.set('date', date)
  else params.delete('date')
  const text = params.toString()
  return text ? `?${text}` : ''
}

export const trendTourFromSearch = (search: string) => new URLSearchParams(search).get('tour') === 'trend'

/*
 * The slider's stops are the captured days, oldest first (only ended days are kept), and live (today) is its right
 * end, at `stops.length`.
 */

/** The slider position of a date: its stop, or `stops.length` (live) for none; a date between stops takes the next one. */
export function stopIndex(stops: string[], date: string | null): number {
  if (date === null) return stops.length
  const i = stops.findIndex((s) => s >= date)
  return i < 0 ? stops.length : i
}

/** The date `by` stops from `date` (null is live, past the last stop); clamped to the first stop and to live. */
export function stepDate(stops: string[], date: string | null, by: number): string | null {
  const i = Math.min(stops.length, Math.max(0, stopIndex(stops, date) + by))
  return i === stops.length ? null : stops[i]
}

/** The trend tour's days: the last TOUR_DAYS captured ones, oldest first. */
export const tourDays = (stops: string[]) => stops.slice(-TOUR_DAYS)
