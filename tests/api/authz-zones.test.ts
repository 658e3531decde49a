import { sql } from 'kysely'
import { pngForm } from '../support/photos.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addHazard, addPm10 } from '../support/fixtures.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * A grid supervisor trying to reach another zone's site every way there is: by id, by bbox, by search and by
 * writing to it. What they do get (layers, KPIs, lists) is compared with the same question asked in SQL.
 */

interface Site { id: number; code: string; grid_id: number; district_id: number; lon: number; lat: number }

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let gs: ApiSession
let ds: ApiSession
let own: Site
let foreign: Site[]
let foreignHazardId: number
let foreignPhotoId: number

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows
const ids = async (query: ReturnType<typeof sql<{ id: number }>>) => (await rows(query)).map((r) => r.id).sort((a, b) => a - b)
const inGrids = (userId: number, alias = 's') => sql<boolean>`${sql.ref(`${alias}.grid_id`)} IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${userId})`
const siteColumns = sql`s.id, s.code, s.grid_id, s.district_id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat`
const featureIds = async (session: ApiSession, path: string) => {
  const res = await session.request(path)
  expect(res.status).toBe(200)
  return ((await res.json()).features as { id: number }[]).map((f) => f.id).sort((a, b) => a - b)
}
const box = (s: Site, d = 0.001) => `${s.lon - d},${s.lat - d},${s.lon + d},${s.lat + d}`
const counts = async () => (await rows(sql<{ f: string }>`SELECT concat_ws(',', (SELECT count(*) FROM inspections), (SELECT count(*) FROM hazards),
  (SELECT count(*) FROM hazard_events), (SELECT count(*) FROM notices), (SELECT count(*) FROM photos), (SELECT count(*) FROM audit_log),
  (SELECT string_agg(status, '' ORDER BY id) FROM hazards)) AS f`))[0].f

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  ;[admin, gs, ds] = [await signIn(app, database.demo('admin')), await signIn(app, database.demo('grid_supervisor')), await signIn(app, database.demo('district_supervisor'))]
  own = (await rows(sql<Site>`SELECT ${siteColumns} FROM sites s WHERE ${inGrids(gs.user.userId)} ORDER BY s.id LIMIT 1`))[0]
  // Foreign sites with a footprint and a camera: one in the same district, one in another.
  const withCamera = sql`s.footprint IS NOT NULL AND EXISTS (SELECT 1 FROM cameras c WHERE c.site_id = s.id) AND NOT ${inGrids(gs.user.userId)}`
  foreign = [
    ...(await rows(sql<Site>`SELECT ${siteColumns} FROM sites s WHERE ${withCamera} AND s.district_id = ${gs.user.districtId} ORDER BY s.id LIMIT 1`)),
    ...(await rows(sql<Site>`SELECT ${siteColumns} FROM sites s WHERE ${withCamera} AND s.district_id <> ${gs.user.districtId} ORDER BY s.id LIMIT 1`)),
  ]
  expect(foreign).toHaveLength(2)
  foreignHazardId = await addHazard(database.db, foreign[0].id, { severity: 'major', status: 'open', ageDays: 2, dueInDays: 3 })
  foreignPhotoId = (await (await admin.request('/api/photos', { method: 'POST', body: pngForm(foreign[0].id) })).json()).id
})
afterAll(() => database?.dispose())

