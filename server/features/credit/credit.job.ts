import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { type CreditCount, scoreCredit } from '../../domain/credit.ts'
import { type CreditConfig, DEFAULT_CREDIT_CONFIG } from '../../domain/credit-config.ts'
import { beijingDay } from '../../domain/time.ts'
import * as repo from './credit-snapshots.repo.ts'

/**
 * Month-end credit snapshots for the last `months` months (default 12), each over the rolling evaluation period,
 * for every enterprise (one without records scores the base). The current month's snapshot counts up to `asOf`
 * (default now; the seed passes its own clock) and is rewritten at each run. Sites whose contractor or crane
 * firm changed grade are marked stale, so their risk reads the new grade. Runs in the caller's transaction, which it
 * holds the recompute lock for.
 */
export async function recomputeCredit(db: Kysely<DB>, options: { months?: number; asOf?: Date; config?: CreditConfig } = {}): Promise<{ enterprises: number }> {
  const config = options.config ?? DEFAULT_CREDIT_CONFIG
  // One recompute at a time (an admin's, the hourly pass, another replica's): the snapshots are deleted and rewritten.
  await repo.lockCreditRecompute(db)
  const periods = creditPeriods(options.asOf ?? new Date(), options.months ?? 12)
  // One after another: `db` may be a transaction, which runs one query at a time.
  const ids = await repo.allEnterpriseIds(db)
  const counts = await repo.countCreditRecords(db, periods, config.periodMonths)
  const before = await repo.latestGrades(db)
  const byFirmAndPeriod = new Map<string, CreditCount[]>()
  for (const row of counts) {
    const key = `${row.enterprise_id}/${row.period_end}`
    byFirmAndPeriod.set(key, [...(byFirmAndPeriod.get(key) ?? []), { factor: row.factor, role: row.role, units: row.units }])
  }
  const snapshots = ids.flatMap((enterpriseId) => periods.map(({ periodEnd }) => ({
    enterpriseId, periodEnd, credit: scoreCredit(byFirmAndPeriod.get(`${enterpriseId}/${periodEnd}`) ?? [], config),
  })))
  await repo.replaceSnapshots(db, periods, snapshots)
  const latest = periods[0].periodEnd
  const moved = snapshots.filter((s) => s.periodEnd === latest && before.get(s.enterpriseId) !== s.credit.grade).map((s) => s.enterpriseId)
  await repo.markSitesOfFirmsStale(db, moved)
  return { enterprises: ids.length }
}

/** Month ends in Beijing, newest first: this month's (counted up to asOf's day), then the `months − 1` before. */
export function creditPeriods(asOf: Date, months: number): repo.CreditPeriod[] {
  const today = beijingDay(asOf)
  const [year, month] = today.split('-').map(Number)
  return Array.from({ length: Math.max(1, months) }, (_, i) => {
    // Day 0 of the next month is the last day of this one.
    const end = new Date(Date.UTC(year, month - i, 0)).toISOString().slice(0, 10)
    return { periodEnd: end, cutoff: i === 0 ? today : end }
  })
}
