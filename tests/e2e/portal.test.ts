import path from 'node:path'
import type { Locator, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { ApiSession } from '../support/session.ts'
import { ARTIFACTS, browserMissing, changedPixels, drawnShare, type Portal, startPortal } from '../support/portal.ts'

describe.skipIf(browserMissing)('the portal in Chromium', () => {
  let portal: Portal
  let command: ApiSession
  const openPortal = (path?: string) => portal.open(path)
  /** What the API gives the signed-in city command for a layer URL: its number of features. */
  const featureCount = async (url: string) => (await (await command.request(url)).json()).features.length

  beforeAll(async () => {
    portal = await startPortal()
    command = await portal.session(portal.database.demo('city_command'))
  })
  afterAll(() => portal?.close())

  it('sends the built web app gzipped, its hashed assets cached for good', async () => {
    const html = await (await fetch(portal.baseUrl)).text()
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1]
    expect(script).toBeDefined()
    const res = await fetch(`${portal.baseUrl}${script}`, { headers: { 'accept-encoding': 'gzip' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect((await res.text()).length).toBeGreaterThan(1000)
  })

  it('keeps the view and the filter in a shareable URL', async () => {
    const { page } = await openPortal('/?stage=earthworks#map=12/31.3/120.62')
    const expected = await featureCount('/api/layers/sites?stage=earthworks')
    await expect.poll(() => page.textContent('[data-testid=site-count]'), { timeout: 15_000 }).toBe(String(expected))
    expect(await page.inputValue('[data-testid=filter-stage]')).toBe('earthworks')
    expect(new URL(page.url()).hash).toMatch(/^#map=12\/31\.3\/120\.62/)
    await page.close()
  })

  // One page, as a user keeps it open: each test leaves the map as it found it (a page load costs more than the walks).
  describe('on one page', () => {
    let page: Page
    let errors: string[]
    let map: Locator
    beforeAll(async () => {
      ;({ page, errors } = await openPortal())
      map = page.locator('[data-testid=map]')
    })
    afterAll(() => page?.close())
    afterEach(() => { expect(errors).toEqual([]) })

    it('loads with no console errors and shows the seeded city', async () => {
      expect(await page.textContent('[data-testid=site-count]')).toBe('400')
      expect(await page.textContent('[data-testid=stats]')).toContain(portal.database.engine)
    })

    it('draws the districts and sites on the map canvas', async () => {
      expect(drawnShare(await map.screenshot({ path: path.join(ARTIFACTS, 'portal-city.png') }))).toBeGreaterThan(0.02)
    })

    it.each(['sites', 'heatmap', 'cameras', 'grids', 'keyProjects', 'demoZone', 'districts'])(
      'the %s layer toggles on and off and changes the pixels', async (id) => {
        const toggle = page.locator(`[data-testid=toggle-${id}]`)
        // As a user would, the toggle is scrolled into view first: a layer panel that scrolls would change the pixels too.
        await toggle.scrollIntoViewIfNeeded()
        const before = await map.screenshot()
        await toggle.click()
        // Until the map has redrawn (a layer switched on for the first time fetches its data first), then a moment to settle.
        await expect.poll(async () => changedPixels(before, await map.screenshot()), { timeout: 20_000 }).toBeGreaterThan(200)
        await page.waitForTimeout(1_000)
        const toggled = await map.screenshot({ path: path.join(ARTIFACTS, `layer-${id}-toggled.png`) })
        await toggle.click()
        // Back as it was: on a busy machine the redraw can take longer than any fixed wait.
        await expect.poll(async () => changedPixels(before, await map.screenshot()), { timeout: 20_000 }).toBeLessThan(changedPixels(before, toggled) / 4)
      })

    it('colours sites by risk grade or by kind', async () => {
      const colourBy = 'select[aria-label="着色方式"]'
      const byRisk = await map.screenshot()
      await page.selectOption(colourBy, 'kind')
      await expect.poll(async () => changedPixels(byRisk, await map.screenshot()), { timeout: 15_000 }).toBeGreaterThan(200)
      await page.selectOption(colourBy, 'risk')
      await expect.poll(async () => changedPixels(byRisk, await map.screenshot()), { timeout: 15_000 }).toBeLessThan(100)
    })

    it('a filter changes the map, the count and the URL together', async () => {
      const expected = await featureCount('/api/layers/sites?kind=housing')
      expect(expected).toBeGreaterThan(0)
      expect(expected).toBeLessThan(400)
      const before = await map.screenshot()
      await page.selectOption('[data-testid=filter-kind]', 'housing')
      await expect.poll(() => page.textContent('[data-testid=site-count]'), { timeout: 15_000 }).toBe(String(expected))
      expect(page.url()).toContain('kind=housing')
      await page.waitForTimeout(1_000)
      expect(changedPixels(before, await map.screenshot({ path: path.join(ARTIFACTS, 'filter-housing.png') }))).toBeGreaterThan(100)
    })

    // Last on this page: the language stays switched.
    it('switches to English', async () => {
      await page.getByRole('button', { name: 'English' }).click()
      await expect.poll(() => page.textContent('h1'), { timeout: 15_000 }).toContain('Suzhou')
      await page.screenshot({ path: path.join(ARTIFACTS, 'portal-english.png') })
    })
  })
})
