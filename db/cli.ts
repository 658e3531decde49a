import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { parseConfig } from '../server/config.ts'
import { backupDatabase, restoreDatabase } from './backup.ts'
import { openDatabase, withSeedConnection } from './engine.ts'
import { migrateToLatest } from './migrate.ts'
import { isSeeded, seedCity } from './seed/index.ts'
import { settleSeededCity } from '../server/features/registry/registry.job.ts'

/*
 * npm run db:migrate                        bring the schema up to date
 * npm run seed -- --sites 100000            seed an empty database with a city of that size (use a fresh DATA_DIR or database)
 * npm run db:backup -- FILE                 the whole database into FILE (pg_dump on a server, a PGlite tarball embedded)
 * npm run db:restore -- FILE [--force]      FILE into the database; --force replaces one that is not empty
 */
const [command = 'migrate', ...rest] = process.argv.slice(2)
const { values, positionals } = parseArgs({
  args: rest, allowPositionals: true, options: { sites: { type: 'string' }, seed: { type: 'string' }, force: { type: 'boolean' } },
})
const config = parseConfig(process.env)

if (command === 'backup' || command === 'restore') {
  await backupOrRestore(command, positionals[0])
} else {
  await migrateAndSeed()
}

/** Failures are one line, not a stack: a missing pg_dump or a non-empty data dir is the operator's to fix. */
async function backupOrRestore(action: 'backup' | 'restore', file: string | undefined) {
  const target = { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }
  const engine = target.databaseUrl ? 'the PostgreSQL server (DATABASE_URL)' : `the embedded database in ${target.dataDir}`
  try {
    if (!file) throw new Error(`usage: npm run db:${action} -- <file>${action === 'restore' ? ' [--force]' : ''}`)
    if (action === 'backup') await backupDatabase(target, file)
    else await restoreDatabase(target, file, { force: values.force })
    console.log(action === 'backup' ? `backed up ${engine} to ${file}` : `restored ${file} into ${engine}`)
  } catch (error) {
    console.error(`db:${action}: ${(error as Error).message}`)
    process.exitCode = 1
  }
}

async function migrateAndSeed() {
  const engineOptions = { databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }
  const database = await openDatabase(engineOptions)
  try {
    console.log(`migrations applied: ${(await migrateToLatest(database.db)).join(', ') || 'none (up to date)'}`)
    if (command !== 'seed') return
    if (await isSeeded(database.db)) throw new Error('database already seeded: point DATA_DIR or DATABASE_URL at an empty one')
    const sites = Number(values.sites ?? config.SEED_SITES)
    if (!Number.isInteger(sites) || sites < 1) throw new Error('--sites must be a positive integer')
    const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} sites', noTTYOutput: true, notTTYSchedule: 5_000 })
    bar.start(sites, 0, { phase: 'sites' })
    const summary = await withSeedConnection(engineOptions, database, (db) => seedCity(db, { settle: settleSeededCity,
      sites, seed: Number(values.seed ?? config.SEED), now: config.SEED_NOW ? new Date(config.SEED_NOW) : new Date(),
      geodataDir: config.GEODATA_DIR,
      onProgress: ({ phase, done }) => (phase === 'sites' ? bar.update(done, { phase }) : bar.update({ phase })),
    }))
    bar.stop()
    console.log(summary)
  } finally {
    await database.close()
  }
}
