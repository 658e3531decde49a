import { serve } from '@hono/node-server'
import { openDatabase, withSeedConnection } from '../db/engine.ts'
import { migrateToLatest } from '../db/migrate.ts'
import { preparePm10Partitions } from '../db/partitions.ts'
import { isSeeded, seedCity } from '../db/seed/index.ts'
import { createApp } from './app.ts'
import { provisionAccounts } from './features/auth/accounts.bootstrap.ts'
import { parseConfig } from './config.ts'
import { startFieldIngest } from './features/ingest/field-ingest.ts'
import { createHistoryJob } from './features/history/history.job.ts'
import { createKpiAreasJob } from './features/kpis/kpi-areas.job.ts'
import { startSiteColumnsWarmer } from './features/layers/site-columns-warmer.ts'
import { createLiveHub } from './features/live/live.hub.ts'
import { createReportJob } from './features/reports/reports.job.ts'
import { createAuditRetention } from './features/audit/retention.job.ts'
import { createMetrics } from './features/ops/metrics.ts'
import { createRegistryJob, settleSeededCity } from './features/registry/registry.job.ts'
import { createTileCache } from './features/tiles/tiles.cache.ts'
import { createSessionCache } from './features/auth/session-cache.ts'
import { refreshSiteCells } from './features/tiles/tiles.repo.ts'
import { setPm10AlertLimit } from './features/live/live.repo.ts'
import { createAnalyticsRefresher, DEFAULT_ANALYTICS } from './features/risk/risk.service.ts'

const started = performance.now()
const config = parseConfig(process.env)
const engineOptions = { databaseUrl: config.DATABASE_URL, replicaUrls: config.DATABASE_REPLICA_URLS, dataDir: config.DATA_DIR }
const database = await openDatabase(engineOptions)
const migrated = await migrateToLatest(database.db)
if (migrated.length) console.log(`migrations applied: ${migrated.join(', ')}`)
await preparePm10Partitions(database.db)
// Before seeding, so that the seeded history's alerts follow the same rule as live ones.
await setPm10AlertLimit(database.db, DEFAULT_ANALYTICS.dust.limitUgM3)

if (!(await isSeeded(database.db))) {
  console.log(`empty database: seeding a ${config.SEED_SITES}-site Suzhou (seed ${config.SEED}) …`)
  const summary = await withSeedConnection(engineOptions, database, (db) => seedCity(db, { settle: settleSeededCity,
    sites: config.SEED_SITES, seed: config.SEED, now: config.SEED_NOW ? new Date(config.SEED_NOW) : new Date(),
    geodataDir: config.GEODATA_DIR,
    onProgress: ({ phase, done, total }) => { if (done === total || phase !== 'sites') console.log(`  seeding ${phase} ${done}/${total}`) },
  }))
  if (summary.geography === 'stand-in') {
    console.warn(`  geodata not found at ${config.GEODATA_DIR}: using the coarse stand-in geography (set GEODATA_DIR for real boundaries)`)
  }
  console.log(`seeded in ${summary.seconds} s: ${summary.districts} districts, ${summary.grids} grids, ${summary.sites} sites, ${summary.keyProjects} key projects`)
}

const demoAccounts = await provisionAccounts(database.db, config)
if (demoAccounts.length) {
  console.log('demo accounts (passwords shown this once; change them under 系统管理):')
  for (const a of demoAccounts) console.log(`  ${a.username.padEnd(16)} ${a.password}  ${a.role} · ${a.displayName}`)
}

