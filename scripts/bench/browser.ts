/*
 * The Chromium side of the browser bench: a screen opened in a fresh profile, what it downloads, how long until its
 * map has drawn its data, and each frame's duration while the mouse drags the map.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { BENCH_PASSWORD } from './server.ts'
import { type Latency, percentiles } from './load.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync']

export function chromiumVersion(): string {
  // Debian's launcher script complains on stderr about its own environment checks: only the version line matters.
  return execFileSync(CHROMIUM, ['--version'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim()
}

export interface Device { viewport: { width: number; height: number }; deviceScaleFactor?: number; isMobile?: boolean; hasTouch?: boolean }
export interface Transfer { urls: string[]; wire: number; uncompressed: number }
export interface Downloads { js: Transfer; css: Transfer; data: Transfer }
export interface Frames extends Latency { fps: number }

export interface Screen {
  page: Page
  signIn(username: string): Promise<void>
  /** Navigates to `url` (a new document each time) and returns ms from navigation start to the map drawn with its data. */
  load(url: string): Promise<number>
  /** What the screen has downloaded so far: bytes on the wire (headers included) and after decoding. */
  downloads(): Downloads
  /** Resolves once no request has been in flight for `quietMs`, so that tiles are loaded before a pan or a screenshot. */
  settle(quietMs?: number): Promise<void>
  close(): Promise<void>
}

/**
 * A new Chromium with an empty profile (its own --user-data-dir: nothing cached, nobody signed in). `ready` is a
 * page-side expression that holds once the screen's data has reached its map.
 */
