import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/** What the triggers of migration 0004 write; the API's schema is built from this list. */
export const LIVE_EVENT_KINDS = ['hazard_opened', 'hazard_closed', 'pm10_exceedance', 'camera_offline', 'camera_online'] as const

export interface LiveEvent {
  id: number
  at: string
  kind: (typeof LIVE_EVENT_KINDS)[number]
  siteId: number
  siteName: string
  districtName: string
  refId: number | null
  value: number | null
}

const columns = (db: Kysely<DB>) => db.selectFrom('live_events as e')
  .innerJoin('sites as s', 's.id', 'e.site_id').innerJoin('districts as d', 'd.id', 's.district_id')
  .select(['e.id', beijingIso(sql`e.at`).as('at'), sql<LiveEvent['kind']>`e.kind`.as('kind'), 'e.site_id as siteId',
    's.name as siteName', 'd.name as districtName', 'e.ref_id as refId', 'e.value'])

/** Events written after `afterId`, oldest first: what a connected wall has not seen yet. */
export async function eventsAfter(db: Kysely<DB>, afterId: number, limit = 200): Promise<LiveEvent[]> {
  return columns(db).where('e.id', '>', afterId).orderBy('e.id').limit(limit).execute()
}

/** The newest events by when they happened, for the wall's alert feed. */
export async function recentEvents(db: Kysely<DB>, limit: number): Promise<LiveEvent[]> {
  return columns(db).orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(limit).execute()
}

export async function newestEventId(db: Kysely<DB>): Promise<number> {
  const row = await db.selectFrom('live_events').select(sql<number>`coalesce(max(id), 0)`.as('id')).executeTakeFirstOrThrow()
  return row.id
}

/** The PM10 alert limit the triggers use, set from the server's dust rule at start. */
export async function setPm10AlertLimit(db: Kysely<DB>, limitUgM3: number): Promise<void> {
  await db.updateTable('app_meta').set({ value: JSON.stringify(limitUgM3) }).where('key', '=', 'pm10_alert_limit').execute()
}
