import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { sql } from 'kysely'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BackupTarget, backupDatabase, restoreDatabase } from '../../db/backup.ts'
import { type Database, databaseUrl, openDatabase } from '../../db/engine.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { seedCity } from '../../db/seed/index.ts'
import { createSeededDatabase, GEODATA_DIR, TEST_NOW } from '../support/database.ts'
import { settleSeededCity } from '../../server/features/registry/registry.job.ts'

/*
 * `npm run db:backup` / `db:restore` on whichever engine this run uses: a seeded city is backed up, restored into
 * an empty database, and the copy has every table's row count and the geometry of every district, grid and site
 * identical. On PGlite the data dir is on disk (that is what the commands back up); on a server, each database is new.
 */

const serverUrl = process.env.DATABASE_URL
const SITES = 60
let dir: string
let source: BackupTarget
let target: BackupTarget
let file: string
let dropDatabases = async () => {}

/** A new empty place for a database: a data dir under os.tmpdir(), or a new database on the server. */
async function emptyPlace(name: string): Promise<BackupTarget> {
  if (!serverUrl) return { dataDir: join(dir, name) }
  const database = `sitegrid_backup_${name}_${process.pid}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${database}`)
  const previous = dropDatabases
  dropDatabases = async () => { await admin.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`); await admin.end(); await previous() }
  return { databaseUrl: databaseUrl(serverUrl, database), dataDir: '' }
}
const open = (place: BackupTarget) => openDatabase({ ...place, maxConnections: 1 })

/** Every table's row count and a digest of the geometries, as one comparable object. */
async function fingerprint(database: Database) {
  const { rows: tables } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace ORDER BY 1`.execute(database.db)
  const counts: Record<string, number> = {}
  for (const { name } of tables) counts[name] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(database.db)).rows[0].n
  const { rows } = await sql<{ districts: string; grids: string; sites: string; site: string }>`SELECT
    (SELECT md5(string_agg(ST_AsEWKB(geom)::text, ',' ORDER BY id)) FROM districts) AS districts,
    (SELECT md5(string_agg(ST_AsEWKB(geom)::text, ',' ORDER BY id)) FROM grids) AS grids,
    (SELECT md5(string_agg(ST_AsEWKB(location)::text || coalesce(ST_AsEWKB(footprint)::text, ''), ',' ORDER BY id)) FROM sites) AS sites,
    (SELECT ST_AsEWKT(footprint) FROM sites WHERE footprint IS NOT NULL ORDER BY id LIMIT 1) AS site`.execute(database.db)
  return { counts, geometries: rows[0] }
}

let seeded: Awaited<ReturnType<typeof fingerprint>>

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sitegrid-backup-'))
  file = join(dir, serverUrl ? 'sitegrid.dump' : 'sitegrid.tar.gz')
  source = await emptyPlace('source')
  target = await emptyPlace('target')
  const database = await seededSource(source)
  try {
    seeded = await fingerprint(database)
  } finally {
    await database.close()
  }
}, 120_000)

/**
 * The city to back up, in `place`. Embedded: this run's 60-site template, written out as a data dir, since
 * migrating and seeding straight onto disk cost this file 48 s of a busy CI. On a server: migrated and seeded.
 */
async function seededSource(place: BackupTarget): Promise<Database> {
  if (serverUrl) {
    const database = await open(place)
    await migrateToLatest(database.db)
    await seedCity(database.db, { settle: settleSeededCity, sites: SITES, seed: 2021, now: TEST_NOW, geodataDir: GEODATA_DIR })
    return database
  }
  const template = await createSeededDatabase(SITES)
  const tarball = await template.dumpDataDir!().finally(() => template.dispose())
  return openDatabase({ ...place, maxConnections: 1, loadDataDir: tarball })
}
afterAll(async () => {
  await dropDatabases()
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe(`backup and restore (${serverUrl ? 'pg_dump / pg_restore' : 'PGlite data-dir tarball'})`, () => {
  it('a backup restored into an empty database has the same rows and the same geometry', async () => {
    await backupDatabase(source, file)
    expect((await stat(file)).size).toBeGreaterThan(100_000)
    expect(existsSync(`${file}.partial`)).toBe(false)
    await restoreDatabase(target, file)
    const restored = await open(target)
    try {
      expect(seeded.counts.sites).toBe(SITES)
      expect(seeded.counts.grids).toBeGreaterThan(0)
      expect(await fingerprint(restored)).toEqual(seeded)
      // A change the forced restore below must undo.
      await sql`DELETE FROM sensitive_receptors`.execute(restored.db)
    } finally {
      await restored.close()
    }
  }, 120_000)

  it('refuses to restore over a database that is not empty without --force, and a truncated file at all', async () => {
    await expect(restoreDatabase(target, file)).rejects.toThrow(/not empty: pass --force/)
    await expect(restoreDatabase(target, join(dir, 'missing.dump'))).rejects.toThrow(/no backup file/)
    const truncated = join(dir, `truncated-${basename(file)}`)
    await writeFile(truncated, (await readFile(file)).subarray(0, 50_000))
    await expect(restoreDatabase(target, truncated, { force: true })).rejects.toThrow(serverUrl ? /pg_restore failed/ : /not a complete backup/)
    expect(existsSync(join(target.dataDir, '.restoring'))).toBe(false)
    const untouched = await open(target)
    try {
      expect((await fingerprint(untouched)).counts).toEqual({ ...seeded.counts, sensitive_receptors: 0 })
    } finally {
      await untouched.close()
    }
  }, 60_000)

  it('with --force, replaces the database with the backup', async () => {
    await restoreDatabase(target, file, { force: true })
    const restored = await open(target)
    try {
      expect((await fingerprint(restored)).counts).toEqual(seeded.counts)
    } finally {
      await restored.close()
    }
  }, 120_000)

  it.skipIf(serverUrl)('refuses an embedded data dir that a running process holds open', async () => {
    const running = await open(source)
    try {
      await sql`SELECT 1`.execute(running.db)
      await expect(backupDatabase(source, join(dir, 'while-running.tar.gz'))).rejects.toThrow(`is in use by process ${process.pid}`)
      await expect(restoreDatabase(source, file, { force: true })).rejects.toThrow(/in use by process/)
    } finally {
      await running.close()
    }
  }, 60_000)
})