describe('a grid supervisor cannot reach another zone\'s site', () => {
  it('by id: the site, its PM10, risk, grid, hazard and photo are all not found', async () => {
    for (const site of foreign) {
      for (const path of [`/api/sites/${site.id}`, `/api/sites/${site.id}/pm10`, `/api/risk/sites/${site.id}`, `/api/grids/${site.grid_id}`]) {
        const res = await gs.request(path)
        expect(res.status, path).toBe(404)
        expect((await res.json()).error.code).toBe('not_found')
        expect((await admin.request(path)).status, path).toBe(200)
      }
    }
    expect((await gs.request(`/api/hazards/${foreignHazardId}`)).status).toBe(404)
    expect((await gs.request(`/api/photos/${foreignPhotoId}`)).status).toBe(404)
    expect((await gs.request(`/api/sites/${own.id}`)).status).toBe(200)
    expect((await gs.request(`/api/grids/${own.grid_id}`)).status).toBe(200)
  })

  it('by bbox: a box around the foreign site holds none of its points, footprints or cameras', async () => {
    for (const site of foreign) {
      const cameras = await ids(sql`SELECT c.id FROM cameras c WHERE c.site_id = ${site.id}`)
      const camBox = (await rows(sql<{ b: string }>`SELECT concat_ws(',', ST_XMin(e) - 0.001, ST_YMin(e) - 0.001, ST_XMax(e) + 0.001, ST_YMax(e) + 0.001) AS b
        FROM (SELECT ST_Extent(location) AS e FROM cameras WHERE site_id = ${site.id}) x`))[0].b
      expect(await featureIds(admin, `/api/layers/sites?bbox=${box(site)}`)).toContain(site.id)
      expect(await featureIds(admin, `/api/layers/site-footprints?bbox=${box(site)}`)).toContain(site.id)
      expect(await featureIds(admin, `/api/layers/cameras?bbox=${camBox}`)).toEqual(expect.arrayContaining(cameras))
      expect(await featureIds(gs, `/api/layers/sites?bbox=${box(site)}`)).not.toContain(site.id)
      expect(await featureIds(gs, `/api/layers/site-footprints?bbox=${box(site)}`)).not.toContain(site.id)
      for (const id of await featureIds(gs, `/api/layers/cameras?bbox=${camBox}`)) expect(cameras).not.toContain(id)
    }
  })

  it('by search: the foreign site\'s exact code finds nothing, in the search box or the layer filter', async () => {
    for (const site of foreign) {
      const q = encodeURIComponent(site.code)
      expect((await (await admin.request(`/api/sites/search?q=${q}`)).json())[0].id).toBe(site.id)
      expect(await (await gs.request(`/api/sites/search?q=${q}`)).json()).toEqual([])
      expect(await featureIds(gs, `/api/layers/sites?q=${q}`)).toEqual([])
    }
    expect((await (await gs.request(`/api/sites/search?q=${encodeURIComponent(own.code)}`)).json())[0].id).toBe(own.id)
  })

  it('by writing: inspections, uploads, transitions and notices on it are 404 and write nothing', async () => {
    const before = await counts()
    const now = new Date(Date.now() - 60_000).toISOString()
    for (const site of foreign) {
      const inspection = await gs.request('/api/inspections', { method: 'POST', body: JSON.stringify({
        siteId: site.id, kind: 'routine', inspectedAt: now,
        checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
        scoreSheet: { safety_management: 40, site_safety: 30, dust_control: 20, civilised_construction: 10 },
      }) })
      expect(inspection.status).toBe(404)
      expect((await gs.request('/api/photos', { method: 'POST', body: pngForm(site.id) })).status).toBe(404)
    }
    for (const [path, body] of [['transitions', { to: 'rectifying', note: '越权' }], ['notices', { type: 'penalty', content: '越权' }]] as const) {
      const res = await gs.request(`/api/hazards/${foreignHazardId}/${path}`, { method: 'POST', body: JSON.stringify(body) })
      expect(res.status).toBe(404)
      expect((await res.json()).error.code).toBe('not_found')
    }
    expect(await counts()).toBe(before)
  })

  it('nor attach its photo to a record of their own', async () => {
    const before = await counts()
    const res = await gs.request('/api/inspections', { method: 'POST', body: JSON.stringify({
      siteId: own.id, kind: 'routine', inspectedAt: new Date(Date.now() - 60_000).toISOString(), photoIds: [foreignPhotoId],
      checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
      scoreSheet: { safety_management: 40, site_safety: 30, dust_control: 20, civilised_construction: 10 },
    }) })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_photo')
    expect(await counts()).toBe(before)
  })
})

