import fc from 'fast-check'
import { type Kysely, sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LIVE } from '../../db/sql.ts'
import type { DB } from '../../db/types.ts'
import { DEFAULT_DUST_RULE } from '../../server/domain/dust.ts'
import { CITY_SCOPE } from '../../server/domain/roles.ts'
import { lowestCreditFirms, rankFirms } from '../../server/features/credit/credit.repo.ts'
import { createKpiAreasJob } from '../../server/features/kpis/kpi-areas.job.ts'
import { reconcileKpiAreas, refreshKpiAreas } from '../../server/features/kpis/kpi-areas.repo.ts'
import { kpiReport } from '../../server/features/kpis/kpis.report.ts'
import { createSeededDatabase, type SeededDatabase } from '../support/database.ts'
import { addHazard, addNotice } from '../support/fixtures.ts'

/*
 * The KPIs' sums kept per area (migration 0021, features/kpis/kpi-areas.repo.ts) against a full recount: after
 * random writes to every table they read, after time alone has made a device silent, and after a stored row has been
 * damaged behind the triggers' back (which the reconciliation finds and repairs).
 */
let database: SeededDatabase
let db: Kysely<DB>
const ids = { sites: [] as number[], grids: [] as { id: number; district_id: number }[], cameras: [] as number[], devices: [] as number[],
  certificates: [] as number[], keyProjects: [] as number[], works: [] as number[], campaigns: [] as number[] }

const storeChemical = (sites: number[]) => sql`INSERT INTO site_chemicals (site_id, name, hazard_class, max_quantity, unit, storage_location, responsible_name)
  SELECT id, '乙炔', '2.1', 40, 'kg', location, '测试' FROM sites WHERE id = ANY(${sites})`.execute(db)
const column = async (query: ReturnType<typeof sql<{ id: number }>>) => (await query.execute(db)).rows.map((r) => r.id)

beforeAll(async () => {
  database = await createSeededDatabase()
  db = database.db
  ids.sites = await column(sql`SELECT id FROM sites ORDER BY id`)
  ids.grids = (await sql<{ id: number; district_id: number }>`SELECT id, district_id FROM grids ORDER BY id`.execute(db)).rows
  ids.cameras = await column(sql`SELECT id FROM cameras ORDER BY id LIMIT 200`)
  ids.devices = await column(sql`SELECT id FROM devices ORDER BY id LIMIT 200`)
  ids.certificates = await column(sql`SELECT c.id FROM certificates c JOIN site_staff st ON st.person_id = c.person_id AND st.to_date IS NULL ORDER BY c.id LIMIT 200`)
  ids.keyProjects = await column(sql`SELECT id FROM key_project_records ORDER BY id`)
  ids.works = await column(sql`SELECT id FROM dangerous_works ORDER BY id LIMIT 200`)
  ids.campaigns = await column(sql`SELECT id FROM campaigns ORDER BY id`)
  // The 400-site city stores no chemicals: a few sites get one, so that a survey write has sites to move.
  await storeChemical(ids.sites.filter((_, i) => i % 20 === 0))
  await refreshKpiAreas(db)
})
afterAll(() => database?.dispose())

const pick = <T>(list: T[]) => fc.nat({ max: list.length - 1 }).map((i) => list[i])

