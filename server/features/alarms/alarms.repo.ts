import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { CAMERA_OFFLINE_ALARM_MS, SILENT_AFTER_INTERVALS, type AlarmStatus } from '../../domain/alarm-rules.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { heardWithin } from '../devices/devices.repo.ts'
import { unusedPhotoOf } from '../photos/photos.repo.ts'
import type { LiveEvent } from '../live/live.repo.ts'

/* Alarms as supervisors see and answer them, and the time-based ones the sweep raises. */

const columns = (db: Kysely<DB>) => db.selectFrom('alarms as a')
  .innerJoin('alarm_kinds as k', 'k.kind', 'a.kind').innerJoin('sites as s', 's.id', 'a.site_id')
  .innerJoin('districts as d', 'd.id', 's.district_id').innerJoin('devices as v', 'v.id', 'a.device_id')
  .leftJoin('users as ua', 'ua.id', 'a.acknowledged_by').leftJoin('users as ud', 'ud.id', 'a.disposed_by').leftJoin('users as uc', 'uc.id', 'a.closed_by')
  .select(['a.id', 'a.kind', 'k.name_zh as kindName', 'a.site_id as siteId', 's.name as siteName', 'd.name as districtName',
    'a.device_id as deviceId', 'v.code as deviceCode', 'a.status', 'a.active', beijingIso(sql`a.opened_at`).as('openedAt'),
    beijingIso(sql`a.updated_at`).as('updatedAt'), sql<string | null>`${beijingIso(sql`a.cleared_at`)}`.as('clearedAt'),
    'a.peak_value as peakValue', 'a.last_value as lastValue', 'a.readings', beijingIso(sql`a.respond_by`).as('respondBy'),
    sql<boolean>`a.status = 'open' AND a.respond_by < now()`.as('overdue'), 'a.escalation',
    sql<string | null>`${beijingIso(sql`a.acknowledged_at`)}`.as('acknowledgedAt'), 'ua.display_name as acknowledgedBy',
    sql<string | null>`${beijingIso(sql`a.disposed_at`)}`.as('disposedAt'), 'ud.display_name as disposedBy',
    'a.disposal_note as disposalNote', 'a.disposal_photo_id as disposalPhotoId',
    sql<string | null>`${beijingIso(sql`a.closed_at`)}`.as('closedAt'), 'uc.display_name as closedBy'])

export type Alarm = Awaited<ReturnType<typeof findAlarm>> & {}

