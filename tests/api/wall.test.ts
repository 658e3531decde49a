import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tileAt } from '../../server/domain/tiles.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addHazard, addPm10 } from '../support/fixtures.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/* The wall's data behind display tokens, the events triggers write, and the stream that pushes them. */

let database: SeededDatabase
let adminSession: ApiSession
let app: ReturnType<typeof createTestApp>
let siteId: number

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database)
  adminSession = await signIn(app, database.demo('admin'))
  siteId = (await sql<{ id: number }>`SELECT id FROM sites ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
})
afterAll(() => database?.dispose())

const admin = (path: string, init: RequestInit = {}) => adminSession.request(`/api/admin/display-tokens${path}`, init)
async function newDisplayToken(name = '指挥中心大屏') {
  const res = await admin('', { method: 'POST', body: JSON.stringify({ name }) })
  expect(res.status).toBe(201)
  return res.json() as Promise<{ id: number; token: string; wallUrl: string }>
}
const newestEvents = async (n: number) => (await sql<{ kind: string; site_id: number; ref_id: number | null; value: number | null }>`
  SELECT kind, site_id, ref_id, value FROM live_events ORDER BY id DESC LIMIT ${n}`.execute(database.db)).rows

describe('display tokens', () => {
  it('are created and revoked by the admin only, and their secret is shown once', async () => {
    const created = await newDisplayToken()
    expect(created.token).toMatch(/^sgw_[A-Za-z0-9_-]{32}$/)
    expect(created.wallUrl).toBe(`/wall?token=${created.token}`)
    const listed = await (await admin('')).json()
    expect(JSON.stringify(listed)).not.toContain(created.token)
    expect((await app.request('/api/admin/display-tokens')).status).toBe(401)
    const command = await signIn(app, database.demo('city_command'))
    expect((await command.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: 'x' }) })).status).toBe(403)
    expect((await admin(`/${created.id}`, { method: 'DELETE' })).status).toBe(200)
    expect((await admin('/999999', { method: 'DELETE' })).status).toBe(404)
    for (const name of ['<b>大屏</b>', 'a\u0000b', '   ']) expect((await admin('', { method: 'POST', body: JSON.stringify({ name }) })).status).toBe(400)
  })

  it('read the wall and nothing else; a revoked one reads nothing', async () => {
    const { id, token } = await newDisplayToken()
    const snapshot = await app.request(`/api/wall/snapshot?token=${token}`)
    expect(snapshot.status).toBe(200)
    const body = await snapshot.json()
    expect(body.kpis.targets.target).toBe(1)
    expect(body.asOf).toMatch(/\+08:00$/)
    expect((await app.request('/api/wall/layers/sites', { headers: { authorization: `Bearer ${token}` } })).status).toBe(200)
    expect((await app.request('/api/admin/display-tokens', { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    expect((await app.request('/api/wall/snapshot')).status).toBe(401)
    await admin(`/${id}`, { method: 'DELETE' })
    const revoked = await app.request(`/api/wall/snapshot?token=${token}`)
    expect(revoked.status).toBe(401)
    expect((await revoked.json()).error.code).toBe('unauthorized')
  })

  it('read the city\'s tiles as the command center does, and no tile once revoked', async () => {
    const { id, token } = await newDisplayToken('瓦片大屏')
    const catalog = await (await app.request(`/api/wall/tiles?token=${token}`)).json()
    expect(catalog.tiles.sites.features).toBe(60)
    // The addresses it gives lead back to the wall's tiles, with the token.
    expect(catalog.tiles.sites.tilejson).toMatch(new RegExp(`/api/wall/tiles/sites\\?token=${token}$`))
    const tilejson = await (await app.request(`/api/wall/tiles/sites?token=${token}`)).json()
    expect(tilejson.tiles[0]).toMatch(new RegExp(`/api/wall/tiles/sites/\\{z\\}/\\{x\\}/\\{y\\}\\.mvt\\?token=${token}$`))
    // A city-zoom tile over the whole city: the same body the admin, whose zone is the city, is given.
    const { rows: [site] } = await sql<{ lon: number; lat: number }>`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM sites WHERE id = ${siteId}`.execute(database.db)
    const t = tileAt(site.lon, site.lat, 8)
    const whole = `/tiles/sites/8/${t.x}/${t.y}.mvt`
    const [byWall, byAdmin] = [await app.request(`/api/wall${whole}?token=${token}`), await adminSession.request(`/api${whole}`)]
    expect(byWall.status).toBe(200)
    expect(new Uint8Array(await byWall.arrayBuffer())).toEqual(new Uint8Array(await byAdmin.arrayBuffer()))
    expect((await app.request(`/api/wall${whole}`)).status).toBe(401)
    await admin(`/${id}`, { method: 'DELETE' })
    expect((await app.request(`/api/wall${whole}?token=${token}`)).status).toBe(401)
  })

  it('are written to the audit log', async () => {
    const { id } = await newDisplayToken('审计大屏')
    const log = await (await adminSession.request(`/api/admin/audit?entity=display_token&entityId=${id}`)).json()
    expect(log.map((e: { action: string }) => e.action)).toEqual(['create'])
    expect(log[0].username).toBe(database.demo('admin'))
  })
})

describe('live events', () => {
  it('are written when a hazard opens and closes, a camera goes off- and online, and PM10 goes over the limit', async () => {
    const hazardId = await addHazard(database.db, siteId, { severity: 'major', status: 'open', ageDays: 0, dueInDays: 3 })
    expect(await newestEvents(1)).toEqual([{ kind: 'hazard_opened', site_id: siteId, ref_id: hazardId, value: null }])
    await sql`UPDATE hazards SET status = 'closed', closed_at = now() WHERE id = ${hazardId}`.execute(database.db)
    expect((await newestEvents(1))[0]).toMatchObject({ kind: 'hazard_closed', ref_id: hazardId })
    const camera = (await sql<{ id: number; site_id: number }>`SELECT id, site_id FROM cameras WHERE online ORDER BY id LIMIT 1`.execute(database.db)).rows[0]
    await sql`UPDATE cameras SET online = false WHERE id = ${camera.id}`.execute(database.db)
    await sql`UPDATE cameras SET online = online WHERE id = ${camera.id}`.execute(database.db) // no change, no event
    expect((await newestEvents(1))[0]).toMatchObject({ kind: 'camera_offline', site_id: camera.site_id, ref_id: camera.id })
    await addPm10(database.db, siteId, [{ hoursAgo: 1, pm10: 120 }])
    expect((await newestEvents(1))[0].kind).toBe('camera_offline') // under the limit: nothing
    await addPm10(database.db, siteId, [{ hoursAgo: 0, pm10: 180 }])
    expect((await newestEvents(1))[0]).toMatchObject({ kind: 'pm10_exceedance', site_id: siteId, value: 180 })
  })

  it('are pushed to a connected wall as Server-Sent Events, and replayed after a reconnect', async () => {
    const { token } = await newDisplayToken()
    const res = await app.request(`/api/wall/events?token=${token}`)
    expect(res.headers.get('content-type')).toContain('text/event-stream')
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    const readUntil = async (pattern: RegExp) => {
      let text = ''
      while (!pattern.test(text)) text += (await reader.read()).value ?? ''
      return text
    }
    await readUntil(/event: ready/)
    const hazardId = await addHazard(database.db, siteId, { severity: 'general', status: 'open', ageDays: 0, dueInDays: 7 })
    const pushed = await readUntil(/"kind":"hazard_opened"[\s\S]*?\n\n/)
    const block = pushed.split('\n\n').find((b) => b.includes('"kind":"hazard_opened"'))!
    const field = (name: string) => new RegExp(`^${name}: (.*)$`, 'm').exec(block)![1]
    const [eventId, data] = [field('id'), field('data')]
    expect(field('event')).toBe('live')
    expect(JSON.parse(data)).toMatchObject({ kind: 'hazard_opened', siteId, refId: hazardId, siteName: expect.any(String) })
    await reader.cancel()

    await sql`UPDATE hazards SET status = 'closed', closed_at = now() WHERE id = ${hazardId}`.execute(database.db)
    const resumed = await app.request(`/api/wall/events?token=${token}`, { headers: { 'last-event-id': eventId } })
    const again = resumed.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while (!/"kind":"hazard_closed"/.test(text)) text += (await again.read()).value ?? ''
    expect(text).not.toContain('"kind":"hazard_opened"')
    await again.cancel()
  }, 20_000)

  it('ends a connected wall\'s stream when its token is revoked, before the next event', async () => {
    const { id, token } = await newDisplayToken()
    const res = await app.request(`/api/wall/events?token=${token}`)
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
    let text = ''
    while (!/event: ready/.test(text)) text += (await reader.read()).value ?? ''
    await admin(`/${id}`, { method: 'DELETE' })
    await addHazard(database.db, siteId, { severity: 'general', status: 'open', ageDays: 0, dueInDays: 7 })
    while (!/event: ended/.test(text)) text += (await reader.read()).value ?? ''
    expect(text).not.toContain('"kind":"hazard_opened"')
    expect((await reader.read()).done).toBe(true)
  }, 20_000)

  it('refuses a stream without a token', async () => {
    expect((await app.request('/api/wall/events')).status).toBe(401)
  })
})