/** One write to a table the KPIs read, as a user, an import, a device or a job would make it (over the ids read first). */
const anyWrite = () => fc.oneof(
  fc.record({ site: pick(ids.sites), severity: fc.constantFrom('major', 'general'), ageDays: fc.nat(45), dueInDays: fc.integer({ min: -20, max: 20 }) })
    .map((h) => () => addHazard(db, h.site, { ...h, status: 'open' }).then(() => {})),
  fc.nat().map((n) => () => sql`UPDATE hazards SET status = 'closed', closed_at = now()
    WHERE id = (SELECT id FROM hazards WHERE status <> 'closed' ORDER BY id OFFSET ${n} % greatest(1, (SELECT count(*) FROM hazards WHERE status <> 'closed')) LIMIT 1)`.execute(db)),
  fc.record({ site: pick(ids.sites), stage: fc.constantFrom('earthworks', 'main_structure', 'finishing', 'completed') })
    .map(({ site, stage }) => () => sql`UPDATE sites SET stage = ${stage} WHERE id = ${site}`.execute(db)),
  fc.record({ site: pick(ids.sites), grid: fc.option(pick(ids.grids)) })
    .map(({ site, grid }) => () => sql`UPDATE sites SET grid_id = ${grid?.id ?? null}, district_id = coalesce(${grid?.district_id ?? null}, district_id) WHERE id = ${site}`.execute(db)),
  fc.record({ camera: pick(ids.cameras), online: fc.boolean() })
    .map(({ camera, online }) => () => sql`UPDATE cameras SET online = ${online} WHERE id = ${camera}`.execute(db)),
  fc.record({ device: pick(ids.devices), minutesAgo: fc.constantFrom(0, 1, 30, 600), status: fc.constantFrom('active', 'active', 'maintenance') })
    .map(({ device, minutesAgo, status }) => () => sql`UPDATE devices SET last_seen_at = now() - make_interval(mins => ${minutesAgo}), status = ${status} WHERE id = ${device}`.execute(db)),
  pick(ids.certificates).map((id) => () => sql`UPDATE certificates SET revoked_on = (now() AT TIME ZONE 'Asia/Shanghai')::date WHERE id = ${id}`.execute(db)),
  pick(ids.keyProjects).map((id) => () => sql`UPDATE key_project_records SET spraying_done_on = (now() AT TIME ZONE 'Asia/Shanghai')::date - 1 WHERE id = ${id}`.execute(db)),
  fc.record({ site: pick(ids.sites), score: fc.integer({ min: 0, max: 100 }) })
    .map(({ site, score }) => () => sql`UPDATE site_risk SET score = ${score}, grade = CASE WHEN ${score} >= 80 THEN 'red' ELSE 'blue' END WHERE site_id = ${site}`.execute(db)),
  fc.record({ work: pick(ids.works), status: fc.constantFrom('in_progress', 'completed') })
    .map(({ work, status }) => () => sql`UPDATE dangerous_works SET status = ${status}, beyond_scale = true WHERE id = ${work}`.execute(db)),
  // The chemicals campaign (0023): a site starts or stops storing a chemical, is surveyed, or gets a chemical danger.
  pick(ids.sites).map((site) => () => storeChemical([site])),
  fc.nat().map((n) => () => sql`UPDATE site_chemicals SET removed_on = (now() AT TIME ZONE 'Asia/Shanghai')::date
    WHERE id = (SELECT id FROM site_chemicals WHERE removed_on IS NULL ORDER BY id OFFSET ${n} % greatest(1, (SELECT count(*) FROM site_chemicals WHERE removed_on IS NULL)) LIMIT 1)`.execute(db)),
  // A survey moves a sum only at a site storing chemicals: one of those loses its surveys, or gets its first.
  fc.nat().map((n) => async () => {
    const { rows: [chemical] } = await sql<{ site_id: number; surveyed: boolean }>`
      SELECT c.site_id, EXISTS (SELECT 1 FROM chemical_surveys v WHERE v.site_id = c.site_id) AS surveyed
      FROM (SELECT DISTINCT site_id FROM site_chemicals WHERE removed_on IS NULL) c
      ORDER BY c.site_id OFFSET ${n} % greatest(1, (SELECT count(DISTINCT site_id) FROM site_chemicals WHERE removed_on IS NULL)) LIMIT 1`.execute(db)
    if (!chemical) return
    await (chemical.surveyed ? sql`DELETE FROM chemical_surveys WHERE site_id = ${chemical.site_id}`
      : sql`INSERT INTO chemical_surveys (site_id, surveyed_at) VALUES (${chemical.site_id}, now())`).execute(db)
  }),
  // Campaign progress (0024): a target added or dropped, a campaign inspection, what it finds, and a penalty on that.
  fc.record({ site: pick(ids.sites), campaign: pick(ids.campaigns) }).map(({ site, campaign }) => () => sql`
    INSERT INTO campaign_targets (campaign_id, site_id, source) VALUES (${campaign}, ${site}, 'listed') ON CONFLICT DO NOTHING`.execute(db)),
  fc.nat().map((n) => () => sql`DELETE FROM campaign_targets
    WHERE (campaign_id, site_id) = (SELECT campaign_id, site_id FROM campaign_targets ORDER BY 1, 2 OFFSET ${n} % greatest(1, (SELECT count(*) FROM campaign_targets)) LIMIT 1)`.execute(db)),
  fc.record({ site: pick(ids.sites), campaign: pick(ids.campaigns), findings: fc.nat(2) })
    .map(({ site, campaign, findings }) => async () => {
      const { rows: [inspection] } = await sql<{ id: number }>`INSERT INTO inspections (site_id, kind, inspected_at, campaign_id)
        VALUES (${site}, 'routine', now(), ${campaign}) RETURNING id`.execute(db)
      for (let i = 0; i < findings; i++) {
        const hazard = await addHazard(db, site, { severity: 'general', status: 'open', ageDays: 0, dueInDays: 7 })
        await sql`UPDATE hazards SET inspection_id = ${inspection.id} WHERE id = ${hazard}`.execute(db)
      }
    }),
  // A penalty alone, on a finding made earlier: only the notices' trigger sees it.
  fc.nat().map((n) => async () => {
    const { rows: [finding] } = await sql<{ id: number; site_id: number }>`SELECT h.id, h.site_id FROM hazards h JOIN inspections i ON i.id = h.inspection_id
      WHERE i.campaign_id IS NOT NULL ORDER BY h.id OFFSET ${n} % greatest(1, (SELECT count(*) FROM hazards h JOIN inspections i ON i.id = h.inspection_id WHERE i.campaign_id IS NOT NULL)) LIMIT 1`.execute(db)
    if (finding) await addNotice(db, finding.site_id, 'penalty', 0, finding.id)
  }),
  fc.record({ site: pick(ids.sites), severity: fc.constantFrom('major', 'general'), ageDays: fc.nat(45) })
    .map((h) => async () => {
      const id = await addHazard(db, h.site, { ...h, status: 'open', dueInDays: 7 })
      await sql`UPDATE hazards SET raised_by = 'chemical' WHERE id = ${id}`.execute(db)
    }),
)

