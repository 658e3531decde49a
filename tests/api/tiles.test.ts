import { gunzipSync } from 'node:zlib'
import { VectorTile } from '@mapbox/vector-tile'
import { type KyselyPlugin, sql } from 'kysely'
import { PbfReader as Pbf } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CITY_SCOPE } from '../../server/domain/roles.ts'
import { CAMERA_POINTS_FROM_ZOOM, MAX_TILE_ZOOM, SITE_POINTS_FROM_ZOOM, type Tile, TILE_BUFFER, TILE_LAYERS, TILE_MIN_ZOOM, tileAt, tileLonLatBounds } from '../../server/domain/tiles.ts'
import { encodeTile } from '../../server/features/tiles/mvt.ts'
import { createTileCache, type TileCache } from '../../server/features/tiles/tiles.cache.ts'
import { postgisTile, refreshSiteCells, tileFeatures } from '../../server/features/tiles/tiles.repo.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Vector tiles decoded by @mapbox/vector-tile and checked against PostGIS: the features in a tile, their
 * properties and positions, the zone they are cut to, caching with ETags, and invalidation when rows change.
 * On the server engine, the Node encoding and ST_AsMVT of the same query must decode to the same features.
 */

let database: SeededDatabase
let cache: TileCache
let admin: ApiSession
let district: ApiSession
let busy: Tile
const path = (layer: string, t: Tile) => `/api/tiles/${layer}/${t.z}/${t.x}/${t.y}.mvt`

beforeAll(async () => {
  database = await createSeededDatabase(400)
  cache = createTileCache(database)
  const app = createTestApp(database, {}, { tiles: cache })
  admin = await signIn(app, database.demo('admin'))
  district = await signIn(app, database.demo('district_supervisor'))
  // The tile with the most sites at the first zoom where every site is its own point.
  const { rows } = await sql<{ lon: number; lat: number }>`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM sites`.execute(database.db)
  const counts = new Map<string, number>()
  for (const r of rows) { const t = tileAt(r.lon, r.lat, SITE_POINTS_FROM_ZOOM); const k = `${t.x}/${t.y}`; counts.set(k, (counts.get(k) ?? 0) + 1) }
  const [x, y] = [...counts].sort((a, b) => b[1] - a[1])[0][0].split('/').map(Number)
  busy = { z: SITE_POINTS_FROM_ZOOM, x, y }
})
afterAll(async () => { await cache?.stop(); await database?.dispose() })

function decode(bytes: ArrayBuffer | Uint8Array, layer: string) {
  const tile = new VectorTile(new Pbf(new Uint8Array(bytes)))
  const l = tile.layers[layer]
  return l ? Array.from({ length: l.length }, (_, i) => l.feature(i)) : []
}
const comparable = (bytes: Uint8Array, layer: string) => decode(bytes, layer)
  .map((f) => ({ id: f.id, type: f.type, properties: f.properties, geometry: f.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])) }))
  .sort((a, b) => Number(a.id) - Number(b.id))

async function sitesIn(tile: Tile, where = sql`true`) {
  const b = tileLonLatBounds(tile, TILE_BUFFER)
  const { rows } = await sql<{ id: number }>`SELECT id FROM sites s WHERE s.location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326) AND ${where} ORDER BY id`.execute(database.db)
  return rows.map((r) => r.id)
}

