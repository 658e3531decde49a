import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type TestDatabase } from '../support/database.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARTIFACTS = 'artifacts/e2e'
// On a developer machine without Debian's chromium the browser tests are skipped; in CI they must run.
const browserMissing = !existsSync(CHROMIUM)
if (browserMissing && process.env.CI) throw new Error(`CI needs ${CHROMIUM}: apt-get install -y chromium`)

describe.skipIf(browserMissing)('the portal in Chromium', () => {
  let database: TestDatabase
  let server: ServerType
  let browser: Browser
  let baseUrl: string

  beforeAll(async () => {
    // The production build, as `npm start` makes it; in a process of its own because vitest's NODE_ENV=test
    // would give React's development build.
    execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', path.resolve('dist/e2e-web')], { env: { ...process.env, NODE_ENV: 'production' } })
    database = await createSeededDatabase(400)
    const app = createTestApp(database, { WEB_DIST: 'dist/e2e-web' })
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    // launch() gives every run a fresh, empty profile of its own (Playwright refuses an explicit --user-data-dir).
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync'],
    })
    mkdirSync(ARTIFACTS, { recursive: true })
  })

  afterAll(async () => {
    await browser?.close()
    server?.close()
    await database?.dispose()
  })

  async function openPortal(): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
    const errors: string[] = []
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(baseUrl)
    await page.waitForFunction(() => document.querySelector('[data-testid=site-count]')?.textContent !== '–', null, { timeout: 60_000 })
    await page.waitForTimeout(2_000)
    return { page, errors }
  }

  /** Share of the map's pixels that differ from its background colour. */
  async function drawnShare(page: Page, file: string): Promise<number> {
    const png = PNG.sync.read(await page.locator('[data-testid=map]').screenshot({ path: path.join(ARTIFACTS, file) }))
    const [r0, g0, b0] = png.data
    let drawn = 0
    for (let i = 0; i < png.data.length; i += 4) {
      if (Math.abs(png.data[i] - r0) + Math.abs(png.data[i + 1] - g0) + Math.abs(png.data[i + 2] - b0) > 30) drawn++
    }
    return drawn / (png.width * png.height)
  }

  it('loads with no console errors and shows the seeded city', async () => {
    const { page, errors } = await openPortal()
    expect(errors).toEqual([])
    expect(await page.textContent('[data-testid=site-count]')).toBe('400')
    expect(await page.textContent('[data-testid=stats]')).toContain(database.engine)
    await page.close()
  })

  it('draws the districts and sites on the map canvas', async () => {
    const { page } = await openPortal()
    expect(await drawnShare(page, 'portal-city.png')).toBeGreaterThan(0.02)
    await page.close()
  })

  /** How many pixels of the map differ between two screenshots. */
  function changedPixels(a: Buffer, b: Buffer): number {
    const [pa, pb] = [PNG.sync.read(a), PNG.sync.read(b)]
    let changed = 0
    for (let i = 0; i < pa.data.length; i += 4) {
      if (Math.abs(pa.data[i] - pb.data[i]) + Math.abs(pa.data[i + 1] - pb.data[i + 1]) + Math.abs(pa.data[i + 2] - pb.data[i + 2]) > 30) changed++
    }
    return changed
  }

  it.each(['sites', 'heatmap', 'cameras', 'grids', 'keyProjects', 'demoZone', 'districts'])(
    'the %s layer toggles on and off and changes the pixels', async (id) => {
      const { page, errors } = await openPortal()
      const map = page.locator('[data-testid=map]')
      const toggle = page.locator(`[data-testid=toggle-${id}]`)
      const before = await map.screenshot()
      await toggle.click()
      await page.waitForTimeout(2_500) // a layer switched on for the first time fetches its data
      const toggled = await map.screenshot({ path: path.join(ARTIFACTS, `layer-${id}-toggled.png`) })
      expect(changedPixels(before, toggled)).toBeGreaterThan(200)
      await toggle.click()
      await page.waitForTimeout(1_000)
      expect(changedPixels(before, await map.screenshot())).toBeLessThan(changedPixels(before, toggled) / 4)
      expect(errors).toEqual([])
      await page.close()
    })

  it('colours sites by risk grade or by kind', async () => {
    const { page } = await openPortal()
    const map = page.locator('[data-testid=map]')
    const byRisk = await map.screenshot()
    await page.selectOption('select[aria-label="着色方式"]', 'kind')
    await page.waitForTimeout(1_000)
    expect(changedPixels(byRisk, await map.screenshot())).toBeGreaterThan(200)
    await page.close()
  })

  it('a filter changes the map, the count and the URL together', async () => {
    const { page } = await openPortal()
    const expected = (await (await fetch(`${baseUrl}/api/layers/sites?kind=housing`)).json()).features.length
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThan(400)
    const map = page.locator('[data-testid=map]')
    const before = await map.screenshot()
    await page.selectOption('[data-testid=filter-kind]', 'housing')
    await expect.poll(() => page.textContent('[data-testid=site-count]')).toBe(String(expected))
    expect(page.url()).toContain('kind=housing')
    await page.waitForTimeout(1_000)
    expect(changedPixels(before, await map.screenshot({ path: path.join(ARTIFACTS, 'filter-housing.png') }))).toBeGreaterThan(100)
    await page.close()
  })

  it('keeps the view and the filter in a shareable URL', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } })
    await page.goto(`${baseUrl}/?stage=earthworks#map=12/31.3/120.62`)
    await page.waitForFunction(() => document.querySelector('[data-testid=site-count]')?.textContent !== '–', null, { timeout: 60_000 })
    const expected = (await (await fetch(`${baseUrl}/api/layers/sites?stage=earthworks`)).json()).features.length
    await expect.poll(() => page.textContent('[data-testid=site-count]')).toBe(String(expected))
    expect(await page.inputValue('[data-testid=filter-stage]')).toBe('earthworks')
    expect(new URL(page.url()).hash).toMatch(/^#map=12\/31\.3\/120\.62/)
    await page.close()
  })

  it('switches to English', async () => {
    const { page } = await openPortal()
    await page.getByRole('button', { name: 'English' }).click()
    await expect.poll(() => page.textContent('h1')).toContain('Suzhou')
    await page.screenshot({ path: path.join(ARTIFACTS, 'portal-english.png') })
    await page.close()
  })
})
