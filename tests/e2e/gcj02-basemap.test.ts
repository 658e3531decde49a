import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal, viewInUrl } from '../support/portal.ts'

/*
 * An "online" GCJ-02 basemap (our own style stands in for AMap here, since there is no internet): the portal must
 * draw and fly to the sites where GCJ-02 puts them, ~500 m from their WGS-84 coordinates.
 */
describe.skipIf(browserMissing)('on a GCJ-02 basemap', () => {
  let portal: Portal
  beforeAll(async () => {
    portal = await startPortal((baseUrl) => ({ BASEMAP_STYLE_URL: `${baseUrl}/api/basemap/style.json`, BASEMAP_CRS: 'gcj02' }))
  })
  afterAll(() => portal?.close())

  it('flies to the shifted position and draws the site there, where a click finds it', async () => {
    const { rows: [site] } = await sql<{ id: number; code: string; name: string; lon: number; lat: number }>`
      SELECT id, code, name, ST_X(location) AS lon, ST_Y(location) AS lat FROM sites ORDER BY id LIMIT 1`.execute(portal.database.db)
    const [gcjLon, gcjLat] = toBasemapDatum({ type: 'Point', coordinates: [site.lon, site.lat] }, 'gcj02').coordinates
    const { page, errors } = await portal.open()
    expect(await page.textContent('.basemap-note')).toContain('GCJ02')
    await page.fill('[data-testid=site-search]', site.code)
    await page.getByRole('option', { name: site.name }).click()
    await expect.poll(() => viewInUrl(page.url())?.zoom, { timeout: 15_000 }).toBe(16)
    const view = viewInUrl(page.url())!
    expect(Math.abs(view.lon - gcjLon)).toBeLessThan(0.0005)
    expect(Math.abs(view.lat - gcjLat)).toBeLessThan(0.0005)
    expect(Math.abs(view.lon - site.lon)).toBeGreaterThan(0.002) // not where WGS-84 would have put it
    await page.click('[data-testid=panel-close]')
    await page.waitForTimeout(1_000)
    const box = (await page.locator('[data-testid=map]').boundingBox())!
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
    await expect.poll(() => page.textContent('[data-testid=site-panel] h2'), { timeout: 15_000 }).toBe(site.name)
    await page.screenshot({ path: path.join(ARTIFACTS, 'gcj02-basemap.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