const refresher = createAnalyticsRefresher(database, DEFAULT_ANALYTICS)
const refreshed = await refresher.refresh()
if (refreshed) console.log(`risk and coverage computed for ${refreshed} sites`)
// The city-zoom tiles' cell sums, so that the first wall to open does not wait for them.
await refreshSiteCells(database.db)
// Records changed by other processes (imports, SQL) are picked up within seconds.
const stopRefreshing = refresher.every(2_000)
// The KPIs' sums per area, recomputed where writes or time made them stale, and checked against a recount hourly.
const kpiAreas = createKpiAreasJob(database.db, {
  everyMs: 5_000, reconcileEveryMs: 3_600_000, onError: (error) => console.error('KPI areas refresh failed:', error),
  onMismatch: (areas) => console.error('KPI areas differed from a recount and were recomputed:', JSON.stringify(areas)),
})
const { refreshed: kpiAreasBuilt } = await kpiAreas.run()
if (kpiAreasBuilt) console.log(`KPI sums computed for ${kpiAreasBuilt} areas`)
// The audit and sign-in logs' months: the coming ones made ahead, and those past retention and exported dropped.
const retention = createAuditRetention(database.db, { retentionDays: config.AUDIT_RETENTION_DAYS, everyMs: 3_600_000, now: () => new Date() })
const { dropped } = await retention.run()
for (const d of dropped) console.log(`audit retention: dropped ${d.log} ${d.month} (${d.rows} rows, exported)`)
// Expired certificates and crane inspections become hazards, and credit follows the records, hour by hour.
const registryFailed = (error: unknown) => console.error('registry pass failed:', error)
const registry = createRegistryJob(database.db, { everyMs: 3_600_000, onError: registryFailed })
// A failed first pass is logged and retried within the hour; it does not keep the portal from starting.
const pass = await registry.run().catch((error) => { registryFailed(error); return null })
if (pass && pass.certificateHazards + pass.craneHazards) console.log(`registry: ${pass.certificateHazards} certificate and ${pass.craneHazards} crane hazards raised`)
// Each ended day's sites and KPIs, kept for playback and reports; run in the background so that a first start's
// backfill does not hold the portal back.
const historyFailed = (error: unknown) => console.error('history capture failed:', error)
const history = createHistoryJob(database.db, {
  analytics: DEFAULT_ANALYTICS, backfillDays: config.HISTORY_BACKFILL_DAYS, retentionMonths: config.HISTORY_RETENTION_MONTHS,
  now: () => new Date(), everyMs: 300_000, onError: historyFailed,
})
// Last month's (in Jan/Apr/Jul/Oct also last quarter's, in January last year's) reports of the city and each district,
// issued once from the 1st (Beijing) and notified to their recipients; after history's first pass, so the 1st finds its day.
const reportsFailed = (error: unknown) => console.error('scheduled reports failed:', error)
const reports = createReportJob(database.db, { everyMs: 600_000, now: () => new Date(), onError: reportsFailed })
history.run().then(({ captured }) => { if (captured.length) console.log(`history: ${captured.length} days captured (${captured[0]} … ${captured.at(-1)})`) }, historyFailed)
  .then(() => reports.run()).then(({ issued }) => { if (issued.length) console.log(`reports: ${issued.join(', ')} issued`) }, reportsFailed)
const live = createLiveHub(database)
const tiles = createTileCache(database)
const sessions = createSessionCache(database)
const metrics = createMetrics({ engine: database.engine, pool: database.pool, tileCache: tiles.stats })
const field = await startFieldIngest(database, config, { pm10LimitUgM3: DEFAULT_ANALYTICS.dust.limitUgM3, metrics: metrics.ingest })
console.log(`HJ 212 listener on tcp://${config.HJ212_HOST ?? config.HOST}:${field.hj212.port}`)
console.log(config.MQTT_URL ? `MQTT ingest from ${config.MQTT_URL} as ${config.MQTT_CLIENT_ID}` : 'MQTT ingest off (set MQTT_URL, e.g. mqtt://127.0.0.1:1883)')
const { hj212, mqtt } = field
const listeners = { hj212: hj212.listening, mqtt: mqtt ? () => mqtt.stats().connected : undefined }
const app = createApp({ db: database.db, engine: database.engine, readsReplicas: database.readsReplicas, config, analytics: DEFAULT_ANALYTICS, refresher, live, tiles, sessions, ingest: field.writer, metrics, listeners })
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, ({ port }) => {
  const where = database.engine === 'pglite' ? `embedded PGlite in ${config.DATA_DIR}` : 'PostgreSQL server'
  console.log(`SiteGrid on http://localhost:${port} (${where}), ready in ${Math.round(performance.now() - started)} ms`)
})
// The city's site columns, rendered while the portal already answers: the first wall or city map to open finds them kept.
const warmer = startSiteColumnsWarmer({ db: database.db, refresher, tiles }, {
  settleMs: 3_000, onError: (error) => console.error('site columns warm-up failed:', error),
})

async function shutdown() {
  stopRefreshing()
  await kpiAreas.stop()
  await retention.stop()
  await registry.stop()
  await history.stop()
  await reports.stop()
  server.close()
  await warmer.stop()
  await field.stop()
  await live.stop()
  await tiles.stop()
  await sessions.stop()
  await database.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
