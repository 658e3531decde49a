import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { AlarmKind } from '../../domain/alarm-rules.ts'

/** What the triggers of migration 0004 and the alarm statements write; the API's schema is built from this list. */
export const LIVE_EVENT_KINDS = ['hazard_opened', 'hazard_closed', 'pm10_exceedance', 'camera_offline', 'camera_online',
  'alarm_opened', 'alarm_cleared', 'alarm_escalated', 'alarm_closed'] as const

export interface LiveEvent {
  id: number
  at: string
  kind: (typeof LIVE_EVENT_KINDS)[number]
  siteId: number
  siteName: string
  districtName: string
  refId: number | null
  value: number | null
  /** For alarm events: the alarm's kind and its Chinese name, which the feed shows; null for the others. */
  alarmKind: AlarmKind | null
  alarmName: string | null
}

// ref_id names a hazard or an alarm depending on the kind: only alarm events join the alarm.
const columns = (db: Kysely<DB>) => db.selectFrom('live_events as e')
  .innerJoin('sites as s', 's.id', 'e.site_id').innerJoin('districts as d', 'd.id', 's.district_id')
  .leftJoin('alarms as a', (join) => join.onRef('a.id', '=', 'e.ref_id').on('e.kind', 'like', 'alarm%'))
  .leftJoin('alarm_kinds as k', 'k.kind', 'a.kind')
  .select(['e.id', beijingIso(sql`e.at`).as('at'), sql<LiveEvent['kind']>`e.kind`.as('kind'), 'e.site_id as siteId',
    's.name as siteName', 'd.name as districtName', 'e.ref_id as refId', 'e.value',
    sql<AlarmKind | null>`a.kind`.as('alarmKind'), 'k.name_zh as alarmName'])

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
