import { type Kysely, sql } from 'kysely'
import { insertMany } from '../bulk.ts'
import { jsonb } from '../sql.ts'
import type { DB } from '../types.ts'
import { insertCraneLifecycles } from './cranes.ts'
import { insertDevices } from './devices.ts'
import { insertEnterprises } from './enterprises.ts'
import { insertAqStations, insertPm10, insertReceptors, insertWater } from './environment.ts'
import { loadGeography } from './geography.ts'
import { insertPeople } from './people.ts'
import { insertDemoZone, insertEmergencyLists, insertKeyAreas, insertKeyProjects, insertPublishedKeyList } from './programs.ts'
import { forkRng } from './random.ts'
import { insertRegistryPeople } from './registry-people.ts'
import { insertTesting } from './testing.ts'
import { insertCreditRecords } from './credit-records.ts'
import { insertAccountability } from './accountability.ts'
import { insertCampaigns } from './campaigns.ts'
import { insertChemicals } from './chemicals.ts'
import { insertComplaints } from './complaints.ts'
import { insertPatrols } from './patrol.ts'
import { insertScaffoldSamplings } from './scaffold.ts'
import { emptyRecords, generateSiteRecords, type IdCounters, type SiteRecords } from './site-records.ts'
import { type CityFrame, generateSite, railInterval } from './sites.ts'
import { assertCityIsWhole, insertDistricts, insertGrids, insertTownships } from './spatial.ts'

export interface SeedOptions {
  sites: number
  /** PRNG seed: the same seed and geography build the same city. */
  seed: number
  /** The moment the city's history is anchored to: dates and time series end here. */
  now: Date
  geodataDir?: string
  onProgress?: (progress: SeedProgress) => void
  /**
   * What follows from the seeded records by the server's rules (system-found hazards, credit history), run in the
   * seed's transaction at the end. Passed in by the caller (server/features/registry), so the seed stays below them.
   */
  settle(db: Kysely<DB>, now: Date): Promise<void>
}

export interface SeedProgress { phase: string; done: number; total: number }

export interface SeedSummary {
  geography: 'geodata' | 'stand-in'
  districts: number
  grids: number
  sites: number
  keyProjects: number
  seconds: number
}

const SITE_CHUNK = 5_000
const RECORD_TABLES: (keyof SiteRecords)[] = ['cameras', 'dangerous_works', 'crane_machines', 'cranes', 'inspections', 'hazards', 'hazard_events', 'notices']
const TABLES_WITH_EXPLICIT_IDS = ['enterprises', 'sites', 'cameras', 'crane_machines', 'cranes', 'inspections', 'hazards', 'notices']

export async function isSeeded(db: Kysely<DB>): Promise<boolean> {
  return (await db.selectFrom('app_meta').select('key').where('key', '=', 'seed').executeTakeFirst()) !== undefined
}

