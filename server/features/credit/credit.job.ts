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
  const counts = await countsByFirmAndPeriod(db, periods, config.periodMonths)
  const before = await repo.latestGrades(db)
  await repo.deleteSnapshots(db, periods)
  // A year of snapshots for every firm at once (twelve scored objects a firm; 7,384 firms at 20,000 sites) passed
  // Node's 4 GB heap in a million-site seed: they are scored and written a slice of firms at a time.
  const latest = periods[0].periodEnd
  const moved: number[] = []
  for (let i = 0; i < ids.length; i += FIRMS_PER_WRITE) {
    const snapshots = ids.slice(i, i + FIRMS_PER_WRITE).flatMap((enterpriseId) => periods.map(({ periodEnd }) => ({
      enterpriseId, periodEnd, credit: scoreCredit(counts.get(`${enterpriseId}/${periodEnd}`) ?? [], config),
    })))
    await repo.insertSnapshots(db, snapshots)
    for (const s of snapshots) if (s.periodEnd === latest && before.get(s.enterpriseId) !== s.credit.grade) moved.push(s.enterpriseId)
  }
  await repo.markSitesOfFirmsStale(db, moved)
  return { enterprises: ids.length }
}

const FIRMS_PER_WRITE = 10_000

/** The records' counts keyed by firm and month end; the rows they came from are garbage once this returns. */
async function countsByFirmAndPeriod(db: Kysely<DB>, periods: repo.CreditPeriod[], periodMonths: number): Promise<Map<string, CreditCount[]>> {
  const byFirmAndPeriod = new Map<string, CreditCount[]>()
  for (const row of await repo.countCreditRecords(db, periods, periodMonths)) {
    const key = `${row.enterprise_id}/${row.period_end}`
    const counts = byFirmAndPeriod.get(key)
    const count = { factor: row.factor, role: row.role, units: row.units }
    if (counts) counts.push(count)
    else byFirmAndPeriod.set(key, [count])
  }
  return byFirmAndPeriod
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
