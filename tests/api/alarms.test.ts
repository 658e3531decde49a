import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { dustFactors, DustMonitor, nextQn, registerDevice, startTestIngest, until } from '../support/devices.ts'
import { addSite, buildTown, type Town } from '../support/fixtures.ts'
import { pngForm } from '../support/photos.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * An alarm is an incident: opened by the first PM10 reading over the rule, updated by the next, cleared when the
 * air is clean again; answered by the zone's supervisor (acknowledge → dispose with note and photo → close),
 * escalated when nobody acknowledges it in time, and audited throughout.
 */

let database: TestDatabase
let town: Town
let siteId: number
let field: FieldIngest
let app: ReturnType<typeof createTestApp>
let supervisor: ApiSession
let outsider: ApiSession

beforeAll(async () => {
  database = await createMigratedDatabase()
  town = await buildTown(database.db)
  siteId = (await addSite(database.db, town, { grid: 'west' })).id
  field = await startTestIngest(database)
  app = createTestApp(database)
  await addUser(database.db, { username: 'grid.west', role: 'grid_supervisor', gridIds: [town.westGridId] })
  await addUser(database.db, { username: 'grid.east', role: 'grid_supervisor', gridIds: [town.eastGridId] })
  supervisor = await signIn(app, 'grid.west')
  outsider = await signIn(app, 'grid.east')
})
afterAll(async () => {
  await field?.stop()
  await database?.dispose()
})

const alarmsOf = (deviceId: number) => database.db.selectFrom('alarms').selectAll().where('device_id', '=', deviceId).orderBy('id').execute()
const siteOf = async (alarmId: number) => (await database.db.selectFrom('alarms').select('site_id').where('id', '=', alarmId).executeTakeFirstOrThrow()).site_id
const eventsOf = async (alarmId: number) => (await sql<{ kind: string }>`SELECT kind FROM live_events WHERE ref_id = ${alarmId} AND kind LIKE 'alarm_%' ORDER BY id`.execute(database.db)).rows.map((r) => r.kind)

describe('PM10 alarms', () => {
  let deviceId: number
  let monitor: DustMonitor
  let alarmId: number

  it('opens one alarm for an episode, updates it, and clears it when PM10 falls back', async () => {
    deviceId = await registerDevice(database.db, { kind: 'dust_monitor', siteId, identity: 'ALARM000001', secret: 'alarm-secret' })
    monitor = await DustMonitor.connect(field.hj212.port, 'ALARM000001', 'alarm-secret')
    const t0 = Date.now() - 30 * 60_000
    for (const [i, pm10] of [[0, 90], [1, 180], [2, 240], [3, 200]] as const) {
      await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(t0 + i * 60_000), factors: dustFactors(pm10) }))
    }
    const [open] = await alarmsOf(deviceId)
    expect(open).toMatchObject({ kind: 'pm10_exceedance', status: 'open', active: true, first_value: 180, peak_value: 240, last_value: 200, readings: 3 })
    alarmId = open.id
    // Within the response deadline the kind gives (PM10: one hour).
    expect(new Date(open.respond_by).getTime() - Date.now()).toBeGreaterThan(55 * 60_000)
    await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(t0 + 4 * 60_000), factors: dustFactors(120) }))
    const [cleared] = await alarmsOf(deviceId)
    expect(cleared).toMatchObject({ id: alarmId, active: false, status: 'open' })
    expect(await eventsOf(alarmId)).toEqual(['alarm_opened', 'alarm_cleared'])
  })

  it('shows the alarm in the supervisor\'s 今日任务 and not in another zone', async () => {
    const zone = await (await supervisor.request('/api/my-zone')).json()
    expect(zone.alarms.map((a: { id: number }) => a.id)).toContain(alarmId)
    expect(zone.alarms.find((a: { id: number }) => a.id === alarmId)).toMatchObject({ kind: 'pm10_exceedance', kindName: 'PM10超标', peakValue: 240 })
    expect((await outsider.request(`/api/alarms/${alarmId}`)).status).toBe(404)
    expect((await outsider.post(`/api/alarms/${alarmId}/acknowledge`, {})).status).toBe(404)
  })

  it('is acknowledged, disposed with a note and a photo, then closed; no step skipped, each audited', async () => {
    expect((await supervisor.post(`/api/alarms/${alarmId}/close`, {})).status).toBe(409)
    const ack = await supervisor.post(`/api/alarms/${alarmId}/acknowledge`, { note: '已联系项目部' })
    expect(ack.status).toBe(200)
    expect(await ack.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: expect.any(String) })
    expect((await supervisor.post(`/api/alarms/${alarmId}/dispose`, { note: '', photoId: 1 })).status).toBe(400)
    const photo = await (await supervisor.request('/api/photos', { method: 'POST', body: pngForm(siteId) })).json()
    const disposed = await supervisor.post(`/api/alarms/${alarmId}/dispose`, { note: '裸土已覆盖，雾炮开启', photoId: photo.id })
    expect(disposed.status).toBe(200)
    expect(await disposed.json()).toMatchObject({ status: 'disposed', disposalNote: '裸土已覆盖，雾炮开启', disposalPhotoId: photo.id })
    const closed = await supervisor.post(`/api/alarms/${alarmId}/close`, {})
    expect(await closed.json()).toMatchObject({ status: 'closed', closedAt: expect.any(String) })
    const audit = await database.db.selectFrom('audit_log').select('action').where('entity', '=', 'alarm').where('entity_id', '=', String(alarmId)).orderBy('id').execute()
    expect(audit.map((a) => a.action)).toEqual(['acknowledge', 'dispose', 'close'])
    expect(await eventsOf(alarmId)).toEqual(['alarm_opened', 'alarm_cleared', 'alarm_closed'])
    // The disposal's photo is evidence for that alarm only: an inspection cannot take it as well.
    const reused = await supervisor.post('/api/inspections', {
      siteId, kind: 'routine', inspectedAt: new Date(Date.now() - 3_600_000).toISOString(), photoIds: [photo.id],
      checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
      scoreSheet: { safety_management: 36, site_safety: 27, dust_control: 15, civilised_construction: 9 },
    })
    expect(reused.status).toBe(400)
    expect((await reused.json()).error.code).toBe('invalid_photo')
  })

  it('opens a new incident for the next episode', async () => {
    await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(Date.now() - 60_000), factors: dustFactors(300) }))
    const alarms = await alarmsOf(deviceId)
    expect(alarms).toHaveLength(2)
    expect(alarms[1]).toMatchObject({ status: 'open', active: true, first_value: 300 })
    await monitor.close()
  })
})

