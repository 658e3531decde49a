import type { Kysely } from 'kysely'
import { asOf, LIVE } from '../../../db/sql.ts'
import { inTransaction } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import { sweepCranes } from '../cranes/cranes.sweep.ts'
import { recomputeCredit } from '../credit/credit.job.ts'
import { sweepCertificates } from '../people/certificates.sweep.ts'
import { type PeriodicJob, periodicJob } from '../../periodic.ts'

/*
 * What the registry finds by itself, as time passes rather than as records are written: certificates and crane
 * inspections that have expired on active sites become hazards, and the month's credit is brought up to date
 * (which marks the sites whose firms changed grade for the risk model). Each pass is idempotent, so a restart or a
 * second pass raises nothing twice.
 */

export interface RegistryPass { certificateHazards: number; craneHazards: number; enterprisesScored: number }

/** One pass: the sweeps first, so that the credit they feed counts what they raised. */
export async function registryPass(db: Kysely<DB>, options: { creditMonths: number; asOf?: Date }): Promise<RegistryPass> {
  // A seeded city is swept as of its own clock: as of today, its contents would change with the date it is seeded.
  const at = options.asOf ? asOf(options.asOf) : LIVE
  const certificates = await sweepCertificates(db, at)
  const cranes = await sweepCranes(db, at)
  // Snapshots are replaced month by month: readers see the old month or the new one, never none.
  const credit = await inTransaction(db, (trx) => recomputeCredit(trx, { months: options.creditMonths, asOf: options.asOf }))
  return { certificateHazards: certificates.raised, craneHazards: cranes.raised, enterprisesScored: credit.enterprises }
}

/** A freshly seeded city's settling (SeedOptions.settle): its hazards found, and a year of credit history as of its clock. */
export async function settleSeededCity(db: Kysely<DB>, now: Date): Promise<void> {
  await registryPass(db, { creditMonths: 12, asOf: now })
}

/** The server's hourly pass; only the current month's credit changes between passes. */
export function createRegistryJob(db: Kysely<DB>, options: { everyMs: number; onError(error: unknown): void }): PeriodicJob<RegistryPass> {
  return periodicJob(() => registryPass(db, { creditMonths: 1 }), options)
}
