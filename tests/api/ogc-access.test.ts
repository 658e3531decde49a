import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { setPassword } from '../../server/features/auth/auth.repo.ts'
import { hashPassword } from '../../server/features/auth/passwords.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic, envelope, featureIds, idsWhere, ogcClient, type OgcPage as Page } from '../support/ogc.ts'
import { addUser, signIn } from '../support/session.ts'

/*
 * Who reads the OGC API: QGIS with HTTP Basic (the login form's throttling, lock-out and record of attempts, a
 * verified password remembered but re-checked against the account), or a portal session; and each user only
 * within their zone, compared with the database.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let ogc: ReturnType<typeof ogcClient>
let gridSupervisorId: number
const get: ReturnType<typeof ogcClient>['get'] = (...args) => ogc.get(...args)
const ids = (query: ReturnType<typeof sql>) => idsWhere(database.db, query)
const attempts = async (username: string) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM login_attempts WHERE username = ${username}`.execute(database.db)).rows[0].n

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  ogc = ogcClient(app, basic(database.demo('admin')))
  gridSupervisorId = (await sql<{ id: number }>`SELECT id FROM users WHERE username = ${database.demo('grid_supervisor')}`.execute(database.db)).rows[0].id
})
afterAll(() => database?.dispose())
// All requests come from one (unknown) address: each test starts with a quiet sign-in history, as in auth.test.ts.
afterEach(async () => { await sql`UPDATE login_attempts SET at = at - interval '1 day'`.execute(database.db) })

describe('signing in from a GIS client', () => {
  it('without credentials (or with a display token) is a 401 JSON error with a Basic challenge', async () => {
    for (const [path, authorization] of [['/api/ogc', null], ['/api/ogc/collections/sites/items?limit=1', null], ['/api/ogc/collections', 'Bearer not-a-portal-account']] as const) {
      const res = await get(path, authorization)
      expect(res.status, path).toBe(401)
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="SiteGrid"/)
      expect((await res.json()).error.code).toBe('unauthenticated')
    }
  })

  it('a wrong password is a 401 with the challenge, recorded as a failed sign-in', async () => {
    const username = database.demo('planner')
    const before = await attempts(username)
    const res = await get('/api/ogc/collections', basic(username, 'not-the-password'))
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="SiteGrid"/)
    expect((await res.json()).error.code).toBe('invalid_credentials')
    const last = (await sql<{ succeeded: boolean }>`SELECT succeeded FROM login_attempts WHERE username = ${username} ORDER BY id DESC LIMIT 1`.execute(database.db)).rows[0]
    expect([await attempts(username), last.succeeded]).toEqual([before + 1, false])
    expect((await get('/api/ogc/collections', 'Basic %%%')).status).toBe(401)
  })

  it('the portal’s session cookie is accepted as well', async () => {
    const planner = await signIn(app, database.demo('planner'))
    const res = await planner.request('/api/ogc/collections/sites/items?limit=1')
    expect(res.status).toBe(200)
    expect((await res.json() as Page).numberReturned).toBe(1)
  })

  it('a verified password is remembered, yet a changed password or a deactivated account is refused at once', async () => {
    const userId = await addUser(database.db, { username: 'qgis-user', role: 'planner' })
    expect((await get('/api/ogc/collections', basic('qgis-user'))).status).toBe(200)
    const afterFirst = await attempts('qgis-user')
    for (let i = 0; i < 3; i++) expect((await get('/api/ogc/collections/sites/items?limit=1', basic('qgis-user'))).status).toBe(200)
    expect(await attempts('qgis-user')).toBe(afterFirst)
    await setPassword(database.db, userId, await hashPassword('a-new-password-2021'))
    expect((await get('/api/ogc/collections', basic('qgis-user'))).status).toBe(401)
    expect((await get('/api/ogc/collections', basic('qgis-user', 'a-new-password-2021'))).status).toBe(200)
    await sql`UPDATE users SET active = false WHERE id = ${userId}`.execute(database.db)
    expect((await get('/api/ogc/collections', basic('qgis-user', 'a-new-password-2021'))).status).toBe(401)
  })

  it('five wrong passwords lock the account: then even the right one is a 429 with Retry-After', async () => {
    await addUser(database.db, { username: 'qgis-guessed', role: 'city_command' })
    for (let i = 0; i < 5; i++) expect((await get('/api/ogc', basic('qgis-guessed', `guess-${i}`))).status).toBe(401)
    const res = await get('/api/ogc', basic('qgis-guessed'))
    expect(res.status).toBe(429)
    expect((await res.json()).error.code).toBe('account_locked')
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  it('only reads: other methods are a 405, unknown paths a 404', async () => {
    const post = await get('/api/ogc/collections', basic(database.demo('admin')), { method: 'POST', headers: { origin: 'http://localhost' } })
    expect(post.status).toBe(405)
    expect(post.headers.get('allow')).toBe('GET, HEAD')
    expect((await post.json()).error.code).toBe('method_not_allowed')
    // As GIS clients send them: no Origin header, signed in or not.
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const headers of [{}, { authorization: basic(database.demo('admin')) }] as Record<string, string>[]) {
        const res = await app.request('/api/ogc/collections/sites/items', { method, headers })
        expect(res.status, `${method} ${Object.keys(headers)}`).toBe(405)
        expect(res.headers.get('allow')).toBe('GET, HEAD')
      }
    }
    const unknown = await get('/api/ogc/tiles')
    expect(unknown.status).toBe(404)
    expect((await unknown.json()).error.code).toBe('not_found')
  })
})

describe('each user within their zone', () => {
  it('a grid supervisor (Basic) pages through exactly the sites of their grids, and no other by id', async () => {
    const authorization = basic(database.demo('grid_supervisor'))
    const own = sql`grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gridSupervisorId})`
    const expected = await ids(sql`SELECT id FROM sites WHERE ${own} ORDER BY id`)
    const all = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`.execute(database.db)).rows[0].n
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(all)
    const pages = await ogc.pageThrough('/api/ogc/collections/sites/items?limit=7', authorization)
    expect(featureIds(pages)).toEqual(expected)
    expect(pages[0].numberMatched).toBe(expected.length)
    const other = (await ids(sql`SELECT id FROM sites WHERE NOT ${own} ORDER BY id LIMIT 1`))[0]
    expect((await get(`/api/ogc/collections/sites/items/${other}`, authorization)).status).toBe(404)
    expect((await get(`/api/ogc/collections/sites/items/${expected[0]}`, authorization)).status).toBe(200)
    const extent = (await sql<{ b: number[] }>`SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) AS b
      FROM (SELECT ST_Extent(location) AS e FROM sites WHERE ${own}) s`.execute(database.db)).rows[0].b
    const sites = await (await get('/api/ogc/collections/sites', authorization)).json()
    sites.extent.spatial.bbox[0].forEach((v: number, i: number) => expect(v).toBeCloseTo(extent[i], 9))
  })

  it('a district supervisor reads their district’s sites, whatever the bbox', async () => {
    const district = (await sql<{ id: number; name: string }>`SELECT d.id, d.name FROM districts d JOIN users u ON u.district_id = d.id
      WHERE u.username = ${database.demo('district_supervisor')}`.execute(database.db)).rows[0]
    const box = [119, 30, 122, 33]
    const expected = await ids(sql`SELECT id FROM sites WHERE district_id = ${district.id} AND ST_Intersects(location, ${envelope(box)}) ORDER BY id`)
    const pages = await ogc.pageThrough(`/api/ogc/collections/sites/items?bbox=${box.join(',')}&limit=10000`, basic(database.demo('district_supervisor')))
    expect(featureIds(pages)).toEqual(expected)
    expect(new Set(pages.flatMap((p) => p.features.map((f) => f.properties.district)))).toEqual(new Set([district.name]))
  })
})
