import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { createMigratedDatabase, type TestDatabase } from '../support/database.ts'
import { dustFactors, DustMonitor, ingestDatabase, nextQn, readingCount, registerDevice, startTestIngest, until } from '../support/devices.ts'
import { addSite, buildTown, type Town } from '../support/fixtures.ts'

/*
 * Dust monitors over real TCP into a real database: acknowledged only after commit, idempotent on resend,
 * refused without storing anything when the MN, PW or clock is wrong, and unharmed by broken framing.
 */

let database: TestDatabase
let town: Town
let siteId: number
let field: FieldIngest
let ingest: Awaited<ReturnType<typeof ingestDatabase>>
const logs: string[] = []
const start = () => startTestIngest(ingest.database, { log: (m) => logs.push(m) })
const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000)
let mnSerial = 0
async function newMonitor(pw = 'pw-correct-horse') {
  const mn = `T212${String(++mnSerial).padStart(6, '0')}`
  const deviceId = await registerDevice(database.db, { kind: 'dust_monitor', siteId, identity: mn, secret: pw })
  return { deviceId, monitor: await DustMonitor.connect(field.hj212.port, mn, pw) }
}

beforeAll(async () => {
  database = await createMigratedDatabase()
  town = await buildTown(database.db)
  siteId = (await addSite(database.db, town, { grid: 'west' })).id
  ingest = await ingestDatabase(database)
  field = await start()
})
afterAll(async () => {
  await field?.stop()
  await ingest?.close()
  await database?.dispose()
})

