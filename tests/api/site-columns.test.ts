import { gunzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SITE_COLUMN_NAMES, type SiteColumnsBody } from '../../server/domain/site-columns.ts'
import { startSiteColumnsWarmer } from '../../server/features/layers/site-columns-warmer.ts'
import { createAnalyticsRefresher } from '../../server/features/risk/risk.service.ts'
import { createTileCache, type TileCache } from '../../server/features/tiles/tiles.cache.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * The sites layer in columns must be the points layer by other means: for each filter and scope, the same sites in
 * the same order with the same values. So each case zips the columns back into sites and compares them with the
 * GeoJSON features of /api/layers/sites for the same query and session.
 */

// The template layers.test.ts shares; its rail sites include coordinates on a rounding near-tie (see siteColumns).
const SITES = 400
let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let command: ApiSession
let gridSupervisor: ApiSession
let admin: ApiSession
let tiles: TileCache

beforeAll(async () => {
  database = await createSeededDatabase(SITES)
  tiles = createTileCache(database)
  app = createTestApp(database, {}, { tiles })
  ;[command, gridSupervisor, admin] = await Promise.all((['city_command', 'grid_supervisor', 'admin'] as const).map((role) => signIn(app, database.demo(role))))
})
afterAll(() => database?.dispose())

type Site = Record<(typeof SITE_COLUMN_NAMES)[number], unknown>
interface Feature { id: number; geometry: { coordinates: [number, number] }; properties: Record<string, unknown> }

const round6 = (x: number) => Math.round(x * 1e6) / 1e6

/** The body's sites, one record per index, after checking that every column is as long as `count` and ids ascend. */
function zipped(body: SiteColumnsBody): Site[] {
  expect(Object.keys(body)).toEqual(['count', ...SITE_COLUMN_NAMES])
  for (const name of SITE_COLUMN_NAMES) expect(body[name], name).toHaveLength(body.count)
  for (let i = 1; i < body.count; i++) expect(body.id[i]).toBeGreaterThan(body.id[i - 1])
  return body.id.map((_, i) => Object.fromEntries(SITE_COLUMN_NAMES.map((name) => [name, body[name][i]])) as Site)
}

/** A points-layer feature as the columns should describe it (`key` as 1/0, coordinates to 6 decimals). */
const asColumns = ({ id, geometry: { coordinates: [lon, lat] }, properties: p }: Feature): Site => ({
  id, lon: round6(lon), lat: round6(lat), code: p.code, name: p.name, kind: p.kind, stage: p.stage, key: p.key === true ? 1 : 0,
  floorArea: p.floorArea, riskScore: p.riskScore, riskGrade: p.riskGrade, coverageRatio: p.coverageRatio, cameras: p.cameras, onlineCameras: p.onlineCameras,
})

async function columnsOf(session: ApiSession, query: string): Promise<SiteColumnsBody> {
  const res = await session.request(`/api/layers/site-columns${query}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
  return res.json()
}

/** The columns of `query` for `session`, checked against its points layer; returns the sites. */
async function sameAsPoints(session: ApiSession, query: string): Promise<Site[]> {
  const sites = zipped(await columnsOf(session, query))
  const res = await session.request(`/api/layers/sites${query}`)
  expect(res.status).toBe(200)
  const features: Feature[] = (await res.json()).features
  expect(sites).toEqual(features.map(asColumns))
  return sites
}

/** Renames a site behind the caches' back: with triggers off (the replica role) no change notice is sent. */
const renameUnnoticed = (id: number, name: string) => database.db.transaction().execute(async (trx) => {
  await sql`SET LOCAL session_replication_role = replica`.execute(trx)
  await sql`UPDATE sites SET name = ${name} WHERE id = ${id}`.execute(trx)
})
/** Renames a site as any write does: its notice drops what is kept of the sites layer. */
const rename = (id: number, name: string) => sql`UPDATE sites SET name = ${name} WHERE id = ${id}`.execute(database.db)

const siteCount = async (where: ReturnType<typeof sql>) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sites s WHERE ${where}`.execute(database.db)).rows[0].n)