describe('vector tiles', () => {
  it('hold exactly the sites in the tile, with their properties, where they are', async () => {
    const res = await admin.request(path('sites', busy))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const features = decode(await res.arrayBuffer(), 'sites')
    expect(features.map((f) => f.id).sort((a, b) => Number(a) - Number(b))).toEqual(await sitesIn(busy))
    expect(features.length).toBeGreaterThan(1)
    const first = features[0]
    const site = await database.db.selectFrom('sites').innerJoin('site_risk', 'site_risk.site_id', 'sites.id')
      .select(['code', 'stage', 'score', sql<number>`ST_X(location)`.as('lon'), sql<number>`ST_Y(location)`.as('lat')])
      .where('id', '=', Number(first.id)).executeTakeFirstOrThrow()
    expect(first.properties).toMatchObject({ code: site.code, stage: site.stage })
    // The heatmap's weight, in whole points: a small integer encodes in a byte or two.
    expect(first.properties.riskScore).toBe(Math.round(site.score))
    const [lon, lat] = (first.toGeoJSON(busy.x, busy.y, busy.z).geometry as { coordinates: number[] }).coordinates
    // One tile unit at zoom 14 is about 0.5 m here.
    expect(Math.abs(lon - site.lon)).toBeLessThan(2e-5)
    expect(Math.abs(lat - site.lat)).toBeLessThan(2e-5)
  })

  it('gather sites into cells below street zoom: every site in the tile counted once, with its red ones', async () => {
    const city = { z: SITE_POINTS_FROM_ZOOM - 4, x: busy.x >> 4, y: busy.y >> 4 }
    const res = await admin.request(path('sites', city), { headers: { 'accept-encoding': 'gzip' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    const cells = decode(new Uint8Array(gunzipSync(new Uint8Array(await res.arrayBuffer()))), 'sites')
    const b = tileLonLatBounds(city)
    const { rows } = await sql<{ n: number; keys: number; red: number; score: number }>`
      SELECT count(*)::int AS n, count(k.id)::int AS keys, count(*) FILTER (WHERE r.grade = 'red')::int AS red, sum(r.score)::float8 AS score
      FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id
      WHERE s.location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326)`.execute(database.db)
    const sum = (key: string) => cells.reduce((n, f) => n + Number(f.properties[key]), 0)
    expect(cells.length).toBeGreaterThan(1)
    expect(cells.length).toBeLessThan(rows[0].n)
    expect(sum('count')).toBe(rows[0].n)
    expect(sum('keyCount')).toBe(rows[0].keys)
    expect(sum('redCount')).toBe(rows[0].red)
    // Each cell's score sum is rounded to a whole number.
    expect(Math.abs(sum('riskSum') - rows[0].score)).toBeLessThanOrEqual(cells.length / 2)
    expect(cells.every((f) => ['red', 'orange', 'yellow', 'blue'].includes(String(f.properties.riskGrade)))).toBe(true)
  })

  it('gather cameras into cells below street zoom (every camera in the tile once, and its online ones), and give each camera from there', async () => {
    const district = { z: CAMERA_POINTS_FROM_ZOOM - 2, x: busy.x >> 2, y: busy.y >> 2 }
    const cells = decode(await (await admin.request(path('cameras', district))).arrayBuffer(), 'cameras')
    const b = tileLonLatBounds(district)
    const { rows: [expected] } = await sql<{ n: number; online: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE online)::int AS online
      FROM cameras WHERE location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326)`.execute(database.db)
    const sum = (key: string) => cells.reduce((n, f) => n + Number(f.properties[key]), 0)
    expect(cells.length).toBeGreaterThan(1)
    expect(cells.length).toBeLessThan(expected.n)
    expect([sum('count'), sum('onlineCount')]).toEqual([expected.n, expected.online])
    const street = decode(await (await admin.request(path('cameras', { ...busy, z: CAMERA_POINTS_FROM_ZOOM }))).arrayBuffer(), 'cameras')
    expect(street.length).toBeGreaterThan(0)
    for (const f of street) expect(Object.keys(f.properties).sort()).toEqual(['fov', 'heading', 'online', 'purpose', 'range', 'siteId'])
  })

  it('draw city-zoom cells from stored sums that follow the rows: a district’s own, and a site turned red', async () => {
    const city = { z: SITE_POINTS_FROM_ZOOM - 4, x: busy.x >> 4, y: busy.y >> 4 }
    const cellsOf = async (session: ApiSession) => decode(await (await session.request(path('sites', city))).arrayBuffer(), 'sites')
    const b = tileLonLatBounds(city)
    const inTile = sql`s.location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326)`
    const own = await cellsOf(district)
    const { rows: [mine] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites s WHERE ${inTile} AND s.district_id = ${district.user.districtId}`.execute(database.db)
    expect(own.reduce((n, f) => n + Number(f.properties.count), 0)).toBe(mine.n)

    const { rows: [site] } = await sql<{ id: number; lon: number; lat: number }>`
      SELECT s.id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM sites s JOIN site_risk r ON r.site_id = s.id
      WHERE ${inTile} AND r.grade <> 'red' ORDER BY s.id LIMIT 1`.execute(database.db)
    const at = tileAt(site.lon, site.lat, city.z + 4)
    const cellId = (at.y - city.y * 16) * 16 + (at.x - city.x * 16)
    const before = (await cellsOf(admin)).find((f) => f.id === cellId)?.properties
    await sql`UPDATE site_risk SET grade = 'red' WHERE site_id = ${site.id}`.execute(database.db)
    await expect.poll(async () => (await cellsOf(admin)).find((f) => f.id === cellId)?.properties.redCount, { timeout: 5_000 })
      .toBe(Number(before?.redCount ?? 0) + 1)
    expect((await cellsOf(admin)).find((f) => f.id === cellId)?.properties.count).toBe(before?.count)

    // A rescore moves the cell's heatmap weight by as much (each cell's sum is rounded to a whole number).
    const riskSum = async () => Number((await cellsOf(admin)).find((f) => f.id === cellId)?.properties.riskSum)
    const [weighed, { score }] = [await riskSum(), await database.db.selectFrom('site_risk').select('score').where('site_id', '=', site.id).executeTakeFirstOrThrow()]
    const rescored = score >= 50 ? score - 40 : score + 40
    await database.db.updateTable('site_risk').set({ score: rescored }).where('site_id', '=', site.id).execute()
    await expect.poll(async () => Math.abs(await riskSum() - (weighed + rescored - score)), { timeout: 5_000 }).toBeLessThanOrEqual(1)
  })

  it('count a grid supervisor’s own sites into cells, live', async () => {
    const supervisor = await signIn(createTestApp(database, {}, { tiles: cache }), database.demo('grid_supervisor'))
    const { rows: [first] } = await sql<{ lon: number; lat: number }>`SELECT ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM sites s
      JOIN grid_supervisors gs ON gs.grid_id = s.grid_id WHERE gs.user_id = ${supervisor.user.userId} ORDER BY s.id LIMIT 1`.execute(database.db)
    const tile = tileAt(first.lon, first.lat, SITE_POINTS_FROM_ZOOM - 3)
    const cells = decode(await (await supervisor.request(path('sites', tile))).arrayBuffer(), 'sites')
    const b = tileLonLatBounds(tile)
    const { rows: [own] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites s JOIN grid_supervisors gs ON gs.grid_id = s.grid_id
      WHERE gs.user_id = ${supervisor.user.userId} AND s.location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326)`.execute(database.db)
    expect(own.n).toBeGreaterThan(0)
    expect(cells.reduce((n, f) => n + Number(f.properties.count), 0)).toBe(own.n)
  })

  it('are cut to the caller’s zone, and one zone’s cached tile is never another’s', async () => {
    const whole = decode(await (await admin.request(path('sites', busy))).arrayBuffer(), 'sites')
    const own = decode(await (await district.request(path('sites', busy))).arrayBuffer(), 'sites')
    const expected = await sitesIn(busy, sql`s.district_id = ${district.user.districtId}`)
    expect(own.map((f) => f.id).sort((a, b) => Number(a) - Number(b))).toEqual(expected)
    expect(own.length).toBeLessThanOrEqual(whole.length)
  })

  it('answer a repeat with 304 from the cache, and are private', async () => {
    const first = await admin.request(path('grids', { z: 10, x: busy.x >> 4, y: busy.y >> 4 }))
    const etag = first.headers.get('etag') ?? ''
    expect(first.headers.get('cache-control')).toBe('private, no-cache')
    expect(decode(await first.arrayBuffer(), 'grids').every((f) => f.type === 3)).toBe(true)
    const again = await admin.request(path('grids', { z: 10, x: busy.x >> 4, y: busy.y >> 4 }), { headers: { 'if-none-match': etag } })
    expect(again.status).toBe(304)
    expect(cache.stats().tiles).toBeGreaterThan(0)
  })

  it('are dropped from the cache when rows under them change, and only those', async () => {
    const far = tileAt(120.9, 31.9, 13)
    await admin.request(path('sites', far))
    const before = await admin.request(path('sites', busy))
    const etag = before.headers.get('etag')
    const [id] = await sitesIn(busy)
    await sql`UPDATE sites SET stage = CASE WHEN stage = 'finishing' THEN 'main_structure' ELSE 'finishing' END WHERE id = ${id}`.execute(database.db)
    const { stage } = await database.db.selectFrom('sites').select('stage').where('id', '=', id).executeTakeFirstOrThrow()
    await expect.poll(async () => (await admin.request(path('sites', busy))).headers.get('etag'), { timeout: 5_000 }).not.toBe(etag)
    const after = decode(await (await admin.request(path('sites', busy))).arrayBuffer(), 'sites')
    expect(after.find((f) => f.id === id)?.properties.stage).toBe(stage)
    const tilesLeft = cache.stats().tiles
    expect(tilesLeft).toBeGreaterThan(0)
  })

  it('render a cold tile once however many callers ask for it at the same moment', async () => {
    let renders = 0
    // Counts the statements that build a tile (ST_AsMVT on the server, the rows for vt-pbf on PGlite).
    const counter: KyselyPlugin = {
      transformQuery: ({ node }) => { if (/ST_AsMVT|ST_AsGeoJSON\(t\.geom\)/.test(JSON.stringify(node))) renders++; return node },
      transformResult: async ({ result }) => result,
    }
    const wallCache = createTileCache(database)
    const wall = createTestApp({ ...database, db: database.db.withPlugin(counter) }, {}, { tiles: wallCache })
    const screen = await signIn(wall, database.demo('city_command'))
    // A child of the busy tile that holds a camera, so that the tile has something in it.
    const b = tileLonLatBounds(busy, 0)
    const { rows: [camera] } = await sql<{ lon: number; lat: number }>`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM cameras
      WHERE location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326) ORDER BY id LIMIT 1`.execute(database.db)
    const cold = tileAt(camera.lon, camera.lat, SITE_POINTS_FROM_ZOOM + 1)
    const bodies = await Promise.all(Array.from({ length: 5 }, async () => new Uint8Array(await (await screen.request(path('cameras', cold))).arrayBuffer())))
    await wallCache.stop()
    expect(renders).toBe(1)
    expect(bodies[0].length).toBeGreaterThan(0)
    for (const body of bodies) expect(body).toEqual(bodies[0])
  })

  it('refuse tiles that cannot exist, answer 404 for a layer we do not serve or a zoom below its first, and 204 for nothing', async () => {
    for (const bad of ['/api/tiles/sites/23/0/0.mvt', '/api/tiles/sites/3/8/0.mvt', '/api/tiles/sites/3/0/x.mvt']) {
      const res = await admin.request(bad)
      expect(res.status, bad).toBe(400)
      expect((await res.json()).error.code).toMatch(/invalid_(tile|request)/)
    }
    for (const missing of ['/api/tiles/roads/3/0/0.mvt', '/api/tiles/roads', `/api/tiles/cameras/${TILE_MIN_ZOOM.cameras - 1}/0/0.mvt`]) {
      const res = await admin.request(missing)
      expect(res.status, missing).toBe(404)
      expect((await res.json()).error.code).toBe('not_found')
    }
    const empty = await admin.request('/api/tiles/sites/10/0/0.mvt')
    expect(empty.status).toBe(204)
    expect(empty.headers.get('content-type')).toBeNull()
    expect((await empty.arrayBuffer()).byteLength).toBe(0)
  })

  it('revalidate as RFC 9110 says: weak comparison, a list or *, and one ETag per encoding', async () => {
    const at = path('sites', busy)
    const gzip = await admin.request(at, { headers: { 'accept-encoding': 'gzip' } })
    const identity = await admin.request(at, { headers: { 'accept-encoding': 'identity' } })
    expect(gzip.headers.get('content-encoding')).toBe('gzip')
    expect(identity.headers.get('content-encoding')).toBeNull()
    const [gzipTag, identityTag] = [gzip.headers.get('etag')!, identity.headers.get('etag')!]
    expect(gzipTag).toMatch(/^"[^"]+"$/)
    expect(identityTag).toMatch(/^"[^"]+"$/)
    expect(gzipTag).not.toBe(identityTag)
    const revalidate = (ifNoneMatch: string, encoding = 'gzip') => admin.request(at, { headers: { 'accept-encoding': encoding, 'if-none-match': ifNoneMatch } })
    for (const matching of [gzipTag, `W/${gzipTag}`, `"elsewhere", ${gzipTag}`, '*']) expect((await revalidate(matching)).status, matching).toBe(304)
    expect((await revalidate(identityTag)).status).toBe(200) // the other encoding's tag names another representation
    expect((await revalidate(identityTag, 'identity')).status).toBe(304)
    expect((await revalidate('"elsewhere", W/"other"')).status).toBe(200)
  })

  it('describe themselves as TileJSON and in a catalog', async () => {
    const catalog = await (await admin.request('/api/tiles')).json()
    expect(Object.keys(catalog.tiles)).toEqual([...TILE_LAYERS])
    const cameras = await sql<{ n: number }>`SELECT count(*)::int AS n FROM cameras`.execute(database.db)
    expect(catalog.tiles.cameras.features).toBe(cameras.rows[0].n)
    const own = await (await district.request('/api/tiles')).json()
    const inDistrict = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites WHERE district_id = ${district.user.districtId}`.execute(database.db)
    expect(own.tiles.sites.features).toBe(inDistrict.rows[0].n)
    const tilejson = await (await admin.request('/api/tiles/sites')).json()
    expect(tilejson.tiles[0]).toMatch(/\/api\/tiles\/sites\/\{z\}\/\{x\}\/\{y\}\.mvt$/)
    expect(tilejson).toMatchObject({ minzoom: 0, maxzoom: MAX_TILE_ZOOM, center: [expect.any(Number), expect.any(Number), 10], attribution: expect.stringContaining('SiteGrid') })
    const cameraTiles = await (await admin.request('/api/tiles/cameras')).json()
    expect(cameraTiles.minzoom).toBe(TILE_MIN_ZOOM.cameras)
    expect(cameraTiles.vector_layers[0]).toMatchObject({ id: 'cameras', minzoom: TILE_MIN_ZOOM.cameras, maxzoom: MAX_TILE_ZOOM })
    expect(tilejson.vector_layers[0].fields).toHaveProperty('riskGrade')
  })

  it("keep the catalog's counts until a change notice, then count again", async () => {
    const cameras = async () => (await (await admin.request('/api/tiles')).json()).tiles.cameras.features as number
    await expect.poll(async () => { await cameras(); return cache.getBody('layer-counts@city') }, { timeout: 5_000 }).toBeDefined()
    const before = await cameras()
    // A camera added behind the cache's back (triggers off, so no notice) is not counted: the answer was kept.
    const added = await database.db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx)
      const { rows } = await sql<{ id: number }>`
        INSERT INTO cameras (code, district_id, fov_deg, heading_deg, location, online, purpose, range_m, site_id)
        SELECT code || '-unnoticed', district_id, fov_deg, heading_deg, location, online, purpose, range_m, site_id
        FROM cameras ORDER BY id LIMIT 1 RETURNING id`.execute(trx)
      return rows[0].id
    })
    expect(await cameras()).toBe(before)
    // Any write to the cameras says so, and the next catalog counts afresh.
    await sql`UPDATE cameras SET online = online WHERE id = ${added}`.execute(database.db)
    await expect.poll(cameras, { timeout: 5_000 }).toBe(before + 1)
    await sql`DELETE FROM cameras WHERE id = ${added}`.execute(database.db)
    await expect.poll(cameras, { timeout: 5_000 }).toBe(before)
  })
})