describe('time-based alarms and escalation', () => {
  it('escalates an unacknowledged alarm to the district past its deadline, then to the city', async () => {
    const [, latest] = await database.db.selectFrom('alarms').select(['id']).where('kind', '=', 'pm10_exceedance').orderBy('id').execute()
    await sql`UPDATE alarms SET respond_by = now() - interval '5 minutes' WHERE id = ${latest.id}`.execute(database.db)
    expect(await field.sweeper.sweep()).toMatchObject({ escalated: 1 })
    expect(await database.db.selectFrom('alarms').select('escalation').where('id', '=', latest.id).executeTakeFirstOrThrow()).toEqual({ escalation: 'district' })
    await sql`UPDATE alarms SET respond_by = now() - interval '61 minutes' WHERE id = ${latest.id}`.execute(database.db)
    expect(await field.sweeper.sweep()).toMatchObject({ escalated: 1 })
    expect(await field.sweeper.sweep()).toMatchObject({ escalated: 0 })
    const row = await database.db.selectFrom('alarms').select('escalation').where('id', '=', latest.id).executeTakeFirstOrThrow()
    expect(row.escalation).toBe('city')
    expect(await eventsOf(latest.id)).toEqual(['alarm_opened', 'alarm_escalated', 'alarm_escalated'])
    const audit = await database.db.selectFrom('audit_log').select(['action', 'user_id']).where('entity', '=', 'alarm').where('entity_id', '=', String(latest.id)).execute()
    expect(audit).toEqual([{ action: 'escalate', user_id: null }, { action: 'escalate', user_id: null }])
  })

  it('raises device_silent after two missed intervals, and the next report clears it', async () => {
    const deviceId = await registerDevice(database.db, { kind: 'dust_monitor', siteId, identity: 'SILENT00001', secret: 'silent-secret', intervalS: 60 })
    const monitor = await DustMonitor.connect(field.hj212.port, 'SILENT00001', 'silent-secret')
    await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(Date.now() - 60_000), factors: dustFactors(50) }))
    expect(await field.sweeper.sweep()).toMatchObject({ opened: 0 })
    await sql`UPDATE devices SET last_seen_at = now() - interval '121 seconds' WHERE id = ${deviceId}`.execute(database.db)
    expect(await field.sweeper.sweep()).toMatchObject({ opened: 1 })
    expect(await field.sweeper.sweep()).toMatchObject({ opened: 0 })
    expect(await alarmsOf(deviceId)).toEqual([expect.objectContaining({ kind: 'device_silent', active: true })])
    await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(), factors: dustFactors(50) }))
    await until(async () => (await alarmsOf(deviceId))[0]?.active === false, 'the silence to clear')
    await monitor.close()
  })
})