describe('the sites layer in columns', () => {
  it('gives the whole city the points layer gives, site by site and value by value', async () => {
    const sites = await sameAsPoints(command, '')
    expect(sites).toHaveLength(SITES)
    // The seed has each kind of value, so a column that dropped nulls, keys or risk would show.
    expect(sites.some((s) => s.key === 1) && sites.some((s) => s.key === 0)).toBe(true)
    expect(sites.some((s) => s.riskGrade !== null) && sites.some((s) => s.coverageRatio !== null)).toBe(true)
    expect(sites.some((s) => (s.cameras as number) > 0)).toBe(true)
  })

  it('filters as the points layer does: by district, grade and kind, coverage and key projects', async () => {
    const { rows: [busiest] } = await sql<{ id: number }>`
      SELECT district_id AS id FROM sites GROUP BY district_id ORDER BY count(*) DESC, district_id LIMIT 1`.execute(database.db)
    const inDistrict = await sameAsPoints(command, `?district=${busiest.id}`)
    expect(inDistrict.length).toBe(await siteCount(sql`s.district_id = ${busiest.id}`))
    expect(inDistrict.length).toBeLessThan(SITES)
    for (const query of ['?grade=red,orange,yellow&kind=housing,municipal', '?coverageBelow=0.5', '?key=true']) {
      const sites = await sameAsPoints(command, query)
      expect(sites.length, query).toBeGreaterThan(0)
      expect(sites.length, query).toBeLessThan(SITES)
    }
  })

  it('gives a grid supervisor the sites of their own zone only', async () => {
    const sites = await sameAsPoints(gridSupervisor, '')
    const own = sql`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gridSupervisor.user.userId})`
    expect(sites.length).toBe(await siteCount(own))
    expect(sites.length).toBeGreaterThan(0)
    expect(sites.length).toBeLessThan(SITES)
  })

  it('gives a count of 0 and empty columns when nothing matches', async () => {
    const body = await columnsOf(command, '?q=%25')
    expect(body).toEqual({ count: 0, ...Object.fromEntries(SITE_COLUMN_NAMES.map((name) => [name, []])) })
  })

  it('refuses a bad filter and a request without a session', async () => {
    for (const [query, code] of [['grade=purple', 'invalid_request'], ['district=abc', 'invalid_request'],
      ['coverageBelow=2', 'invalid_request'], ['district=999999', 'unknown_filter_value']]) {
      const res = await command.request(`/api/layers/site-columns?${query}`)
      expect(res.status, query).toBe(400)
      expect((await res.json()).error.code, query).toBe(code)
    }
    const anonymous = await app.request('/api/layers/site-columns')
    expect(anonymous.status).toBe(401)
    expect((await anonymous.json()).error.code).toBe('unauthenticated')
  })

  it('is sent gzipped to a client that takes gzip', async () => {
    const plain = await (await command.request('/api/layers/site-columns')).text()
    const res = await command.request('/api/layers/site-columns', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const body = new Uint8Array(await res.arrayBuffer())
    expect(body.length).toBeLessThan(plain.length / 2)
    expect(JSON.parse(gunzipSync(body).toString('utf8'))).toEqual(JSON.parse(plain))
  })

  it('is documented with its filters and its columns', async () => {
    const doc = await (await command.request('/api/openapi.json')).json()
    const get = doc.paths['/api/layers/site-columns'].get
    expect(get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['district', 'grade', 'coverageBelow', 'key']))
    expect(Object.keys(doc.components.schemas.SiteColumns.properties)).toEqual(['count', ...SITE_COLUMN_NAMES])
  })
})

