/*
 * The main screen in Chromium against a running portal: how long until the sites are on the map, and how many
 * frames a second it keeps while panning at city and street zoom. Software WebGL (SwiftShader) on a shared VM
 * makes frame rates a floor, not a promise: compare runs on one machine, not against a GPU.
 *
 *   MAP_BENCH_URL=http://localhost:3000 npm run bench:map
 */
import { chromium, type Page } from 'playwright-core'

const baseUrl = process.env.MAP_BENCH_URL ?? 'http://localhost:3000'
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

/** Frames drawn per second while the mouse drags the map around for `ms`. */
async function panningFps(page: Page, ms = 4_000): Promise<number> {
  const box = (await page.locator('[data-testid=map]').boundingBox())!
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2]
  // As source text: tsx would otherwise wrap the closure in a helper that does not exist in the page.
  await page.evaluate(`window.frames_ = 0; window.stop_ = false;
    (function tick() { window.frames_++; if (!window.stop_) requestAnimationFrame(tick) })()`)
  const started = Date.now()
  while (Date.now() - started < ms) {
    await page.mouse.move(cx, cy)
    await page.mouse.down()
    await page.mouse.move(cx + 200, cy + 80, { steps: 20 })
    await page.mouse.move(cx, cy, { steps: 20 })
    await page.mouse.up()
  }
  const frames = await page.evaluate<number>('window.stop_ = true; window.frames_')
  return Math.round((frames / ((Date.now() - started) / 1000)) * 10) / 10
}

async function main() {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS })
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } })
  const started = Date.now()
  await page.goto(baseUrl)
  await page.waitForFunction(() => document.querySelector('[data-testid=site-count]')?.textContent !== '–', null, { timeout: 300_000 })
  const sitesOnMapMs = Date.now() - started
  const siteCount = await page.textContent('[data-testid=site-count]')
  await page.waitForTimeout(2_000)
  const cityFps = await panningFps(page)
  // The same pan with every deck.gl layer off: what the basemap alone costs on this renderer.
  for (const id of ['sites', 'demoZone']) await page.click(`[data-testid=toggle-${id}]`)
  await page.waitForTimeout(1_000)
  const basemapFps = await panningFps(page)
  await page.goto(`${baseUrl}/#map=13/31.30/120.62`)
  await page.waitForFunction(() => document.querySelector('[data-testid=site-count]')?.textContent !== '–', null, { timeout: 300_000 })
  await page.waitForTimeout(2_000)
  const streetFps = await panningFps(page)
  await browser.close()
  console.table([{ sites: siteCount, 'sites on map (ms)': sitesOnMapMs, 'fps panning, city zoom': cityFps, 'same, basemap only': basemapFps, 'fps panning, zoom 13': streetFps }])
}

await main()
