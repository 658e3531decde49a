import { randomBytes } from 'node:crypto'
import { sql } from 'kysely'
import mqtt, { type MqttClient } from 'mqtt'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { mqttTopic } from '../../server/features/mqtt/mqtt.listener.ts'
import { createMigratedDatabase, type TestDatabase } from '../support/database.ts'
import { ingestDatabase, readingCount, registerDevice, startTestIngest, until } from '../support/devices.ts'
import { addCraneInstallation, addSite, buildTown, TOWN_CENTRE } from '../support/fixtures.ts'

/*
 * Crane monitors and cameras through the real Mosquitto broker (MQTT_TEST_URL, default the one this machine runs):
 * QoS 1 acknowledged after the commit, redelivered when the commit fails, and a payload that claims another
 * device's id refused. Each run has a topic prefix and client ids of its own, so parallel runs share the broker.
 */

const BROKER = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883'
const run = randomBytes(4).toString('hex')
const prefix = `t${run}`
let database: TestDatabase
let siteId: number
let field: FieldIngest
let ingest: Awaited<ReturnType<typeof ingestDatabase>>
let publisher: MqttClient
let craneDevice: number
let cameraDevice: number
let cameraId: number
const logs: string[] = []

beforeAll(async () => {
  database = await createMigratedDatabase()
  const town = await buildTown(database.db)
  siteId = (await addSite(database.db, town, { grid: 'west' })).id
  const crane = { id: await addCraneInstallation(database.db, siteId, 'tower_crane', true) }
  const camera = await database.db.insertInto('cameras').values({ site_id: siteId, code: `MQ-CAM-${run}`, purpose: 'site_video', location: sql`ST_SetSRID(ST_MakePoint(${TOWN_CENTRE[0]}, ${TOWN_CENTRE[1]}), 4326)`,
    heading_deg: 0, fov_deg: 90, range_m: 50, online: true }).returning('id').executeTakeFirstOrThrow()
  cameraId = camera.id
  craneDevice = await registerDevice(database.db, { kind: 'crane_monitor', siteId, identity: `crane-${run}`, secret: 'x', craneId: crane.id })
  cameraDevice = await registerDevice(database.db, { kind: 'camera', siteId, identity: `camera-${run}`, secret: 'x', cameraId: camera.id })
  ingest = await ingestDatabase(database)
  field = await startTestIngest(ingest.database, { mqtt: { url: BROKER, clientId: `sitegrid-test-${run}`, prefix }, log: (m) => logs.push(m) })
  publisher = await mqtt.connectAsync(BROKER, { clientId: `publisher-${run}` })
})
afterAll(async () => {
  await publisher?.endAsync()
  await field?.stop()
  await ingest?.close()
  await database?.dispose()
})

const telemetry = (overrides: Record<string, unknown> = {}) => ({
  deviceId: `crane-${run}`, ts: new Date(Date.now() - 1_000).toISOString(), loadT: 3.2, ratedLoadT: 6, momentPct: 62, windMs: 4.1,
  heightM: 48, slewDeg: 212.5, alarms: [], operatorVerified: true, ...overrides,
})
const publish = (kind: 'crane_monitor' | 'camera', id: string, payload: unknown) =>
  publisher.publishAsync(mqttTopic(prefix, kind, id), JSON.stringify(payload), { qos: 1 })
const alarmsOf = (deviceId: number) => database.db.selectFrom('alarms').selectAll().where('device_id', '=', deviceId).orderBy('id').execute()

