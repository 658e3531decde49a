import { type KyselyPlugin, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnalyticsRefresher } from '../../server/features/risk/risk.service.ts'
import { SiteDetail } from '../../server/features/sites/sites.schemas.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * GET /api/sites/:id, the site panel (issue 24): the session, the analytics pass every read awaits, and one
 * statement for the whole panel, whatever the site holds. The app's db and its refresher's carry a plugin that
 * counts the statements they run (a transaction's BEGIN and COMMIT would not pass it: the idle pass opens none).
 */

let database: SeededDatabase
let api: ApiSession
let statements = 0
const counting: KyselyPlugin = {
  transformQuery: (args) => { statements += 1; return args.node },
  transformResult: async (args) => args.result,
}

beforeAll(async () => {
  database = await createSeededDatabase(400)
  const db = database.db.withPlugin(counting)
  api = await signIn(createTestApp(database, {}, { db, refresher: createAnalyticsRefresher({ ...database, db }) }), database.demo('city_command'))
})
afterAll(() => database?.dispose())

const ids = async (query: ReturnType<typeof sql<{ id: number }>>) => (await query.execute(database.db)).rows.map((r) => r.id)

/** The site with the most records in its panel's lists, so that every list has something to show. */
const fullestSite = async () => (await sql<{ id: number }>`
  SELECT s.id FROM sites s ORDER BY (SELECT count(*) FROM key_projects k WHERE k.site_id = s.id) DESC,
    (SELECT count(*) FROM dangerous_works w WHERE w.site_id = s.id) + (SELECT count(*) FROM cranes c WHERE c.site_id = s.id)
    + (SELECT count(*) FROM hazards h WHERE h.site_id = s.id AND h.status <> 'closed') DESC, s.id LIMIT 1`.execute(database.db)).rows[0].id

describe('site details', () => {
  it('answers the whole panel, every list in its order, in at most three statements', async () => {
    const id = await fullestSite()
    statements = 0
    const res = await api.request(`/api/sites/${id}`)
    expect(res.status).toBe(200)
    expect(statements).toBeLessThanOrEqual(3)
    const site = await res.json()
    // The documented shape exactly: no field missing, none extra, the [lon, lat] tuples intact.
    expect(SiteDetail.strict().parse(site)).toEqual(site)
    expect(site.keyProject).not.toBeNull()
    const listed = (key: string) => site[key].map((r: { id: number }) => r.id)
    expect(listed('dangerousWorks')).toEqual(await ids(sql`SELECT id FROM dangerous_works WHERE site_id = ${id} ORDER BY id`))
    expect(listed('cranes')).toEqual(await ids(sql`SELECT id FROM cranes WHERE site_id = ${id} ORDER BY id`))
    expect(listed('cameras')).toEqual(await ids(sql`SELECT id FROM cameras WHERE site_id = ${id} ORDER BY id`))
    expect(listed('inspections')).toEqual(await ids(sql`SELECT id FROM inspections WHERE site_id = ${id} ORDER BY inspected_at DESC, id LIMIT 20`))
    expect(listed('openHazards')).toEqual(await ids(sql`SELECT id FROM hazards WHERE site_id = ${id} AND status <> 'closed' ORDER BY found_at, id`))
    expect(site.cranes.length + site.dangerousWorks.length + site.openHazards.length).toBeGreaterThan(0)
  })

  it('gives a site without records empty lists, and an unknown site a 404, in as few statements', async () => {
    const { id } = (await sql<{ id: number }>`SELECT s.id FROM sites s WHERE NOT EXISTS (SELECT 1 FROM cameras c WHERE c.site_id = s.id)
      AND NOT EXISTS (SELECT 1 FROM key_projects k WHERE k.site_id = s.id) ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0]
    statements = 0
    const site = await (await api.request(`/api/sites/${id}`)).json()
    expect(statements).toBeLessThanOrEqual(3)
    expect(site).toMatchObject({ id, keyProject: null, cameras: [] })
    statements = 0
    expect((await api.request('/api/sites/999999')).status).toBe(404)
    expect(statements).toBeLessThanOrEqual(3)
  })
})
