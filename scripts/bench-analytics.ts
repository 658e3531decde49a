/*
 * Analytics targets, measured on real databases over loopback HTTP:
 *   GET /api/kpis for the whole default city (6,000 sites)   target ≤ 200 ms on the server engine
 *   recomputing every risk score (and coverage) for 100,000 sites   target ≤ 30 s
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:analytics
 * (without it only the embedded engine's KPI timing is taken). Each run seeds fresh databases and drops them.
 */
import { createIngestWriter } from '../server/features/ingest/ingest.writer.ts'
import { serve } from '@hono/node-server'
import { cpus, totalmem } from 'node:os'
import { type Database, openDatabase } from '../db/engine.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { seedCity } from '../db/seed/index.ts'
import { createApp } from '../server/app.ts'
import { parseConfig } from '../server/config.ts'
import { markAllStale } from '../server/features/risk/risk.repo.ts'
import { createAnalyticsRefresher, DEFAULT_ANALYTICS } from '../server/features/risk/risk.service.ts'
import { createTileCache } from '../server/features/tiles/tiles.cache.ts'
import { createLiveHub } from '../server/features/live/live.hub.ts'
import { createMetrics } from '../server/features/ops/metrics.ts'
import { createDatabase, dropDatabase } from './bench/server.ts'
import { settleSeededCity } from '../server/features/registry/registry.job.ts'

const serverUrl = process.env.BENCH_DATABASE_URL
const NOW = new Date()

async function withDatabase<T>(engine: 'pglite' | 'postgres', run: (db: Database) => Promise<T>): Promise<T> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' })
    try { return await run(database) } finally { await database.close() }
  }
  const name = `sitegrid_bench_${Date.now()}`
  const database = await openDatabase({ databaseUrl: await createDatabase(serverUrl!, name), dataDir: '' })
  try { return await run(database) } finally {
    await database.close()
    await dropDatabase(serverUrl!, name)
  }
}

async function seeded(database: Database, sites: number) {
  await migrateToLatest(database.db)
  await seedCity(database.db, { settle: settleSeededCity, sites, seed: 2021, now: NOW, geodataDir: process.env.GEODATA_DIR ?? '../shared/data/geo' })
  const refresher = createAnalyticsRefresher(database)
  await refresher.refresh()
  return refresher
}

async function kpiLatency(database: Database): Promise<{ p50: number; p95: number }> {
  const refresher = await seeded(database, 6_000)
  const app = createApp({ db: database.db, engine: database.engine, config: parseConfig({}), analytics: DEFAULT_ANALYTICS, refresher, live: createLiveHub(database), tiles: createTileCache(database),
    ingest: createIngestWriter(database.db, { lanes: 1, pm10LimitUgM3: DEFAULT_ANALYTICS.dust.limitUgM3 }), metrics: createMetrics({ engine: database.engine, pool: database.pool }) })
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/api/kpis`
  const times: number[] = []
  for (let i = 0; i < 32; i++) {
    const t = performance.now()
    const res = await fetch(url)
    await res.json()
    if (i >= 2) times.push(performance.now() - t)
  }
  server.close()
  times.sort((a, b) => a - b)
  return { p50: times[Math.floor(times.length * 0.5)], p95: times[Math.floor(times.length * 0.95)] }
}

async function recomputeAll(database: Database, sites: number): Promise<number> {
  const refresher = await seeded(database, sites)
  await markAllStale(database.db)
  const t = performance.now()
  const count = await refresher.refresh()
  if (count !== sites) throw new Error(`recomputed ${count} of ${sites}`)
  return (performance.now() - t) / 1000
}

const rows: string[] = []
const pgliteKpis = await withDatabase('pglite', kpiLatency)
rows.push(`| pglite (embedded) | 6,000 | GET /api/kpis p50 / p95 | ${pgliteKpis.p50.toFixed(0)} / ${pgliteKpis.p95.toFixed(0)} ms |`)
if (serverUrl) {
  const kpis = await withDatabase('postgres', kpiLatency)
  rows.push(`| postgres (server) | 6,000 | GET /api/kpis p50 / p95 (≤ 200 ms) | ${kpis.p50.toFixed(0)} / ${kpis.p95.toFixed(0)} ms |`)
  const seconds = await withDatabase('postgres', (db) => recomputeAll(db, 100_000))
  rows.push(`| postgres (server) | 100,000 | recompute every coverage ratio and risk score (≤ 30 s) | ${seconds.toFixed(1)} s |`)
}
console.log(`\nMachine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`)
console.log('| engine | sites | measure | result |\n|---|---|---|---|')
for (const row of rows) console.log(row)
