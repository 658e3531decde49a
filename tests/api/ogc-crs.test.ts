import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic, idsWhere, linkOf, ogcClient, type OgcPage as Page } from '../support/ogc.ts'

/*
 * OGC API – Features Part 2: features in CRS84, EPSG:4326, CGCS2000 (4490) and its Gauss-Krüger zone at 120°E (4549),
 * each in its own axis order, and a bbox in any of them. Every answer is compared with PostGIS's own transform.
 */

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const EPSG = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`

let database: SeededDatabase
let ogc: ReturnType<typeof ogcClient>
const get = (path: string) => ogc.get(path)
const page = async (path: string) => {
  const res = await get(path)
  expect(res.status, await res.clone().text()).toBe(200)
  return { res, body: await res.json() as Page }
}

beforeAll(async () => {
  database = await createSeededDatabase(400)
  ogc = ogcClient(createTestApp(database), basic(database.demo('admin')))
})
afterAll(() => database?.dispose())

/** The first sites by id in `srid`, east/north as PostGIS gives them, rounded as the API writes them. */
async function sitesIn(srid: number, digits: number, limit: number) {
  return (await sql<{ x: number; y: number }>`SELECT round(ST_X(p)::numeric, ${digits})::float8 AS x, round(ST_Y(p)::numeric, ${digits})::float8 AS y
    FROM (SELECT ST_Transform(location, ${srid}::int) AS p, id FROM sites) s ORDER BY id LIMIT ${limit}`.execute(database.db)).rows
}

describe('OGC API Part 2: coordinate reference systems', () => {
  it('declares the CRS conformance class, and each collection lists the four CRSs with CRS84 as storage', async () => {
    const { conformsTo } = await (await get('/api/ogc/conformance')).json()
    expect(conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs')
    const { collections } = await (await get('/api/ogc/collections')).json()
    for (const collection of collections) {
      expect(collection.crs).toEqual([CRS84, EPSG(4326), EPSG(4490), EPSG(4549)])
      expect(collection.storageCrs).toBe(CRS84)
    }
  })

  it('CRS84 by default, said in Content-Crs', async () => {
    const { res, body } = await page('/api/ogc/collections/sites/items?limit=5')
    expect(res.headers.get('content-crs')).toBe(`<${CRS84}>`)
    expect(body.features.map((f) => f.geometry.coordinates)).toEqual((await sitesIn(4326, 6, 5)).map((p) => [p.x, p.y]))
  })

  it('EPSG:4549 writes northing before easting, in metres, as PostGIS transforms them', async () => {
    const { res, body } = await page(`/api/ogc/collections/sites/items?limit=20&crs=${EPSG(4549)}`)
    expect(res.headers.get('content-crs')).toBe(`<${EPSG(4549)}>`)
    const expected = await sitesIn(4549, 3, 20)
    expect(body.features.map((f) => f.geometry.coordinates)).toEqual(expected.map((p) => [p.y, p.x]))
    // Suzhou in the 120°E zone: a false easting of 500 km, about 3,450 km north of the equator.
    for (const [northing, easting] of body.features.map((f) => f.geometry.coordinates as number[])) {
      expect(northing).toBeGreaterThan(3_400_000)
      expect(easting).toBeGreaterThan(400_000)
      expect(easting).toBeLessThan(650_000)
    }
    expect(JSON.stringify(body)).not.toContain('"crs"')
  })

  it('EPSG:4326 and 4490 write latitude before longitude', async () => {
    const lonLat = (await sitesIn(4326, 6, 5)).map((p) => [p.y, p.x])
    for (const code of [4326, 4490]) {
      const { res, body } = await page(`/api/ogc/collections/sites/items?limit=5&crs=${EPSG(code)}`)
      expect(res.headers.get('content-crs')).toBe(`<${EPSG(code)}>`)
      body.features.forEach((f, i) => {
        const [lat, lon] = f.geometry.coordinates as number[]
        // CGCS2000 and WGS-84 agree to well under a metre here; PROJ treats them as one datum.
        expect(lat).toBeCloseTo(lonLat[i][0], 5)
        expect(lon).toBeCloseTo(lonLat[i][1], 5)
      })
    }
  })

  it('a polygon in EPSG:4549 keeps RFC 7946 winding once its axes are put back east/north', async () => {
    const { body } = await page(`/api/ogc/collections/grids/items?limit=50&crs=${EPSG(4549)}`)
    expect(body.features.length).toBeGreaterThan(10)
    const signedArea = (ring: number[][]) => ring.slice(1).reduce((sum, [x, y], i) => sum + (ring[i][0] * y - x * ring[i][1]), 0) / 2
    for (const f of body.features) {
      for (const polygon of f.geometry.coordinates as number[][][][]) {
        const [exterior, ...holes] = polygon.map((ring) => ring.map(([northing, easting]) => [easting, northing]))
        expect(signedArea(exterior)).toBeGreaterThan(0)
        for (const hole of holes) expect(signedArea(hole)).toBeLessThan(0)
      }
    }
  })

  it('a bbox in EPSG:4549 (northing first) finds what PostGIS finds in that projected box', async () => {
    const [centre] = await sitesIn(4549, 3, 1)
    const [minE, minN, maxE, maxN] = [centre.x - 6_000, centre.y - 4_000, centre.x + 6_000, centre.y + 4_000].map(Math.round)
    const expected = await idsWhere(database.db, sql`SELECT id FROM sites WHERE ST_Intersects(ST_Transform(location, 4549), ST_MakeEnvelope(${minE}, ${minN}, ${maxE}, ${maxN}, 4549)) ORDER BY id`)
    expect(expected.length).toBeGreaterThan(3)
    const { body } = await page(`/api/ogc/collections/sites/items?limit=10000&bbox=${[minN, minE, maxN, maxE].join(',')}&bbox-crs=${EPSG(4549)}`)
    expect(body.features.map((f) => f.id)).toEqual(expected)
  })

  it('a bbox in EPSG:4326 is latitude first and finds what the same box in CRS84 finds; links keep both CRSs', async () => {
    const crs84 = await page('/api/ogc/collections/sites/items?limit=10000&bbox=120.55,31.25,120.7,31.35')
    const latLon = await page(`/api/ogc/collections/sites/items?limit=3&bbox=31.25,120.55,31.35,120.7&bbox-crs=${EPSG(4326)}&crs=${EPSG(4549)}`)
    expect(crs84.body.features.length).toBeGreaterThan(3)
    expect(latLon.body.numberMatched).toBe(crs84.body.features.length)
    const next = new URL(linkOf(latLon.body.links, 'next')!.href)
    expect([next.searchParams.get('bbox-crs'), next.searchParams.get('crs'), next.searchParams.get('bbox')]).toEqual([EPSG(4326), EPSG(4549), '31.25,120.55,31.35,120.7'])
  })

  it('one feature in another CRS, with Content-Crs and links that keep it', async () => {
    const [id] = await idsWhere(database.db, sql`SELECT id FROM sites ORDER BY id LIMIT 1`)
    const res = await get(`/api/ogc/collections/sites/items/${id}?crs=${EPSG(4549)}`)
    expect(res.headers.get('content-crs')).toBe(`<${EPSG(4549)}>`)
    const feature = await res.json()
    const [p] = await sitesIn(4549, 3, 1)
    expect(feature.geometry.coordinates).toEqual([p.y, p.x])
    expect(new URL(linkOf(feature.links, 'alternate')!.href).searchParams.get('crs')).toBe(EPSG(4549))
  })

  it.each([
    ['an unsupported CRS', `crs=${EPSG(3857)}`],
    ['a CRS given as a bare code', 'crs=EPSG:4549'],
    ['an unsupported bbox-crs', `bbox=1,2,3,4&bbox-crs=${EPSG(3857)}`],
    ['a latitude-first bbox given longitude first', `bbox=120.55,31.25,120.7,31.35&bbox-crs=${EPSG(4326)}`],
    ['a projected bbox with min above max', `bbox=3470000,560000,3460000,570000&bbox-crs=${EPSG(4549)}`],
    ['a projected bbox beyond the zone’s plane', `bbox=0,0,1,1e12&bbox-crs=${EPSG(4549)}`],
    ['a datetime in year 0', 'datetime=0000-01-01'],
  ])('%s is a 400', async (_label, query) => {
    const res = await get(`/api/ogc/collections/sites/items?${query}`)
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
  })
})
