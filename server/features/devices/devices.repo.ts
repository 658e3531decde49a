import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso, escapeLike } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { SILENT_AFTER_INTERVALS } from '../../domain/alarm-rules.ts'
import type { DeviceKind, DeviceProtocol, DeviceStatus } from '../../domain/device-readings.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/* The device registry. Secrets are stored only as SHA-256; the routes make and show them. */

/** The device was heard from within this many of its reporting intervals (false, or null, when never). */
export function heardWithin(intervals: number, alias = 'v'): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(`${alias}.last_seen_at`)} >= now() - make_interval(secs => ${sql.ref(`${alias}.interval_s`)} * ${intervals}::float8)`
}

/** Online within 1.5 intervals (a little network delay), late until it has missed two, then silent. */
export function deviceHealth(alias = 'v'): RawBuilder<string> {
  const status = sql.ref(`${alias}.status`)
  return sql<string>`CASE WHEN ${status} <> 'active' THEN ${status} WHEN ${sql.ref(`${alias}.last_seen_at`)} IS NULL THEN 'never'
    WHEN ${heardWithin(1.5, alias)} THEN 'online' WHEN ${heardWithin(SILENT_AFTER_INTERVALS, alias)} THEN 'late' ELSE 'silent' END`
}

/** Active and heard from within two intervals: what the monitoring and online rates count. */
export function deviceReporting(alias = 'v'): RawBuilder<boolean> {
  return sql<boolean>`(${sql.ref(`${alias}.status`)} = 'active' AND ${heardWithin(SILENT_AFTER_INTERVALS, alias)})`
}

const columns = (db: Kysely<DB>) => db.selectFrom('devices as v').innerJoin('sites as s', 's.id', 'v.site_id')
  .select(['v.id', 'v.code', 'v.kind', 'v.site_id as siteId', 's.name as siteName', 'v.crane_id as craneId', 'v.camera_id as cameraId',
    'v.protocol', 'v.identity', 'v.status', 'v.interval_s as intervalS', sql<string | null>`${beijingIso(sql`v.last_seen_at`)}`.as('lastSeenAt'),
    deviceHealth().as('health'), sql<Record<string, unknown> | null>`v.last_values->'values'`.as('lastValues'),
    sql<Record<string, string> | null>`v.last_values->'flags'`.as('lastFlags'), sql<string | null>`v.last_values->>'at'`.as('lastDataTime')])

export interface DeviceQuery { siteId?: number; kind?: DeviceKind; status?: DeviceStatus; q?: string; limit: number; offset: number }

export async function listDevices(db: Kysely<DB>, scope: SiteScope, q: DeviceQuery) {
  let query = columns(db).where(inSiteScope(scope))
  if (q.siteId) query = query.where('v.site_id', '=', q.siteId)
  if (q.kind) query = query.where('v.kind', '=', q.kind)
  if (q.status) query = query.where('v.status', '=', q.status)
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`
    query = query.where((eb) => eb.or([eb('v.code', 'ilike', like), eb('v.identity', 'ilike', like), eb('s.name', 'ilike', like)]))
  }
  const [devices, total] = await Promise.all([
    query.orderBy('v.site_id').orderBy('v.id').limit(q.limit).offset(q.offset).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return { total: total.n, devices }
}

export function findDevice(db: Kysely<DB>, scope: SiteScope, id: number) {
  return columns(db).where('v.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}

export interface NewDevice {
  code: string; kind: DeviceKind; siteId: number; craneId: number | null; cameraId: number | null
  protocol: DeviceProtocol; identity: string; intervalS: number; secretSha256: string
}

/** Why the device cannot be bound as asked (the site, its crane or camera), or null. */
export async function bindingProblem(db: Kysely<DB>, d: Pick<NewDevice, 'siteId' | 'craneId' | 'cameraId'>): Promise<string | null> {
  if (!(await db.selectFrom('sites').select('id').where('id', '=', d.siteId).executeTakeFirst())) return `no site with id ${d.siteId}`
  // A monitor is fitted to a crane standing on the site: an installation not yet dismantled.
  if (d.craneId && !(await db.selectFrom('cranes').select('id').where('id', '=', d.craneId).where('site_id', '=', d.siteId).where('stage', '<>', 'dismantled').executeTakeFirst())) {
    return `crane ${d.craneId} is not standing on site ${d.siteId}`
  }
  if (d.cameraId && !(await db.selectFrom('cameras').select('id').where('id', '=', d.cameraId).where('site_id', '=', d.siteId).executeTakeFirst())) {
    return `camera ${d.cameraId} is not on site ${d.siteId}`
  }
  return null
}

/** The taken unique value (code, identity, crane or camera), if any. */
export async function takenBy(db: Kysely<DB>, d: Pick<NewDevice, 'code' | 'identity' | 'craneId' | 'cameraId'>): Promise<string | null> {
  const row = await db.selectFrom('devices').select(['code', 'identity', 'crane_id', 'camera_id'])
    .where((eb) => eb.or([eb('code', '=', d.code), eb('identity', '=', d.identity),
      ...(d.craneId ? [eb('crane_id', '=', d.craneId)] : []), ...(d.cameraId ? [eb('camera_id', '=', d.cameraId)] : [])]))
    .executeTakeFirst()
  if (!row) return null
  if (row.code === d.code) return `code ${d.code}`
  if (row.identity === d.identity) return `identity ${d.identity}`
  return row.crane_id === d.craneId && d.craneId ? `crane ${d.craneId}` : `camera ${d.cameraId}`
}

export async function insertDevice(trx: Kysely<DB>, d: NewDevice): Promise<number> {
  const row = await trx.insertInto('devices').values({
    code: d.code, kind: d.kind, site_id: d.siteId, crane_id: d.craneId, camera_id: d.cameraId, protocol: d.protocol,
    identity: d.identity, interval_s: d.intervalS, secret_sha256: d.secretSha256,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateDevice(trx: Kysely<DB>, id: number, change: { status?: DeviceStatus; intervalS?: number; secretSha256?: string }): Promise<void> {
  await trx.updateTable('devices').set({
    ...(change.status ? { status: change.status } : {}), ...(change.intervalS ? { interval_s: change.intervalS } : {}),
    ...(change.secretSha256 ? { secret_sha256: change.secretSha256 } : {}),
  }).where('id', '=', id).execute()
}

/** A device's readings over the last hours, oldest first, for its sparkline and chart. */
export function readingsOf(db: Kysely<DB>, id: number, hours: number) {
  return db.selectFrom('device_readings').select([beijingIso(sql`data_time`).as('at'), 'command', sql<Record<string, unknown>>`reading`.as('values'),
    sql<Record<string, string> | null>`flags`.as('flags'), 'normal'])
    .where('device_id', '=', id).where('data_time', '>=', sql<Date>`now() - make_interval(hours => ${hours})`)
    .orderBy('data_time').limit(5_000).execute()
}

/**
 * The devices in scope within a box, as points (a camera's own position, else its site's), for the map's device
 * layer. The box is found through the cameras' and the sites' spatial indexes, one branch each. Dust monitors come
 * first so that they are drawn underneath: a crane monitor at the same site point shows on top.
 */
export async function deviceMap(db: Kysely<DB>, scope: SiteScope, bbox: { minLon: number; minLat: number; maxLon: number; maxLat: number }) {
  const box = sql`ST_MakeEnvelope(${bbox.minLon}, ${bbox.minLat}, ${bbox.maxLon}, ${bbox.maxLat}, 4326)`
  const { rows } = await sql<{ fc: unknown }>`WITH placed AS (
      SELECT v.id, c.location AS at FROM cameras c JOIN devices v ON v.camera_id = c.id WHERE c.location && ${box}
      UNION ALL
      SELECT v.id, s.location FROM sites s JOIN devices v ON v.site_id = s.id WHERE v.camera_id IS NULL AND s.location && ${box})
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'geometry', ST_AsGeoJSON(p.at, 6)::json,
      'properties', json_build_object('id', v.id, 'code', v.code, 'kind', v.kind, 'siteId', v.site_id, 'health', ${deviceHealth()}))
      ORDER BY v.kind <> 'dust_monitor', v.id), '[]'::json)) AS fc
    FROM placed p JOIN devices v ON v.id = p.id JOIN sites s ON s.id = v.site_id
    WHERE v.status <> 'decommissioned' AND ${inSiteScope(scope)}`.execute(db)
  return rows[0].fc
}