describe('HJ 212 listener', () => {
  it('stores a real-time upload and answers with the data response after the commit', async () => {
    const { deviceId, monitor } = await newMonitor()
    const qn = monitor.send({ qn: nextQn(), dataTime: minutesAgo(1), factors: dustFactors(88) })
    await monitor.acked(qn)
    const row = await database.db.selectFrom('device_readings').selectAll().where('device_id', '=', deviceId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ command: '2011', normal: true, reading: expect.objectContaining({ pm10: 88, pm25: 53, windSpeed: 2.4 }) })
    const device = await database.db.selectFrom('devices').select(['last_seen_at', 'last_values']).where('id', '=', deviceId).executeTakeFirstOrThrow()
    expect(device.last_seen_at).not.toBeNull()
    expect(device.last_values).toMatchObject({ command: '2011', values: { pm10: 88 } })
    await monitor.close()
  })

  it('treats a resend as the same reading: acknowledged again, stored once', async () => {
    const { deviceId, monitor } = await newMonitor()
    const at = minutesAgo(2)
    const first = monitor.send({ qn: nextQn(), dataTime: at, factors: dustFactors(70) })
    await monitor.acked(first)
    const resend = monitor.send({ qn: nextQn(), dataTime: at, factors: dustFactors(70) })
    await monitor.acked(resend)
    expect(await readingCount(database.db, deviceId)).toBe(1)
    await monitor.close()
  })

  it('takes frames split at every byte and frames coalesced with garbage between', async () => {
    const { deviceId, monitor } = await newMonitor()
    const frame = monitor.frame({ qn: nextQn(), dataTime: minutesAgo(3), factors: dustFactors(60) })
    for (const byte of frame) monitor.write(Uint8Array.of(byte))
    await until(async () => (await readingCount(database.db, deviceId)) === 1, 'the split frame')
    const two = [monitor.frame({ qn: nextQn(), dataTime: minutesAgo(2), factors: dustFactors(61) }), monitor.frame({ qn: nextQn(), dataTime: minutesAgo(1), factors: dustFactors(62) })]
    monitor.write(Buffer.concat([Buffer.from('noise\r\n'), two[0], Buffer.from('xx'), two[1]]))
    await until(async () => (await readingCount(database.db, deviceId)) === 3, 'both coalesced frames')
    await monitor.close()
  })

  it('drops a frame with a bad CRC, keeps the connection for good ones, and closes one that keeps sending bad ones', async () => {
    const { deviceId, monitor } = await newMonitor()
    const before = field.hj212.stats().badFrames
    const bad = monitor.frame({ qn: nextQn(), dataTime: minutesAgo(5), factors: dustFactors(55) })
    bad[bad.length - 3] = bad[bad.length - 3] === 0x30 ? 0x31 : 0x30 // one CRC digit wrong
    monitor.write(bad)
    const good = monitor.send({ qn: nextQn(), dataTime: minutesAgo(4), factors: dustFactors(56) })
    await monitor.acked(good)
    expect(field.hj212.stats().badFrames).toBe(before + 1)
    expect(await readingCount(database.db, deviceId)).toBe(1)
    for (let i = 0; i < 5; i++) monitor.write(bad)
    await until(() => monitor.closed, 'the server to hang up on repeated bad frames')
  })

  it('refuses an unknown MN and a wrong PW, stores nothing and logs why', async () => {
    const { deviceId, monitor } = await newMonitor('the-real-password')
    const wrong = await DustMonitor.connect(field.hj212.port, monitor.mn, 'a-guessed-password')
    const refusedBefore = field.hj212.stats().refused
    wrong.send({ qn: nextQn(), dataTime: minutesAgo(1), factors: dustFactors(99) })
    const stranger = await DustMonitor.connect(field.hj212.port, 'NOBODY000001', 'whatever')
    stranger.send({ qn: nextQn(), dataTime: minutesAgo(1), factors: dustFactors(99) })
    await until(() => field.hj212.stats().refused === refusedBefore + 2, 'both refusals')
    expect(await readingCount(database.db, deviceId)).toBe(0)
    expect(wrong.acks.size + stranger.acks.size).toBe(0)
    expect(logs.some((l) => l.includes(`MN=${monitor.mn}`) && l.includes('wrong password'))).toBe(true)
    expect(logs.some((l) => l.includes('unknown device NOBODY000001'))).toBe(true)
    await Promise.all([wrong.close(), stranger.close(), monitor.close()])
  })

  it('refuses a reading from more than 10 minutes ahead, and takes late data up to a week old', async () => {
    const { deviceId, monitor } = await newMonitor()
    monitor.send({ qn: nextQn(), dataTime: minutesAgo(-11), factors: dustFactors(40) })
    await until(() => logs.some((l) => l.includes(monitor.mn) && l.includes('in the future')), 'the future reading refused')
    const lateHour = new Date(Math.floor((Date.now() - 3 * 86_400_000) / 3_600_000) * 3_600_000)
    const late = monitor.send({ qn: nextQn(), cn: '2061', dataTime: lateHour, factors: dustFactors(210) })
    await monitor.acked(late)
    expect(await readingCount(database.db, deviceId)).toBe(1)
    // The late hour feeds the dust rule (and, through its triggers, marks the site's risk for recomputing).
    const hour = await database.db.selectFrom('pm10_readings').select('pm10').where('site_id', '=', siteId).where('measured_at', '=', lateHour).executeTakeFirst()
    expect(hour?.pm10).toBe(210)
    const stale = await sql<{ n: number }>`SELECT count(*)::int AS n FROM risk_stale WHERE site_id = ${siteId}`.execute(database.db)
    expect(stale.rows[0].n).toBeGreaterThan(0)
    await monitor.close()
  })

  it('keeps flagged data as flagged: stored, not an hourly mean and not an exceedance', async () => {
    const { deviceId, monitor } = await newMonitor()
    const hour = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 3_600_000) * 3_600_000)
    const qn = monitor.send({ qn: nextQn(), cn: '2061', dataTime: hour, factors: dustFactors(480, 'C') })
    await monitor.acked(qn)
    const row = await database.db.selectFrom('device_readings').select(['normal', 'flags']).where('device_id', '=', deviceId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ normal: false, flags: expect.objectContaining({ pm10: 'C' }) })
    expect(await database.db.selectFrom('pm10_readings').select('pm10').where('site_id', '=', siteId).where('measured_at', '=', hour).executeTakeFirst()).toBeUndefined()
    expect(await database.db.selectFrom('alarms').select('id').where('device_id', '=', deviceId).executeTakeFirst()).toBeUndefined()
    await monitor.close()
  })
})

