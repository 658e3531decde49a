import postgres from 'postgres'
import { type Database, openDatabase } from '../../db/engine.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { seedCity } from '../../db/seed/index.ts'
import { createApp } from '../../server/app.ts'
import type { AppDeps } from '../../server/deps.ts'
import type { Role } from '../../server/domain/roles.ts'
import { type DemoAccount, provisionAccounts } from '../../server/features/auth/accounts.bootstrap.ts'
import { TEST_PASSWORD } from './session.ts'
import { parseConfig } from '../../server/config.ts'
import { createLiveHub } from '../../server/features/live/live.hub.ts'
import { createTileCache } from '../../server/features/tiles/tiles.cache.ts'
import { createAnalyticsRefresher, DEFAULT_ANALYTICS } from '../../server/features/risk/risk.service.ts'

/** History in test cities ends at this instant, so date-based expectations never drift. */
export const TEST_NOW = new Date('2026-11-24T10:00:00+08:00')
export const GEODATA_DIR = process.env.GEODATA_DIR ?? '../shared/data/geo'

export interface TestDatabase extends Database { dispose(): Promise<void> }

/**
 * A fresh, real database per test file: in-memory PGlite by default, or a new database on the server that
 * DATABASE_URL points at (dropped afterwards). Never a mock.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://' })
    return { ...database, dispose: () => database.close() }
  }
  const name = `sitegrid_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const database = await openDatabase({ databaseUrl: url.toString(), maxConnections: 4, dataDir: '' })
  return {
    ...database,
    dispose: async () => {
      await database.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

export async function createMigratedDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase()
  await migrateToLatest(database.db)
  return database
}

export interface SeededDatabase extends TestDatabase {
  /** The demo accounts (one per role), all with TEST_PASSWORD. */
  accounts: DemoAccount[]
  /** The username of the demo account with this role. */
  demo(role: Role): string
}

export async function createSeededDatabase(sites = 400, geodataDir: string | undefined = GEODATA_DIR): Promise<SeededDatabase> {
  const database = await createMigratedDatabase()
  await seedCity(database.db, { sites, seed: 2021, now: TEST_NOW, geodataDir })
  await createAnalyticsRefresher(database).refresh()
  const accounts = await provisionAccounts(database.db, { NODE_ENV: 'test', DEMO_PASSWORD: TEST_PASSWORD })
  const demo = (role: Role) => {
    const account = accounts.find((a) => a.role === role)
    if (!account) throw new Error(`no demo ${role}`)
    return account.username
  }
  return { ...database, accounts, demo }
}

export function createTestApp(database: Database, env: Record<string, string> = {}, deps: Partial<AppDeps> = {}) {
  return createApp({
    db: database.db, engine: database.engine, config: parseConfig({ NODE_ENV: 'test', WEB_DIST: 'no-web-build-in-api-tests', ...env }),
    analytics: DEFAULT_ANALYTICS, refresher: createAnalyticsRefresher(database, DEFAULT_ANALYTICS), live: createLiveHub(database), tiles: createTileCache(database), ...deps,
  })
}
