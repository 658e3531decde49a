import { execFile } from 'node:child_process'
import { existsSync, readdirSync, readlinkSync, realpathSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { gunzip } from 'node:zlib'
import { sql } from 'kysely'
import { openDatabase, postgisVersion } from './engine.ts'

/*
 * The whole database backed up and restored with each engine's own tools. On a server: pg_dump's custom format
 * and pg_restore, which any PostgreSQL operator knows and which restore into any server of the same or a newer
 * major version. Embedded: PGlite's data-dir tarball (dumpDataDir), restored by starting PGlite from it; it is
 * the cluster's files, so it restores into the same PGlite major version only. Neither crosses engines.
 */

export interface BackupTarget { databaseUrl?: string; dataDir: string }

/** Writes `<file>.partial` and renames it when complete, so a failed backup never looks like a good one. */
export async function backupDatabase(target: BackupTarget, file: string): Promise<void> {
  const partial = `${file}.partial`
  try {
    if (target.databaseUrl) await libpqTool('pg_dump', target.databaseUrl, ['--format=custom', '--file', partial])
    else await writeFile(partial, await dumpDataDir(target.dataDir))
    await rename(partial, file)
  } catch (error) {
    await rm(partial, { force: true })
    throw error
  }
}

/** Refuses to replace a database that holds anything unless `force` is set. */
export async function restoreDatabase(target: BackupTarget, file: string, { force = false } = {}): Promise<void> {
  if (!existsSync(file)) throw new Error(`no backup file at ${file}`)
  if (target.databaseUrl) {
    if (!force && await hasTables(target.databaseUrl)) throw new Error('the database is not empty: pass --force to replace its contents with the backup')
    // One transaction (which also stops at the first error): a restore that fails leaves the database as it was.
    await libpqTool('pg_restore', target.databaseUrl, ['--clean', '--if-exists', '--no-owner', '--single-transaction', file])
  } else {
    await restoreDataDir(target.dataDir, file, force)
  }
}

async function dumpDataDir(dataDir: string): Promise<Uint8Array> {
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) throw new Error(`no embedded database in ${dataDir}`)
  refuseIfInUse(dataDir)
  const { PGlite } = await import('@electric-sql/pglite')
  const { postgis } = await import('@electric-sql/pglite-postgis')
  const pglite = await PGlite.create({ dataDir, extensions: { postgis } })
  try {
    return new Uint8Array(await (await pglite.dumpDataDir('gzip')).arrayBuffer())
  } finally {
    await pglite.close()
  }
}

/** Where a restore is unpacked: inside the data dir, so the swap stays on one filesystem even when it is a mount. */
const STAGING = '.restoring'

/**
 * The tarball is unpacked into a staging directory and swapped in only once it starts with PostGIS, so a bad or
 * truncated file leaves the existing database untouched.
 */
async function restoreDataDir(dataDir: string, file: string, force: boolean): Promise<void> {
  refuseIfInUse(dataDir)
  const existing = existsSync(dataDir) ? readdirSync(dataDir).filter((name) => name !== STAGING) : []
  if (existing.length && !force) throw new Error(`${dataDir} is not empty: pass --force to replace it with the backup`)
  const staging = join(dataDir, STAGING)
  await rm(staging, { recursive: true, force: true })
  await mkdir(staging, { recursive: true })
  try {
    // Unzipped here, where a truncated or corrupt file is an error we catch; inside PGlite it escapes as an unhandled one.
    const tar = await promisify(gunzip)(await readFile(file))
      .catch((error: Error) => { throw new Error(`${file} is not a complete backup of the embedded engine (${error.message})`) })
    const database = await openDatabase({ dataDir: staging, loadDataDir: new Blob([new Uint8Array(tar.buffer as ArrayBuffer, tar.byteOffset, tar.length)]) })
    try {
      await postgisVersion(database.db)
    } finally {
      await database.close()
    }
    for (const name of existing) await rm(join(dataDir, name), { recursive: true, force: true })
    for (const name of await readdir(staging)) await rename(join(staging, name), join(dataDir, name))
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/**
 * Two PostgreSQL instances on one data dir corrupt it, and PGlite takes no lock another process could see. A
 * running portal keeps the dir's files open, though, so on Linux /proc tells (for processes of the same user);
 * elsewhere the README's "stop the portal first" is the guard.
 */
function refuseIfInUse(dataDir: string): void {
  if (!existsSync(dataDir) || !existsSync('/proc/self/fd')) return
  const inside = realpathSync(dataDir) + sep
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    if (openFiles(pid).some((path) => path.startsWith(inside))) throw new Error(`${dataDir} is in use by process ${pid}: stop the portal first`)
  }
}

function openFiles(pid: string): string[] {
  try {
    return readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try { return readlinkSync(`/proc/${pid}/fd/${fd}`) } catch { return '' }
    })
  } catch {
    return [] // another user's process, or one that has just ended
  }
}

/** Any table or view outside the catalogs that is not part of an extension (PostGIS brings its own). */
async function hasTables(databaseUrl: string): Promise<boolean> {
  const database = await openDatabase({ databaseUrl, dataDir: '', maxConnections: 1 })
  try {
    const { rows } = await sql<{ found: boolean }>`SELECT EXISTS (
      SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.relkind IN ('r', 'p', 'v', 'm') AND n.nspname <> 'information_schema' AND n.nspname !~ '^pg_'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')) AS found`.execute(database.db)
    return rows[0].found
  } finally {
    await database.close()
  }
}

/**
 * Runs pg_dump or pg_restore against the database. The password goes in PGPASSWORD rather than the command line,
 * where any local user could read it (`ps`), and no error message repeats the URL.
 */
async function libpqTool(tool: 'pg_dump' | 'pg_restore', databaseUrl: string, args: string[]): Promise<void> {
  const url = new URL(databaseUrl)
  const password = decodeURIComponent(url.password)
  url.password = ''
  const env = password ? { ...process.env, PGPASSWORD: password } : process.env
  try {
    await promisify(execFile)(tool, ['--dbname', url.toString(), ...args], { env, maxBuffer: 64 * 1024 * 1024 })
  } catch (error) {
    const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string }
    if (code === 'ENOENT') {
      throw new Error(`${tool} is not on PATH: install the PostgreSQL client of the server's major version or newer (Debian: apt-get install -y postgresql-client)`)
    }
    throw new Error(`${tool} failed: ${stderr?.trim() || `exit code ${code}`}`)
  }
}