describe('acknowledged means committed', () => {
  it('sends no answer when the commit fails, and the resend then lands once', async () => {
    const { deviceId, monitor } = await newMonitor()
    // The database goes away in the middle of the batch: the server engine loses the connection itself; the
    // embedded one, which has no connection to lose, fails the statement.
    const fail = database.engine === 'postgres' ? 'PERFORM pg_terminate_backend(pg_backend_pid());' : `RAISE EXCEPTION 'storage lost';`
    await sql.raw(`CREATE FUNCTION t_break() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.device_id = ${deviceId} THEN ${fail} END IF; RETURN NEW; END $$`).execute(database.db)
    await sql.raw(`CREATE TRIGGER t_break BEFORE INSERT ON device_readings FOR EACH ROW EXECUTE FUNCTION t_break()`).execute(database.db)
    const at = minutesAgo(1)
    const failed = field.hj212.stats().uncommitted
    const qn = monitor.send({ qn: nextQn(), dataTime: at, factors: dustFactors(77) })
    await until(() => field.hj212.stats().uncommitted > failed, 'the failed commit')
    expect(monitor.acks.has(qn)).toBe(false)
    await sql.raw('DROP TRIGGER t_break ON device_readings').execute(database.db)
    await sql.raw('DROP FUNCTION t_break()').execute(database.db)
    expect(await readingCount(database.db, deviceId)).toBe(0)
    const resend = monitor.send({ qn: nextQn(), dataTime: at, factors: dustFactors(77) })
    await monitor.acked(resend)
    expect(await readingCount(database.db, deviceId)).toBe(1)
    await monitor.close()
  })

  it('keeps every acknowledged reading through a restart while devices stream', async () => {
    const devices = await Promise.all(Array.from({ length: 8 }, () => newMonitor()))
    const sent = new Map<string, { deviceId: number; at: Date }>()
    let streaming = true
    let restarted = false
    // DataTime has whole seconds, so the times sent are whole seconds too, as the stored ones are compared to them.
    const from = Math.floor((Date.now() - 86_400_000) / 1_000) * 1_000
    // Each device sends until the server is back, paced so that the stream is still going when the server stops.
    // A cap by count alone (it was 400, 8 s) ran out on a slow CI machine before the restart came; this one is
    // a bound on a hang: 5,000 readings take 100 s.
    const MAX_PER_DEVICE = 5_000
    const stream = Promise.all(devices.map(async ({ deviceId, monitor }, d) => {
      for (let i = 0; streaming && i < MAX_PER_DEVICE; i++) {
        const at = new Date(from + d * 1_000 + i * 10_000)
        if (!monitor.closed) sent.set(monitor.send({ qn: nextQn(), dataTime: at, factors: dustFactors(50 + (i % 40)) }), { deviceId, at })
        await new Promise((r) => setTimeout(r, 20))
      }
    }))
    await until(() => devices.every(({ monitor }) => monitor.acks.size >= 10), 'the devices streaming')
    const stopping = Date.now()
    await field.stop()
    const stopMs = Date.now() - stopping
    restarted = true
    field = await start()
    streaming = false
    await stream
    expect(restarted).toBe(true)
    expect(stopMs).toBeLessThan(30_000) // a bound on a hang: stopping waits only for the commits in flight
    expect(sent.size).toBeLessThan(devices.length * MAX_PER_DEVICE) // the devices were still sending when the server stopped
    const acked = devices.flatMap(({ monitor }) => [...monitor.acks.keys()].map((qn) => sent.get(qn)!))
    expect(acked.length).toBeGreaterThanOrEqual(devices.length * 10)
    const stored = await sql<{ device_id: number; data_time: Date }>`SELECT device_id, data_time FROM device_readings WHERE device_id = ANY(${devices.map((d) => d.deviceId)})`.execute(database.db)
    const keys = new Set(stored.rows.map((r) => `${r.device_id}|${new Date(r.data_time).getTime()}`))
    expect(acked.filter((a) => !keys.has(`${a.deviceId}|${a.at.getTime()}`))).toEqual([])
    await Promise.all(devices.map(({ monitor }) => monitor.close()))
  })
})
