import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type Listening, listenOn } from '../support/listen.ts'
import { TEST_PASSWORD } from '../support/session.ts'

/*
 * The OGC API read by the real client of the field: GDAL's ogrinfo and ogr2ogr (Debian's gdal-bin, which .ci/run
 * installs), over a real socket, with GDAL's default settings and HTTP Basic. What GDAL writes out is compared with
 * the database.
 */

const run = promisify(execFile)
let database: SeededDatabase
let listening: Listening

beforeAll(async () => {
  database = await createSeededDatabase(400)
  listening = await listenOn(createTestApp(database))
})
afterAll(async () => {
  listening?.server.close()
  await database?.dispose()
})

/** A GDAL command against the portal as `username`; CPL_DEBUG lists every request GDAL made, on stderr. */
async function gdal(command: 'ogrinfo' | 'ogr2ogr', args: string[], username = database.demo('admin')) {
  const { stdout, stderr } = await run(command, [...args, '--config', 'GDAL_HTTP_USERPWD', `${username}:${TEST_PASSWORD}`, '--config', 'CPL_DEBUG', 'ON'],
    { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, GDAL_HTTP_TIMEOUT: '60' } })
  const requests = [...stderr.matchAll(/HTTP: Fetch\((.+)\)/g)].map((m) => new URL(m[1]).pathname + new URL(m[1]).search)
  return { stdout, requests }
}
const source = () => `OAPIF:${listening.base}/api/ogc`
/** The collection as GDAL writes it to GeoJSON: what a user gets from `ogr2ogr out.geojson OAPIF:… sites`. */
async function download(layer: string, extra: string[] = [], username?: string) {
  const { stdout, requests } = await gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', source(), layer, ...extra], username)
  const features = (JSON.parse(stdout) as { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: number[] } }[] }).features
  return { features, requests }
}
const codes = async (query: ReturnType<typeof sql>) => (await query.execute(database.db)).rows.map((r) => (r as { code: string }).code)

describe('GDAL (ogrinfo, ogr2ogr) reading the OGC API', () => {
  it('ogrinfo lists every collection as a layer', async () => {
    const { stdout } = await gdal('ogrinfo', ['-ro', '-q', source()])
    for (const layer of ['sites', 'grids', 'enterprises']) expect(stdout).toMatch(new RegExp(`^\\d+: ${layer} \\(`, 'm'))
  })

  it('a full download with GDAL’s defaults gets every site once, in two requests after its 10-feature preview', async () => {
    const { features, requests } = await download('sites')
    expect(features.map((f) => f.properties.code)).toEqual(await codes(sql`SELECT code FROM sites ORDER BY id`))
    const [first] = (await sql<{ lon: number; lat: number; grade: string | null }>`SELECT round(ST_X(location)::numeric, 6)::float8 AS lon,
      round(ST_Y(location)::numeric, 6)::float8 AS lat, r.grade FROM sites s LEFT JOIN site_risk r ON r.site_id = s.id ORDER BY s.id LIMIT 1`.execute(database.db)).rows
    expect(features[0].geometry).toEqual({ type: 'Point', coordinates: [first.lon, first.lat] })
    expect(features[0].properties.riskGrade).toBe(first.grade)
    // GDAL asks for 10 and follows the next link, which continues at the default page size.
    expect(requests.filter((r) => r.includes('/items'))).toEqual([
      '/api/ogc/collections/sites/items?limit=10', '/api/ogc/collections/sites/items?limit=10', '/api/ogc/collections/sites/items?limit=1000&offset=10',
    ])
  })

  it('a spatial filter (-spat) is sent as bbox and finds what PostGIS finds', async () => {
    const box = [120.58, 31.28, 120.66, 31.34]
    const { features, requests } = await download('sites', ['-spat', ...box.map(String)])
    const expected = await codes(sql`SELECT code FROM sites WHERE ST_Intersects(location, ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326)) ORDER BY id`)
    expect(expected.length).toBeGreaterThan(5)
    expect(features.map((f) => f.properties.code)).toEqual(expected)
    expect(requests.some((r) => r.includes('bbox='))).toBe(true)
  })

  it('grids come as polygons, every one of them', async () => {
    const { features } = await download('grids')
    expect(features.map((f) => f.properties.code)).toEqual(await codes(sql`SELECT code FROM grids ORDER BY id`))
    expect(new Set(features.map((f) => f.geometry.type))).toEqual(new Set(['MultiPolygon']))
  })

  it('a grid supervisor’s download holds only their grids’ sites', async () => {
    const username = database.demo('grid_supervisor')
    const { features } = await download('sites', [], username)
    const expected = await codes(sql`SELECT s.code FROM sites s WHERE s.grid_id IN
      (SELECT grid_id FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id WHERE u.username = ${username}) ORDER BY s.id`)
    expect(expected.length).toBeGreaterThan(0)
    expect(features.map((f) => f.properties.code)).toEqual(expected)
  })

  it('a wrong password is refused, and GDAL says so', async () => {
    const failure = await run('ogrinfo', ['-ro', '-so', source(), 'sites', '--config', 'GDAL_HTTP_USERPWD', `${database.demo('admin')}:not-the-password`])
      .then(() => undefined, (error: { stderr: string }) => error.stderr)
    expect(failure).toMatch(/401/)
  })
})
