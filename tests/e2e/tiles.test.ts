import path from 'node:path'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ARTIFACTS, browserMissing, changedPixels, type Portal, startPortal } from '../support/portal.ts'

/*
 * The map drawing cameras and sites from vector tiles, as it does when a zone has too many for one GeoJSON (`?tiles`
 * forces it on this small test city): tiles are fetched for the view, the GeoJSON layers are not, sectors, cells
 * and dots appear, and a dot opens its site.
 */

describe.skipIf(browserMissing)('cameras and sites from vector tiles in Chromium', () => {
  let portal: Portal
  let page: Page
  let errors: string[]
  let centre: { lon: number; lat: number }
  beforeAll(async () => {
    portal = await startPortal()
    // Centred on the site with the most cameras.
    const { rows } = await sql<{ lon: number; lat: number }>`
      SELECT ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM sites s JOIN cameras c ON c.site_id = s.id
      GROUP BY s.id ORDER BY count(*) DESC, s.id LIMIT 1`.execute(portal.database.db)
    centre = rows[0]
    ;({ page, errors } = await portal.open(`/?tiles#map=13/${centre.lat.toFixed(4)}/${centre.lon.toFixed(4)}`, { width: 1200, height: 800 }))
  })
  afterAll(() => portal?.close())

  it('fetches camera tiles for the view instead of the cameras GeoJSON: cells at district zoom, sectors at street zoom', async () => {
    const requested: string[] = []
    page.on('request', (r) => { if (r.url().includes('/api/')) requested.push(new URL(r.url()).pathname) })
    const before = await page.locator('[data-testid=map]').screenshot()
    const firstTile = page.waitForResponse((r) => /\/api\/tiles\/cameras\/13\/\d+\/\d+\.mvt$/.test(r.url()) && r.status() === 200)
    await page.click('[data-testid=toggle-cameras]')
    await firstTile
    await page.waitForTimeout(2_500)
    const cells = await page.locator('[data-testid=map]').screenshot({ path: path.join(ARTIFACTS, 'camera-tiles-cells.png') })
    expect(requested.filter((p) => p.startsWith('/api/tiles/cameras/')).length).toBeGreaterThan(0)
    expect(requested).not.toContain('/api/layers/cameras')
    expect(changedPixels(before, cells)).toBeGreaterThan(500)

    const streetSites = page.waitForResponse((r) => /\/api\/tiles\/sites\/15\/\d+\/\d+\.mvt$/.test(r.url()) && r.status() === 200)
    await page.goto(`${portal.baseUrl}/?tiles#map=15/${centre.lat.toFixed(5)}/${centre.lon.toFixed(5)}`)
    await streetSites
    await page.waitForTimeout(2_000)
    const street = await page.locator('[data-testid=map]').screenshot()
    const streetTile = page.waitForResponse((r) => /\/api\/tiles\/cameras\/15\/\d+\/\d+\.mvt$/.test(r.url()) && r.status() === 200)
    await page.click('[data-testid=toggle-cameras]')
    await streetTile
    await page.waitForTimeout(2_500)
    const sectors = await page.locator('[data-testid=map]').screenshot({ path: path.join(ARTIFACTS, 'camera-tiles-sectors.png') })
    expect(changedPixels(street, sectors)).toBeGreaterThan(2_000)
    expect(errors).toEqual([])
  })

  it('draws the sites as cells at city zoom and as dots at street zoom, and a dot opens its site', async () => {
    const requested: string[] = []
    page.on('request', (r) => { if (r.url().includes('/api/')) requested.push(new URL(r.url()).pathname) })
    const { rows: [site] } = await sql<{ id: number; code: string; lon: number; lat: number; n: number }>`
      SELECT s.id, s.code, ST_X(s.location) AS lon, ST_Y(s.location) AS lat, (SELECT count(*)::int FROM sites) AS n
      FROM sites s ORDER BY s.id LIMIT 1`.execute(portal.database.db)
    const cells = page.waitForResponse((r) => /\/api\/tiles\/sites\/10\/\d+\/\d+\.mvt$/.test(r.url()) && r.status() === 200)
    await page.goto(`${portal.baseUrl}/?tiles#map=10/${site.lat.toFixed(5)}/${site.lon.toFixed(5)}`)
    await cells
    await expect.poll(() => page.textContent('[data-testid=site-count]')).toBe(String(site.n))
    await expect(page.locator('[data-testid=site-tiles-note]').isVisible()).resolves.toBe(true)
    await page.waitForTimeout(2_000)
    await page.locator('[data-testid=map]').screenshot({ path: path.join(ARTIFACTS, 'site-tiles-city.png') })
    expect(requested).not.toContain('/api/layers/sites')

    const dots = page.waitForResponse((r) => /\/api\/tiles\/sites\/16\/\d+\/\d+\.mvt$/.test(r.url()) && r.status() === 200)
    await page.goto(`${portal.baseUrl}/?tiles#map=16.5/${site.lat.toFixed(6)}/${site.lon.toFixed(6)}`)
    await dots
    await page.waitForTimeout(2_000)
    await page.locator('[data-testid=map]').screenshot({ path: path.join(ARTIFACTS, 'site-tiles-street.png') })
    const box = (await page.locator('[data-testid=map]').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.locator('[data-testid=site-panel]').textContent(), { timeout: 10_000 }).toContain(site.code)
    expect(errors).toEqual([])
  })

  it('draws the risk heatmap from the tiles\' cells, with the sites themselves hidden', async () => {
    await page.goto(`${portal.baseUrl}/?tiles#map=11/${centre.lat.toFixed(4)}/${centre.lon.toFixed(4)}`)
    await page.waitForResponse((r) => /\/api\/tiles\/sites\/11\/\d+\/\d+\.mvt$/.test(r.url()))
    await page.click('[data-testid=toggle-sites]')
    await page.waitForTimeout(1_000)
    const map = page.locator('[data-testid=map]')
    const bare = await map.screenshot()
    await page.click('[data-testid=toggle-heatmap]')
    // The heat appears once the tiles in view have loaded again: a user waits for it to be drawn.
    await expect.poll(async () => changedPixels(bare, await map.screenshot()), { timeout: 20_000 }).toBeGreaterThan(5_000)
    await map.screenshot({ path: path.join(ARTIFACTS, 'site-tiles-heatmap.png') })
    expect(errors).toEqual([])
  })
})