describe.skipIf(process.env.DATABASE_URL === undefined)('the two encoders', () => {
  it('decode to the same features: ST_AsMVT on the server, vt-pbf in Node, from the same query', async () => {
    await refreshSiteCells(database.db)
    const tiles = [busy, { z: 11, x: busy.x >> 3, y: busy.y >> 3 }, { z: 8, x: busy.x >> 6, y: busy.y >> 6 }]
    for (const layer of TILE_LAYERS) {
      let compared = 0
      for (const t of tiles) {
        const server = comparable(await postgisTile(database.db, layer, CITY_SCOPE, t), layer)
        const node = comparable(encodeTile(layer, await tileFeatures(database.db, layer, CITY_SCOPE, t)), layer)
        expect(node, `${layer} ${t.z}/${t.x}/${t.y}`).toEqual(server)
        compared += server.length
      }
      expect(compared, layer).toBeGreaterThan(0)
    }
  })
})

// Last: it moves sites and regrades them, which the tests above must not see.
describe('stored site cells', () => {
  it('keep the stored cells equal to a fresh count after sites move, change grade and leave the key list', async () => {
    await refreshSiteCells(database.db)
    await sql`UPDATE sites SET location = ST_SetSRID(ST_MakePoint(ST_X(location) + 0.01, ST_Y(location) - 0.005), 4326) WHERE id % 17 = 0`.execute(database.db)
    await sql`UPDATE site_risk SET grade = 'red' WHERE site_id % 13 = 0`.execute(database.db)
    await sql`UPDATE key_project_records SET delisted_at = now(), rank = NULL WHERE id IN (SELECT id FROM key_projects ORDER BY id LIMIT 3)`.execute(database.db)
    expect(await refreshSiteCells(database.db)).toBeGreaterThan(0)
    const { rows: [diff] } = await sql<{ level17: number; level13: number }>`
      WITH truth AS (
        SELECT s.district_id, sg_cell_x(ST_X(s.location), 17) AS x, sg_cell_y(ST_Y(s.location), 17) AS y, count(*)::int AS sites,
          count(k.id)::int AS keys, count(*) FILTER (WHERE r.grade = 'red')::int AS red
        FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id GROUP BY 1, 2, 3)
      SELECT
        (SELECT count(*)::int FROM truth t FULL JOIN (SELECT * FROM site_cells WHERE level = 17) c USING (district_id, x, y)
          WHERE t.sites IS DISTINCT FROM c.sites OR t.keys IS DISTINCT FROM c.keys OR t.red IS DISTINCT FROM c.red) AS level17,
        (SELECT count(*)::int FROM (SELECT district_id, x >> 4 AS x, y >> 4 AS y, sum(sites)::int AS sites, sum(red)::int AS red FROM truth GROUP BY 1, 2, 3) t
          FULL JOIN (SELECT * FROM site_cells WHERE level = 13) c USING (district_id, x, y)
          WHERE t.sites IS DISTINCT FROM c.sites OR t.red IS DISTINCT FROM c.red) AS level13`.execute(database.db)
    expect(diff).toEqual({ level17: 0, level13: 0 })
  })
})
