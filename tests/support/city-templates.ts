import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import postgres from 'postgres'
import { inject } from 'vitest'
import { type Database, databaseUrl, openDatabase } from '../../db/engine.ts'

/*
 * Seeding a test city costs 10–20 s of a 2-core machine, and most test files ask for one of a few sizes. Each
 * variant is therefore built once per `npm test` run, by whichever worker asks first, and every file gets its own
 * copy: on PostgreSQL a `CREATE DATABASE … TEMPLATE`, on PGlite a data-dir tarball loaded into memory. A copy is
 * the same database a fresh seed would have built (same PRNG seed, same TEST_NOW), so no test can tell.
 */

declare module 'vitest' {
  interface ProvidedContext {
    /** A folder of this run's own (tests/support/global-setup.ts): the templates and their locks. */
    testRunDir: string
  }
}

/** What a template keeps beside the database itself: whatever its builder returned, as JSON, or why it failed. */
type Manifest<T> = { built: T } | { failed: string }

const BUILD_TIMEOUT_MS = 280_000

/** This run's prefix for template database names, so that a teardown drops only its own. */
export const templatePrefix = (runDir: string) => `sitegrid_tpl_${path.basename(runDir).replace(/[^a-z0-9]/gi, '_').toLowerCase()}`

/**
 * A fresh database cloned from the template `key`, building it first with `build` when no worker has yet.
 * `build` fills the database it is given and returns what every copy needs to know of it (demo accounts, say).
 */
export async function cloneTemplate<T>(key: string, serverUrl: string | undefined, build: (database: Database) => Promise<T>): Promise<{ database: Database; dispose(): Promise<void>; built: T }> {
  const runDir = inject('testRunDir')
  const templateDb = `${templatePrefix(runDir)}_${key}`
  const manifestFile = path.join(runDir, `${key}.${serverUrl ? 'postgres' : 'pglite'}.json`)
  const tarball = path.join(runDir, `${key}.tar`)
  const manifest = await readyManifest<T>(manifestFile, () => buildTemplate(serverUrl, templateDb, tarball, build))
  if ('failed' in manifest) throw new Error(`the test template ${key} could not be built: ${manifest.failed}`)
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([await readFile(tarball)]) })
    return { database, dispose: () => database.close(), built: manifest.built }
  }
  const name = `sitegrid_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${templateDb}`)
  const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, name), maxConnections: 4, dataDir: '' })
  return {
    database, built: manifest.built,
    dispose: async () => {
      await database.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

/**
 * The template's manifest once it exists. The first worker to create the lock folder builds; the others wait for
 * the manifest, which is written last, so a half-built template is never cloned.
 */
async function readyManifest<T>(manifestFile: string, build: () => Promise<T>): Promise<Manifest<T>> {
  const builder = await mkdir(`${manifestFile}.lock`).then(() => true, (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error
    return false
  })
  if (builder) {
    const manifest: Manifest<T> = await build().then((built) => ({ built }), (error: Error) => ({ failed: error.stack ?? String(error) }))
    await writeFile(`${manifestFile}.partial`, JSON.stringify(manifest))
    await rename(`${manifestFile}.partial`, manifestFile)
    return manifest
  }
  const deadline = Date.now() + BUILD_TIMEOUT_MS
  for (;;) {
    const text = await readFile(manifestFile, 'utf8').catch(() => null)
    if (text !== null) return JSON.parse(text) as Manifest<T>
    if (Date.now() > deadline) throw new Error(`test template ${manifestFile} was not built within ${BUILD_TIMEOUT_MS / 1000} s (its builder failed: see the first failing file)`)
    await sleep(200)
  }
}

async function buildTemplate<T>(serverUrl: string | undefined, templateDb: string, tarball: string, build: (database: Database) => Promise<T>): Promise<T> {
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(`CREATE DATABASE ${templateDb}`)
      // Closed before any copy is made: PostgreSQL copies no template that has a connection open.
      const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, templateDb), maxConnections: 4, dataDir: '' })
      try { return await build(database) } finally { await database.close() }
    } finally {
      await admin.end()
    }
  }
  const database = await openDatabase({ dataDir: 'memory://' })
  try {
    const built = await build(database)
    await writeFile(`${tarball}.partial`, Buffer.from(await (await database.dumpDataDir!()).arrayBuffer()))
    await rename(`${tarball}.partial`, tarball)
    return built
  } finally {
    await database.close()
  }
}
