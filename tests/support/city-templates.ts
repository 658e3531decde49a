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
 * A template: `build` fills the database it is given and returns what every copy needs to know of it (demo
 * accounts, say). With a `base`, the database it is given is a copy of that template rather than an empty one:
 * migrating costs 6–8 s on PGlite, and every seeded city starts from the same migrated schema.
 */
export interface TemplateSpec<T> {
  key: string
  build(database: Database): Promise<T>
  base?: TemplateSpec<unknown>
}

interface TemplateNames { database: string; manifest: string; tarball: string }

const namesOf = (key: string, serverUrl: string | undefined): TemplateNames => {
  const runDir = inject('testRunDir')
  return {
    database: `${templatePrefix(runDir)}_${key}`,
    manifest: path.join(runDir, `${key}.${serverUrl ? 'postgres' : 'pglite'}.json`),
    tarball: path.join(runDir, `${key}.tar`),
  }
}

/** A fresh database cloned from the template `spec`, building it first (and its base) when no worker has yet. */
export async function cloneTemplate<T>(spec: TemplateSpec<T>, serverUrl: string | undefined): Promise<{ database: Database; dispose(): Promise<void>; built: T }> {
  const built = await ensureTemplate(spec, serverUrl)
  const names = namesOf(spec.key, serverUrl)
  if (!serverUrl) {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([await readFile(names.tarball)]) })
    return { database, dispose: () => database.close(), built }
  }
  const name = `sitegrid_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`CREATE DATABASE ${name} TEMPLATE ${names.database}`)
  const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, name), maxConnections: 4, dataDir: '' })
  return {
    database, built,
    dispose: async () => {
      await database.close()
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.end()
    },
  }
}

/** What the template's builder returned, once the template exists. */
async function ensureTemplate<T>(spec: TemplateSpec<T>, serverUrl: string | undefined): Promise<T> {
  const names = namesOf(spec.key, serverUrl)
  const manifest = await readyManifest<T>(names.manifest, async () => {
    if (!spec.base) return buildTemplate(serverUrl, names, undefined, spec.build)
    await ensureTemplate(spec.base, serverUrl)
    return buildTemplate(serverUrl, names, namesOf(spec.base.key, serverUrl), spec.build)
  })
  if ('failed' in manifest) throw new Error(`the test template ${spec.key} could not be built: ${manifest.failed}`)
  return manifest.built
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

async function buildTemplate<T>(serverUrl: string | undefined, names: TemplateNames, base: TemplateNames | undefined, build: (database: Database) => Promise<T>): Promise<T> {
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
    try {
      await admin.unsafe(`CREATE DATABASE ${names.database}${base ? ` TEMPLATE ${base.database}` : ''}`)
      // Closed before any copy is made: PostgreSQL copies no template that has a connection open.
      const database = await openDatabase({ databaseUrl: databaseUrl(serverUrl, names.database), maxConnections: 4, dataDir: '' })
      try { return await build(database) } finally { await database.close() }
    } finally {
      await admin.end()
    }
  }
  const database = await openDatabase({ dataDir: 'memory://', loadDataDir: base && new Blob([await readFile(base.tarball)]) })
  try {
    const built = await build(database)
    await writeFile(`${names.tarball}.partial`, Buffer.from(await (await database.dumpDataDir!()).arrayBuffer()))
    await rename(`${names.tarball}.partial`, names.tarball)
    return built
  } finally {
    await database.close()
  }
}
