import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic, featureIds, idsWhere, linkOf, ogcClient, type OgcPage as Page } from '../support/ogc.ts'

/*
 * Asking the OGC API for less and in order: queryables (Part 3), sortby (Part 8) and properties (Part 6), each
 * compared with the same ORDER BY or columns in SQL.
 */

let database: SeededDatabase
let ogc: ReturnType<typeof ogcClient>
const ids = (query: ReturnType<typeof sql>) => idsWhere(database.db, query)
const page = async (path: string): Promise<Page> => {
  const res = await ogc.get(path)
  expect(res.status, await res.clone().text()).toBe(200)
  return res.json()
}

beforeAll(async () => {
  database = await createSeededDatabase(400)
  ogc = ogcClient(createTestApp(database), basic(database.demo('admin')))
})
afterAll(() => database?.dispose())

describe('queryables', () => {
  it('a collection links to its queryables, a JSON Schema of its properties with types and its geometry', async () => {
    const collection = await (await ogc.get('/api/ogc/collections/sites')).json()
    const href = linkOf(collection.links, 'http://www.opengis.net/def/rel/ogc/1.0/queryables')!.href
    const res = await ogc.get(new URL(href).pathname)
    expect(res.headers.get('content-type')).toBe('application/schema+json')
    const schema = await res.json()
    expect(schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2019-09/schema', $id: href, type: 'object', additionalProperties: false })
    expect(schema.properties.geometry).toMatchObject({ format: 'geometry-point' })
    expect(schema.properties.code).toEqual({ title: 'code', type: 'string' })
    expect(schema.properties.startDate).toEqual({ title: 'startDate', type: 'string', format: 'date' })
    expect(Object.keys(schema.properties)).toEqual(['geometry', 'code', 'name', 'kind', 'stage', 'district', 'grid', 'riskGrade', 'startDate', 'plannedEndDate'])
  })

  it('types follow the columns, and a list is carried but not queryable', async () => {
    const devices = await (await ogc.get('/api/ogc/collections/devices/queryables')).json()
    expect(devices.properties.intervalS.type).toBe('integer')
    expect(devices.properties.lastSeenAt).toMatchObject({ type: 'string', format: 'date-time' })
    const grids = await (await ogc.get('/api/ogc/collections/grids/queryables')).json()
    expect(grids.properties.geometry.format).toBe('geometry-multipolygon')
    const enterprises = await (await ogc.get('/api/ogc/collections/enterprises/queryables')).json()
    expect(enterprises.properties.kinds).toBeUndefined()
    expect((await ogc.get('/api/ogc/collections/nothing/queryables')).status).toBe(404)
  })
})

describe('sortby', () => {
  it('sorts by several keys across pages, ties by id, as ORDER BY does', async () => {
    const expected = await ids(sql`SELECT id FROM sites ORDER BY start_date DESC NULLS LAST, name ASC NULLS LAST, id`)
    const pages = await ogc.pageThrough('/api/ogc/collections/sites/items?limit=30&sortby=-startDate,%2Bname')
    expect(featureIds(pages)).toEqual(expected)
    expect(new URL(linkOf(pages[0].links, 'next')!.href).searchParams.get('sortby')).toBe('-startDate,+name')
    // A client that pages by offset itself gets the same order, page by page.
    const second = await page('/api/ogc/collections/sites/items?limit=30&offset=30&sortby=-startDate,%2Bname')
    expect(second.features.map((f) => f.id)).toEqual(expected.slice(30, 60))
  })

  it('an unencoded + (a space once decoded) is ascending, as is no sign', async () => {
    const expected = await ids(sql`SELECT x.id FROM sites x LEFT JOIN site_risk r ON r.site_id = x.id ORDER BY r.grade NULLS LAST, x.id LIMIT 50`)
    expect((await page('/api/ogc/collections/sites/items?limit=50&sortby=+riskGrade')).features.map((f) => f.id)).toEqual(expected)
    expect((await page('/api/ogc/collections/sites/items?limit=50&sortby=riskGrade')).features.map((f) => f.id)).toEqual(expected)
  })

  it('sorts the other collections by their own properties', async () => {
    const expected = await ids(sql`SELECT k.id FROM key_projects k ORDER BY k.deadline, k.rank DESC, k.id`)
    expect(featureIds(await ogc.pageThrough('/api/ogc/collections/key-projects/items?limit=5000&sortby=deadline,-rank'))).toEqual(expected)
  })
})

describe('properties', () => {
  it('only the properties asked for, in the collection’s order; none when empty', async () => {
    const some = await page('/api/ogc/collections/sites/items?limit=20&properties=riskGrade,code')
    for (const f of some.features) expect(Object.keys(f.properties)).toEqual(['code', 'riskGrade'])
    const codes = (await sql<{ code: string }>`SELECT code FROM sites ORDER BY id LIMIT 20`.execute(database.db)).rows.map((r) => r.code)
    expect(some.features.map((f) => f.properties.code)).toEqual(codes)
    expect(new URL(linkOf(some.links, 'next')!.href).searchParams.get('properties')).toBe('riskGrade,code')
    const none = await page('/api/ogc/collections/grids/items?limit=5&properties=')
    for (const f of none.features) expect(f.properties).toEqual({})
    const [id] = await ids(sql`SELECT id FROM cameras ORDER BY id LIMIT 1`)
    expect((await (await ogc.get(`/api/ogc/collections/cameras/items/${id}?properties=online`)).json()).properties).toEqual({ online: expect.any(Boolean) })
  })

  it.each([
    ['an unknown property', '/api/ogc/collections/sites/items?properties=code,colour'],
    ['an unknown sort key', '/api/ogc/collections/sites/items?sortby=-colour'],
    ['a list as a sort key', '/api/ogc/collections/enterprises/items?sortby=kinds'],
    ['a sort key with SQL in it', '/api/ogc/collections/sites/items?sortby=name;DROP'],
    ['a property list with spaces', '/api/ogc/collections/sites/items?properties=code,%20name'],
  ])('%s is a 400 that names it', async (_label, path) => {
    const res = await ogc.get(path)
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
  })
})
