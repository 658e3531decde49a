import turfArea from '@turf/area'
import turfCircle from '@turf/circle'
import { featureCollection, polygon } from '@turf/helpers'
import turfIntersect from '@turf/intersect'
import turfSector from '@turf/sector'
import turfUnion from '@turf/union'
import type { Feature, MultiPolygon, Polygon, Position } from 'geojson'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { offsetMeters } from '../../db/seed/geometry.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'
import { addCamera, addSite, buildTown, type CameraSpec, type Town } from '../support/fixtures.ts'

/*
 * PostGIS computes coverage in EPSG:4549; turf independently on the sphere. Hand-made cases on a 100 m square
 * site must agree to within 1 % of the footprint.
 */

let database: TestDatabase
let town: Town
let app: ReturnType<typeof createTestApp>
let api: ApiSession

beforeAll(async () => {
  database = await createMigratedDatabase()
  town = await buildTown(database.db)
  app = createTestApp(database)
  await addUser(database.db, { username: 'command.test', role: 'city_command' })
  api = await signIn(app, 'command.test')
})
afterAll(() => database?.dispose())

function turfCoverage(ring: Position[], cameras: CameraSpec[]): number {
  const footprint = polygon([ring])
  const sectors = cameras.filter((c) => c.online !== false).map((c) => (c.fov >= 360
    ? turfCircle(c.at, c.range / 1000, { steps: 128 })
    : turfSector(c.at, c.range / 1000, c.heading - c.fov / 2, c.heading + c.fov / 2, { steps: 128 })))
  if (sectors.length === 0) return 0
  const seen = sectors.length === 1 ? sectors[0] : turfUnion(featureCollection(sectors))!
  const covered = turfIntersect(featureCollection([footprint, seen as Feature<Polygon | MultiPolygon>]))
  return covered ? turfArea(covered) / turfArea(footprint) : 0
}

async function coverageOf(siteId: number) {
  const res = await api.request(`/api/sites/${siteId}`)
  expect(res.status).toBe(200)
  return (await res.json()).coverage
}

type Case = [string, (corner: Position, centre: Position) => CameraSpec[]]
const cases: Case[] = [
  ['a camera in a corner looking in', (sw) => [{ at: sw, heading: 45, fov: 90, range: 80 }]],
  ['a camera looking away', (sw) => [{ at: sw, heading: 225, fov: 90, range: 80 }]],
  ['overlapping sectors', (sw) => [
    { at: sw, heading: 45, fov: 90, range: 80 },
    { at: offsetMeters(sw, 50, 0), heading: 0, fov: 100, range: 60 },
  ]],
  ['a sector larger than the site', (_, centre) => [{ at: centre, heading: 0, fov: 360, range: 200 }]],
  ['a wide sector over one edge', (sw) => [{ at: offsetMeters(sw, 50, -20), heading: 10, fov: 120, range: 90 }]],
  ['an offline camera', (sw) => [{ at: sw, heading: 45, fov: 90, range: 80, online: false }]],
]

describe('camera coverage: PostGIS against turf', () => {
  it.each(cases)('%s', async (_, cameras) => {
    const site = await addSite(database.db, town, { grid: 'west', side: 100 })
    const specs = cameras(site.ring![0], site.centre)
    for (const camera of specs) await addCamera(database.db, site.id, camera)
    const coverage = await coverageOf(site.id)
    const expected = turfCoverage(site.ring!, specs)
    expect(coverage.cameras).toBe(specs.length)
    expect(coverage.onlineCameras).toBe(specs.filter((c) => c.online !== false).length)
    expect(Math.abs(coverage.ratio - expected)).toBeLessThan(0.01)
  })

  it('matches the analytic answer for a quarter circle', async () => {
    const site = await addSite(database.db, town, { grid: 'east', side: 100 })
    await addCamera(database.db, site.id, { at: site.ring![0], heading: 45, fov: 90, range: 80 })
    expect((await coverageOf(site.id)).ratio).toBeCloseTo((Math.PI * 80 ** 2) / 4 / 100 ** 2, 2)
  })

  it('has no ratio for a site without a footprint', async () => {
    const site = await addSite(database.db, town, { grid: 'east', side: 0 })
    await addCamera(database.db, site.id, { at: site.centre, heading: 0, fov: 90, range: 50 })
    expect(await coverageOf(site.id)).toMatchObject({ ratio: null, cameras: 1 })
  })

  it('rolls up by grid and district as covered area over footprint area', async () => {
    const res = await api.request(`/api/coverage?by=grid&district=${town.districtId}`)
    const rows = await res.json()
    expect(rows.map((r: { id: number }) => r.id).sort()).toEqual([town.westGridId, town.eastGridId].sort())
    for (const row of rows) {
      expect(row.coverageRatio).toBeGreaterThanOrEqual(0)
      expect(row.coverageRatio).toBeLessThanOrEqual(1)
    }
    const west = rows.find((r: { id: number }) => r.id === town.westGridId)
    expect(west.sites).toBe(cases.length)
  })
})
