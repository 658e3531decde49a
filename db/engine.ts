import { Kysely, PGliteDialect, sql } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { countedDialect, type PoolStats } from './pool-stats.ts'
import { routingDialect } from './replica-routing.ts'
import type { DB } from './types.ts'

export type EngineName = 'pglite' | 'postgres'

export interface Database {
  db: Kysely<DB>
  engine: EngineName
  /**
   * Grid size (in the geometry's units) to pass to PostGIS overlays in metric work. PGlite's GEOS cannot take its
   * exception-driven fallback and then fails *silently*, so it gets fixed precision (1 mm); the server keeps GEOS's
   * floating precision (-1), which is 2–3 times faster.
   */
  overlayGridSize: number
  /** Plain reads may go to streaming replicas: only then need requests say which of their reads may (server/read-routing.ts). */
  readsReplicas: boolean
  /** Calls `onNotify` with each NOTIFY payload on `channel` until the returned function is called. */
  listen(channel: string, onNotify: (payload: string) => void): Promise<() => Promise<void>>
  /** The primary's connections in use and waited for, for GET /api/metrics. */
  pool(): PoolStats
  /** Embedded engine only: the whole cluster as a data-dir tarball, which `loadDataDir` opens again. */
  dumpDataDir?(): Promise<Blob>
  close(): Promise<void>
}

export interface EngineOptions {
  /** postgres://… of a PostgreSQL + PostGIS server; when absent the embedded PGlite engine is used. */
  databaseUrl?: string
  /** Streaming replicas of that server, for plain reads marked with replicaReads() (db/replica-routing.ts). */
  replicaUrls?: string[]
  /** PGlite data directory, or `memory://` for a throw-away database. */
  dataDir: string
  /** A PGlite data-dir tarball (from `dumpDataDir`) to start from instead of an empty cluster. */
  loadDataDir?: Blob
  maxConnections?: number
}

/** `serverUrl` with its database swapped for `name`: the same server, another database. */
export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return url.toString()
}

/** All times the portal shows or reasons about ("today", "this month") are Beijing time. */
export const TIME_ZONE = 'Asia/Shanghai'

/** The one factory for both engines: everything above this file sees only Kysely. */
export async function openDatabase(options: EngineOptions): Promise<Database> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options.maxConnections, options.replicaUrls) : openPglite(options)
}

function postgresClient(url: string, max: number, prepare = true) {
  return postgres(url, {
    max, prepare,
    onnotice: () => {},
    // No JIT: a request's plan priced over jit_above_cost (a campaign's per-inspection counts, a tile's ST_Transform)
    // spent 30–70 ms compiling to save a millisecond; the long recounts turned it off for themselves already.
    connection: { TimeZone: TIME_ZONE, application_name: 'sitegrid', jit: 'off' },
    // int8 (counts, bigserial) as JS numbers like PGlite: our counts stay far below 2^53.
    types: {
      bigint: { to: 20, from: [20], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
      numeric: { to: 1700, from: [1700], serialize: (v: number) => String(v), parse: (v: string) => Number(v) },
    },
  })
}

async function openPostgres(url: string, max = 10, replicaUrls: string[] = [], prepare = true): Promise<Database> {
  const client = postgresClient(url, max, prepare)
  const replicas = replicaUrls.map((replica) => postgresClient(replica, max))
  const primary = countedDialect(new PostgresJSDialect({ postgres: client }), max)
  const dialect = replicas.length === 0 ? primary.dialect
    : routingDialect(primary.dialect, replicas.map((replica) => new PostgresJSDialect({ postgres: replica })))
  const db = new Kysely<DB>({ dialect })
  return {
    db, engine: 'postgres', overlayGridSize: -1, readsReplicas: replicas.length > 0, pool: primary.stats,
    // postgres.js keeps one extra connection for all LISTENs and re-listens by itself after a reconnect.
    listen: async (channel, onNotify) => (await client.listen(channel, onNotify)).unlisten,
    close: async () => {
      // Kysely ends the pools with no time limit, and postgres.js can wait for ever on a connection reserved by a
      // request still open at shutdown (a wall's event stream): once seen in CI, a 300 s hang. Five seconds, then
      // the sockets are closed; Kysely's own end then finds the pools already ended.
      await Promise.all([client, ...replicas].map((c) => c.end({ timeout: 5 })))
      await db.destroy()
    },
  }
}

/**
 * Runs a seed's writes. On the server engine they get a connection of their own without prepared statements: each
 * bulk INSERT runs once, yet postgres.js prepares it, keyed by its text and its parameters' inferred types, and the
 * server keeps every plan (about 2 MB at thousands of parameters) for the connection's life. A 100,000-site seed
 * left 1.9 GB of them in one backend, and a million sites ran the machine out of memory. The embedded engine has no
 * such cache to fill.
 */
export async function withSeedConnection<T>(options: EngineOptions, database: Database, write: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (!options.databaseUrl) return write(database.db)
  const seeding = await openPostgres(options.databaseUrl, 1, [], false)
  try {
    return await write(seeding.db)
  } finally {
    await seeding.close()
  }
}

async function openPglite(options: EngineOptions): Promise<Database> {
  // Loaded lazily: the server engine never pays for the ~40 MB of WASM.
  const { PGlite, types } = await import('@electric-sql/pglite')
  const { postgisExtension } = await import('./pglite-postgis.ts')
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    extensions: { postgis: await postgisExtension(), pg_trgm },
    parsers: { [types.INT8]: (v: string) => Number(v), [types.NUMERIC]: (v: string) => Number(v) },
  })
  await pglite.exec(`SET TIME ZONE '${TIME_ZONE}'`)
  const counted = countedDialect(new PGliteDialect({ pglite }), 1)
  const db = new Kysely<DB>({ dialect: counted.dialect })
  return {
    db, engine: 'pglite', overlayGridSize: 0.001, readsReplicas: false, pool: counted.stats,
    listen: async (channel, onNotify) => pglite.listen(channel, onNotify),
    dumpDataDir: () => pglite.dumpDataDir('none'),
    close: () => db.destroy(),
  }
}

export async function postgisVersion(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ v: string }>`SELECT postgis_lib_version() AS v`.execute(db)
  return rows[0].v
}