describe('what a grid supervisor reads is exactly their grids', () => {
  it('every site, camera and key project in the layers lies in their grids', async () => {
    const me = gs.user.userId
    expect(await featureIds(gs, '/api/layers/sites')).toEqual(await ids(sql`SELECT s.id FROM sites s WHERE ${inGrids(me)}`))
    expect(await featureIds(gs, '/api/layers/cameras')).toEqual(await ids(sql`SELECT c.id FROM cameras c JOIN sites s ON s.id = c.site_id WHERE ${inGrids(me)}`))
    expect(await featureIds(gs, '/api/layers/key-projects')).toEqual(await ids(sql`SELECT k.id FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE ${inGrids(me)}`))
    expect((await featureIds(gs, '/api/layers/sites')).length).toBeGreaterThan(0)
  })

  it('grids and districts outside their zone show no site counts; coverage rows are their grids and district only', async () => {
    const myGrids = await ids(sql`SELECT grid_id AS id FROM grid_supervisors WHERE user_id = ${gs.user.userId}`)
    const grids = (await (await gs.request('/api/layers/grids')).json()).features as { id: number; properties: { siteCount: number | null } }[]
    expect(grids.filter((g) => g.properties.siteCount !== null).map((g) => g.id).sort((a, b) => a - b)).toEqual(myGrids)
    const districts = (await (await gs.request('/api/layers/districts')).json()).features as { id: number; properties: { siteCount: number | null } }[]
    expect(districts.filter((d) => d.properties.siteCount !== null).map((d) => d.id)).toEqual([gs.user.districtId])
    expect(((await (await gs.request('/api/coverage?by=grid')).json()) as { id: number }[]).map((r) => r.id)).toEqual(myGrids)
    expect(((await (await gs.request('/api/coverage?by=district')).json()) as { id: number }[]).map((r) => r.id)).toEqual([gs.user.districtId])
  })

  it('my-zone, the demo zone, dust alerts and KPIs count only their sites', async () => {
    const mine = new Set(await ids(sql`SELECT s.id FROM sites s WHERE ${inGrids(gs.user.userId)}`))
    const zone = await (await gs.request('/api/my-zone')).json()
    const myGrids = await ids(sql`SELECT grid_id AS id FROM grid_supervisors WHERE user_id = ${gs.user.userId}`)
    expect((zone.grids as { id: number }[]).map((g) => g.id).sort((a, b) => a - b)).toEqual(myGrids)
    expect(zone.sites.length).toBeGreaterThan(0)
    for (const s of zone.sites) expect(mine.has(s.id)).toBe(true)
    for (const h of zone.tasks.overdueHazards) expect(mine.has(h.siteId)).toBe(true)
    const demoZone = (await rows(sql<{ id: number }>`SELECT id FROM demo_zones ORDER BY id LIMIT 1`))[0]
    for (const s of (await (await gs.request(`/api/demo-zones/${demoZone.id}`)).json()).sites) expect(mine.has(s.id)).toBe(true)
    // Fresh over-limit readings on both sides: the seeded ones fall out of any window as the calendar moves on.
    for (const site of [own, foreign[0]]) await addPm10(database.db, site.id, [{ hoursAgo: 1, pm10: 400 }])
    const alerts = (await (await gs.request('/api/dust/alerts?hours=720')).json()).alerts as { siteId: number }[]
    expect(alerts.map((a) => a.siteId)).toContain(own.id)
    for (const a of alerts) expect(mine.has(a.siteId)).toBe(true)

    const kpis = await (await gs.request('/api/kpis')).json()
    const [expected] = await rows(sql<{ supervised: number; open: number }>`SELECT
      (SELECT count(*)::int FROM sites s WHERE ${inGrids(gs.user.userId)} AND s.stage <> 'completed') AS supervised,
      (SELECT count(*)::int FROM hazards h JOIN sites s ON s.id = h.site_id WHERE ${inGrids(gs.user.userId)} AND h.status <> 'closed') AS open`)
    expect(kpis.threeAccurateOneCoverage.supervisedProjectsToday).toBe(expected.supervised)
    expect(kpis.hazards.open).toBe(expected.open)
    const city = await (await admin.request('/api/kpis')).json()
    expect(city.threeAccurateOneCoverage.supervisedProjectsToday).toBeGreaterThan(expected.supervised)
    for (const q of [`district=${foreign[1].district_id}`, `grid=${foreign[0].grid_id}`]) {
      const other = await (await gs.request(`/api/kpis?${q}`)).json()
      expect(other.threeAccurateOneCoverage.supervisedProjectsToday, q).toBe(0)
      expect(other.hazards.open, q).toBe(0)
    }
  })

  it('follows the admin\'s grid assignment at once, and a supervisor with no grids reads nothing', async () => {
    await addUser(database.db, { username: 'zone-mover', role: 'grid_supervisor', districtId: foreign[0].district_id, gridIds: [own.grid_id] })
    const mover = await signIn(app, 'zone-mover')
    expect((await mover.request(`/api/sites/${own.id}`)).status).toBe(200)
    const res = await admin.request(`/api/admin/users/${mover.user.userId}/grids`, { method: 'PUT', body: JSON.stringify({ gridIds: [foreign[0].grid_id] }) })
    expect(res.status).toBe(200)
    expect((await mover.request(`/api/sites/${own.id}`)).status).toBe(404)
    expect((await mover.request(`/api/sites/${foreign[0].id}`)).status).toBe(200)
    await admin.request(`/api/admin/users/${mover.user.userId}/grids`, { method: 'PUT', body: JSON.stringify({ gridIds: [] }) })
    expect(await featureIds(mover, '/api/layers/sites')).toEqual([])
    expect(await featureIds(mover, '/api/layers/cameras')).toEqual([])
    expect((await (await mover.request('/api/kpis')).json()).threeAccurateOneCoverage.supervisedProjectsToday).toBe(0)
  })
})

describe('a district supervisor reads their district', () => {
  it('exactly its sites, and nothing from another district', async () => {
    const district = ds.user.districtId!
    const expected = await ids(sql`SELECT s.id FROM sites s WHERE s.district_id = ${district}`)
    expect(await featureIds(ds, '/api/layers/sites')).toEqual(expected)
    expect(expected.length).toBeGreaterThan((await featureIds(gs, '/api/layers/sites')).length)
    expect((await ds.request(`/api/sites/${foreign[0].id}`)).status).toBe(200)
    expect((await ds.request(`/api/sites/${foreign[1].id}`)).status).toBe(404)
    expect(await (await ds.request(`/api/sites/search?q=${encodeURIComponent(foreign[1].code)}`)).json()).toEqual([])
    expect(await featureIds(ds, `/api/layers/sites?bbox=${box(foreign[1])}`)).not.toContain(foreign[1].id)
    const kpis = await (await ds.request('/api/kpis')).json()
    const [n] = await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM sites WHERE district_id = ${district} AND stage <> 'completed'`)
    expect(kpis.threeAccurateOneCoverage.supervisedProjectsToday).toBe(n.n)
  })
})
