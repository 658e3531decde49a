import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, type SeededDatabase } from '../support/database.ts'

/*
 * Migration 0009: every large table carries its site's district (the key Citus would distribute by), kept right by
 * triggers, and PM10 readings are partitioned by Shanghai month.
 */

const SITE_CHILDREN = ['cameras', 'cranes', 'dangerous_works', 'inspections', 'hazards', 'notices', 'live_events', 'site_risk', 'site_coverage']

let database: SeededDatabase
beforeAll(async () => { database = await createSeededDatabase(400) })
afterAll(async () => { await database?.dispose() })

async function mismatches(table: string): Promise<{ rows: number; wrong: number }> {
  const { rows } = await sql<{ rows: number; wrong: number }>`
    SELECT count(*)::int AS rows, count(*) FILTER (WHERE t.district_id IS DISTINCT FROM s.district_id)::int AS wrong
    FROM ${sql.table(table)} t JOIN sites s ON s.id = t.site_id`.execute(database.db)
  return rows[0]
}

describe('distribution keys', () => {
  it('put the site’s district on every row of every large table', async () => {
    for (const table of [...SITE_CHILDREN, 'pm10_readings']) {
      const { rows, wrong } = await mismatches(table)
      expect(rows, table).toBeGreaterThan(0)
      expect(wrong, table).toBe(0)
    }
    const { rows } = await sql<{ wrong: number }>`SELECT count(*)::int AS wrong FROM hazard_events e JOIN hazards h ON h.id = e.hazard_id
      WHERE e.district_id <> h.district_id`.execute(database.db)
    expect(rows[0].wrong).toBe(0)
  })

  it('are filled in when a row is written without one, and follow a site into another district', async () => {
    const site = await database.db.selectFrom('sites').select(['id', 'district_id', 'location']).orderBy('id').limit(1).executeTakeFirstOrThrow()
    const camera = await database.db.insertInto('cameras').values({
      site_id: site.id, code: 'DIST-KEY-1', purpose: 'site_video', location: site.location, heading_deg: 90, fov_deg: 90, range_m: 50, online: true,
    }).returning('district_id').executeTakeFirstOrThrow()
    expect(camera.district_id).toBe(site.district_id)
    const other = await database.db.selectFrom('districts').select('id').where('id', '<>', site.district_id).limit(1).executeTakeFirstOrThrow()
    await database.db.updateTable('sites').set({ district_id: other.id }).where('id', '=', site.id).execute()
    for (const table of SITE_CHILDREN) expect((await mismatches(table)).wrong, table).toBe(0)
    await database.db.updateTable('sites').set({ district_id: site.district_id }).where('id', '=', site.id).execute()
  })
})

describe('PM10 partitions', () => {
  const partitionOf = async (site: number, at: string) => (await sql<{ p: string }>`
    SELECT tableoid::regclass::text AS p FROM pm10_readings WHERE site_id = ${site} AND measured_at = ${at}::timestamptz`.execute(database.db)).rows[0]?.p

  it('keep each reading in its Shanghai month, and take any other month in the default partition', async () => {
    const made = await sql<{ n: number }>`SELECT sg_pm10_partitions('2031-03-01', '2031-03-31') AS n`.execute(database.db)
    expect(made.rows[0].n).toBe(1)
    const again = await sql<{ n: number }>`SELECT sg_pm10_partitions('2031-03-01', '2031-03-31') AS n`.execute(database.db)
    expect(again.rows[0].n).toBe(0)
    const { id } = await database.db.selectFrom('sites').select('id').orderBy('id').limit(1).executeTakeFirstOrThrow()
    // Half past midnight on 1 March in Shanghai is still February in UTC.
    const readings = [['2031-03-01T00:30:00+08:00', 'pm10_readings_203103'], ['2031-02-28T23:30:00+08:00', 'pm10_readings_default'], ['1999-06-01T12:00:00+08:00', 'pm10_readings_default']]
    await database.db.insertInto('pm10_readings').values(readings.map(([at]) => ({ site_id: id, measured_at: at, pm10: 80 }))).execute()
    for (const [at, partition] of readings) expect(await partitionOf(id, at), at).toBe(partition)
    const dup = database.db.insertInto('pm10_readings').values({ site_id: id, measured_at: readings[0][0], pm10: 81 }).execute()
    await expect(dup).rejects.toThrow(/duplicate key/)
  })
})