/** Builds the whole city in one transaction: a crash part-way leaves an empty database that the next start seeds. */
export async function seedCity(db: Kysely<DB>, options: SeedOptions): Promise<SeedSummary> {
  const started = Date.now()
  const geography = loadGeography(options.geodataDir)
  const progress = (phase: string, done = 1, total = 1) => options.onProgress?.({ phase, done, total })
  const summary = await db.transaction().execute(async (trx) => {
    progress('districts')
    const districts = await insertDistricts(trx, geography)
    const townships = await insertTownships(trx, forkRng(options.seed, 1), geography, districts)
    const enterprises = await insertEnterprises(trx, forkRng(options.seed, 8), districts, options.sites, options.now)
    const frame: CityFrame = { districts, townships, lakes: geography.lakes, metroLines: geography.metroLines, now: options.now, enterprises }
    await insertSites(trx, frame, options, progress)
    await insertCraneLifecycles(trx, forkRng(options.seed, 10), enterprises, options.now)
    progress('grids')
    await insertGrids(trx, Math.min(5_000, Math.max(520, Math.round(options.sites / 11))))
    await assertCityIsWhole(trx)
    await insertPeople(trx, forkRng(options.seed, 4), districts)
    await insertRegistryPeople(trx, forkRng(options.seed, 9), options.now)
    await insertTesting(trx, forkRng(options.seed, 11), options.now)
    await insertCreditRecords(trx, forkRng(options.seed, 12), options.now)
    progress('programmes')
    await insertKeyAreas(trx, districts)
    const keyProjects = await insertKeyProjects(trx, forkRng(options.seed, 5), Number(options.now.toISOString().slice(0, 4)), options.now)
    await insertPublishedKeyList(trx, Number(options.now.toISOString().slice(0, 4)), options.now)
    await insertDemoZone(trx, districts)
    await insertEmergencyLists(trx, forkRng(options.seed, 6), options.now)
    progress('air quality')
    await insertWater(trx, geography)
    await insertAqStations(trx, geography)
    await insertPm10(trx, options.now)
    await insertReceptors(trx, forkRng(options.seed, 7), frame, options.sites)
    progress('devices')
    await insertDevices(trx, options.seed)
    for (const table of TABLES_WITH_EXPLICIT_IDS) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), coalesce((SELECT max(id) FROM ${sql.table(table)}), 0) + 1, false)`.execute(trx)
    }
    // Campaigns and what hangs on them add hazards of their own, so they come after the ids above are set.
    progress('campaigns')
    await insertCampaigns(trx, forkRng(options.seed, 13), options.now)
    await insertChemicals(trx, forkRng(options.seed, 14), options.now)
    await insertScaffoldSamplings(trx, forkRng(options.seed, 15), options.now)
    await insertComplaints(trx, forkRng(options.seed, 16), options.now)
    await insertPatrols(trx, forkRng(options.seed, 17), options.now)
    await insertAccountability(trx, forkRng(options.seed, 18), options.now)
    // Last, once the ids are set: what the server's own rules find in these records (hazards, credit). Their
    // queries are planned from statistics, and tables filled in this transaction have none yet: without this
    // ANALYZE the planner takes them for empty, and settling a 20,000-site city took 293 s rather than 7 s.
    progress('registry')
    await sql`ANALYZE`.execute(trx)
    await options.settle(trx, options.now)
    const grids = await trx.selectFrom('grids').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    const result: SeedSummary = {
      geography: geography.source, districts: districts.length, grids: Number(grids.n), sites: options.sites, keyProjects,
      seconds: Math.round((Date.now() - started) / 100) / 10,
    }
    await trx.insertInto('app_meta').values({ key: 'seed', value: jsonb({ ...result, seed: options.seed, now: options.now.toISOString() }) }).execute()
    return result
  })
  progress('statistics')
  await sql`ANALYZE`.execute(db)
  return { ...summary, seconds: Math.round((Date.now() - started) / 100) / 10 }
}

async function insertSites(db: Kysely<any>, frame: CityFrame, options: SeedOptions, progress: (phase: string, done: number, total: number) => void) {
  const siteRng = forkRng(options.seed, 2)
  const recordRng = forkRng(options.seed, 3)
  const railEvery = railInterval(options.sites, frame)
  const ids: IdCounters = { camera: 0, crane: 0, inspection: 0, hazard: 0, notice: 0 }
  for (let first = 1; first <= options.sites; first += SITE_CHUNK) {
    const last = Math.min(options.sites, first + SITE_CHUNK - 1)
    const rows = []
    const parties: Record<string, unknown>[] = []
    const records = emptyRecords()
    for (let id = first; id <= last; id++) {
      const site = generateSite(siteRng, frame, id, id % railEvery === 0)
      rows.push(site.row)
      parties.push(...site.parties)
      generateSiteRecords(recordRng, site, options.now, ids, records)
    }
    await insertMany(db, 'sites', rows)
    await insertMany(db, 'site_parties', parties)
    for (const table of RECORD_TABLES) await insertMany(db, table, records[table])
    progress('sites', last, options.sites)
  }
}
