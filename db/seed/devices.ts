import { createHash } from 'node:crypto'
import { type Kysely, sql } from 'kysely'

/*
 * The seeded city's field devices: a dust monitor (HJ 212) on every key project, a safety monitor on every
 * monitored crane and a device for every camera (both through the vendor platforms' MQTT). None has reported
 * yet, so the monitoring rates start at zero: they are facts about devices, and the simulator makes them true.
 *
 * A demo city's device secrets derive from the seed, so that `npm run simulate` can play its devices; a real
 * deployment registers its own devices, or rotates these secrets, and then only their hashes exist.
 */

export const DEMO_INTERVALS_S = { dust_monitor: 60, crane_monitor: 60, camera: 300 } as const

/** The demo secret of a seeded device (its HJ 212 PW, or its MQTT password). */
export function demoDeviceSecret(seed: number, identity: string): string {
  return createHash('sha256').update(`sitegrid-demo:${seed}:${identity}`).digest('hex').slice(0, 20)
}

/** HJ 212 MNs of the seeded dust monitors: Suzhou's area code, then the key project's rank. */
export const demoDustMn = (rank: number) => `320500DM${String(rank).padStart(6, '0')}`

export async function insertDevices(db: Kysely<any>, seed: number): Promise<number> {
  const secret = (identity: ReturnType<typeof sql>) =>
    sql`encode(sha256(convert_to(left(encode(sha256(convert_to('sitegrid-demo:' || ${String(seed)}::text || ':' || ${identity}, 'UTF8')), 'hex'), 20), 'UTF8')), 'hex')`
  const dustMn = sql`'320500DM' || lpad(k.rank::text, 6, '0')`
  const craneId = sql`'crane-' || c.id`
  const cameraId = sql`'camera-' || c.id`
  const { rows } = await sql<{ n: number }>`WITH made AS (
      INSERT INTO devices (code, kind, site_id, crane_id, camera_id, protocol, identity, secret_sha256, interval_s)
      SELECT 'DM-' || lpad(k.rank::text, 6, '0'), 'dust_monitor', k.site_id, NULL::int, NULL::int, 'hj212', ${dustMn}, ${secret(dustMn)}, ${DEMO_INTERVALS_S.dust_monitor}::int
      FROM key_projects k
      UNION ALL
      SELECT 'CM-' || lpad(c.id::text, 6, '0'), 'crane_monitor', c.site_id, c.id, NULL, 'mqtt', ${craneId}, ${secret(craneId)}, ${DEMO_INTERVALS_S.crane_monitor}::int
      FROM cranes c WHERE c.monitored
      UNION ALL
      SELECT 'CV-' || lpad(c.id::text, 7, '0'), 'camera', c.site_id, NULL, c.id, 'mqtt', ${cameraId}, ${secret(cameraId)}, ${DEMO_INTERVALS_S.camera}::int
      FROM cameras c
      RETURNING 1)
    SELECT count(*)::int AS n FROM made`.execute(db)
  return rows[0].n
}
