import path from 'node:path'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoDeviceSecret, demoDustMn } from '../../db/seed/devices.ts'
import { toBasemapDatum } from '../../server/domain/datum.ts'
import { createIngestWriter, type IngestWriter } from '../../server/features/ingest/ingest.writer.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal } from '../support/portal.ts'

/*
 * Live field data in the browser: a key project's dust monitor reports, its site panel shows the PM10 it sent,
 * its health and a day's trend, and follows the next report without a reload; on the map the device layer draws
 * it where a GCJ-02 basemap has the site (this portal runs on one, as a city on AMap tiles would).
 */
describe.skipIf(browserMissing)('field devices in Chromium', () => {
  let portal: Portal
  let writer: IngestWriter
  let site: { id: number; name: string; lon: number; lat: number; rank: number }
  const HOUR = 3_600_000

  /** One real-time upload from the site's seeded dust monitor, through the same writer the HJ 212 listener uses. */
  const report = async (at: Date, pm10: number, flags: Record<string, string> = {}) => {
    const identity = demoDustMn(site.rank)
    const values = { pm10, pm25: Math.round(pm10 * 0.55), noise: 61.5, windSpeed: 2.3, temperature: 9.5, humidity: 64 }
    const all = Object.fromEntries(Object.keys(values).map((k) => [k, flags[k] ?? 'N']))
    const reading = { identity, command: '2011' as const, dataTime: at, values, flags: all, normal: Object.values(all).every((f) => f === 'N') }
    expect(await writer.submit({ kind: 'dust_monitor', protocol: 'hj212', reading, secret: demoDeviceSecret(2021, identity) })).toEqual({ status: 'stored' })
  }
  const device = (page: Page) => page.locator(`[data-testid=device-DM-${String(site.rank).padStart(6, '0')}]`)

  beforeAll(async () => {
    portal = await startPortal((baseUrl) => ({ BASEMAP_STYLE_URL: `${baseUrl}/api/basemap/style.json`, BASEMAP_CRS: 'gcj02' }))
    writer = createIngestWriter(portal.database.db, { lanes: 1, pm10LimitUgM3: 150 })
    site = (await sql<typeof site>`SELECT s.id, s.name, ST_X(s.location) AS lon, ST_Y(s.location) AS lat, k.rank
      FROM key_projects k JOIN sites s ON s.id = k.site_id ORDER BY k.rank LIMIT 1`.execute(portal.database.db)).rows[0]
    // A day of readings every 20 minutes for the trend, then the latest, whose PM2.5 is under calibration (C).
    const now = Date.now()
    for (let i = 71; i >= 1; i--) await report(new Date(now - i * HOUR / 3), 60 + 25 * Math.sin(i / 6))
    await report(new Date(now - 30_000), 64, { pm25: 'C' })
  })
  afterAll(() => portal?.close())

  it('the site panel shows the dust monitor\'s live PM10, its flags, health and trend, and follows the next report', async () => {
    const { page, errors } = await portal.open(`/?sel=site:${site.id}`)
    await expect.poll(() => page.textContent('[data-testid=site-panel] h2'), { timeout: 15_000 }).toBe(site.name)
    const monitor = device(page)
    await monitor.waitFor({ timeout: 15_000 })
    expect(await monitor.locator('[data-testid=value-pm10]').textContent()).toContain('64 µg/m³')
    expect(await monitor.locator('[data-testid=device-health]').textContent()).toBe('在线')
    expect(await monitor.textContent()).toMatch(/最后上报 \d\d-\d\d \d\d:\d\d/)
    // PM2.5 is shown with its flag, PM10 (flag N) without one.
    expect(await monitor.locator('[data-testid=flag-pm25]').textContent()).toBe('C 校准')
    expect(await monitor.locator('[data-testid=flag-pm10]').count()).toBe(0)
    await monitor.locator('[data-testid=device-trend] polyline').waitFor({ timeout: 15_000 })
    expect((await monitor.locator('[data-testid=device-trend] polyline').getAttribute('points'))!.split(' ').length).toBe(72)
    // Seeded cameras and crane monitors have not reported.
    expect(await page.locator('[data-testid=site-devices] [data-testid=device-health]', { hasText: '从未上报' }).count()).toBeGreaterThan(0)
    await page.locator('[data-testid=site-devices]').scrollIntoViewIfNeeded()
    await page.locator('[data-testid=site-panel]').screenshot({ path: path.join(ARTIFACTS, 'site-devices.png') })

    // The panel refreshes every 15 s while it is open.
    await report(new Date(), 71)
    await expect.poll(() => monitor.locator('[data-testid=value-pm10]').textContent(), { timeout: 25_000 }).toContain('71 µg/m³')
    expect(await monitor.locator('[data-testid=flag-pm25]').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })

  it('the device layer draws the monitor at the site on the GCJ-02 basemap, with its code, kind and health on hover', async () => {
    const [lon, lat] = toBasemapDatum({ type: 'Point', coordinates: [site.lon, site.lat] }, 'gcj02').coordinates
    const { page, errors } = await portal.open(`/#map=17/${lat}/${lon}`)
    await page.click('[data-testid=toggle-devices]')
    expect(await page.textContent('[data-testid=legend-devices]')).toContain('失联')
    const box = (await page.locator('[data-testid=map]').boundingBox())!
    const code = `DM-${String(site.rank).padStart(6, '0')}`
    // The site's crane monitors are drawn as a smaller dot inside the dust monitor's: hover its ring.
    const [x, y] = [box.x + box.width / 2 + 6, box.y + box.height / 2]
    await expect.poll(async () => {
      await page.mouse.move(x + 1, y)
      await page.mouse.move(x, y)
      return page.locator('.map-tooltip').textContent({ timeout: 1_000 }).catch(() => '')
    }, { timeout: 30_000 }).toBe(`${code} · 扬尘监测仪 · 在线`)
    await page.screenshot({ path: path.join(ARTIFACTS, 'devices-layer.png') })
    // A click on a device opens its site.
    await page.mouse.click(x, y)
    await expect.poll(() => page.textContent('[data-testid=site-panel] h2'), { timeout: 15_000 }).toBe(site.name)
    expect(errors).toEqual([])
    await page.close()
  })
})
