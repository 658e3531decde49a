import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic, idsWhere } from '../support/ogc.ts'

/*
 * The OGC API's pages for people: f=html or a browser's Accept, tables of what the JSON holds, a map preview as
 * inline SVG, and text from users shown as text.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'
const get = (path: string, accept = BROWSER) => app.request(path, { headers: { authorization: basic(database.demo('admin')), accept } })
const pageText = async (path: string, accept?: string) => {
  const res = await get(path, accept)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toMatch(/^text\/html/)
  return res.text()
}

beforeAll(async () => {
  database = await createSeededDatabase(400)
  app = createTestApp(database)
})
afterAll(() => database?.dispose())

describe('OGC API pages for people', () => {
  it('a browser gets pages from the landing page down to a feature; a GIS client asking for JSON still gets JSON', async () => {
    expect((await pageText('/api/ogc')).includes('href="http://localhost/api/ogc/collections?f=html"')).toBe(true)
    expect((await pageText('/api/ogc/conformance?f=html')).includes('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core')).toBe(true)
    const collections = await pageText('/api/ogc/collections')
    for (const title of ['在建项目 Project sites', '监管网格 Grid responsibility zones', '物联设备 Field devices']) expect(collections.includes(title), title).toBe(true)
    expect((await pageText('/api/ogc/collections/grids')).includes('/collections/grids/items?f=html')).toBe(true)
    const json = await get('/api/ogc/collections', 'application/json')
    expect(json.headers.get('content-type')).toMatch(/^application\/json/)
    const geojson = await get('/api/ogc/collections/sites/items?limit=1', 'application/geo+json, application/json')
    expect(geojson.headers.get('content-type')).toMatch(/^application\/geo\+json/)
  })

  it('a page of sites: a row per site, a dot per site on the preview, and links to the next page', async () => {
    const first = await idsWhere(database.db, sql`SELECT id FROM sites ORDER BY id LIMIT 100`)
    const text = await pageText('/api/ogc/collections/sites/items?f=html')
    expect(text.match(/<circle /g)?.length).toBe(100)
    expect(first.every((id) => text.includes(`/collections/sites/items/${id}?f=html`)), 'a link to every site').toBe(true)
    expect(text.includes('href="http://localhost/api/ogc/collections/sites/items?f=html&amp;limit=100&amp;offset=100"'), 'a next link of 100').toBe(true)
    const grids = await pageText('/api/ogc/collections/grids/items?f=html&limit=5')
    expect(grids.match(/<path d="M/g)?.length).toBe(5)
  })

  it('a name typed by a user is shown as text, never run; the page has no script and no stylesheet', async () => {
    const [id] = await idsWhere(database.db, sql`SELECT id FROM sites ORDER BY id LIMIT 1`)
    await sql`UPDATE sites SET name = '<script>alert("x")</script>锦园' WHERE id = ${id}`.execute(database.db)
    for (const path of [`/api/ogc/collections/sites/items/${id}`, '/api/ogc/collections/sites/items?f=html&limit=3']) {
      const text = await pageText(path)
      expect(text.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;锦园'), 'the name as text').toBe(true)
      expect(/<script|<style|<link /i.test(text), 'a script, style or link element').toBe(false)
    }
    const res = await get(`/api/ogc/collections/sites/items/${id}`)
    expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self'/)
  })
})