describe('MQTT ingest', () => {
  it('stores crane telemetry and opens an overload alarm', async () => {
    await publish('crane_monitor', `crane-${run}`, telemetry())
    await until(async () => (await readingCount(database.db, craneDevice)) === 1, 'the first telemetry')
    await publish('crane_monitor', `crane-${run}`, telemetry({ ts: new Date().toISOString(), loadT: 6.8, alarms: ['overload'] }))
    await until(async () => (await alarmsOf(craneDevice)).length === 1, 'the overload alarm')
    expect((await alarmsOf(craneDevice))[0]).toMatchObject({ kind: 'crane_overload', active: true, first_value: 6.8 })
    const device = await database.db.selectFrom('devices').select('last_values').where('id', '=', craneDevice).executeTakeFirstOrThrow()
    expect(device.last_values).toMatchObject({ values: { loadT: 6.8, operatorVerified: true, alarm_overload: true } })
  })

  it('refuses a payload that claims another device, and an invalid one, storing nothing', async () => {
    const before = field.mqtt!.stats().refused
    await publish('crane_monitor', `crane-${run}`, telemetry({ deviceId: `camera-${run}`, ts: new Date(Date.now() - 5_000).toISOString() }))
    await publish('crane_monitor', `crane-${run}`, telemetry({ momentPct: 'high' }))
    await until(() => field.mqtt!.stats().refused >= before + 2, 'both refusals')
    expect(await readingCount(database.db, craneDevice)).toBe(2)
    expect(logs.some((l) => l.includes(`payload claims device camera-${run}`))).toBe(true)
    expect(logs.some((l) => l.includes('momentPct'))).toBe(true)
  })

  it('redelivers a message whose commit failed, and stores it once', async () => {
    const fail = database.engine === 'postgres' ? 'PERFORM pg_terminate_backend(pg_backend_pid());' : `RAISE EXCEPTION 'storage lost';`
    await sql.raw(`CREATE FUNCTION t_break_mq() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.device_id = ${craneDevice} THEN ${fail} END IF; RETURN NEW; END $$`).execute(database.db)
    await sql.raw(`CREATE TRIGGER t_break_mq BEFORE INSERT ON device_readings FOR EACH ROW EXECUTE FUNCTION t_break_mq()`).execute(database.db)
    const failed = field.mqtt!.stats().uncommitted
    await publish('crane_monitor', `crane-${run}`, telemetry({ ts: new Date(Date.now() - 30_000).toISOString(), windMs: 9.5 }))
    await until(() => field.mqtt!.stats().uncommitted > failed, 'the failed commit')
    expect(await readingCount(database.db, craneDevice)).toBe(2)
    await sql.raw('DROP TRIGGER t_break_mq ON device_readings').execute(database.db)
    await sql.raw('DROP FUNCTION t_break_mq()').execute(database.db)
    await until(async () => (await readingCount(database.db, craneDevice)) === 3, 'the redelivered message', 30_000)
    await until(() => field.mqtt!.stats().connected, 'the subscriber back on the broker')
    expect(await readingCount(database.db, craneDevice)).toBe(3)
  })

  it('follows a camera offline and online, with an alarm after 10 minutes offline', async () => {
    await publish('camera', `camera-${run}`, { deviceId: `camera-${run}`, ts: new Date(Date.now() - 2_000).toISOString(), online: false })
    await until(async () => (await database.db.selectFrom('cameras').select('online').where('id', '=', cameraId).executeTakeFirstOrThrow()).online === false, 'the camera offline')
    expect(await field.sweeper.sweep()).toMatchObject({ opened: 0 })
    await sql`UPDATE cameras SET last_seen_at = now() - interval '11 minutes' WHERE id = ${cameraId}`.execute(database.db)
    expect(await field.sweeper.sweep()).toMatchObject({ opened: 1 })
    await publish('camera', `camera-${run}`, { deviceId: `camera-${run}`, ts: new Date().toISOString(), online: true })
    await until(async () => (await alarmsOf(cameraDevice))[0]?.active === false, 'the offline alarm to clear')
    const events = await sql<{ kind: string }>`SELECT kind FROM live_events WHERE site_id = ${siteId} AND kind LIKE 'camera_%' ORDER BY id`.execute(database.db)
    expect(events.rows.map((e) => e.kind)).toEqual(['camera_offline', 'camera_online'])
  })
})
