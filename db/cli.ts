import { parseArgs } from 'node:util'
import { SingleBar } from 'cli-progress'
import { parseConfig } from '../server/config.ts'
import { openDatabase } from './engine.ts'
import { migrateToLatest } from './migrate.ts'
import { isSeeded, seedCity } from './seed/index.ts'

/*
 * npm run db:migrate             bring the schema up to date
 * npm run seed -- --sites 100000 seed an empty database with a city of that size (use a fresh DATA_DIR or database)
 */
const [command = 'migrate', ...rest] = process.argv.slice(2)
const { values } = parseArgs({ args: rest, options: { sites: { type: 'string' }, seed: { type: 'string' } } })
const config = parseConfig(process.env)
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR })
try {
  console.log(`migrations applied: ${(await migrateToLatest(database.db)).join(', ') || 'none (up to date)'}`)
  if (command === 'seed') {
    if (await isSeeded(database.db)) throw new Error('database already seeded: point DATA_DIR or DATABASE_URL at an empty one')
    const sites = Number(values.sites ?? config.SEED_SITES)
    if (!Number.isInteger(sites) || sites < 1) throw new Error('--sites must be a positive integer')
    const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} sites', noTTYOutput: true, notTTYSchedule: 5_000 })
    bar.start(sites, 0, { phase: 'sites' })
    const summary = await seedCity(database.db, {
      sites, seed: Number(values.seed ?? config.SEED), now: config.SEED_NOW ? new Date(config.SEED_NOW) : new Date(),
      geodataDir: config.GEODATA_DIR,
      onProgress: ({ phase, done }) => (phase === 'sites' ? bar.update(done, { phase }) : bar.update({ phase })),
    })
    bar.stop()
    console.log(summary)
  }
} finally {
  await database.close()
}
