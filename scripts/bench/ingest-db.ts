/*
 * The ingest bench's databases: a fresh one per run on either engine, a small seeded city with the bench's dust
 * monitors added in one statement, and the two checks read back at the end — rows committed, and whether every
 * answered reading is really there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { type Database, type EngineName, openDatabase, postgisVersion } from '../../db/engine.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { jsonb } from '../../db/sql.ts'
import { preparePm10Partitions } from '../../db/partitions.ts'
import { seedCity } from '../../db/seed/index.ts'
import { setPm10AlertLimit } from '../../server/features/live/live.repo.ts'
import { sha256 } from '../../server/features/auth/session.ts'
import { createDatabase, dropDatabase } from './server.ts'
import { settleSeededCity } from '../../server/features/registry/registry.job.ts'

export const BENCH_DB_NAME = 'sitegrid_bench_ingest'
export const BENCH_SECRET = 'bench-device-secret-2021'
const SITES = 400

export interface BenchDatabase {
  database: Database
  /** e.g. "PostgreSQL 15.20 + PostGIS 3.3.2", once migrated (the migrations create PostGIS on PGlite). */
  version(): Promise<string>
  dispose(): Promise<void>
}

export async function openBenchDatabase(engine: EngineName, serverUrl: string): Promise<BenchDatabase> {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(tmpdir(), 'sitegrid-bench-ingest-'))
    const database = await openDatabase({ dataDir: dir })
    // The package exports no package.json, so it is read from where npm put it.
    const pglite = JSON.parse(readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8')).version as string
    return {
      database, version: async () => `PGlite ${pglite} + PostGIS ${await postgisVersion(database.db)}`,
      async dispose() { await database.close(); rmSync(dir, { recursive: true, force: true }) },
    }
  }
  // A run that died half-way leaves its database behind: start from nothing whatever happened before.
  await dropDatabase(serverUrl, BENCH_DB_NAME)
  const database = await openDatabase({ databaseUrl: await createDatabase(serverUrl, BENCH_DB_NAME), dataDir: '' })
  return {
    database,
    async version() {
      const { rows } = await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(database.db)
      return `PostgreSQL ${rows[0].v} + PostGIS ${await postgisVersion(database.db)}`
    },
    async dispose() { await database.close(); await dropDatabase(serverUrl, BENCH_DB_NAME) },
  }
}

/** Migrated and seeded as `npm start` does it: a small city whose sites the bench's devices are spread over. */
export async function prepareCity(database: Database, geodataDir: string): Promise<void> {
  await migrateToLatest(database.db)
  await preparePm10Partitions(database.db)
  await setPm10AlertLimit(database.db, 150)
  await seedCity(database.db, { settle: settleSeededCity, sites: SITES, seed: 2021, now: new Date(), geodataDir })
}

/** `devices` dust monitors over the city's sites, all with BENCH_SECRET; their MNs, and their ids by MN. */
export async function addDevices(database: Database, devices: number): Promise<{ identities: string[]; ids: Map<string, number> }> {
  const { rows } = await sql<{ id: number; identity: string }>`
    INSERT INTO devices (code, kind, site_id, protocol, identity, secret_sha256, interval_s)
    SELECT 'BM-' || lpad(g::text, 6, '0'), 'dust_monitor', s.ids[1 + g % array_length(s.ids, 1)], 'hj212', '320500BM' || lpad(g::text, 6, '0'), ${sha256(BENCH_SECRET)}, 60
    FROM generate_series(1, ${devices}::int) g, (SELECT array_agg(id ORDER BY id) AS ids FROM sites) s
    RETURNING id, identity`.execute(database.db)
  return { identities: rows.map((r) => r.identity).sort(), ids: new Map(rows.map((r) => [r.identity, r.id])) }
}

export async function readingRows(database: Database): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_readings`.execute(database.db)
  return rows[0].n
}

/**
 * Every answered reading, given as runs of consecutive seconds per device, looked up by primary key: a run of
 * length L must find L rows. Returns how many answered readings are missing (the figure that must be 0).
 */
export async function missingAcked(database: Database, runs: { deviceId: number; from: number; to: number }[]): Promise<{ checked: number; missing: number }> {
  let checked = 0
  let missing = 0
  for (let i = 0; i < runs.length; i += 2_000) {
    const chunk = runs.slice(i, i + 2_000).map((r) => ({ id: r.deviceId, t0: r.from, t1: r.to }))
    const { rows } = await sql<{ expected: number; found: number }>`
      SELECT coalesce(sum(r.t1 - r.t0 + 1), 0)::int AS expected, coalesce(sum(f.n), 0)::int AS found
      FROM jsonb_to_recordset(${jsonb(chunk)}) AS r(id int, t0 bigint, t1 bigint)
      CROSS JOIN LATERAL (SELECT count(*)::int AS n FROM device_readings d WHERE d.device_id = r.id AND d.command = '2011'
        AND d.data_time BETWEEN to_timestamp(r.t0) AND to_timestamp(r.t1)) f`.execute(database.db)
    checked += rows[0].expected
    missing += rows[0].expected - rows[0].found
  }
  return { checked, missing }
}

/** Which device and reading opened each alarm: the reading's DataTime is the alarm's opening time. */
export async function alarmOrigins(database: Database, alarmIds: number[]): Promise<{ id: number; identity: string; openedAt: number }[]> {
  if (alarmIds.length === 0) return []
  const { rows } = await sql<{ id: number; identity: string; opened_at: Date | string }>`
    SELECT a.id, d.identity, a.opened_at FROM alarms a JOIN devices d ON d.id = a.device_id
    WHERE a.id = ANY(${`{${alarmIds.join(',')}}`}::int[])`.execute(database.db)
  return rows.map((r) => ({ id: r.id, identity: r.identity, openedAt: new Date(r.opened_at).getTime() }))
}