export function findAlarm(db: Kysely<DB>, scope: SiteScope, id: number) {
  return columns(db).where('a.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}

export interface AlarmQuery { state: 'unclosed' | 'all'; siteId?: number; limit: number }

/** Overdue first, then the newest: what needs an answer now is on top. */
export function listAlarms(db: Kysely<DB>, scope: SiteScope, q: AlarmQuery) {
  let query = columns(db).where(inSiteScope(scope))
  if (q.state === 'unclosed') query = query.where('a.status', '<>', 'closed')
  if (q.siteId) query = query.where('a.site_id', '=', q.siteId)
  return query.orderBy(sql`a.status = 'open' AND a.respond_by < now()`, 'desc').orderBy('a.opened_at', 'desc').orderBy('a.id', 'desc').limit(q.limit).execute()
}

/**
 * The alarm events among `events` whose site the scope reads, asked of the database each time: a supervisor moved
 * to another grid stops hearing the old one at once. Only alarm events cost a query, one per burst.
 */
export async function alarmEventsInScope(db: Kysely<DB>, scope: SiteScope, events: LiveEvent[]): Promise<LiveEvent[]> {
  const alarms = events.filter((e) => e.kind.startsWith('alarm_'))
  if (alarms.length === 0) return []
  const sites = await db.selectFrom('sites as s').select('s.id').where('s.id', 'in', [...new Set(alarms.map((e) => e.siteId))])
    .where(inSiteScope(scope)).execute()
  const readable = new Set(sites.map((s) => s.id))
  return alarms.filter((e) => readable.has(e.siteId))
}

export interface AlarmStep { id: number; from: AlarmStatus; to: AlarmStatus; userId: number; note: string; photoId?: number }

/** One step of the supervisor's answer, if the alarm is still where the caller saw it; false when it moved. */
export async function stepAlarm(trx: Kysely<DB>, step: AlarmStep): Promise<boolean> {
  const stamp = { acknowledged: ['acknowledged_at', 'acknowledged_by'], disposed: ['disposed_at', 'disposed_by'], closed: ['closed_at', 'closed_by'], open: [] }[step.to]
  const set: Record<string, unknown> = { status: step.to, [stamp[0]]: sql`now()`, [stamp[1]]: step.userId }
  if (step.to === 'disposed') Object.assign(set, { disposal_note: step.note, disposal_photo_id: step.photoId })
  const result = await trx.updateTable('alarms').set(set).where('id', '=', step.id).where('status', '=', step.from).executeTakeFirst()
  if (Number(result.numUpdatedRows) === 1 && step.to === 'closed') {
    await sql`INSERT INTO live_events (at, kind, site_id, ref_id) SELECT now(), 'alarm_closed', site_id, id FROM alarms WHERE id = ${step.id}`.execute(trx)
  }
  return Number(result.numUpdatedRows) === 1
}

/** A photo of the alarm's site that documents nothing else yet. */
export async function photoIsFree(db: Kysely<DB>, siteId: number, photoId: number): Promise<boolean> {
  const row = await db.selectFrom('photos').select('id').where('id', '=', photoId).where(unusedPhotoOf(siteId)).executeTakeFirst()
  return row !== undefined
}

/**
 * Raises what only the passing of time reveals: active devices silent for more than twice their interval (a
 * device that never reported is awaiting commissioning, not silent), and cameras the platform has reported
 * offline for more than 10 minutes. Returns how many alarms opened.
 */
export async function raiseTimedAlarms(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`WITH due(kind, site_id, device_id, since) AS (
      SELECT 'device_silent', d.site_id, d.id, d.last_seen_at + make_interval(secs => d.interval_s * ${SILENT_AFTER_INTERVALS})
      FROM devices d WHERE d.status = 'active' AND NOT ${heardWithin(SILENT_AFTER_INTERVALS, 'd')}
      UNION ALL
      SELECT 'camera_offline', d.site_id, d.id, coalesce(c.last_seen_at, d.last_seen_at)
      FROM devices d JOIN cameras c ON c.id = d.camera_id
      WHERE d.status = 'active' AND d.last_seen_at IS NOT NULL AND NOT c.online
        AND coalesce(c.last_seen_at, d.created_at) < now() - make_interval(secs => ${CAMERA_OFFLINE_ALARM_MS / 1_000}::int)),
    opened AS (
      INSERT INTO alarms (kind, site_id, device_id, opened_at, updated_at, respond_by)
      SELECT due.kind, due.site_id, due.device_id, due.since, now(), now() + make_interval(mins => k.respond_minutes)
      FROM due JOIN alarm_kinds k ON k.kind = due.kind
      ON CONFLICT (device_id, kind) WHERE active DO NOTHING RETURNING id, site_id, opened_at),
    events AS (INSERT INTO live_events (at, kind, site_id, ref_id) SELECT opened_at, 'alarm_opened', site_id, id FROM opened RETURNING 1)
    SELECT count(*)::int AS n FROM events`.execute(db)
  return rows[0].n
}

/** Unacknowledged alarms past their response deadline, with their kind's response window. */
export function overdueUnacknowledged(db: Kysely<DB>) {
  return db.selectFrom('alarms as a').innerJoin('alarm_kinds as k', 'k.kind', 'a.kind')
    .select(['a.id', 'a.site_id as siteId', 'a.respond_by as respondBy', 'k.respond_minutes as respondMinutes', 'a.escalation'])
    .where('a.status', '=', 'open').where('a.respond_by', '<', sql<Date>`now()`).execute()
}

export async function escalate(trx: Kysely<DB>, id: number, from: string, to: 'district' | 'city'): Promise<boolean> {
  const result = await trx.updateTable('alarms').set({ escalation: to }).where('id', '=', id).where('escalation', '=', from).executeTakeFirst()
  if (Number(result.numUpdatedRows) !== 1) return false
  await sql`INSERT INTO live_events (at, kind, site_id, ref_id) SELECT now(), 'alarm_escalated', site_id, id FROM alarms WHERE id = ${id}`.execute(trx)
  return true
}

/** Each kind of alarm with the time allowed to acknowledge it. */
export function alarmKinds(db: Kysely<DB>) {
  return db.selectFrom('alarm_kinds').select(['kind', 'name_zh as nameZh', 'name_en as nameEn', 'respond_minutes as respondMinutes']).orderBy('sort').execute()
}

/** A new response window applies to alarms opened from now on; open ones keep the deadline they were given. */
export async function setRespondMinutes(trx: Kysely<DB>, kind: string, minutes: number): Promise<number | null> {
  const before = await trx.selectFrom('alarm_kinds').select('respond_minutes').where('kind', '=', kind).forUpdate().executeTakeFirst()
  if (!before) return null
  await trx.updateTable('alarm_kinds').set({ respond_minutes: minutes }).where('kind', '=', kind).execute()
  return before.respond_minutes
}
