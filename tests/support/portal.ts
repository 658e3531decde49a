import { existsSync, mkdirSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { type Browser, chromium, type ConsoleMessage, type Page } from 'playwright-core'
import { PNG } from 'pngjs'
import { afterEach, expect, onTestFailed } from 'vitest'
import { ensureWebBuild, WEB_BUILD } from '../../scripts/ensure-web-build.ts'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { type PageEvidence, watchPage } from './page-evidence.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from './database.ts'
import { startTestIngest } from './devices.ts'
import { type ApiSession, signIn, TEST_PASSWORD } from './session.ts'

/* The portal as `npm start` serves it, on a real seeded database, driven in Debian's Chromium. */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const ARTIFACTS = 'artifacts/e2e'
// On a developer machine without Debian's chromium the browser tests are skipped; in CI they must run.
export const browserMissing = !existsSync(CHROMIUM)
if (browserMissing && process.env.CI) throw new Error(`CI needs ${CHROMIUM}: apt-get install -y chromium`)

export interface Portal {
  database: SeededDatabase
  baseUrl: string
  browser: Browser
  /** The HJ 212 listener (on a free port), MQTT off and the alarm sweep, when started with `fieldIngest`. */
  field: FieldIngest | null
  /**
   * A new page on `path` signed in as `username` (the demo city-command account unless given; null: not signed
   * in), once the sites have loaded (on the map's screens) or the screen's header is drawn (on the others); console
   * errors are collected, and CSP violations fail the test. `requestsInFlight` lists what the page still waits on.
   */
  open(path?: string, viewport?: { width: number; height: number }, username?: string | null): Promise<{ page: Page; errors: string[]; requestsInFlight(): string[] }>
  /** The running portal's API, signed in as `username`, from Node (fetch). */
  session(username: string): Promise<ApiSession>
  /** Takes the server away (every open connection dropped) and brings it back on the same port. */
  stopServer(): Promise<void>
  startServer(): Promise<void>
  close(): Promise<void>
}

// A page opened in a beforeAll serves several tests: its evidence is saved after whichever of them fails.
// (This module is loaded afresh for each test file, so the set, the list and the hook are the file's own.)
const pagesOfHooks = new Set<PageEvidence>()
// Every page runs under the portal's Content-Security-Policy, and any violation on any page fails the test that was
// running (or, for a page opened in a beforeAll, the first test after it).
const cspViolations: string[] = []
afterEach(async ({ task }) => {
  const violations = cspViolations.splice(0)
  if (task.result?.state === 'fail' || violations.length) for (const evidence of pagesOfHooks) await evidence.save(task.name)
  expect(violations, 'Content-Security-Policy violations').toEqual([])
})

/** The violations collected so far in this test, taken out of the check (for a test that provokes one on purpose). */
export const takeCspViolations = () => cspViolations.splice(0)

/**
 * A page's CSP violations: the document's securitypolicyviolation events, and what Chromium logs when it refuses
 * something (the only word from a worker, whose events the document does not see).
 */
async function collectCspViolations(page: Page) {
  await page.exposeBinding('__cspViolation', (_source, text: string) => { cspViolations.push(text) })
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => {
    (window as unknown as { __cspViolation(text: string): void }).__cspViolation(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
  }))
  const logged = (m: ConsoleMessage) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()) }
  page.on('console', logged)
  page.on('worker', (worker) => {
    worker.on('console', logged)
    worker.evaluate(() => self.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy: ${e.effectiveDirective} refused ${e.blockedURI || 'inline'} in a worker`))).catch(() => {})
  })
}

/** A port nobody listens on now, so that configuration can name the portal's own URL before it starts. */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return port
}

/**
 * The production build `npm start` serves (built once, when missing or stale: e2e files run one at a time) on a
 * fresh seeded city; `env` is extra configuration, given the portal's own base URL. `fieldIngest` starts the
 * field side as main.ts does, committing through the same writer as the app's HTTP ingest.
 */
export async function startPortal(env: (baseUrl: string) => Record<string, string> = () => ({}), options: { fieldIngest?: boolean } = {}): Promise<Portal> {
  ensureWebBuild()
  const database = await createSeededDatabase(400)
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const field = options.fieldIngest
    ? await startTestIngest(database)
    : null
  const app = createTestApp(database, { WEB_DIST: WEB_BUILD, ...env(baseUrl) }, field ? { ingest: field.writer } : {})
  const listen = () => new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(s))
  })
  let server = await listen()
  // launch() gives every run a fresh, empty profile of its own (Playwright refuses an explicit --user-data-dir).
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  })
  mkdirSync(ARTIFACTS, { recursive: true })
  return {
    database, baseUrl, browser, field,
    async open(pathAndQuery = '/', viewport = { width: 1600, height: 900 }, username: string | null = database.demo('city_command')) {
      const page = await browser.newPage({ viewport })
      await collectCspViolations(page)
      const evidence = watchPage(page, ARTIFACTS)
      // Outside a test (a hook) vitest refuses onTestFailed; expect's currentTestName cannot tell, as it keeps the last test's.
      try { onTestFailed(({ task }) => evidence.save(task.name)) } catch { pagesOfHooks.add(evidence) }
      const errors: string[] = []
      page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()) })
      page.on('pageerror', (e) => errors.push(e.message))
      // The page's own request context shares its cookie jar, so the session cookie is the browser's.
      if (username) await page.request.post(`${baseUrl}/api/auth/login`, { data: { username, password: TEST_PASSWORD } })
      await page.goto(`${baseUrl}${pathAndQuery}`)
      if (!pathAndQuery.startsWith('/wall') && username) {
        if (/^\/(zone)?([?#]|$)/.test(pathAndQuery)) {
          // The map: the count is there and no longer '–' once the sites have loaded (before the screen exists, nothing is).
          await page.waitForFunction(() => {
            const count = document.querySelector('[data-testid=site-count]')
            return count !== null && count.textContent !== '–'
          }, null, { timeout: 60_000 })
          await page.waitForTimeout(2_000)
        } else {
          // Any other screen (lazily loaded): once its header is drawn.
          await page.waitForSelector('header.topbar', { timeout: 60_000 })
        }
      }
      return { page, errors, requestsInFlight: evidence.inFlight }
    },
    session: (username) => signIn({ request: (path, init) => fetch(`${baseUrl}${path}`, init) }, username, TEST_PASSWORD, baseUrl),
    async stopServer() {
      const closed = new Promise((resolve) => server.close(resolve))
      ;(server as import('node:http').Server).closeAllConnections()
      await closed
    },
    async startServer() {
      server = await listen()
    },
    async close() {
      await browser.close()
      server.close()
      await field?.stop()
      await database.dispose()
    },
  }
}

/** Share of a screenshot's pixels that differ from its first pixel's colour (the background). */
export function drawnShare(png: Buffer): number {
  const { data, width, height } = PNG.sync.read(png)
  const [r0, g0, b0] = data
  let drawn = 0
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) drawn++
  }
  return drawn / (width * height)
}

/** How many pixels differ between two screenshots of the same size. */
export function changedPixels(a: Buffer, b: Buffer): number {
  const [pa, pb] = [PNG.sync.read(a), PNG.sync.read(b)]
  let changed = 0
  for (let i = 0; i < pa.data.length; i += 4) {
    if (Math.abs(pa.data[i] - pb.data[i]) + Math.abs(pa.data[i + 1] - pb.data[i + 1]) + Math.abs(pa.data[i + 2] - pb.data[i + 2]) > 30) changed++
  }
  return changed
}

/** The map view the URL hash holds: `#map=zoom/lat/lon`. */
export function viewInUrl(url: string): { zoom: number; lat: number; lon: number } | null {
  const match = /map=([\d.]+)\/([\d.]+)\/([\d.]+)/.exec(new URL(url).hash)
  return match ? { zoom: Number(match[1]), lat: Number(match[2]), lon: Number(match[3]) } : null
}