describe('alarms in 今日任务 and on the wall', () => {
  let older: number
  let newer: number
  const zoneAlarms = async (s: ApiSession) => (await (await s.request('/api/my-zone')).json()).alarms as { id: number; overdue: boolean; status: string; escalation: string }[]

  it('lists the zone\'s unclosed alarms overdue first, and only in that zone', async () => {
    const site = (await addSite(database.db, town, { grid: 'west' })).id
    const opened: number[] = []
    for (const mn of ['ZONE0000001', 'ZONE0000002']) {
      const deviceId = await registerDevice(database.db, { kind: 'dust_monitor', siteId: site, identity: mn, secret: 'zone-secret' })
      const monitor = await DustMonitor.connect(field.hj212.port, mn, 'zone-secret')
      await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(Date.now() - 60_000), factors: dustFactors(260) }))
      await monitor.close()
      opened.push((await alarmsOf(deviceId))[0].id)
    }
    ;[older, newer] = opened
    // The older one is past its deadline: it goes above the newer one, which the newest-first order alone would not do.
    await sql`UPDATE alarms SET respond_by = now() - interval '1 minute' WHERE id = ${older}`.execute(database.db)
    const listed = await zoneAlarms(supervisor)
    const ids = listed.map((a) => a.id)
    expect(ids.indexOf(older)).toBeLessThan(ids.indexOf(newer))
    expect(listed.find((a) => a.id === older)).toMatchObject({ overdue: true, status: 'open' })
    expect(listed.find((a) => a.id === newer)).toMatchObject({ overdue: false, status: 'open', escalation: 'none' })
    const flags = listed.map((a) => a.overdue)
    expect(flags).toEqual([...flags].sort((a, b) => Number(b) - Number(a)))
    const foreign = (await zoneAlarms(outsider)).map((a) => a.id)
    expect(foreign).not.toContain(older)
    expect(foreign).not.toContain(newer)
  })

  it('shows city command every alarm, read-only', async () => {
    await addUser(database.db, { username: 'command', role: 'city_command' })
    const command = await signIn(app, 'command')
    expect((await zoneAlarms(command)).map((a) => a.id)).toEqual(expect.arrayContaining([older, newer]))
    const refused = await command.post(`/api/alarms/${newer}/acknowledge`, {})
    expect(refused.status).toBe(403)
    expect((await refused.json()).error.code).toBe('forbidden')
  })

  it('drops a closed alarm from 今日任务, and keeps it in the full list', async () => {
    await supervisor.post(`/api/alarms/${newer}/acknowledge`, {})
    expect((await zoneAlarms(supervisor)).find((a) => a.id === newer)).toMatchObject({ status: 'acknowledged' })
    const photo = await (await supervisor.request('/api/photos', { method: 'POST', body: pngForm(await siteOf(newer)) })).json()
    expect((await supervisor.post(`/api/alarms/${newer}/dispose`, { note: '洒水降尘', photoId: photo.id })).status).toBe(200)
    expect((await supervisor.post(`/api/alarms/${newer}/close`, { note: '复测正常' })).status).toBe(200)
    expect((await zoneAlarms(supervisor)).map((a) => a.id)).not.toContain(newer)
    const all = await (await supervisor.request('/api/alarms?state=all')).json()
    expect(all.alarms.find((a: { id: number }) => a.id === newer)).toMatchObject({ status: 'closed', disposalNote: '洒水降尘' })
  })

  it('names the alarm\'s kind, site and reading in the wall\'s feed', async () => {
    await addUser(database.db, { username: 'wall.admin', role: 'admin' })
    const admin = await signIn(app, 'wall.admin')
    const { token } = await (await admin.post('/api/admin/display-tokens', { name: '告警大屏' })).json()
    // A hazard's event whose ref_id (a hazard id) happens to equal an alarm's id must not borrow the alarm's name.
    await sql`INSERT INTO live_events (at, kind, site_id, ref_id) VALUES (now(), 'hazard_opened', ${await siteOf(older)}, ${older})`.execute(database.db)
    const { alerts } = await (await app.request(`/api/wall/snapshot?token=${token}`)).json()
    const site = await database.db.selectFrom('sites').select('name').where('id', '=', await siteOf(older)).executeTakeFirstOrThrow()
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'alarm_opened', refId: older, alarmKind: 'pm10_exceedance', alarmName: 'PM10超标', siteName: site.name, value: 260 }))
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'alarm_closed', refId: newer, alarmKind: 'pm10_exceedance', alarmName: 'PM10超标' }))
    expect(alerts).toContainEqual(expect.objectContaining({ kind: 'hazard_opened', refId: older, alarmKind: null, alarmName: null }))
  })
})
