import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DeviceReading } from '../../server/domain/device-readings.ts'
import { createIngestWriter, type IngestWriter } from '../../server/features/ingest/ingest.writer.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { registerDevice } from '../support/devices.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Reading the field devices as the map and the site panel do: a site's devices with health and last values, a
 * device's readings, and the devices in a box as GeoJSON. Readings arrive through the real ingest writer; a grid
 * supervisor sees only their own zone's devices, however they ask.
 */

interface Site { id: number; lon: number; lat: number }
interface ListedDevice { id: number; code: string; kind: string; siteId: number; health: string; lastSeenAt: string | null
  lastValues: Record<string, unknown> | null; lastFlags: Record<string, string> | null; lastDataTime: string | null }
interface DeviceFeature { geometry: { type: string; coordinates: [number, number] }; properties: { id: number; code: string; kind: string; siteId: number; health: string } }

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let writer: IngestWriter
let admin: ApiSession
let gs: ApiSession
let own: Site
let foreign: Site
let dustId: number
const HOUR = 3_600_000

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows
const inGrids = (userId: number) => sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${userId})`
const json = async (session: ApiSession, path: string, status = 200) => {
  const res = await session.request(path)
  expect(res.status, path).toBe(status)
  return res.json()
}
const list = async (session: ApiSession, query: string) => (await json(session, `/api/devices?${query}`)) as { total: number; devices: ListedDevice[] }
const box = (s: Site, d = 0.002) => `${s.lon - d},${s.lat - d},${s.lon + d},${s.lat + d}`
const mapIds = async (session: ApiSession, bbox: string) =>
  ((await json(session, `/api/devices/map?bbox=${bbox}`)).features as DeviceFeature[]).map((f) => f.properties.id)
const dust = (at: Date, pm10: number, flags: Record<string, string> = {}): DeviceReading => {
  const values = { pm10, pm25: Math.round(pm10 * 0.6), windSpeed: 2.4, temperature: 12.5 }
  const all = Object.fromEntries(Object.keys(values).map((k) => [k, flags[k] ?? 'N']))
  return { identity: 'READ000001', command: '2011', dataTime: at, values, flags: all, normal: Object.values(all).every((f) => f === 'N') }
}
const submit = async (reading: DeviceReading) => {
  expect(await writer.submit({ kind: 'dust_monitor', protocol: 'hj212', reading, secret: 'read-secret' })).toEqual({ status: 'stored' })
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  writer = createIngestWriter(database.db, { lanes: 1, pm10LimitUgM3: 150 })
  admin = await signIn(app, database.demo('admin'))
  gs = await signIn(app, database.demo('grid_supervisor'))
  const columns = sql`s.id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat`
  // A site of the zone with a camera device beside its centre, to find on the map with the monitor registered below.
  own = (await rows(sql<Site>`SELECT ${columns} FROM sites s WHERE ${inGrids(gs.user.userId)} AND EXISTS (SELECT 1 FROM devices v
    JOIN cameras c ON c.id = v.camera_id WHERE v.site_id = s.id AND c.location && ST_Expand(s.location, 0.002)) ORDER BY s.id LIMIT 1`))[0]
  // Another zone's site that has devices of its own (a camera at least), to look for and not find.
  foreign = (await rows(sql<Site>`SELECT ${columns} FROM sites s WHERE NOT ${inGrids(gs.user.userId)}
    AND EXISTS (SELECT 1 FROM devices v WHERE v.site_id = s.id AND v.kind = 'camera') ORDER BY s.id LIMIT 1`))[0]
  dustId = await registerDevice(database.db, { kind: 'dust_monitor', siteId: own.id, identity: 'READ000001', secret: 'read-secret' })
  const now = Date.now()
  await submit(dust(new Date(now - 30 * HOUR), 70))
  await submit(dust(new Date(now - 2 * HOUR), 80))
  // The latest: PM2.5 under a fault flag (D), so the reading is not normal and its PM2.5 not a measurement.
  await submit(dust(new Date(now - 60_000), 64, { pm25: 'D' }))
})
afterAll(() => database?.dispose())

describe('the seeded city\'s devices', () => {
  it('has a dust monitor on every key project, a monitor on every monitored crane and a device for every camera, none heard from yet', async () => {
    const [c] = await rows(sql<Record<string, number>>`SELECT
      (SELECT count(*) FROM key_projects k WHERE (SELECT count(*) FROM devices v WHERE v.site_id = k.site_id AND v.kind = 'dust_monitor' AND v.protocol = 'hj212' AND v.identity NOT LIKE 'READ%') <> 1) AS key_without_one,
      (SELECT count(*) FROM devices WHERE kind = 'dust_monitor' AND identity NOT LIKE 'READ%') AS dust_monitors, (SELECT count(*) FROM key_projects) AS key_projects,
      (SELECT count(*) FROM cranes c WHERE c.monitored <> EXISTS (SELECT 1 FROM devices v WHERE v.crane_id = c.id)) AS cranes_wrong,
      (SELECT count(*) FROM cameras c WHERE NOT EXISTS (SELECT 1 FROM devices v WHERE v.camera_id = c.id)) AS cameras_without,
      (SELECT count(*) FROM cameras) AS cameras,
      (SELECT count(*) FROM devices WHERE last_seen_at IS NOT NULL AND identity <> 'READ000001') AS heard`)
    expect(c).toMatchObject({ key_without_one: 0, cranes_wrong: 0, cameras_without: 0, heard: 0 })
    expect(c.dust_monitors).toBe(c.key_projects)
    expect(c.cameras).toBeGreaterThan(0)
  })
})

describe('a site\'s devices', () => {
  it('lists every device on the site with its health and last values, flags as reported', async () => {
    const { total, devices } = await list(gs, `site=${own.id}`)
    const expected = (await rows(sql<{ id: number }>`SELECT id FROM devices WHERE site_id = ${own.id} ORDER BY id`)).map((r) => r.id)
    expect(devices.map((d) => d.id).sort((a, b) => a - b)).toEqual(expected)
    expect(total).toBe(expected.length)
    const monitor = devices.find((d) => d.id === dustId)!
    expect(monitor).toMatchObject({ kind: 'dust_monitor', siteId: own.id, health: 'online', lastValues: { pm10: 64, pm25: 38 }, lastFlags: { pm10: 'N', pm25: 'D' } })
    expect(monitor.lastSeenAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
    expect(Date.now() - Date.parse(monitor.lastDataTime!)).toBeLessThan(2 * 60_000)
    // The seeded devices have not reported: never heard from, no values.
    for (const d of devices.filter((d) => d.id !== dustId)) expect(d).toMatchObject({ health: 'never', lastValues: null, lastSeenAt: null })
  })

  it('says late, silent or maintenance as the device\'s last report and status make it', async () => {
    const health = async () => (await list(gs, `site=${own.id}`)).devices.find((d) => d.id === dustId)!.health
    // Reporting every 60 s: late after 1.5 intervals, silent after two.
    await sql`UPDATE devices SET last_seen_at = now() - interval '100 seconds' WHERE id = ${dustId}`.execute(database.db)
    expect(await health()).toBe('late')
    await sql`UPDATE devices SET last_seen_at = now() - interval '10 minutes' WHERE id = ${dustId}`.execute(database.db)
    expect(await health()).toBe('silent')
    await sql`UPDATE devices SET status = 'maintenance' WHERE id = ${dustId}`.execute(database.db)
    expect(await health()).toBe('maintenance')
    await sql`UPDATE devices SET status = 'active', last_seen_at = now() WHERE id = ${dustId}`.execute(database.db)
    expect(await health()).toBe('online')
  })

  it('gives a device\'s readings oldest first, over the hours asked for', async () => {
    const day = (await json(gs, `/api/devices/${dustId}/readings?hours=24`)).readings
    expect(day.map((r: { values: { pm10: number } }) => r.values.pm10)).toEqual([80, 64])
    expect(day[1]).toMatchObject({ command: '2011', normal: false, flags: { pm10: 'N', pm25: 'D' } })
    expect(day[0]).toMatchObject({ normal: true })
    expect(day[0].at).toMatch(/\+08:00$/)
    expect((await json(gs, `/api/devices/${dustId}/readings?hours=48`)).readings.map((r: { values: { pm10: number } }) => r.values.pm10)).toEqual([70, 80, 64])
    expect((await json(gs, `/api/devices/${dustId}/readings`)).readings).toHaveLength(2)
    await json(gs, `/api/devices/${dustId}/readings?hours=0`, 400)
  })
})

describe('the devices map', () => {
  it('gives the devices in a box as points coloured by health, a camera at its own position', async () => {
    const fc = await json(admin, `/api/devices/map?bbox=${box(own)}`)
    expect(fc.type).toBe('FeatureCollection')
    const features = fc.features as DeviceFeature[]
    const monitor = features.find((f) => f.properties.id === dustId)!
    expect(monitor.properties).toMatchObject({ kind: 'dust_monitor', siteId: own.id, health: 'online', code: 'T-READ000001' })
    expect(monitor.geometry.coordinates[0]).toBeCloseTo(own.lon, 5)
    expect(monitor.geometry.coordinates[1]).toBeCloseTo(own.lat, 5)
    const cameras = await rows(sql<{ id: number; lon: number; lat: number }>`SELECT v.id, ST_X(c.location) AS lon, ST_Y(c.location) AS lat
      FROM devices v JOIN cameras c ON c.id = v.camera_id WHERE ${sql`c.location && ST_MakeEnvelope(${own.lon - 0.002}, ${own.lat - 0.002}, ${own.lon + 0.002}, ${own.lat + 0.002}, 4326)`}`)
    expect(cameras.length).toBeGreaterThan(0)
    for (const camera of cameras) {
      const f = features.find((x) => x.properties.id === camera.id)!
      expect(f.properties.kind).toBe('camera')
      // To the 6 decimals the map is sent (the database and JS may round a last 5 differently).
      expect(f.geometry.coordinates[0]).toBeCloseTo(camera.lon, 5)
      expect(f.geometry.coordinates[1]).toBeCloseTo(camera.lat, 5)
    }
    // Dust monitors first, so that the map draws them beneath the devices at the same point.
    const kinds = features.map((f) => f.properties.kind)
    expect(kinds.lastIndexOf('dust_monitor')).toBeLessThan(kinds.findIndex((k) => k !== 'dust_monitor'))
  })

  it('leaves decommissioned devices off', async () => {
    await sql`UPDATE devices SET status = 'decommissioned' WHERE id = ${dustId}`.execute(database.db)
    expect(await mapIds(admin, box(own))).not.toContain(dustId)
    await sql`UPDATE devices SET status = 'active' WHERE id = ${dustId}`.execute(database.db)
    expect(await mapIds(admin, box(own))).toContain(dustId)
  })

  it('needs a box, of at most a quarter degree', async () => {
    for (const query of ['', '?bbox=120.5,31.2,120.8,31.4', '?bbox=120.6,31.3,120.5,31.4', '?bbox=all']) {
      expect((await json(admin, `/api/devices/map${query}`, 400)).error.code).toBe('invalid_request')
    }
    expect((await json(admin, '/api/devices/map?bbox=120.5,31.2,120.75,31.45')).features.length).toBeGreaterThan(0)
  })
})

describe('a grid supervisor sees only their zone\'s devices', () => {
  it('in the list: their zone\'s devices, none of another zone\'s site', async () => {
    const expected = (await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM devices v JOIN sites s ON s.id = v.site_id WHERE ${inGrids(gs.user.userId)}`))[0].n
    const all = await list(gs, 'limit=1000')
    expect(all.total).toBe(expected)
    const inZone = new Set((await rows(sql<{ id: number }>`SELECT s.id FROM sites s WHERE ${inGrids(gs.user.userId)}`)).map((r) => r.id))
    expect(all.devices.every((d) => inZone.has(d.siteId))).toBe(true)
    expect(await list(gs, `site=${foreign.id}`)).toEqual({ total: 0, devices: [] })
    expect((await list(admin, `site=${foreign.id}`)).total).toBeGreaterThan(0)
  })

  it('by id: another zone\'s device and its readings are not found', async () => {
    const [{ id }] = await rows(sql<{ id: number }>`SELECT id FROM devices WHERE site_id = ${foreign.id} ORDER BY id LIMIT 1`)
    for (const path of [`/api/devices/${id}`, `/api/devices/${id}/readings`]) {
      expect((await json(gs, path, 404)).error.code).toBe('not_found')
      await json(admin, path, 200)
    }
    await json(gs, `/api/devices/${dustId}/readings`, 200)
  })

  it('on the map: a box around another zone\'s site holds none of its devices', async () => {
    const theirs = (await rows(sql<{ id: number }>`SELECT id FROM devices WHERE site_id = ${foreign.id}`)).map((r) => r.id)
    // Their cameras stand around the site: the box takes them all in.
    const [{ b: around }] = await rows(sql<{ b: string }>`SELECT concat_ws(',', ST_XMin(e) - 0.001, ST_YMin(e) - 0.001, ST_XMax(e) + 0.001, ST_YMax(e) + 0.001) AS b
      FROM (SELECT ST_Extent(coalesce(c.location, s.location)) AS e FROM devices v JOIN sites s ON s.id = v.site_id
        LEFT JOIN cameras c ON c.id = v.camera_id WHERE v.site_id = ${foreign.id}) x`)
    expect(await mapIds(admin, around)).toEqual(expect.arrayContaining(theirs))
    const seen = await mapIds(gs, around)
    expect(seen.filter((id) => theirs.includes(id))).toEqual([])
    expect(await mapIds(gs, box(own))).toContain(dustId)
  })
})
