import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * A viewport (a bbox) joins each site's risk and coverage by primary key, the whole city by plain joins
 * (layers.repo.ts). Both must give what a plain query gives, sites without a risk or coverage row included.
 */

let database: SeededDatabase
let api: ApiSession
const BBOX = [120.55, 31.25, 120.7, 31.35]

beforeAll(async () => {
  database = await createSeededDatabase(400)
  api = await signIn(createTestApp(database), database.demo('city_command'))
})
afterAll(() => database?.dispose())

type Properties = Record<string, unknown>

async function features(query: string): Promise<Map<number, Properties>> {
  const res = await api.request(`/api/layers/sites?${query}`)
  expect(res.status).toBe(200)
  const body = await res.json() as { features: { id: number; properties: Properties }[] }
  return new Map(body.features.map((f) => [f.id, f.properties]))
}

/** The same sites and properties by a plain query, shaped in JS rather than SQL. */
async function expected(where: ReturnType<typeof sql>): Promise<Map<number, Properties>> {
  const { rows } = await sql<Record<string, unknown> & { id: number }>`
    SELECT s.id, s.code, s.name, s.kind, s.stage, s.district_id, s.grid_id, s.floor_area_m2,
      EXISTS (SELECT 1 FROM key_projects k WHERE k.site_id = s.id) AS key, r.score, r.grade, cv.coverage_ratio, cv.cameras, cv.online_cameras
    FROM sites s LEFT JOIN site_risk r ON r.site_id = s.id LEFT JOIN site_coverage cv ON cv.site_id = s.id
    WHERE ${where}`.execute(database.db)
  return new Map(rows.map((r) => [r.id, {
    code: r.code, name: r.name, kind: r.kind, stage: r.stage, districtId: r.district_id, gridId: r.grid_id, key: r.key,
    floorArea: r.floor_area_m2, riskScore: r.score, riskGrade: r.grade, coverageRatio: r.coverage_ratio,
    cameras: r.cameras ?? 0, onlineCameras: r.online_cameras ?? 0,
  }]))
}

const inBox = sql`s.location && ST_MakeEnvelope(${BBOX[0]}, ${BBOX[1]}, ${BBOX[2]}, ${BBOX[3]}, 4326)`

describe('sites in a viewport', () => {
  it('carry the same risk and coverage as a plain join, and keep sites that have neither row', async () => {
    // Two sites in the box lose their risk and their coverage row: a lookup that dropped them, or that took another
    // site's row, differs from the plain query.
    const { rows } = await sql<{ id: number }>`SELECT s.id FROM sites s WHERE ${inBox} ORDER BY s.id LIMIT 2`.execute(database.db)
    expect(rows).toHaveLength(2)
    await sql`DELETE FROM site_risk WHERE site_id = ${rows[0].id}`.execute(database.db)
    await sql`DELETE FROM site_coverage WHERE site_id = ${rows[1].id}`.execute(database.db)

    const viewport = await features(`bbox=${BBOX.join(',')}`)
    expect(viewport.size).toBeGreaterThan(10)
    expect(viewport.size).toBeLessThan(400)
    expect(viewport.get(rows[0].id)?.riskGrade).toBeNull()
    expect(viewport.get(rows[1].id)?.cameras).toBe(0)
    expect(viewport).toEqual(await expected(inBox))

    // The whole city takes the other form of the joins: the sites in the box read the same through it.
    const city = await features('')
    expect(city.size).toBe(400)
    for (const [id, properties] of viewport) expect(city.get(id), `site ${id}`).toEqual(properties)
  })

  it('filter on risk and coverage within the box as the plain query does', async () => {
    const graded = await features(`bbox=${BBOX.join(',')}&grade=red,orange,yellow`)
    expect(graded.size).toBeGreaterThan(0)
    expect(graded).toEqual(await expected(sql`${inBox} AND r.grade IN ('red', 'orange', 'yellow')`))
    const poorlyCovered = await features(`bbox=${BBOX.join(',')}&coverageBelow=0.5`)
    expect(poorlyCovered.size).toBeGreaterThan(0)
    expect(poorlyCovered).toEqual(await expected(sql`${inBox} AND (coalesce(cv.cameras, 0) = 0 OR cv.coverage_ratio < 0.5)`))
  })
})
