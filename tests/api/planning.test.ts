import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import { polygon } from '@turf/helpers'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * The planners' selection: every shape against an independent answer computed here (turf, haversine), criteria
 * combined with shapes, and the ranking explained. Completed sites are never candidates.
 */

type Position = [number, number]
interface Site { id: number; lon: number; lat: number; districtId: number; gridId: number | null; stage: string; floorArea: number }

let database: SeededDatabase
let planner: ApiSession
let live: Site[]

beforeAll(async () => {
  database = await createSeededDatabase(400)
  const app = createTestApp(database)
  planner = await signIn(app, database.demo('planner'))
  live = (await sql<Site>`SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat, district_id AS "districtId", grid_id AS "gridId", stage,
    floor_area_m2 AS "floorArea" FROM sites WHERE stage <> 'completed' ORDER BY id`.execute(database.db)).rows
})
afterAll(() => database?.dispose())

const select = async (body: unknown, status = 200) => {
  const res = await planner.request('/api/planning/candidates', { method: 'POST', body: JSON.stringify(body) })
  const json = await res.json()
  expect(res.status, JSON.stringify(json).slice(0, 300)).toBe(status)
  return json
}
const ids = (result: { candidates: { id: number }[] }) => result.candidates.map((c) => c.id).sort((a, b) => a - b)
const rect = (w: number, s: number, e: number, n: number): Position[] => [[w, s], [e, s], [e, n], [w, n], [w, s]]
/** Great-circle metres; PostGIS's geography is the spheroid, so answers within 0.5 % of a boundary are not compared. */
function haversineM([lon1, lat1]: Position, [lon2, lat2]: Position): number {
  const rad = Math.PI / 180
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2
  return 2 * 6_371_008 * Math.asin(Math.sqrt(a))
}

