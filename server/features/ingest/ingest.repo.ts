import { type Kysely, sql } from 'kysely'
import { jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { AlarmKind } from '../../domain/alarm-rules.ts'
import type { DeviceKind, DeviceReading, DeviceStatus, ReadingValues } from '../../domain/device-readings.ts'

/* How readings land: one statement per step for a whole batch, inside the caller's transaction. */

export interface RegisteredDevice {
  id: number
  identity: string
  kind: DeviceKind
  protocol: string
  status: DeviceStatus
  siteId: number
  cameraId: number | null
  secretSha256: string
  /** Data time of the newest reading so far: older ones are history and change no alarm. */
  newestAt: Date | null
}

export async function findDevices(db: Kysely<DB>, identities: string[]): Promise<Map<string, RegisteredDevice>> {
  if (identities.length === 0) return new Map()
  const rows = await db.selectFrom('devices')
    .select(['id', 'identity', 'kind', 'protocol', 'status', 'site_id as siteId', 'camera_id as cameraId', 'secret_sha256 as secretSha256',
      sql<string | null>`last_values->>'at'`.as('newestAt')])
    .where('identity', 'in', identities).execute()
  return new Map(rows.map((r) => [r.identity, { ...r, kind: r.kind as DeviceKind, status: r.status as DeviceStatus, newestAt: r.newestAt ? new Date(r.newestAt) : null }]))
}

export interface AcceptedReading { device: RegisteredDevice; reading: DeviceReading }
export interface StoredReading extends AcceptedReading { values: ReadingValues; flags: Record<string, string> | null; normal: boolean }

export const readingKey = (deviceId: number, at: Date, command: string) => `${deviceId}|${at.getTime()}|${command}`

/**
 * Inserts the readings; a part of a split packet (PNUM/PNO) merges into its reading. Returns the readings that
 * are new or changed, as stored: a resend that adds nothing is not returned, and so changes nothing downstream.
 */
export async function insertReadings(trx: Kysely<DB>, accepted: AcceptedReading[]): Promise<StoredReading[]> {
  const merged = new Map<string, AcceptedReading>()
  for (const a of accepted) {
    const key = readingKey(a.device.id, a.reading.dataTime, a.reading.command)
    const prior = merged.get(key)
    merged.set(key, prior ? { device: a.device, reading: { ...a.reading, values: { ...prior.reading.values, ...a.reading.values },
      flags: a.reading.flags && { ...prior.reading.flags, ...a.reading.flags }, normal: prior.reading.normal && a.reading.normal } } : a)
  }
  if (merged.size === 0) return []
  const rows = [...merged.values()].map(({ device, reading }) => ({
    device_id: device.id, command: reading.command, data_time: reading.dataTime.toISOString(), reading: reading.values, flags: reading.flags, normal: reading.normal,
  }))
  const { rows: stored } = await sql<{ device_id: number; data_time: Date; command: string; reading: ReadingValues; flags: Record<string, string> | null; normal: boolean }>`
    INSERT INTO device_readings AS r (device_id, command, data_time, reading, flags, normal)
    SELECT device_id, command, data_time, reading, flags, normal
    FROM ${recordset(rows, 'device_id int, command text, data_time timestamptz, reading jsonb, flags jsonb, normal boolean')}
    ON CONFLICT (device_id, data_time, command) DO UPDATE SET reading = r.reading || EXCLUDED.reading,
      flags = CASE WHEN EXCLUDED.flags IS NULL THEN r.flags ELSE coalesce(r.flags, '{}') || EXCLUDED.flags END, normal = r.normal AND EXCLUDED.normal
    WHERE NOT (r.reading @> EXCLUDED.reading AND coalesce(r.flags, '{}') @> coalesce(EXCLUDED.flags, '{}'))
    RETURNING device_id, data_time, command, reading, flags, normal`.execute(trx)
  return stored.map((r) => {
    const source = merged.get(readingKey(r.device_id, new Date(r.data_time), r.command))!
    return { ...source, values: r.reading, flags: r.flags, normal: r.normal }
  })
}

/**
 * A batch's rows as one jsonb parameter read back by jsonb_to_recordset: one JSON.stringify and one parameter,
 * not a parameter per value for the query builder and the driver to handle, which at a thousand readings per
 * batch cost more CPU than the database's own work.
 */
const recordset = (rows: object[], columns: string) => sql`jsonb_to_recordset(${jsonb(rows)}) AS v(${sql.raw(columns)})`

/** Every device heard from is seen now, in one statement; its last values move only to a newer reading. */
export async function markSeen(trx: Kysely<DB>, seenIds: number[], newest: StoredReading[]): Promise<void> {
  if (seenIds.length === 0) return
  const last = new Map(newest.map((s) => [s.device.id, s]))
  const rows = seenIds.map((id) => {
    const s = last.get(id)
    return { id, at: s?.reading.dataTime.toISOString() ?? null, last: s ? { at: s.reading.dataTime.toISOString(), command: s.reading.command, values: s.values, flags: s.flags } : null }
  })
  await sql`UPDATE devices d SET last_seen_at = now(), last_values = CASE
      WHEN v.last IS NOT NULL AND (d.last_values IS NULL OR (d.last_values->>'at')::timestamptz <= v.at) THEN v.last ELSE d.last_values END
    FROM ${recordset(rows, 'id int, at timestamptz, last jsonb')} WHERE d.id = v.id`.execute(trx)
}

/** Hourly means (2061) feed the dust rule, risk and the PM10 charts; a late hour replaces what it touches. */
export async function upsertHourlyPm10(trx: Kysely<DB>, hours: { siteId: number; at: Date; pm10: number }[]): Promise<void> {
  const unique = new Map(hours.map((h) => [`${h.siteId}|${h.at.getTime()}`, h]))
  if (unique.size === 0) return
  await trx.insertInto('pm10_readings').values([...unique.values()].map((h) => ({ site_id: h.siteId, measured_at: h.at, pm10: h.pm10 })))
    .onConflict((oc) => oc.columns(['site_id', 'measured_at']).where('site_id', 'is not', null).doUpdateSet({ pm10: sql`EXCLUDED.pm10` }))
    .execute()
}

/** The video platform's word on each camera; `last_seen_at` is when it was last seen online. */
export async function updateCameras(trx: Kysely<DB>, states: { cameraId: number; online: boolean; at: Date }[]): Promise<void> {
  if (states.length === 0) return
  const rows = states.map((s) => ({ id: s.cameraId, online: s.online, at: s.at.toISOString() }))
  await sql`UPDATE cameras c SET online = v.online, last_seen_at = CASE WHEN v.online THEN v.at ELSE c.last_seen_at END
    FROM ${recordset(rows, 'id int, online boolean, at timestamptz')} WHERE c.id = v.id`.execute(trx)
}

export interface AlarmChange { deviceId: number; siteId: number; kind: AlarmKind; active: boolean; value: number | null; at: Date }

/**
 * Opens or updates the incident of each active condition, and clears the ended ones; the wall hears of every
 * alarm that opens or clears. The response deadline runs from when the portal learns of it.
 */
export async function applyAlarmChanges(trx: Kysely<DB>, changes: AlarmChange[]): Promise<void> {
  const raised = changes.filter((c) => c.active)
  const ended = changes.filter((c) => !c.active)
  if (raised.length > 0) {
    const rows = raised.map((c) => ({ kind: c.kind, site_id: c.siteId, device_id: c.deviceId, at: c.at.toISOString(), value: c.value }))
    await sql`WITH v AS (SELECT * FROM ${recordset(rows, 'kind text, site_id int, device_id int, at timestamptz, value real')}),
      up AS (
        INSERT INTO alarms (kind, site_id, device_id, opened_at, updated_at, first_value, peak_value, last_value, respond_by)
        SELECT v.kind, v.site_id, v.device_id, v.at, v.at, v.value, v.value, v.value, now() + make_interval(mins => k.respond_minutes)
        FROM v JOIN alarm_kinds k ON k.kind = v.kind
        ON CONFLICT (device_id, kind) WHERE active DO UPDATE SET updated_at = greatest(alarms.updated_at, EXCLUDED.updated_at),
          last_value = EXCLUDED.last_value, peak_value = greatest(alarms.peak_value, EXCLUDED.peak_value), readings = alarms.readings + 1
        RETURNING id, site_id, opened_at, first_value, (xmax = 0) AS opened)
      INSERT INTO live_events (at, kind, site_id, ref_id, value) SELECT opened_at, 'alarm_opened', site_id, id, first_value FROM up WHERE opened`.execute(trx)
  }
  if (ended.length > 0) {
    const rows = ended.map((c) => ({ kind: c.kind, device_id: c.deviceId, at: c.at.toISOString() }))
    await sql`WITH v AS (SELECT * FROM ${recordset(rows, 'kind text, device_id int, at timestamptz')}),
      cleared AS (
        UPDATE alarms a SET active = false, cleared_at = greatest(v.at, a.opened_at), updated_at = greatest(v.at, a.updated_at)
        FROM v WHERE a.device_id = v.device_id AND a.kind = v.kind AND a.active RETURNING a.id, a.site_id, a.cleared_at, a.last_value)
      INSERT INTO live_events (at, kind, site_id, ref_id, value) SELECT cleared_at, 'alarm_cleared', site_id, id, last_value FROM cleared`.execute(trx)
  }
}
