import { type Kysely, sql } from 'kysely'
import { asOf } from '../../../db/sql.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import { CITY_SCOPE } from '../../domain/roles.ts'
import { beijingDay, shiftDay } from '../../domain/time.ts'
import { gzipped } from '../../gzip.ts'
import { periodicJob } from '../../periodic.ts'
import { boostState } from '../campaigns/campaigns.repo.ts'
import { kpiReport } from '../kpis/kpis.report.ts'
import { type AnalyticsConfig, scoreSitesAt } from '../risk/risk.service.ts'
import * as repo from './history.repo.ts'

/*
 * The nightly history (work item 6): once a Beijing day has ended, each site's day and the KPI report of the city
 * and of every district are written as they stood at the day's last millisecond. The KPI report is the live one
 * (kpis.report.ts) read at that instant, so a past day's figures are the figures the portal showed then.
 *
 * Runs at 00:05 and catches up: a portal that was down captures every day it missed, and a new one backfills
 * `backfillDays` of the seeded history. Capturing a day again replaces it (idempotent).
 */

/** The last millisecond of a Beijing day: what “as it stood when the day ended” means. */
export function endOfDay(day: string): Date {
  return new Date(new Date(`${day}T00:00:00+08:00`).getTime() + 86_400_000 - 1)
}

/** Captures one ended day, in one transaction: a failed capture leaves the day as it was. */
export async function captureDay(db: Kysely<DB>, { day, analytics }: { day: string; analytics: AnalyticsConfig }): Promise<{ sites: number }> {
  const at = asOf(endOfDay(day))
  return inTransaction(db, async (trx) => {
    await repo.withoutJit(trx)
    await repo.prepareSiteDayPartition(trx, day)
    const { running } = await boostState(trx, at.day)
    const scores = await scoreSitesAt(trx, sql`SELECT id FROM sites`, analytics, running, at)
    const sites = await repo.writeSiteDays(trx, day, at, scores)
    await repo.writeCityPlayback(trx, day, await gzipped(await repo.playbackJson(trx, CITY_SCOPE, day)))
    for (const districtId of [null, ...(await repo.districtIds(trx))]) {
      const kpis = await kpiReport(trx, districtId === null ? {} : { districtId }, analytics.dust, at)
      await repo.writeKpiDay(trx, day, districtId, at, kpis)
    }
    return { sites }
  })
}

export interface CatchUp { captured: string[]; droppedMonths: number }

/**
 * Captures every ended day not yet kept, from the day after the last one kept (or `backfillDays` before `now` on
 * an empty history) to yesterday, each in its own transaction; then drops months past retention.
 */
export async function catchUpHistory(db: Kysely<DB>, options: { analytics: AnalyticsConfig; now: Date; backfillDays: number; retentionMonths?: number }): Promise<CatchUp> {
  const { analytics, now, backfillDays, retentionMonths } = options
  const today = beijingDay(now)
  const last = await repo.lastCapturedDay(db)
  const captured: string[] = []
  for (let day = last ? shiftDay(last, 1) : shiftDay(today, -backfillDays); day < today; day = shiftDay(day, 1)) {
    await captureDay(db, { day, analytics })
    captured.push(day)
  }
  const droppedMonths = retentionMonths ? await repo.dropHistoryBefore(db, firstOfMonthBefore(today, retentionMonths)) : 0
  return { captured, droppedMonths }
}

export function createHistoryJob(db: Kysely<DB>, options: {
  analytics: AnalyticsConfig; backfillDays: number; retentionMonths: number; now: () => Date; everyMs: number; onError(error: unknown): void
}) {
  const { now, everyMs, onError, ...rest } = options
  // Checked every few minutes; there is work only in the first run after 00:00, done by 00:05 at the latest.
  return periodicJob(() => catchUpHistory(db, { ...rest, now: now() }), { everyMs, onError })
}

/** The first day of the month `months` before `day`'s month: what retention keeps from. */
export function firstOfMonthBefore(day: string, months: number): string {
  const [y, m] = day.split('-').map(Number)
  const index = y * 12 + (m - 1) - months
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`
}