export async function openScreen(base: string, device: Device, ready: string): Promise<Screen> {
  const profile = mkdtempSync(path.join(tmpdir(), 'sitegrid-bench-chromium-'))
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, ...device })
  const page = context.pages()[0] ?? await context.newPage()
  await page.addInitScript(firstRenderProbe(ready))
  const network = await watchNetwork(context, page)
  return {
    page, ...network,
    async signIn(username) {
      // The context's request API shares the browser's cookie jar: the page is signed in as a user would be.
      const res = await context.request.post(`${base}/api/auth/login`, { data: { username, password: BENCH_PASSWORD } })
      if (!res.ok()) throw new Error(`sign-in as ${username} failed: HTTP ${res.status()}`)
    },
    async load(url) {
      await page.goto('about:blank')
      await page.goto(url, { waitUntil: 'commit' })
      // A function, not source text: the portal's CSP forbids the eval that text would need.
      const rendered = await page.waitForFunction(() => (window as { benchFirstRender?: number }).benchFirstRender, null, { timeout: 900_000 })
      return rendered.jsonValue() as Promise<number>
    },
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/*
 * Runs before the page's own scripts. The data reach the map in a React commit; the frame that draws them follows
 * the next idle moment, so the time is taken two frames after that. Polled every frame, so it is late by one at most.
 */
function firstRenderProbe(ready: string): string {
  return `performance.setResourceTimingBufferSize(100000);
    (function check() {
      if (!(${ready})) return requestAnimationFrame(check);
      requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(() => { window.benchFirstRender = performance.now() })), { timeout: 5000 });
    })();`
}

function kindOf(url: string, mimeType: string): keyof Downloads | null {
  if (mimeType.includes('javascript')) return 'js'
  if (mimeType === 'text/css') return 'css'
  return new URL(url).pathname.startsWith('/api/') ? 'data' : null
}

/** Counts the page's responses through the DevTools protocol, which knows both their wire and decoded sizes. */
async function watchNetwork(context: BrowserContext, page: Page) {
  const cdp = await context.newCDPSession(page)
  const totals: Downloads = { js: { urls: [], wire: 0, uncompressed: 0 }, css: { urls: [], wire: 0, uncompressed: 0 }, data: { urls: [], wire: 0, uncompressed: 0 } }
  const responses = new Map<string, { kind: keyof Downloads; url: string; bytes: number }>()
  // Each request still open, by id, with its address: a settle that runs to its bound says which kept it busy.
  const inFlight = new Map<string, string>()
  let lastActivity = Date.now()
  // What the screen loads (a wall's event stream never finishes: it is not a load to wait for). Seen from here, some
  // requests never end: a dedicated worker's script and its blob (their end is reported to the worker's own session)
  // and the browser's favicon; waiting for them ran every settle to its bound (the million-site run of 2026-12-07
  // took 28 minutes).
  const awaited = (e: { type?: string; request: { url: string } }) =>
    ['Document', 'Script', 'Stylesheet', 'Fetch', 'XHR'].includes(e.type ?? '')
    && !e.request.url.startsWith('blob:') && !/\/assets\/[\w-]*worker[\w-]*\.js$/.test(e.request.url)
  cdp.on('Network.requestWillBeSent', (e) => { if (awaited(e)) inFlight.set(e.requestId, e.request.url); lastActivity = Date.now() })
  cdp.on('Network.responseReceived', (e) => {
    const kind = kindOf(e.response.url, e.response.mimeType)
    if (kind) responses.set(e.requestId, { kind, url: e.response.url, bytes: 0 })
  })
  cdp.on('Network.dataReceived', (e) => { const r = responses.get(e.requestId); if (r) r.bytes += e.dataLength })
  cdp.on('Network.loadingFailed', (e) => { inFlight.delete(e.requestId); lastActivity = Date.now() })
  cdp.on('Network.loadingFinished', (e) => {
    inFlight.delete(e.requestId)
    lastActivity = Date.now()
    const r = responses.get(e.requestId)
    if (!r) return
    const total = totals[r.kind]
    total.urls.push(r.url)
    total.wire += e.encodedDataLength
    total.uncompressed += r.bytes
  })
  await cdp.send('Network.enable')
  return {
    downloads: () => structuredClone(totals),
    async settle(quietMs = 1_500) {
      const until = Date.now() + 120_000
      while (Date.now() < until && (inFlight.size > 0 || Date.now() - lastActivity < quietMs)) await page.waitForTimeout(250)
      if (inFlight.size > 0) console.warn(`settle: still in flight after 120 s: ${[...inFlight.values()].map((u) => new URL(u).pathname).join(', ')}`)
      // Tiles are decoded on the main thread after they arrive: let the frames that draw them pass.
      await page.evaluate('new Promise((r) => requestIdleCallback(() => requestAnimationFrame(() => requestAnimationFrame(r)), { timeout: 5000 }))')
    },
  }
}

/** What the files would weigh gzipped, as a proxy in front would send them (the portal serves its assets as they are). */
export function gzippedBytes(urls: string[], dist = 'dist/web'): number {
  return urls.reduce((sum, url) => sum + gzipSync(readFileSync(path.join(dist, new URL(url).pathname))).length, 0)
}

/** Each frame's duration while the mouse drags the map round in circles, held down, for about `ms`. */
export async function panFrames(page: Page, ms = 4_000): Promise<Frames> {
  const box = (await page.locator('[data-testid=map]').boundingBox())!
  const [cx, cy, r] = [box.x + box.width / 2, box.y + box.height / 2, Math.min(box.width, box.height) / 5]
  // As source text: tsx would wrap a closure in a naming helper that does not exist in the page.
  await page.evaluate(`window.benchFrames = []; window.benchPanning = true;
    requestAnimationFrame(function tick(last) { requestAnimationFrame((t) => { window.benchFrames.push(t - last); if (window.benchPanning) tick(t) }) })`)
  await page.mouse.move(cx + r, cy)
  await page.mouse.down()
  const started = Date.now()
  for (let step = 1; Date.now() - started < ms; step++) {
    const angle = (step / 48) * 2 * Math.PI
    await page.mouse.move(cx + r * Math.cos(angle), cy + r * Math.sin(angle))
  }
  await page.mouse.up()
  const frames = await page.evaluate<number[]>('window.benchPanning = false; window.benchFrames')
  const total = frames.reduce((sum, f) => sum + f, 0)
  return { ...percentiles(frames), fps: (frames.length / total) * 1000 }
}
