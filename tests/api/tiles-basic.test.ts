import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tileAt, tileLonLatBounds } from '../../server/domain/tiles.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type Listening, listenOn } from '../support/listen.ts'
import { basic } from '../support/ogc.ts'
import { TEST_PASSWORD } from '../support/session.ts'

/*
 * GIS clients (QGIS's vector tiles, GDAL's MVT driver, MapLibre Native) read tiles and the style's GeoJSON layers
 * with HTTP Basic, as they read the OGC API: reads only, each user within their zone. A browser keeps its session
 * and is never asked for a password (no Basic challenge outside the OGC API).
 */

const run = promisify(execFile)
let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let listening: Listening
let tile: { z: number; x: number; y: number }

beforeAll(async () => {
  database = await createSeededDatabase(400)
  app = createTestApp(database)
  listening = await listenOn(app)
  // A street-zoom tile around the grid supervisor's site with the most neighbours: it holds sites of theirs and others'.
  const [busiest] = (await sql<{ lon: number; lat: number }>`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM sites
    WHERE grid_id IN (SELECT gs.grid_id FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id WHERE u.username = ${database.demo('grid_supervisor')})
    ORDER BY (SELECT count(*) FROM sites o WHERE ST_DWithin(o.location, sites.location, 0.01)) DESC, id LIMIT 1`.execute(database.db)).rows
  tile = tileAt(busiest.lon, busiest.lat, 14)
})
afterAll(async () => {
  listening?.server.close()
  await database?.dispose()
})

const tilePath = () => `/api/tiles/sites/${tile.z}/${tile.x}/${tile.y}.mvt`
const get = (path: string, authorization?: string, init: RequestInit = {}) =>
  app.request(path, { ...init, headers: { ...(authorization ? { authorization } : {}), ...init.headers as object } })

/** The ids of the sites in the tile that `username` may see, as the database has them. */
async function sitesInTile(username?: string) {
  const b = tileLonLatBounds(tile)
  const zone = username ? sql`AND grid_id IN (SELECT gs.grid_id FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id WHERE u.username = ${username})` : sql``
  return (await sql<{ id: number }>`SELECT id FROM sites WHERE location && ST_MakeEnvelope(${b.minX}, ${b.minY}, ${b.maxX}, ${b.maxY}, 4326) ${zone} ORDER BY id`
    .execute(database.db)).rows.map((r) => r.id)
}

/** GDAL's MVT driver reading one tile over HTTP with Basic: the ids it decodes. */
async function gdalTileIds(username: string, password = TEST_PASSWORD) {
  const { stdout } = await run('ogrinfo', ['-ro', '-al', '-q', `/vsicurl/${listening.base}${tilePath()}`, '--config', 'GDAL_HTTP_USERPWD', `${username}:${password}`])
  return [...stdout.matchAll(/mvt_id \(Integer64\) = (\d+)/g)].map((m) => Number(m[1])).sort((a, b) => a - b)
}

describe('tiles and layers with HTTP Basic', () => {
  it('GDAL reads a street-zoom tile with Basic: every site in it, and a grid supervisor only their zone’s', async () => {
    const all = await sitesInTile()
    expect(all.length).toBeGreaterThan(2)
    expect(await gdalTileIds(database.demo('admin'))).toEqual(all)
    const supervisor = database.demo('grid_supervisor')
    const own = await sitesInTile(supervisor)
    expect(own.length).toBeGreaterThan(0)
    expect(own.length).toBeLessThan(all.length)
    expect(await gdalTileIds(supervisor)).toEqual(own)
  })

  it('TileJSON, the style’s GeoJSON layers and tiles answer Basic; without credentials a 401 with no Basic challenge', async () => {
    const admin = basic(database.demo('admin'))
    for (const path of ['/api/tiles/sites', tilePath(), '/api/layers/districts', '/api/layers/water', '/api/layers/grids']) {
      expect((await get(path, admin)).status, path).toBe(200)
      const refused = await get(path)
      expect(refused.status, path).toBe(401)
      // A browser whose session ended must not pop up a password dialog.
      expect(refused.headers.get('www-authenticate')).toBeNull()
    }
  })

  it('a wrong password is a 401, and counts as a failed sign-in', async () => {
    const res = await get(tilePath(), basic(database.demo('admin'), 'not-the-password'))
    expect(res.status).toBe(401)
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM login_attempts WHERE username = ${database.demo('admin')} AND NOT succeeded`.execute(database.db)
    expect(rows[0].n).toBeGreaterThan(0)
  })

  it('Basic reads nothing else and writes nothing: other API paths and every write still need the session', async () => {
    const admin = basic(database.demo('admin'))
    expect((await get('/api/sites?limit=1', admin)).status).toBe(401)
    expect((await get('/api/kpis', admin)).status).toBe(401)
    const write = await get('/api/layers/districts', admin, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost' }, body: '{}' })
    expect(write.status).toBe(401)
  })
})
