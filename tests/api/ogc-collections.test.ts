import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic, featureIds, idsWhere, ogcClient, type OgcPage as Page } from '../support/ogc.ts'

/*
 * Every map layer as an OGC API collection: each one read whole by its next links and compared with the database,
 * for the city and for a grid supervisor, whose site-bound layers hold only their grids' rows.
 */

let database: SeededDatabase
let ogc: ReturnType<typeof ogcClient>
let supervisor: string
let ownGrids: ReturnType<typeof sql>

beforeAll(async () => {
  database = await createSeededDatabase(400)
  ogc = ogcClient(createTestApp(database), basic(database.demo('admin')))
  supervisor = basic(database.demo('grid_supervisor'))
  ownGrids = sql`(SELECT gs.grid_id FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id WHERE u.username = ${database.demo('grid_supervisor')})`
})
afterAll(() => database?.dispose())

interface Expectation {
  /** The ids of every row, and of a grid supervisor's (site-bound layers only). */
  all: ReturnType<typeof sql>
  own?: (grids: ReturnType<typeof sql>) => ReturnType<typeof sql>
  geometry: string[]
  properties: string[]
}

const EXPECTED: Record<string, Expectation> = {
  cameras: {
    all: sql`SELECT id FROM cameras ORDER BY id`,
    own: (grids) => sql`SELECT c.id FROM cameras c JOIN sites s ON s.id = c.site_id WHERE s.grid_id IN ${grids} ORDER BY c.id`,
    geometry: ['Point'], properties: ['code', 'purpose', 'site', 'heading', 'fov', 'range', 'online'],
  },
  'key-projects': {
    all: sql`SELECT id FROM key_projects ORDER BY id`,
    own: (grids) => sql`SELECT k.id FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE s.grid_id IN ${grids} ORDER BY k.id`,
    geometry: ['Point'], properties: ['rank', 'code', 'name', 'keyArea', 'district', 'deadline', 'enclosureDoneOn', 'dustNetDoneOn', 'sprayingDoneOn'],
  },
  devices: {
    all: sql`SELECT id FROM devices ORDER BY id`,
    own: (grids) => sql`SELECT v.id FROM devices v JOIN sites s ON s.id = v.site_id WHERE s.grid_id IN ${grids} ORDER BY v.id`,
    geometry: ['Point'], properties: ['code', 'kind', 'protocol', 'status', 'site', 'intervalS', 'lastSeenAt', 'health'],
  },
  'key-areas': { all: sql`SELECT id FROM key_areas ORDER BY id`, geometry: ['MultiPolygon', 'Polygon'], properties: ['name', 'district'] },
  districts: { all: sql`SELECT id FROM districts ORDER BY id`, geometry: ['MultiPolygon', 'Polygon'], properties: ['adcode', 'name', 'nameEn', 'functionalZone'] },
  'demo-zones': { all: sql`SELECT id FROM demo_zones ORDER BY id`, geometry: ['MultiPolygon', 'Polygon'], properties: ['name', 'description', 'areaKm2'] },
  receptors: { all: sql`SELECT id FROM sensitive_receptors ORDER BY id`, geometry: ['Point'], properties: ['kind', 'name'] },
}

describe('every map layer as an OGC API collection', () => {
  it.each(Object.entries(EXPECTED))('%s: every row once, with its geometry and properties', async (id, expected) => {
    const all = await idsWhere(database.db, expected.all)
    expect(all.length).toBeGreaterThan(0)
    const pages = await ogc.pageThrough(`/api/ogc/collections/${id}/items?limit=5000`)
    expect(featureIds(pages)).toEqual(all)
    for (const feature of pages.flatMap((p) => p.features)) {
      expect(expected.geometry).toContain(feature.geometry.type)
      expect(Object.keys(feature.properties)).toEqual(expected.properties)
    }
    const one = await ogc.get(`/api/ogc/collections/${id}/items/${all[0]}`)
    expect(one.status).toBe(200)
    expect((await one.json()).id).toBe(all[0])
  })

  it.each(Object.entries(EXPECTED))('%s for a grid supervisor: their grids’ rows only, or the whole layer when it is not a site’s', async (id, expected) => {
    const own = await idsWhere(database.db, expected.own ? expected.own(ownGrids) : expected.all)
    const all = await idsWhere(database.db, expected.all)
    const pages = await ogc.pageThrough(`/api/ogc/collections/${id}/items?limit=5000`, supervisor)
    expect(featureIds(pages)).toEqual(own)
    if (!expected.own) return
    expect(own.length).toBeLessThan(all.length)
    const elsewhere = all.find((i) => !own.includes(i))!
    expect((await ogc.get(`/api/ogc/collections/${id}/items/${elsewhere}`, supervisor)).status).toBe(404)
  })

  it('a camera device stands where its camera is, any other device at its site', async () => {
    const { rows } = await sql<{ id: number; lon: number; lat: number }>`
      SELECT v.id, ST_X(coalesce(c.location, s.location)) AS lon, ST_Y(coalesce(c.location, s.location)) AS lat
      FROM devices v JOIN sites s ON s.id = v.site_id LEFT JOIN cameras c ON c.id = v.camera_id ORDER BY v.id`.execute(database.db)
    expect(rows.some((r) => r.id)).toBe(true)
    const features = (await ogc.pageThrough('/api/ogc/collections/devices/items?limit=5000')).flatMap((p) => p.features)
    expect(features.map((f) => f.id)).toEqual(rows.map((r) => r.id))
    // Six decimals: within half a millionth of a degree of the stored point.
    features.forEach((f, i) => {
      const [lon, lat] = f.geometry.coordinates as number[]
      expect(Math.abs(lon - rows[i].lon)).toBeLessThanOrEqual(5.01e-7)
      expect(Math.abs(lat - rows[i].lat)).toBeLessThanOrEqual(5.01e-7)
    })
  })

  it('a bbox finds the receptors PostGIS finds in it, and each collection’s extent is its own table’s', async () => {
    const box = [120.55, 31.25, 120.7, 31.35]
    const expected = await idsWhere(database.db, sql`SELECT id FROM sensitive_receptors WHERE ST_Intersects(location, ST_MakeEnvelope(${box[0]}, ${box[1]}, ${box[2]}, ${box[3]}, 4326)) ORDER BY id`)
    expect(expected.length).toBeGreaterThan(0)
    const page: Page = await (await ogc.get(`/api/ogc/collections/receptors/items?limit=5000&bbox=${box.join(',')}`)).json()
    expect(page.features.map((f) => f.id)).toEqual(expected)
    const collection = await (await ogc.get('/api/ogc/collections/key-areas')).json()
    const [extent] = (await sql<{ b: number[] }>`SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) AS b
      FROM (SELECT ST_Extent(geom) AS e FROM key_areas) k`.execute(database.db)).rows
    collection.extent.spatial.bbox[0].forEach((v: number, i: number) => expect(v).toBeCloseTo(extent.b[i], 9))
  })
})
