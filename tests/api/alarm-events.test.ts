import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { dustFactors, DustMonitor, nextQn, registerDevice, startTestIngest } from '../support/devices.ts'
import { addHazard, addSite, buildTown, type Town } from '../support/fixtures.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * The stream that keeps a supervisor's 今日任务 current: the alarms of their own zone as they open, clear and
 * close, raised by real HJ 212 packets; never another zone's, nor events that are not alarms.
 */

let database: TestDatabase
let town: Town
let field: FieldIngest
let app: ReturnType<typeof createTestApp>
let west: ApiSession
let east: ApiSession
const sites = { west: 0, east: 0 }
const monitors: DustMonitor[] = []

beforeAll(async () => {
  database = await createMigratedDatabase()
  town = await buildTown(database.db)
  sites.west = (await addSite(database.db, town, { grid: 'west' })).id
  sites.east = (await addSite(database.db, town, { grid: 'east' })).id
  field = await startTestIngest(database)
  app = createTestApp(database)
  await addUser(database.db, { username: 'grid.west', role: 'grid_supervisor', gridIds: [town.westGridId] })
  await addUser(database.db, { username: 'grid.east', role: 'grid_supervisor', gridIds: [town.eastGridId] })
  west = await signIn(app, 'grid.west')
  east = await signIn(app, 'grid.east')
})
afterAll(async () => {
  await Promise.all(monitors.map((m) => m.close()))
  await field?.stop()
  await database?.dispose()
})

interface Sent { id: number; kind: string; siteId: number; refId: number; alarmKind: string | null }

/** A signed-in stream, read as `live` events (everything before `ready` is the handshake). */
async function openStream(session: ApiSession, query = '') {
  const res = await session.request(`/api/alarms/events${query}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('text/event-stream')
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
  let text = ''
  const events = () => text.split('\n\n').filter((b) => /^event: live$/m.test(b)).map((b) => JSON.parse(/^data: (.*)$/m.exec(b)![1]) as Sent)
  const readUntil = async (done: () => boolean) => {
    while (!done()) text += (await reader.read()).value ?? ''
  }
  await readUntil(() => /event: ready\ndata: (.*)\n/.test(text))
  const ready = JSON.parse(/event: ready\ndata: (.*)\n/.exec(text)![1]) as { lastEventId: number }
  return { ready, events, readUntil, reader, text: () => text, close: () => reader.cancel() }
}

/** A dust monitor on `siteId` sending one PM10 reading, acknowledged: its alarm events are committed. */
async function pm10At(siteId: number, pm10: number, mn = `EV${String(siteId).padStart(9, '0')}`) {
  let monitor = monitors.find((m) => m.mn === mn)
  if (!monitor) {
    await registerDevice(database.db, { kind: 'dust_monitor', siteId, identity: mn, secret: 'events-secret' })
    monitor = await DustMonitor.connect(field.hj212.port, mn, 'events-secret')
    monitors.push(monitor)
  }
  await monitor.acked(monitor.send({ qn: nextQn(), dataTime: new Date(), factors: dustFactors(pm10) }))
}
const alarmAt = async (siteId: number) =>
  (await database.db.selectFrom('alarms').select('id').where('site_id', '=', siteId).orderBy('id', 'desc').executeTakeFirstOrThrow()).id

describe('the alarm stream of 今日任务', () => {
  it('pushes an alarm in the zone as it opens and clears, and nothing from another zone', async () => {
    const stream = await openStream(west)
    // Another zone's alarm and a hazard in this zone come first: had either leaked, it would arrive before ours.
    await pm10At(sites.east, 260)
    await addHazard(database.db, sites.west, { severity: 'major', status: 'open', ageDays: 0, dueInDays: 3 })
    await pm10At(sites.west, 240)
    const opened = await alarmAt(sites.west)
    await stream.readUntil(() => stream.events().length >= 1)
    expect(stream.events()).toEqual([expect.objectContaining({ kind: 'alarm_opened', siteId: sites.west, refId: opened, alarmKind: 'pm10_exceedance' })])

    await pm10At(sites.east, 100)
    await pm10At(sites.west, 90)
    await stream.readUntil(() => stream.events().length >= 2)
    expect(stream.events().map((e) => [e.kind, e.siteId])).toEqual([['alarm_opened', sites.west], ['alarm_cleared', sites.west]])
    await stream.close()
  }, 20_000)

  it('gives the other zone\'s supervisor their own alarm, and replays after a reconnect by the same rule', async () => {
    const eastAlarm = await alarmAt(sites.east)
    // From before both alarms opened: the replay holds both zones' events, and the east stream sends only its own.
    const replay = await openStream(east, '?after=0')
    await replay.readUntil(() => replay.events().some((e) => e.kind === 'alarm_cleared'))
    expect(replay.events().map((e) => [e.kind, e.refId])).toEqual([['alarm_opened', eastAlarm], ['alarm_cleared', eastAlarm]])
    expect(replay.events().every((e) => e.siteId === sites.east)).toBe(true)
    await replay.close()
  }, 20_000)

  it('ends when its session is ended, before sending what came after', async () => {
    const session = await signIn(app, 'grid.west')
    const stream = await openStream(session)
    const ended = () => /^event: ended$/m.test(stream.text())
    // An admin (or the user elsewhere) ends this session; the next alarm in the zone must not reach it.
    await database.db.deleteFrom('sessions').where('csrf_token', '=', session.csrfToken).execute()
    await pm10At(sites.west, 250)
    await stream.readUntil(ended)
    expect(stream.events()).toEqual([])
    expect((await stream.reader.read()).done).toBe(true)
  }, 20_000)

  it('is not read as an alarm id, and needs a session', async () => {
    expect((await app.request('/api/alarms/events')).status).toBe(401)
    const stream = await openStream(west)
    expect(stream.ready.lastEventId).toBeGreaterThan(0)
    await stream.close()
  })
})
