import { type Kysely, sql } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/** Records the system watches and raises hazards from, each named in `hazards.raised_by`. */
export type HazardSource = 'certificate' | 'crane' | 'testing' | 'scaffold' | 'chemical' | 'complaint'

export interface SystemHazard {
  siteId: number
  raisedBy: HazardSource
  /** The record behind it, e.g. `certificate:42`: one open hazard per source, however often a sweep runs. */
  sourceRef: string
  severity: 'major' | 'general'
  category: string
  description: string
  /** Beijing day the rectification is due, YYYY-MM-DD. */
  deadline: string
}

/**
 * Opens a hazard the system found, with its first step (by no user), unless one from the same source is still
 * open. Returns the new hazard's id, or null when it was already open. Run it in the caller's transaction. Found
 * now, or at the seeded city's own clock when a sweep settles it.
 */
export async function raiseSystemHazard(trx: Kysely<DB>, h: SystemHazard, at: AsOf = LIVE): Promise<number | null> {
  // The partial index's predicate is written out literally: PostgreSQL cannot match a bound parameter ('closed' as $1) to it.
  const row = await trx.insertInto('hazards').values({
    site_id: h.siteId, severity: h.severity, category: h.category, description: h.description, status: 'open',
    found_at: sql<Date>`${at.instant}`, deadline: sql`${h.deadline}::date`, raised_by: h.raisedBy, source_ref: h.sourceRef,
  }).onConflict((oc) => oc.columns(['raised_by', 'source_ref']).where(sql<boolean>`status <> 'closed' AND source_ref IS NOT NULL`).doNothing())
    .returning('id').executeTakeFirst()
  if (!row) return null
  await trx.insertInto('hazard_events').values({ hazard_id: row.id, from_status: null, to_status: 'open', at: sql<Date>`${at.instant}`, user_id: null, note: h.category }).execute()
  return row.id
}
