import type { ServerType } from '@hono/node-server'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/config.ts'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { createMetrics, type Metrics } from '../../server/features/ops/metrics.ts'
import { createTileCache } from '../../server/features/tiles/tiles.cache.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { listenOn } from '../support/listen.ts'
import { dustFactors, DustMonitor, ingestDatabase, nextQn, registerDevice, startTestIngest, until } from '../support/devices.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * GET /api/metrics on a real database: what requests, streams, tiles, the pool and the ingest writer did shows up
 * in the text with the right counts and labels, and only an admin or an address in METRICS_ALLOW may read it.
 */

interface Sample { name: string; labels: Record<string, string>; value: number }

/** The samples of a Prometheus text exposition. */
function parse(text: string): Sample[] {
  return text.split('\n').filter((line) => line && !line.startsWith('#')).map((line) => {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line)
    if (!match) throw new Error(`not a sample line: ${line}`)
    const labels = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]))
    return { name: match[1], labels, value: Number(match[3]) }
  })
}

/** The one sample of `name` with these labels (and maybe others), or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const found = parse(text).filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} ${JSON.stringify(labels)}`)
  return found[0]?.value
}

let database: SeededDatabase
let metrics: Metrics
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let server: ServerType
let base: string
let siteIds: number[]

const scrape = async () => {
  const res = await admin.request('/api/metrics')
  expect(res.status).toBe(200)
  return res.text()
}
const close = (s: ServerType | undefined) => new Promise<void>((resolve) => { if (!s) resolve(); else s.close(() => resolve()) })

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const tiles = createTileCache(database)
  metrics = createMetrics({ engine: database.engine, pool: database.pool, tileCache: tiles.stats })
  app = createTestApp(database, { METRICS_ALLOW: '127.0.0.1, 10.20.0.0/16' }, { metrics, tiles })
  admin = await signIn(app, database.demo('admin'))
  // A real listening server gives a real peer address: 127.0.0.1, which this app's METRICS_ALLOW lists.
  ;({ server, base } = await listenOn(app))
  siteIds = (await sql<{ id: number }>`SELECT id FROM sites ORDER BY id LIMIT 3`.execute(database.db)).rows.map((r) => r.id)
})
afterAll(async () => {
  await close(server)
  await database?.dispose()
})

describe('GET /api/metrics', () => {
  it('counts requests by method, route pattern and status class, never by raw path', async () => {
    for (const id of siteIds) expect((await admin.request(`/api/sites/${id}`)).status).toBe(200)
    expect((await admin.request('/api/sites/999999')).status).toBe(404)
    expect((await app.request('/api/kpis')).status).toBe(401)
    expect((await admin.request('/api/no-such-thing')).status).toBe(404)
    const text = await scrape()
    const requests = (route: string, status: string) => sample(text, 'sitegrid_http_requests_total', { method: 'GET', route, status })
    expect(requests('/api/sites/:id', '2xx')).toBe(3)
    expect(requests('/api/sites/:id', '4xx')).toBe(1)
    // Refused by the session check before its handler ran: still counted under the route it asked for.
    expect(requests('/api/kpis', '4xx')).toBe(1)
    expect(requests('/api/*', '4xx')).toBe(1)
    expect(sample(text, 'sitegrid_http_requests_total', { method: 'POST', route: '/api/auth/login', status: '2xx' })).toBe(1)
    expect(text).not.toContain(`/api/sites/${siteIds[0]}"`)
    expect(text).not.toContain('no-such-thing')
  })

  it('keeps a latency histogram per route: cumulative buckets, +Inf equal to the count', async () => {
    const text = await scrape()
    const labels = { method: 'GET', route: '/api/sites/:id', status: '2xx' }
    const buckets = parse(text).filter((s) => s.name === 'sitegrid_http_request_duration_seconds_bucket' && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
    expect(buckets.map((b) => b.labels.le)).toEqual(['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'])
    for (let i = 1; i < buckets.length; i++) expect(buckets[i].value).toBeGreaterThanOrEqual(buckets[i - 1].value)
    expect(buckets.at(-1)!.value).toBe(3)
    expect(sample(text, 'sitegrid_http_request_duration_seconds_count', labels)).toBe(3)
    expect(sample(text, 'sitegrid_http_request_duration_seconds_sum', labels)).toBeGreaterThan(0)
  })

  it('shows the process metrics of prom-client', async () => {
    const text = await scrape()
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)
    expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0)
  })

  it('counts live event streams while they are open', async () => {
    const token = (await (await admin.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: '指标大屏' }) })).json()).token as string
    const open = async (path: string, headers: Record<string, string> = {}) => {
      const res = await app.request(path, { headers })
      expect(res.status).toBe(200)
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
      let text = ''
      while (!/event: ready/.test(text)) text += (await reader.read()).value ?? ''
      return reader
    }
    const walls = [await open(`/api/wall/events?token=${token}`), await open(`/api/wall/events?token=${token}`)]
    const alarms = await open('/api/alarms/events', { cookie: admin.cookie })
    let text = await scrape()
    expect(sample(text, 'sitegrid_live_streams_open', { feed: 'wall' })).toBe(2)
    expect(sample(text, 'sitegrid_live_streams_open', { feed: 'alarms' })).toBe(1)
    await walls[0].cancel()
    text = await until(async () => { const t = await scrape(); return sample(t, 'sitegrid_live_streams_open', { feed: 'wall' }) === 1 && t }, 'a closed stream to be counted')
    expect(sample(text, 'sitegrid_live_streams_opened_total', { feed: 'wall' })).toBe(2)
    await walls[1].cancel()
    await alarms.cancel()
    await until(async () => { const t = await scrape(); return sample(t, 'sitegrid_live_streams_open', { feed: 'wall' }) === 0 && sample(t, 'sitegrid_live_streams_open', { feed: 'alarms' }) === 0 }, 'every stream closed')
  }, 20_000)

  it('counts tile cache hits and misses; a revalidated tile is a 304 under the tile route', async () => {
    const path = '/api/tiles/sites/12/3420/1673.mvt'
    const first = await admin.request(path)
    expect(first.status).toBe(200)
    expect((await admin.request(path)).status).toBe(200)
    expect((await admin.request(path, { headers: { 'if-none-match': first.headers.get('etag')! } })).status).toBe(304)
    const text = await scrape()
    expect(sample(text, 'sitegrid_tile_cache_lookups_total', { result: 'miss' })).toBe(1)
    expect(sample(text, 'sitegrid_tile_cache_lookups_total', { result: 'hit' })).toBe(2)
    expect(sample(text, 'sitegrid_tile_cache_tiles')).toBe(1)
    expect(sample(text, 'sitegrid_tile_cache_bytes')).toBeGreaterThan(0)
    const tileRoute = { method: 'GET', route: '/api/tiles/:layer/:z/:x/:file' }
    expect(sample(text, 'sitegrid_http_requests_total', { ...tileRoute, status: '2xx' })).toBe(2)
    expect(sample(text, 'sitegrid_http_requests_total', { ...tileRoute, status: '3xx' })).toBe(1)
  })

  it('shows the pool busy while a transaction holds a connection and a query waits or takes another', async () => {
    // Scraped from the allowed address, with no session: the scrape itself needs no connection.
    const anonymousScrape = async () => (await fetch(`${base}/api/metrics`)).text()
    let during = ''
    let queued: Promise<unknown> | undefined
    await database.db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx)
      queued = sql`SELECT pg_sleep(0.2)`.execute(database.db)
      await until(() => database.pool().inUse + database.pool().waiting >= 2, 'the second query to take or wait for a connection')
      during = await anonymousScrape()
    })
    await queued
    const state = (text: string, s: string) => sample(text, 'sitegrid_db_connections', { engine: database.engine, state: s })!
    expect(state(during, 'in_use')).toBeGreaterThanOrEqual(1)
    // PGlite has one connection: the second query waits for it. The server engine gives it a connection of its own.
    if (database.engine === 'pglite') expect(state(during, 'waiting')).toBe(1)
    else expect(state(during, 'in_use')).toBe(2)
    const after = await anonymousScrape()
    expect([state(after, 'in_use'), state(after, 'waiting')]).toEqual([0, 0])
    expect(sample(after, 'sitegrid_db_connections_max', { engine: database.engine })).toBe(database.engine === 'pglite' ? 1 : 4)
  })

  describe('ingest', () => {
    let field: FieldIngest
    let ingest: Awaited<ReturnType<typeof ingestDatabase>>
    afterAll(async () => {
      await field?.stop()
      await ingest?.close()
    })

    it('counts readings through the real writer by protocol and outcome, and times its batches', async () => {
      ingest = await ingestDatabase(database)
      field = await startTestIngest(ingest.database, { metrics: metrics.ingest })
      await registerDevice(database.db, { kind: 'dust_monitor', siteId: siteIds[0], identity: 'METRICS0001', secret: 'pw-metrics' })
      const monitor = await DustMonitor.connect(field.hj212.port, 'METRICS0001', 'pw-metrics')
      const times = [3, 2, 1].map((m) => new Date(Date.now() - m * 60_000))
      for (const dataTime of times) await monitor.acked(monitor.send({ qn: nextQn(), dataTime, factors: dustFactors(60) }))
      await monitor.acked(monitor.send({ qn: nextQn(), dataTime: times[2], factors: dustFactors(60) })) // a resend
      monitor.send({ qn: nextQn(), dataTime: new Date(), factors: dustFactors(70), pw: 'wrong' })
      const readings = (t: string, outcome: string) => sample(t, 'sitegrid_ingest_readings_total', { protocol: 'hj212', outcome })
      const text = await until(async () => { const t = await scrape(); return readings(t, 'refused') === 1 && t }, 'the refused reading to be counted')
      expect(readings(text, 'stored')).toBe(3)
      expect(readings(text, 'duplicate')).toBe(1)
      expect(readings(text, 'failed')).toBe(0)
      expect(sample(text, 'sitegrid_ingest_readings_total', { protocol: 'mqtt', outcome: 'stored' })).toBe(0)
      expect(sample(text, 'sitegrid_ingest_received_total', { protocol: 'hj212' })).toBe(5)
      expect(sample(text, 'sitegrid_ingest_batch_seconds_count', { result: 'committed' })).toBeGreaterThanOrEqual(1)
      await monitor.close()
    })
  })
})

describe('who may read the metrics', () => {
  it('an admin, with or without an allowed address; no other role', async () => {
    const res = await admin.request('/api/metrics')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    for (const role of ['planner', 'city_command', 'auditor'] as const) {
      const refused = await (await signIn(app, database.demo(role))).request('/api/metrics')
      expect(refused.status).toBe(403)
      expect((await refused.json()).error.code).toBe('forbidden')
    }
  })

  it('anyone at an address in METRICS_ALLOW, with no session; no one else without one', async () => {
    expect((await fetch(`${base}/api/metrics`)).status).toBe(200)
    // In-process requests have no peer address: anonymous, so refused.
    const inProcess = await app.request('/api/metrics')
    expect(inProcess.status).toBe(401)
    expect((await inProcess.json()).error.code).toBe('unauthenticated')

    const elsewhere = createTestApp(database, { METRICS_ALLOW: '10.20.0.0/16' })
    const other = await listenOn(elsewhere)
    try {
      expect((await fetch(`${other.base}/api/metrics`)).status).toBe(401)
      // A forwarded address is never believed here, whoever sends it.
      expect((await fetch(`${other.base}/api/metrics`, { headers: { 'x-forwarded-for': '10.20.1.2', 'x-real-ip': '10.20.1.2' } })).status).toBe(401)
      expect((await fetch(`${other.base}/api/metrics`, { headers: { cookie: admin.cookie } })).status).toBe(200)
    } finally {
      await close(other.server)
    }
  })

  it('refuses a METRICS_ALLOW entry that is not an address or CIDR', () => {
    expect(() => parseConfig({ METRICS_ALLOW: '127.0.0.1,not-an-address' })).toThrow(/METRICS_ALLOW/)
    expect(parseConfig({ METRICS_ALLOW: ' 127.0.0.1 , ::1,10.0.0.0/8 ' }).METRICS_ALLOW).toEqual(['127.0.0.1', '::1', '10.0.0.0/8'])
    expect(parseConfig({}).METRICS_ALLOW).toEqual([])
  })
})
