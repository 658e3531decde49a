import { createHash } from 'node:crypto'
import type { Database } from '../../db/engine.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { seedCity } from '../../db/seed/index.ts'
import { createApp } from '../../server/app.ts'
import type { AppDeps } from '../../server/deps.ts'
import { type LogSink, stdioLog } from '../../server/http/log.ts'
import type { Role } from '../../server/domain/roles.ts'
import { type DemoAccount, provisionAccounts } from '../../server/features/auth/accounts.bootstrap.ts'
import { cloneTemplate, type TemplateSpec } from './city-templates.ts'
import { TEST_PASSWORD } from './session.ts'
import { parseConfig } from '../../server/config.ts'
import { createIngestWriter } from '../../server/features/ingest/ingest.writer.ts'
import { createLiveHub } from '../../server/features/live/live.hub.ts'
import { createMetrics } from '../../server/features/ops/metrics.ts'
import { createTileCache } from '../../server/features/tiles/tiles.cache.ts'
import { createSessionCache } from '../../server/features/auth/session-cache.ts'
import { createAnalyticsRefresher, DEFAULT_ANALYTICS } from '../../server/features/risk/risk.service.ts'
import { settleSeededCity } from '../../server/features/registry/registry.job.ts'

/** History in test cities ends at this instant, so date-based expectations never drift. */
export const TEST_NOW = new Date('2026-11-24T10:00:00+08:00')
export const GEODATA_DIR = process.env.GEODATA_DIR ?? '../shared/data/geo'

/**
 * A fresh, real database per test file: in-memory PGlite by default, or a new database on the server that
 * DATABASE_URL points at (dropped by `dispose`). Never a mock.
 */
export interface TestDatabase extends Database { dispose(): Promise<void> }

const MIGRATED: TemplateSpec<void> = { key: 'migrated', build: async (fresh) => { await migrateToLatest(fresh.db) } }

/** An empty city on the latest schema (a copy of this run's migrated template). */
export async function createMigratedDatabase(): Promise<TestDatabase> {
  const { database, dispose } = await cloneTemplate(MIGRATED, process.env.DATABASE_URL)
  return { ...database, dispose }
}

export interface SeededDatabase extends TestDatabase {
  /** The demo accounts (one per role), all with TEST_PASSWORD. */
  accounts: DemoAccount[]
  /** The username of the demo account with this role. */
  demo(role: Role): string
}

/** The test city of `sites` sites: what a fresh seed builds (same PRNG seed, same TEST_NOW). */
const seedTestCity = (database: Database, sites: number, geodataDir: string | undefined) =>
  seedCity(database.db, { settle: settleSeededCity, sites, seed: 2021, now: TEST_NOW, geodataDir })

/** A seeded city of `sites` sites, with its analytics and demo accounts (a copy of this run's template for the size). */
export async function createSeededDatabase(sites = 400, geodataDir: string | undefined = GEODATA_DIR): Promise<SeededDatabase> {
  const key = `s${sites}_${createHash('sha256').update(geodataDir ?? '').digest('hex').slice(0, 8)}`
  const { database, dispose, built: accounts } = await cloneTemplate({ key, base: MIGRATED, build: async (fresh) => {
    await seedTestCity(fresh, sites, geodataDir)
    await createAnalyticsRefresher(fresh).refresh()
    return provisionAccounts(fresh.db, { NODE_ENV: 'test', DEMO_PASSWORD: TEST_PASSWORD })
  } }, process.env.DATABASE_URL)
  const demo = (role: Role) => {
    const account = accounts.find((a) => a.role === role)
    if (!account) throw new Error(`no demo ${role}`)
    return account.username
  }
  return { ...database, dispose, accounts, demo }
}

/**
 * A city seeded straight into a fresh database, for a city only one file reads (the 6,000-site default city, the
 * stand-in geography): a template of it would cost a dump and a load (430 MB for the default city on PGlite), and
 * that file needs neither analytics nor accounts.
 */
export async function createUnsharedCity(sites: number, geodataDir: string = GEODATA_DIR): Promise<TestDatabase> {
  const database = await createMigratedDatabase()
  await seedTestCity(database, sites, geodataDir)
  return database
}

/** Tests leave out the request log lines (pass `log` to see them) and keep unexpected errors, with their stacks. */
const quietLog: LogSink = (line) => { if (line.level === 'error') stdioLog(line) }

export function createTestApp(database: Database, env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  const tiles = deps.tiles ?? createTileCache(database)
  return createApp({
    db: database.db, engine: database.engine, readsReplicas: database.readsReplicas, config: parseConfig({ NODE_ENV: 'test', WEB_DIST: 'no-web-build-in-api-tests', ...env }),
    analytics: DEFAULT_ANALYTICS, refresher: createAnalyticsRefresher(database, DEFAULT_ANALYTICS), live: createLiveHub(database), tiles, sessions: createSessionCache(database),
    metrics: deps.metrics ?? createMetrics({ engine: database.engine, pool: database.pool, tileCache: tiles.stats }),
    ingest: createIngestWriter(database.db, { lanes: 1, pm10LimitUgM3: DEFAULT_ANALYTICS.dust.limitUgM3 }), log: quietLog, ...deps,
  })
}
