import path from 'node:path'
import { sql } from 'kysely'
import type { Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { addHazard } from '../support/fixtures.ts'
import { ARTIFACTS, browserMissing, drawnShare, type Portal, startPortal } from '../support/portal.ts'

/* The command-center wall: three screen sizes, live updates, an outage and its recovery, and a soak. */

describe.skipIf(browserMissing)('the wall display in Chromium', () => {
  let portal: Portal
  let wallUrl: string
  let siteId: number
  beforeAll(async () => {
    portal = await startPortal()
    const admin = await portal.session(portal.database.demo('admin'))
    const res = await admin.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: 'e2e wall' }) })
    wallUrl = (await res.json()).wallUrl
    siteId = (await sql<{ id: number }>`SELECT id FROM sites ORDER BY id LIMIT 1`.execute(portal.database.db)).rows[0].id
  })
  afterAll(() => portal?.close())
  // A wall left open after a failed test keeps drawing in software GL and starves the next test's browser.
  const pages: Page[] = []
  afterEach(async () => { await Promise.all(pages.splice(0).map((p) => p.close().catch(() => {}))) })

  const openHazards = async () => Number((await sql<{ n: number }>`SELECT count(*)::int AS n FROM hazards WHERE status <> 'closed'`.execute(portal.database.db)).rows[0].n)
  // As a wall is opened: by its display token alone, with no one signed in. Every answer it is refused is kept.
  const openWall = async (viewport = { width: 1920, height: 1080 }, query = '') => {
    const opened = await portal.open(`${wallUrl}${query}`, viewport, null)
    pages.push(opened.page)
    const refused: string[] = []
    opened.page.on('response', (r) => { if (r.status() >= 400) refused.push(`${r.status()} ${new URL(r.url()).pathname}`) })
    await opened.page.waitForSelector('[data-testid=wall-open-hazards]', { timeout: 60_000 })
    await expect.poll(() => opened.page.getAttribute('[data-testid=wall-status]', 'class'), { timeout: 15_000 }).toContain('live')
    return { ...opened, refused }
  }
  const shownOpenHazards = async (page: Page) => Number(await page.textContent('[data-testid=wall-open-hazards]'))

  it.each([[1920, 1080], [3840, 2160], [7680, 2160]])('lays out at %i×%i with the figures, charts and map on screen', async (width, height) => {
    const { page, errors, refused } = await openWall({ width, height })
    expect(await shownOpenHazards(page)).toBe(await openHazards())
    await page.waitForTimeout(2_500)
    const shot = await page.screenshot({ path: path.join(ARTIFACTS, `wall-${width}x${height}.png`) })
    expect(drawnShare(shot)).toBeGreaterThan(0.05)
    // Nothing spills out of the screen: the wall has no scroll bars.
    expect(await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight])).toEqual([width, height])
    expect(await page.locator('.wall-chart canvas').count()).toBe(3)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
  })

  it('draws a city too large for every site\'s columns from its tiles, heatmap included, and reloads them after a change', async () => {
    // `tiles` forces what a city of more than 200,000 sites gets.
    const { page, errors, refused } = await openWall(undefined, '&tiles')
    const fetched = () => page.evaluate(() => performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname))
    const siteTiles = async () => (await fetched()).filter((p) => p.startsWith('/api/wall/tiles/sites/')).length
    await page.waitForSelector('[data-testid=map][data-site-tiles-loaded]', { timeout: 30_000 })
    expect(await siteTiles()).toBeGreaterThan(0)
    expect(await fetched()).not.toContain('/api/wall/layers/site-columns')
    const { rows: [{ n }] } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`.execute(portal.database.db)
    expect(await page.getAttribute('[data-testid=wall-map]', 'data-sites')).toBe(String(n))
    await page.waitForTimeout(2_500)
    const shot = await page.locator('[data-testid=wall-map]').screenshot({ path: path.join(ARTIFACTS, 'wall-site-tiles.png') })
    expect(drawnShare(shot)).toBeGreaterThan(0.05)
    // A site's change reaches the wall as an event, and the tiles in view are asked for again.
    let asked = 0
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/wall/tiles/sites/')) asked++ })
    await addHazard(portal.database.db, siteId, { severity: 'major', status: 'open', ageDays: 0, dueInDays: 3 })
    await expect.poll(() => asked, { timeout: 20_000 }).toBeGreaterThan(0)
    expect(errors).toEqual([])
    expect(refused).toEqual([])
  })

  it('shows a hazard written to the database pushed, without a reload', async () => {
    const { page } = await openWall()
    const before = await shownOpenHazards(page)
    const site = (await sql<{ name: string }>`SELECT name FROM sites WHERE id = ${siteId}`.execute(portal.database.db)).rows[0]
    await addHazard(portal.database.db, siteId, { severity: 'major', status: 'open', ageDays: 0, dueInDays: 3 })
    // The snapshot is polled once a minute, so 20 s still proves the push. How fast it arrives is not this test's to
    // assert: on a slow shared machine 5 s failed by one count.
    const written = Date.now()
    await page.waitForSelector(`[data-testid=wall-alerts] li:first-child:has-text("${site.name}")`, { timeout: 20_000 })
    await expect.poll(() => shownOpenHazards(page), { timeout: 20_000 - (Date.now() - written) }).toBe(before + 1)
    expect(page.url()).toContain('/wall') // no reload, no navigation
  })

  it('keeps the last data and says how old it is while the server is away, then recovers by itself', async () => {
    const { page } = await openWall()
    const shown = await shownOpenHazards(page)
    await portal.stopServer()
    await expect.poll(() => page.textContent('[data-testid=wall-status]'), { timeout: 15_000 }).toMatch(/数据截至 \d\d:\d\d/)
    expect(await shownOpenHazards(page)).toBe(shown)
    await page.screenshot({ path: path.join(ARTIFACTS, 'wall-server-down.png') })
    await portal.startServer()
    await expect.poll(() => page.getAttribute('[data-testid=wall-status]', 'class'), { timeout: 45_000 }).toContain('live')
    await addHazard(portal.database.db, siteId, { severity: 'general', status: 'open', ageDays: 0, dueInDays: 7 })
    await expect.poll(() => shownOpenHazards(page), { timeout: 10_000 }).toBe(shown + 1)
  })

  it('tours the districts on the timer the URL sets', async () => {
    const { page } = await openWall()
    await page.goto(`${portal.baseUrl}${wallUrl}&tour=districts&every=5`)
    await page.waitForSelector('[data-testid=wall-open-hazards]', { timeout: 60_000 })
    // The tour's ticks are timed in the page, as they happen: when a view is seen (a poll late, behind a flight
    // that lands a busy page's frame late) cost this test 2.4 s of a 5 s gap in CI.
    // Each change of the step is kept with the step it shows: a page too busy to render between two ticks shows both
    // in one change (gaps of 9.8 and 10.3 s, steps two apart, in a loaded CI run), and the timer is still on time.
    await page.evaluate(() => {
      const wall = document.querySelector<HTMLElement>('[data-testid=wall]')!
      const ticks: [number, number][] = ((window as unknown as { tourTicks: [number, number][] }).tourTicks = [])
      new MutationObserver(() => ticks.push([performance.now(), Number(wall.dataset.tourStep)])).observe(wall, { attributeFilter: ['data-tour-step'] })
    })
    // Three ticks, and what the user sees: the map flying to one district after another, the view in the URL following.
    const views = new Set<string>()
    let ticks: [number, number][] = []
    const stepsSeen = () => (ticks.length ? ticks.at(-1)![1] - ticks[0][1] + 1 : 0)
    await expect.poll(async () => {
      views.add(new URL(page.url()).hash)
      ticks = await page.evaluate(() => (window as unknown as { tourTicks: [number, number][] }).tourTicks)
      return Math.min(views.size, stepsSeen())
    }, { timeout: 30_000, interval: 200 }).toBeGreaterThanOrEqual(3)
    // Every five seconds: not the default thirty (too few ticks) nor faster. A timer's task runs late, never early,
    // and a busy page's late tick shortens the gap after it (3,397 ms after a late one, in a slow CI run), so the
    // cadence is the mean time a step took, first change to last.
    const [[firstAt, firstStep], [lastAt, lastStep]] = [ticks[0], ticks.at(-1)!]
    const mean = (lastAt - firstAt) / (lastStep - firstStep)
    expect(mean >= 3_500 && mean <= 10_000, `ticks ${ticks.map(([at, step]) => `${step}@${Math.round(at)}`).join(', ')} ms`).toBe(true)
  })

  it('does not grow its JS heap or DOM over hundreds of pushed updates', async () => {
    const { page, requestsInFlight } = await openWall()
    const cdp = await page.context().newCDPSession(page)
    await cdp.send('Performance.enable')
    const measure = async () => {
      await cdp.send('HeapProfiler.collectGarbage')
      const { metrics } = await cdp.send('Performance.getMetrics')
      const get = (name: string) => metrics.find((m) => m.name === name)!.value
      return { heap: get('JSHeapUsedSize'), nodes: get('Nodes') }
    }
    // Measured once the page has settled, as a user would see it: no fetch in flight (the event stream aside) and no
    // change to the page for a second. A fixed 3 s caught a loaded CI run's page mid-render, 234 nodes over.
    await page.evaluate(() => {
      const quiet = window as unknown as { lastChange: number }
      quiet.lastChange = performance.now()
      new MutationObserver(() => { quiet.lastChange = performance.now() }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true })
    })
    const settled = async () => requestsInFlight().every((url) => url.includes('/events')) && await page.evaluate(() => performance.now() - (window as unknown as { lastChange: number }).lastChange > 1_000)
    const burst = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const id = await addHazard(portal.database.db, siteId, { severity: 'general', status: 'open', ageDays: 0, dueInDays: 7 })
        await sql`UPDATE hazards SET status = 'closed', closed_at = now() WHERE id = ${id}`.execute(portal.database.db)
        await page.waitForTimeout(20)
      }
      await page.waitForTimeout(1_000) // the refetch a last event sets off, after its 500 ms coalescing
      await expect.poll(settled, { timeout: 60_000, interval: 250 }).toBe(true)
    }
    // 230 updates, each a snapshot and a redraw in software GL (350 took 50 s of a CI run): halves of 100 still show
    // a leak of 15 kB an update against the 1.5 MB bound; the wall's heap grows about 0.2 MB a half.
    await burst(30) // warm-up: caches, chart instances and the feed reach their steady size
    const start = await measure()
    await burst(100)
    const middle = await measure()
    await burst(100)
    const end = await measure()
    const mb = (n: number) => (n / 1e6).toFixed(1)
    console.log(`wall soak: heap ${mb(start.heap)} → ${mb(middle.heap)} → ${mb(end.heap)} MB, DOM nodes ${start.nodes} → ${middle.nodes} → ${end.nodes}`)
    // A leak grows with every update, so it grows again in the second half; a one-off settling does not.
    expect(end.heap - middle.heap).toBeLessThan(Math.max(1.5e6, middle.heap * 0.08))
    expect(end.heap).toBeLessThan(start.heap * 1.5)
    expect(end.nodes).toBeLessThanOrEqual(start.nodes + 20)
    expect(await page.locator('[data-testid=wall-alerts] li').count()).toBe(30)
  }, 240_000)
})