describe('the wall\'s sites in columns', () => {
  it('are the city\'s columns, behind the display token like the wall\'s other layers', async () => {
    const created = await admin.post('/api/admin/display-tokens', { name: '列式图层大屏' })
    expect(created.status).toBe(201)
    const { token } = await created.json()
    const res = await app.request(`/api/wall/layers/site-columns?token=${token}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const wall = await res.json()
    expect(wall.count).toBe(SITES)
    expect(wall).toEqual(await columnsOf(command, ''))
    for (const query of ['', `?token=sgw_${'x'.repeat(32)}`]) {
      const [columns, sites] = await Promise.all(['site-columns', 'sites'].map((layer) => app.request(`/api/wall/layers/${layer}${query}`)))
      expect(columns.status, query).toBe(401)
      expect(sites.status, query).toBe(401)
      expect((await columns.json()).error.code, query).toBe((await sites.json()).error.code)
    }
  })
})

describe('the columns kept between requests', () => {
  const CITY = 'site-columns?{}@city'

  it('are kept for the city until a site changes, and the change shows on the next request that follows its notice', async () => {
    const first = await columnsOf(command, '')
    expect(tiles.getBody(CITY)).toBeDefined()
    expect(await columnsOf(command, '')).toEqual(first)
    const [id] = first.id
    await sql`UPDATE sites SET name = '已改名<b>工地</b>' WHERE id = ${id}`.execute(database.db)
    // The notice travels by LISTEN/NOTIFY: the kept body is dropped when it arrives, a few milliseconds after commit.
    await expect.poll(() => tiles.getBody(CITY), { timeout: 5_000 }).toBeUndefined()
    const after = await columnsOf(command, '')
    expect(after.name[0]).toBe('已改名<b>工地</b>')
    expect({ ...after, name: after.name.slice(1) }).toEqual({ ...first, name: first.name.slice(1) })
  })

  it('are kept per filter, never for a filter on 超危大 works, which no notice covers', async () => {
    const filtered = `site-columns?${JSON.stringify({ grade: ['red', 'orange'] })}@city`
    // The last test's rescoring may still be sending its notices: a body rendered while one arrives is not kept.
    await expect.poll(async () => { await columnsOf(command, '?grade=red,orange'); return tiles.getBody(filtered) }, { timeout: 5_000 }).toBeDefined()
    await columnsOf(command, '?beyondScale=true')
    expect(tiles.getBody(`site-columns?${JSON.stringify({ beyondScale: true })}@city`)).toBeUndefined()
  })

  it('are kept for a grid supervisor\'s zone and filter: their second request is the kept body, blind to an unnoticed change', async () => {
    const [id] = (await columnsOf(gridSupervisor, '')).id
    const { rows: [site] } = await sql<{ name: string; district: number }>`SELECT name, district_id AS district FROM sites WHERE id = ${id}`.execute(database.db)
    const query = `?district=${site.district}`
    const key = `site-columns?{"district":[${site.district}]}@u${gridSupervisor.user.userId}`
    await expect.poll(async () => { await columnsOf(gridSupervisor, query); return tiles.getBody(key) }, { timeout: 5_000 }).toBeDefined()
    await renameUnnoticed(id, '未经通知改名')
    try {
      const second = await columnsOf(gridSupervisor, query)
      expect(second.id[0]).toBe(id)
      expect(second.name[0]).toBe(site.name)
    } finally {
      await rename(id, site.name)
    }
    await expect.poll(() => tiles.getBody(key), { timeout: 5_000 }).toBeUndefined()
  })
})

describe('the city\'s columns warmed', () => {
  it('are kept before the first request asks, and kept again once a change that dropped them settles', async () => {
    // The scores the tests above left stale are settled first, so that their notices reach only the older cache.
    await createAnalyticsRefresher(database).refresh()
    const warmTiles = createTileCache(database)
    const warmApp = createTestApp(database, {}, { tiles: warmTiles })
    const errors: unknown[] = []
    const warmer = startSiteColumnsWarmer({ db: database.db, refresher: createAnalyticsRefresher(database), tiles: warmTiles },
      { settleMs: 20, onError: (error) => errors.push(error) })
    const keptFirstName = () => {
      const body = warmTiles.getBody('site-columns?{}@city')
      return body && (JSON.parse(gunzipSync(body.gzip).toString('utf8')) as SiteColumnsBody).name[0]
    }
    const { rows: [site] } = await sql<{ id: number; name: string }>`SELECT id, name FROM sites ORDER BY id LIMIT 1`.execute(database.db)
    try {
      await expect.poll(keptFirstName, { timeout: 10_000 }).toBe(site.name)
      await renameUnnoticed(site.id, '预热之后改名')
      const first = await warmApp.request('/api/layers/site-columns', { headers: { cookie: command.cookie } })
      expect(first.status).toBe(200)
      expect((await first.json()).name[0]).toBe(site.name)
      // This rename's notice drops the body; the warmer renders it again with no request asking.
      await rename(site.id, '通知之后改名')
      await expect.poll(keptFirstName, { timeout: 10_000 }).toBe('通知之后改名')
    } finally {
      await rename(site.id, site.name)
      await warmer.stop()
      await warmTiles.stop()
    }
    expect(errors).toEqual([])
  })
})