describe('shapes', () => {
  it('a polygon across a district boundary takes the sites inside it from both districts', async () => {
    // The box between two districts' sites: their seats' midpoint, wide enough to hold sites of each.
    const [a, b] = (await sql<{ lon: number; lat: number }>`SELECT ST_X(seat) AS lon, ST_Y(seat) AS lat FROM districts ORDER BY id LIMIT 2`.execute(database.db)).rows
    const ring = rect(Math.min(a.lon, b.lon) - 0.05, Math.min(a.lat, b.lat) - 0.05, Math.max(a.lon, b.lon) + 0.05, Math.max(a.lat, b.lat) + 0.05)
    const result = await select({ shape: { type: 'polygon', coordinates: [ring] } })
    const expected = live.filter((s) => booleanPointInPolygon([s.lon, s.lat], polygon([ring]))).map((s) => s.id)
    expect(ids(result)).toEqual(expected)
    expect(result.count).toBe(expected.length)
    expect(result.byDistrict.length).toBeGreaterThanOrEqual(2)
    expect(result.byDistrict.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(expected.length)
  })

  it('a polygon with a hole leaves out the sites in the hole', async () => {
    const centre = live[Math.floor(live.length / 2)]
    const outer = rect(centre.lon - 0.1, centre.lat - 0.1, centre.lon + 0.1, centre.lat + 0.1)
    const hole = rect(centre.lon - 0.01, centre.lat - 0.01, centre.lon + 0.01, centre.lat + 0.01)
    const result = await select({ shape: { type: 'polygon', coordinates: [outer, hole] } })
    const expected = live.filter((s) => booleanPointInPolygon([s.lon, s.lat], polygon([outer, hole]))).map((s) => s.id)
    expect(ids(result)).toEqual(expected)
    expect(ids(result)).not.toContain(centre.id)
    const withoutHole = await select({ shape: { type: 'polygon', coordinates: [outer] } })
    expect(ids(withoutHole)).toContain(centre.id)
  })

  it('a circle takes the sites within its radius', async () => {
    const centre: Position = [live[0].lon, live[0].lat]
    const radiusM = 8_000
    const result = new Set(ids(await select({ shape: { type: 'circle', center: centre, radiusM } })))
    const clear = live.filter((s) => Math.abs(haversineM(centre, [s.lon, s.lat]) - radiusM) > radiusM * 0.005)
    expect(clear.filter((s) => result.has(s.id)).map((s) => s.id)).toEqual(clear.filter((s) => haversineM(centre, [s.lon, s.lat]) < radiusM).map((s) => s.id))
    expect(result.size).toBeGreaterThan(0)
  })

  it('a buffer around a road (an east–west line) takes the sites within the distance of it', async () => {
    const lat = live[0].lat
    const line: Position[] = [[live[0].lon - 0.2, lat], [live[0].lon + 0.2, lat]]
    const distanceM = 3_000
    const result = new Set(ids(await select({ shape: { type: 'buffer', line, distanceM } })))
    const toLine = (s: Site) => (s.lon >= line[0][0] && s.lon <= line[1][0] ? haversineM([s.lon, lat], [s.lon, s.lat])
      : Math.min(haversineM(line[0], [s.lon, s.lat]), haversineM(line[1], [s.lon, s.lat])))
    const clear = live.filter((s) => Math.abs(toLine(s) - distanceM) > distanceM * 0.005)
    expect(clear.filter((s) => result.has(s.id)).map((s) => s.id)).toEqual(clear.filter((s) => toLine(s) < distanceM).map((s) => s.id))
    expect(result.size).toBeGreaterThan(0)
  })

  it('a grid or a district as the boundary takes the sites it holds', async () => {
    const { gridId, districtId } = live.find((s) => s.gridId !== null)!
    expect(ids(await select({ shape: { type: 'grid', id: gridId } }))).toEqual(live.filter((s) => s.gridId === gridId).map((s) => s.id))
    expect(ids(await select({ shape: { type: 'district', id: districtId } }))).toEqual(live.filter((s) => s.districtId === districtId).map((s) => s.id))
  })
})

describe('criteria with shapes, and the ranking', () => {
  it('combines criteria with a shape, and every candidate meets all of them', async () => {
    const { districtId } = live[0]
    const result = await select({ shape: { type: 'district', id: districtId }, criteria: { minFloorAreaM2: 20_000, stages: ['earthworks', 'main_structure'] } })
    const expected = live.filter((s) => s.districtId === districtId && s.floorArea >= 20_000 && ['earthworks', 'main_structure'].includes(s.stage))
    expect(ids(result)).toEqual(expected.map((s) => s.id))
    const near = await select({ criteria: { maxReceptorDistanceM: 500 } })
    for (const c of near.candidates) expect(c.nearestReceptorM).toBeLessThanOrEqual(500)
    const keyArea = await select({ criteria: { inKeyArea: true, grades: ['red', 'orange', 'yellow'] } })
    for (const c of keyArea.candidates) expect(c).toMatchObject({ inKeyArea: true, riskGrade: expect.stringMatching(/^(red|orange|yellow)$/) })
  })

  it('ranks by the dust-priority score, each score the sum of its explained points', async () => {
    const { candidates } = await select({})
    expect(candidates).toHaveLength(live.length)
    for (let i = 1; i < candidates.length; i++) expect(candidates[i - 1].priority.score).toBeGreaterThanOrEqual(candidates[i].priority.score)
    for (const c of candidates) {
      const sum = c.priority.breakdown.reduce((n: number, b: { points: number }) => n + b.points, 0)
      expect(c.priority.score).toBeCloseTo(sum, 1)
    }
    expect(candidates[0].priority.breakdown.length).toBeGreaterThan(0)
  })
})

describe('bad selections', () => {
  it.each([
    ['a self-intersecting polygon', { type: 'polygon', coordinates: [[[120.5, 31.2], [120.7, 31.4], [120.7, 31.2], [120.5, 31.4], [120.5, 31.2]]] }, 'invalid_geometry'],
    ['a ring that does not close', { type: 'polygon', coordinates: [[[120.5, 31.2], [120.7, 31.2], [120.7, 31.4], [120.5, 31.4]]] }, 'invalid_request'],
    ['coordinates outside China', { type: 'circle', center: [0, 0], radiusM: 100 }, 'invalid_request'],
    ['an unknown grid', { type: 'grid', id: 999_999 }, 'unknown_reference'],
    ['an unknown shape', { type: 'hexagon' }, 'invalid_request'],
  ])('%s → 400', async (_, shape, code) => {
    expect((await select({ shape }, 400)).error.code).toBe(code)
  })

  it('is for planners, command and admins: a grid supervisor may not select', async () => {
    const gs = await signIn(createTestApp(database), database.demo('grid_supervisor'))
    const res = await gs.request('/api/planning/candidates', { method: 'POST', body: JSON.stringify({}) })
    expect(res.status).toBe(403)
  })
})
