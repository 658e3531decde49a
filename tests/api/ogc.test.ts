import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic, envelope, featureIds, idsWhere, linkOf, local, type OgcFeature as Feature, ogcClient, type OgcLink as Link, type OgcPage as Page } from '../support/ogc.ts'

/*
 * The OGC API – Features endpoint driven the way QGIS drives it (landing page → API definition → collection →
 * items?limit=… → bbox pages followed through their next links), and every answer compared with what PostGIS
 * says for the same box. Signing in and zones: ogc-access.test.ts.
 */

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'
const OPENAPI_30 = 'application/vnd.oai.openapi+json;version=3.0'

let database: SeededDatabase
let ogc: ReturnType<typeof ogcClient>
const get: ReturnType<typeof ogcClient>['get'] = (...args) => ogc.get(...args)
const ids = (query: ReturnType<typeof sql>) => idsWhere(database.db, query)

beforeAll(async () => {
  database = await createSeededDatabase(400)
  ogc = ogcClient(createTestApp(database), basic(database.demo('admin')))
})
afterAll(() => database?.dispose())

describe('OGC API – Features, the way QGIS reads it', () => {
  it('landing page links to the OpenAPI 3.0 definition, conformance and collections, which all answer', async () => {
    const res = await get('/api/ogc', basic(database.demo('admin')), { headers: { accept: 'application/json' } })
    expect(res.status).toBe(200)
    const { links } = await res.json() as { links: Link[] }
    expect(linkOf(links, 'self')?.href).toBe('http://localhost/api/ogc')
    expect(linkOf(links, 'service-desc')).toEqual(expect.objectContaining({ href: 'http://localhost/api/ogc/api', type: OPENAPI_30 }))
    expect(linkOf(links, 'conformance')).toEqual(expect.objectContaining({ href: 'http://localhost/api/ogc/conformance', type: 'application/json' }))
    expect(linkOf(links, 'data')).toEqual(expect.objectContaining({ href: 'http://localhost/api/ogc/collections', type: 'application/json' }))
    const conformance = await (await get(local(linkOf(links, 'conformance')!.href))).json()
    expect(conformance.conformsTo).toEqual(expect.arrayContaining(['core', 'geojson', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`)))
  })

  it('the API definition is OpenAPI 3.0 with the limit QGIS sizes its pages from', async () => {
    const res = await get('/api/ogc/api')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(OPENAPI_30)
    const doc = await res.json()
    expect(doc.openapi).toMatch(/^3\.0\./)
    expect(doc.components.parameters.limit.schema).toEqual({ type: 'integer', minimum: 1, maximum: 10_000, default: 1_000 })
    // /req/core/fc-bbox-definition: an array of 4 or 6 numbers, comma-separated (form, not exploded).
    const bbox = doc.paths['/collections/{collectionId}/items'].get.parameters.find((p: { name: string }) => p.name === 'bbox')
    expect(bbox).toMatchObject({ in: 'query', style: 'form', explode: false, schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } })
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/collections', '/collections/{collectionId}/items', '/collections/{collectionId}/items/{featureId}']))
  })

  it('collections describe sites and grids in CRS84 with the extent PostGIS computes for the caller', async () => {
    const res = await get('/api/ogc/collections')
    expect(res.status).toBe(200)
    const { collections } = await res.json()
    expect(collections.map((c: { id: string }) => c.id)).toEqual(['sites', 'grids', 'enterprises', 'cameras', 'key-projects', 'key-areas', 'districts', 'demo-zones', 'receptors', 'devices'])
    const sites = collections[0]
    expect(sites).toMatchObject({ itemType: 'feature', storageCrs: CRS84, extent: { spatial: { crs: CRS84 } } })
    expect(linkOf(sites.links, 'items')).toEqual(expect.objectContaining({ href: 'http://localhost/api/ogc/collections/sites/items', type: 'application/geo+json' }))
    const extent = (await sql<{ b: number[]; first: string; last: string }>`SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) AS b,
      first, last FROM (SELECT ST_Extent(location) AS e, min(start_date)::text AS first, max(planned_end_date)::text AS last FROM sites) s`.execute(database.db)).rows[0]
    sites.extent.spatial.bbox[0].forEach((v: number, i: number) => expect(v).toBeCloseTo(extent.b[i], 9))
    expect(sites.extent.temporal.interval).toEqual([[`${extent.first}T00:00:00+08:00`, `${extent.last}T23:59:59+08:00`]])
    expect(await (await get('/api/ogc/collections/sites')).json()).toEqual(sites)
    expect(collections[1].extent.temporal).toBeUndefined()
  })

  it('items?limit=10 (QGIS’s first request): GeoJSON with numberMatched, and the properties GIS users need', async () => {
    const res = await get('/api/ogc/collections/sites/items?limit=10')
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    const page: Page = await res.json()
    expect(page.numberMatched).toBe((await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`.execute(database.db)).rows[0].n)
    expect([page.numberReturned, page.features.length]).toEqual([10, 10])
    expect(new Date(page.timeStamp).getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(page.features.map((f) => f.id)).toEqual(await ids(sql`SELECT id FROM sites ORDER BY id LIMIT 10`))
    const first = page.features[0]
    const row = (await sql<Record<string, unknown>>`
      SELECT s.code, s.name, s.kind, s.stage, d.name AS district, g.code AS grid, r.grade AS "riskGrade", s.start_date::text AS "startDate",
        s.planned_end_date::text AS "plannedEndDate", round(ST_X(s.location)::numeric, 6)::float8 AS lon, round(ST_Y(s.location)::numeric, 6)::float8 AS lat
      FROM sites s JOIN districts d ON d.id = s.district_id LEFT JOIN grids g ON g.id = s.grid_id LEFT JOIN site_risk r ON r.site_id = s.id
      WHERE s.id = ${first.id}`.execute(database.db)).rows[0]
    const { lon, lat, ...properties } = row
    expect(first.properties).toEqual(properties)
    expect(first.properties.riskGrade).toMatch(/^(red|orange|yellow|blue)$/)
    expect(first.geometry).toEqual({ type: 'Point', coordinates: [lon, lat] })
    expect(linkOf(page.links, 'next')?.href).toBe('http://localhost/api/ogc/collections/sites/items?limit=1000&offset=10')
    expect(linkOf(page.links, 'prev')).toBeUndefined()
  })

  it('pages through a bbox by next links until exhausted: the union is what PostGIS finds in the box, each once', async () => {
    const [w, s, e, n] = (await sql<{ b: number[] }>`SELECT json_build_array(ST_XMin(x), ST_YMin(x), ST_XMax(x), ST_YMax(x)) AS b
      FROM (SELECT ST_Extent(location) AS x FROM sites) e`.execute(database.db)).rows[0].b
    const box = [w, s, (w + e) / 2, (s + n) / 2 + 0.02].map((v) => Number(v.toFixed(6)))
    const expected = await ids(sql`SELECT id FROM sites WHERE ST_Intersects(location, ${envelope(box)}) ORDER BY id`)
    expect(expected.length).toBeGreaterThan(60)
    const pages = await ogc.pageThrough(`/api/ogc/collections/sites/items?limit=25&bbox=${box.join(',')}`)
    expect(featureIds(pages)).toEqual(expected)
    // Pages of 25 as asked for, by offsets the test computes (a client that pages by itself, as a table would).
    for (let offset = 0; offset < expected.length; offset += 25) {
      const page: Page = await (await get(`/api/ogc/collections/sites/items?limit=25&offset=${offset}&bbox=${box.join(',')}`)).json()
      expect(page.numberMatched).toBe(expected.length)
      expect(page.features.map((f) => f.id)).toEqual(expected.slice(offset, offset + 25))
      for (const rel of ['self', 'alternate', 'prev']) {
        const href = linkOf(page.links, rel)?.href
        if (href) expect(new URL(href).searchParams.get('bbox')).toBe(box.join(','))
        if (href) expect(new URL(href).searchParams.get('limit')).toBe('25')
      }
      expect(new URL(linkOf(page.links, 'self')!.href).searchParams.get('offset')).toBe(String(offset))
      expect(Boolean(linkOf(page.links, 'prev'))).toBe(offset > 0)
    }
  })

  it('a next link continues right after the page at no less than the default page size: GDAL asks for 10 and follows it', async () => {
    const all = await ids(sql`SELECT id FROM sites ORDER BY id`)
    const pages = await ogc.pageThrough('/api/ogc/collections/sites/items?limit=10')
    expect(pages.map((p) => p.numberReturned)).toEqual([10, all.length - 10])
    expect(featureIds(pages)).toEqual(all)
    const next = new URL(linkOf(pages[0].links, 'next')!.href)
    expect([next.searchParams.get('limit'), next.searchParams.get('offset')]).toEqual(['1000', '10'])
    expect(linkOf(pages[1].links, 'next')).toBeUndefined()
  })

  it('grids are polygons, and a bbox returns the grids PostGIS says it intersects', async () => {
    const box = [120.55, 31.25, 120.7, 31.35]
    const expected = await ids(sql`SELECT id FROM grids WHERE ST_Intersects(geom, ${envelope(box)}) ORDER BY id`)
    expect(expected.length).toBeGreaterThan(3)
    const pages = await ogc.pageThrough(`/api/ogc/collections/grids/items?bbox=${box.join(',')}&limit=3`)
    expect(featureIds(pages)).toEqual(expected)
    const grid = pages[0].features[0]
    expect(grid.geometry.type).toBe('MultiPolygon')
    expect(Object.keys(grid.properties).sort()).toEqual(['code', 'district', 'name', 'township'])
  })

  it('one feature by id, with links; an unknown feature or collection is a 404 JSON error', async () => {
    const { features } = await (await get('/api/ogc/collections/sites/items?limit=1&offset=5')).json() as Page
    const res = await get(`/api/ogc/collections/sites/items/${features[0].id}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    const one: Feature = await res.json()
    expect({ ...one, links: undefined }).toEqual({ ...features[0], links: undefined })
    expect(linkOf(one.links!, 'collection')?.href).toBe('http://localhost/api/ogc/collections/sites')
    // Part 1's /req/core/f-links: the same feature in the other encoding.
    expect(linkOf(one.links!, 'alternate')).toEqual(expect.objectContaining({ href: `http://localhost/api/ogc/collections/sites/items/${features[0].id}?f=json`, type: 'application/json' }))
    for (const path of ['/api/ogc/collections/sites/items/999999', '/api/ogc/collections/sites/items/abc', '/api/ogc/collections/roads', '/api/ogc/collections/roads/items']) {
      const missing = await get(path)
      expect(missing.status, path).toBe(404)
      expect((await missing.json()).error.code).toBe('not_found')
    }
  })

  it('f=json serves the same document as application/json; HEAD answers without a body', async () => {
    const geo = await (await get('/api/ogc/collections/grids/items?limit=2')).json() as Page
    const res = await get('/api/ogc/collections/grids/items?limit=2&f=json')
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const json = await res.json() as Page
    expect(json.features).toEqual(geo.features)
    expect(linkOf(json.links, 'alternate')).toEqual(expect.objectContaining({ type: 'application/geo+json' }))
    expect(new URL(linkOf(json.links, 'next')!.href).searchParams.get('f')).toBe('json')
    const head = await get('/api/ogc/collections/grids/items?limit=2', undefined, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })
})

describe('OGC API parameters', () => {
  it.each([
    ['bbox of 3 numbers', 'bbox=120,31,121'], ['bbox of 5 numbers', 'bbox=120,31,0,121,32'], ['bbox with min > max', 'bbox=121,31,120,32'],
    ['latitude beyond 90', 'bbox=120,31,121,95'], ['bbox not numbers', 'bbox=a,b,c,d'], ['limit 0', 'limit=0'], ['limit -5', 'limit=-5'],
    ['limit not a number', 'limit=ten'], ['offset negative', 'offset=-1'], ['unknown format', 'f=xml'], ['unknown parameter', 'color=red'],
    ['a second bbox', 'bbox=120,31,121,32&bbox=120,31,121,32'], ['an impossible date', 'datetime=2026-02-30'], ['an interval backwards', 'datetime=2026-05-01/2026-04-01'],
  ])('%s is a 400 invalid_request', async (_label, query) => {
    const res = await get(`/api/ogc/collections/sites/items?${query}`)
    const body = await res.json()
    expect(res.status, JSON.stringify(body)).toBe(400)
    expect(body.error.code).toBe('invalid_request')
    expect(JSON.stringify(body)).not.toMatch(/SELECT|\.ts:\d+|stack/i)
  })

  it('a limit above the maximum is lowered to 10,000, as the standard asks, and carried in the links', async () => {
    const page = await (await get('/api/ogc/collections/grids/items?limit=50000')).json() as Page
    const grids = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM grids`.execute(database.db)).rows[0].n
    expect(page.numberReturned).toBe(Math.min(grids, 10_000))
    expect(new URL(linkOf(page.links, 'self')!.href).searchParams.get('limit')).toBe('10000')
  })

  it('a 3D bbox (with heights) finds what its 2D box finds', async () => {
    const flat = await (await get('/api/ogc/collections/sites/items?bbox=120.55,31.25,120.7,31.35&limit=10000')).json() as Page
    const solid = await (await get('/api/ogc/collections/sites/items?bbox=120.55,31.25,-10,120.7,31.35,500&limit=10000')).json() as Page
    expect(flat.numberMatched).toBeGreaterThan(0)
    expect(featureIds([solid])).toEqual(featureIds([flat]))
  })

  it('a point-sized bbox is allowed and finds the site at that point', async () => {
    const site = (await sql<{ id: number; lon: number; lat: number }>`SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM sites ORDER BY id LIMIT 1`.execute(database.db)).rows[0]
    const page = await (await get(`/api/ogc/collections/sites/items?bbox=${site.lon},${site.lat},${site.lon},${site.lat}`)).json() as Page
    expect(page.features.map((f) => f.id)).toContain(site.id)
  })

  it('datetime selects the sites whose planned period meets it; grids have no time and are not filtered', async () => {
    const day = '2026-06-01'
    const expected = await ids(sql`SELECT id FROM sites WHERE start_date <= ${day}::date AND planned_end_date >= ${day}::date ORDER BY id`)
    const all = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`.execute(database.db)).rows[0].n
    expect(expected.length).toBeGreaterThan(0)
    expect(expected.length).toBeLessThan(all)
    const pages = await ogc.pageThrough(`/api/ogc/collections/sites/items?datetime=${day}&limit=200`)
    expect(featureIds(pages)).toEqual(expected)
    const later = await ids(sql`SELECT id FROM sites WHERE planned_end_date >= '2027-01-01' ORDER BY id`)
    expect((await (await get('/api/ogc/collections/sites/items?datetime=2027-01-01T00:00:00%2B08:00/..&limit=10000')).json() as Page).features.map((f) => f.id)).toEqual(later)
    const grids = await (await get(`/api/ogc/collections/grids/items?datetime=${day}&limit=1`)).json() as Page
    expect(grids.numberMatched).toBe((await sql<{ n: number }>`SELECT count(*)::int AS n FROM grids`.execute(database.db)).rows[0].n)
  })
})
