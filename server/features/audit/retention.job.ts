import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { monthStart, nextMonth, retentionCutoff } from '../../domain/audit-retention.ts'
import { writeAudit } from './audit.repo.ts'
import * as repo from './retention.repo.ts'
import { type PeriodicJob, periodicJob } from '../../periodic.ts'

/*
 * The retention job: keeps next months' partitions made ahead (so entries never pile up in the default partition,
 * where no month can be dropped), and drops each month that is past retention and exported. It is the only thing
 * that removes audit entries, and it records each removal in the audit log itself.
 */

export type AuditRetention = PeriodicJob<{ made: number; dropped: { log: string; month: string; rows: number }[] }>

/** Partitions are made this many months past the current one. */
const MONTHS_AHEAD = 3

export function createAuditRetention(db: Kysely<DB>, options: { retentionDays: number; everyMs: number; now?: () => Date }): AuditRetention {
  const now = options.now ?? (() => new Date())
  async function run() {
    const at = now()
    const made = await repo.ensurePartitions(db, at, MONTHS_AHEAD)
    const cutoff = retentionCutoff(at, options.retentionDays)
    const dropped: { log: string; month: string; rows: number }[] = []
    for (const { log, month } of await repo.partitionMonths(db)) {
      // The quick filter by the job's clock; the database re-checks it, the law's floor and the export.
      if (month === null || monthStart(nextMonth(month)) > cutoff) continue
      const rows = await db.transaction().execute(async (trx) => {
        const gone = await repo.dropMonth(trx, log, month, cutoff)
        if (gone !== null) {
          await writeAudit(trx, { userId: null, action: 'drop_expired_month', entity: log, entityId: month, after: { rows: gone, retentionDays: options.retentionDays } })
        }
        return gone
      })
      if (rows !== null) dropped.push({ log, month, rows })
    }
    return { made, dropped }
  }

  return periodicJob(run, { everyMs: options.everyMs, onError: (error) => console.error('audit retention failed:', error) })
}
