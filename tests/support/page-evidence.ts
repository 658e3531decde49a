import { writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page, Request } from 'playwright-core'

/*
 * What a failing browser test leaves behind, so that a failure seen once in CI can be explained afterwards:
 * a screenshot of the page, and beside it its URL, everything it logged and the requests still in flight
 * (with how long each had been waiting). Written to `artifacts` as `<test name>-<stamp>.png|json`.
 */
export interface PageEvidence {
  save(testName: string): Promise<void>
  /** The URLs of the requests the page is still waiting on. */
  inFlight(): string[]
}

export function watchPage(page: Page, artifacts: string): PageEvidence {
  const started = Date.now()
  const since = () => `${((Date.now() - started) / 1000).toFixed(1)} s`
  const log: string[] = []
  const inFlight = new Map<Request, number>()
  page.on('console', (m) => log.push(`${since()} ${m.type()}: ${m.text()}`))
  page.on('pageerror', (e) => log.push(`${since()} pageerror: ${e.message}`))
  page.on('request', (r) => inFlight.set(r, Date.now()))
  page.on('requestfinished', (r) => inFlight.delete(r))
  page.on('requestfailed', (r) => { inFlight.delete(r); log.push(`${since()} request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`) })
  return {
    inFlight: () => [...inFlight.keys()].map((r) => r.url()),
    async save(testName) {
      if (page.isClosed()) return
      const base = path.join(artifacts, `${testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}-${Date.now().toString(36)}`)
      const requests = [...inFlight].map(([r, at]) => `${r.method()} ${r.url()} (${((Date.now() - at) / 1000).toFixed(1)} s)`)
      writeFileSync(`${base}.json`, JSON.stringify({ test: testName, url: page.url(), after: since(), requestsInFlight: requests, console: log }, null, 2))
      await page.screenshot({ path: `${base}.png`, timeout: 10_000 }).catch(() => {})
      console.error(`browser test failed: evidence in ${base}.png and .json (page at ${page.url()})`)
    },
  }
}
