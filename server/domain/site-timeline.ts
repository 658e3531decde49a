/*
 * A site's own timeline (features/history trends, web/map/panels/SiteTimeline): which risk factor moved a day's score
 * most, and the PM10 days merged into episodes. Pure, shared with the web app.
 */

import { shiftDay } from './time.ts'

export interface FactorPoints { factor: string; points: number }

/** One factor's change of points from the day before to this day (a factor absent on a day counts 0 points). */
export interface FactorMove { factor: string; from: number; to: number; change: number }

/** The factor whose points changed most between two consecutive days' breakdowns; null when none changed. */
export function largestMove(before: readonly FactorPoints[], after: readonly FactorPoints[]): FactorMove | null {
  const points = (list: readonly FactorPoints[], factor: string) => list.find((c) => c.factor === factor)?.points ?? 0
  const factors = [...new Set([...before, ...after].map((c) => c.factor))].sort()
  let best: FactorMove | null = null
  for (const factor of factors) {
    const from = points(before, factor)
    const to = points(after, factor)
    const change = Math.round((to - from) * 10) / 10
    if (change !== 0 && (best === null || Math.abs(change) > Math.abs(best.change))) best = { factor, from, to, change }
  }
  return best
}

/** A run of consecutive days (YYYY-MM-DD), both ends included. */
export interface Episode { start: string; end: string; days: number }

/** Days merged into runs of consecutive calendar days, in order; duplicates and order of the input do not matter. */
export function episodes(days: readonly string[]): Episode[] {
  const runs: Episode[] = []
  for (const day of [...new Set(days)].sort()) {
    const last = runs[runs.length - 1]
    if (last && shiftDay(last.end, 1) === day) runs[runs.length - 1] = { ...last, end: day, days: last.days + 1 }
    else runs.push({ start: day, end: day, days: 1 })
  }
  return runs
}