describe('KPI sums kept per area', () => {
  it('equal a full recount after any sequence of writes', async () => {
    expect(await reconcileKpiAreas(db)).toEqual([])
    await fc.assert(fc.asyncProperty(fc.array(anyWrite(), { minLength: 1, maxLength: 6 }), async (writes) => {
      for (const run of writes) await run()
      await refreshKpiAreas(db)
      expect(await reconcileKpiAreas(db)).toEqual([])
    }), { numRuns: 12 })
  })

  it('give the same report as the recount for the city, a district and a grid', async () => {
    const grid = (await sql<{ id: number; district_id: number }>`
      SELECT grid_id AS id, district_id FROM sites WHERE grid_id IS NOT NULL AND stage <> 'completed' GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`.execute(db)).rows[0]
    for (const scope of [{}, { districtId: grid.district_id }, { gridId: grid.id }]) {
      // LIVE itself reads the stored sums; a copy of it is another instant to the repo, and is recounted.
      const recount = await kpiReport(db, scope, DEFAULT_DUST_RULE, { ...LIVE })
      expect(await kpiReport(db, scope, DEFAULT_DUST_RULE, LIVE)).toEqual(recount)
      expect(recount.threeAccurateOneCoverage.supervisedProjectsToday).toBeGreaterThan(0)
    }
  })

  it('name the same lowest-credit firms as the firm ranking, for the city, a district and a grid', async () => {
    const grid = (await sql<{ id: number; district_id: number }>`
      SELECT grid_id AS id, district_id FROM sites WHERE grid_id IS NOT NULL AND stage <> 'completed' GROUP BY 1, 2 ORDER BY count(*) DESC, 1 LIMIT 1`.execute(db)).rows[0]
    const areas = [{ scope: {}, within: sql`true` }, { scope: { districtId: grid.district_id }, within: sql`s.district_id = ${grid.district_id}` },
      { scope: { gridId: grid.id }, within: sql`s.grid_id = ${grid.id}` }]
    for (const { scope, within } of areas) {
      const ranked = await rankFirms(db, CITY_SCOPE, { order: 'asc', activeOnly: true, limit: 10, offset: 0 }, within)
      const lowest = await lowestCreditFirms(db, scope)
      expect(lowest.length).toBeGreaterThan(0)
      expect(lowest.map((f) => [f.id, f.score, f.activeSites])).toEqual(ranked.items.map((f) => [f.id, f.score, f.activeSites]))
    }
  })

  it('follow time alone: a device falls silent with no write, and every row ends by the next Beijing midnight', async () => {
    const [device] = await column(sql`SELECT v.id FROM devices v JOIN sites s ON s.id = v.site_id WHERE s.stage <> 'completed' AND v.status = 'active' ORDER BY v.id LIMIT 1`)
    // Heard from two seconds short of two intervals ago: silent two seconds from now, which no trigger sees.
    await sql`UPDATE devices SET last_seen_at = now() - make_interval(secs => interval_s * 2 - 2) WHERE id = ${device}`.execute(db)
    const reporting = (await kpiReport(db, {}, DEFAULT_DUST_RULE, LIVE)).targets.deviceOnlineRate ?? 0
    await new Promise((resolve) => setTimeout(resolve, 2_200))
    const silent = (await kpiReport(db, {}, DEFAULT_DUST_RULE, LIVE)).targets.deviceOnlineRate ?? 0
    expect(silent).toBeLessThan(reporting)
    expect(await reconcileKpiAreas(db)).toEqual([])
    const { rows: [bounds] } = await sql<{ all: boolean }>`
      SELECT bool_and(valid_until <= ((now() AT TIME ZONE 'Asia/Shanghai')::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai') AS all FROM kpi_areas`.execute(db)
    expect(bounds.all).toBe(true)
  })

  it('are recomputed by one refresh at a time: requests finding the same expired areas rewrite each once', async () => {
    // The wall and the KPI page ask together; both used to rewrite the expired areas, and the second's campaign rows
    // collided with the first's (a unique violation, a 500 on the wall).
    const { rows: [stored] } = await sql<{ areas: number; campaign_rows: number }>`
      SELECT (SELECT count(*) FROM kpi_areas)::int AS areas, (SELECT count(*) FROM kpi_campaign_areas)::int AS campaign_rows`.execute(db)
    expect(stored.campaign_rows).toBeGreaterThan(0)
    await sql`UPDATE kpi_areas SET valid_until = now() - interval '1 second'`.execute(db)
    const refreshed = await Promise.all(Array.from({ length: 4 }, () => refreshKpiAreas(db)))
    expect(refreshed.reduce((a, b) => a + b, 0)).toBe(stored.areas)
    expect(await reconcileKpiAreas(db)).toEqual([])
  })

  it('are checked by the reconciliation, which finds a damaged area and recomputes it', async () => {
    const { rows: [area] } = await sql<{ district_id: number; grid_key: number }>`
      UPDATE kpi_areas SET supervised = supervised + 7 WHERE (district_id, grid_key) = (SELECT district_id, grid_key FROM kpi_areas ORDER BY 1, 2 LIMIT 1)
      RETURNING district_id, grid_key`.execute(db)
    expect(await reconcileKpiAreas(db)).toEqual([{ districtId: area.district_id, gridKey: area.grid_key, columns: ['supervised'] }])
    const mismatches: unknown[][] = []
    const job = createKpiAreasJob(db, { everyMs: 3_600_000, reconcileEveryMs: 0, onError: (error) => { throw error }, onMismatch: (areas) => mismatches.push(areas) })
    expect(await job.run()).toMatchObject({ mismatched: 1 })
    await job.stop()
    expect(mismatches).toHaveLength(1)
    expect(await reconcileKpiAreas(db)).toEqual([])
  })
})
