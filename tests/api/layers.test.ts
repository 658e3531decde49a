import { gunzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let api: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(400)
  app = createTestApp(database)
  api = await signIn(app, database.demo('city_command'))
})
afterAll(() => database?.dispose())

async function layer(path: string) {
  const res = await api.request(`/api/layers/${path}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toContain('application/geo+json')
  const body = await res.json()
  expect(body.type).toBe('FeatureCollection')
  for (const f of body.features) expect(Number.isInteger(f.id)).toBe(true)
  return body.features as { id: number; geometry: { type: string; coordinates: any }; properties: Record<string, any> }[]
}

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(database.db)).rows[0].n)

describe('health', () => {
  it('names the engine and the PostGIS version', async () => {
    const res = await api.request('/api/health')
    const body = await res.json()
    expect(body).toEqual({ ok: true, engine: process.env.DATABASE_URL ? 'postgres' : 'pglite', postgis: expect.stringMatching(/^3\.\d+\.\d+/) })
  })
})

describe('layers', () => {
  it('serves every district and grid with its attributes', async () => {
    const districts = await layer('districts')
    expect(districts).toHaveLength(10)
    expect(districts.map((d) => d.properties.name)).toContain('姑苏区')
    expect(districts.every((d) => d.geometry.type === 'MultiPolygon')).toBe(true)
    const perDistrict = (await sql<{ id: number; n: number }>`SELECT d.id, count(s.id)::int AS n FROM districts d LEFT JOIN sites s ON s.district_id = d.id GROUP BY d.id`.execute(database.db)).rows
    expect(Object.fromEntries(districts.map((d) => [d.id, d.properties.siteCount]))).toEqual(Object.fromEntries(perDistrict.map((d) => [d.id, d.n])))
    const grids = await layer('grids')
    expect(grids.length).toBe(await count(sql`SELECT count(*) AS n FROM grids`))
    expect(grids.every((g) => g.properties.supervisors.length >= 1)).toBe(true)
    expect(grids.reduce((n, g) => n + g.properties.siteCount, 0)).toBe(400)
  })

  it('serves all sites as points, and each filter narrows them exactly as the database says', async () => {
    expect(await layer('sites')).toHaveLength(400)
    const housing = await layer('sites?kind=housing')
    expect(housing.length).toBe(await count(sql`SELECT count(*) AS n FROM sites WHERE kind = 'housing'`))
    expect(housing.every((f) => f.properties.kind === 'housing')).toBe(true)
    const twoStages = await layer('sites?stage=earthworks,completed')
    expect(twoStages.length).toBe(await count(sql`SELECT count(*) AS n FROM sites WHERE stage IN ('earthworks', 'completed')`))
    const keyOnly = await layer('sites?key=true')
    expect(keyOnly.length).toBe(await count(sql`SELECT count(*) AS n FROM key_projects`))
    const gusu = (await layer('districts')).find((d) => d.properties.name === '姑苏区')!
    const inGusu = await layer(`sites?district=${gusu.id}`)
    expect(inGusu.length).toBe(gusu.properties.siteCount)
  })

  it('filters sites by risk grade, 超危大 and camera coverage, as the database says', async () => {
    const red = await layer('sites?grade=red,orange')
    expect(red.length).toBe(await count(sql`SELECT count(*) AS n FROM site_risk WHERE grade IN ('red', 'orange')`))
    expect(red.every((f) => ['red', 'orange'].includes(f.properties.riskGrade))).toBe(true)
    const beyond = await layer('sites?beyondScale=true')
    const without = await layer('sites?beyondScale=false')
    expect(beyond.length + without.length).toBe(400)
    expect(beyond.length).toBe(await count(sql`SELECT count(DISTINCT site_id) AS n FROM dangerous_works WHERE beyond_scale AND status <> 'completed'`))
    const poorlyCovered = await layer('sites?coverageBelow=0.5')
    expect(poorlyCovered.length).toBe(await count(sql`SELECT count(*) AS n FROM site_coverage WHERE cameras = 0 OR coverage_ratio < 0.5`))
    expect(poorlyCovered.every((f) => f.properties.coverageRatio === null || f.properties.coverageRatio < 0.5)).toBe(true)
  })

  it('filters sites by bounding box', async () => {
    const bbox = [120.55, 31.25, 120.7, 31.35]
    const inside = await layer(`sites?bbox=${bbox.join(',')}`)
    expect(inside.length).toBeGreaterThan(0)
    expect(inside.length).toBeLessThan(400)
    for (const f of inside) {
      const [lon, lat] = f.geometry.coordinates
      expect(lon >= bbox[0] && lon <= bbox[2] && lat >= bbox[1] && lat <= bbox[3]).toBe(true)
    }
  })

  it('sends the same layer gzipped to a client that takes gzip', async () => {
    const plain = await (await api.request('/api/layers/sites?bbox=120.55,31.25,120.7,31.35')).text()
    const res = await api.request('/api/layers/sites?bbox=120.55,31.25,120.7,31.35', { headers: { 'accept-encoding': 'gzip, br' } })
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
    const body = new Uint8Array(await res.arrayBuffer())
    expect(body.length).toBeLessThan(plain.length / 3)
    expect(JSON.parse(gunzipSync(body).toString('utf8'))).toEqual(JSON.parse(plain))
  })

  it('searches sites by name or code, treating wildcards literally', async () => {
    const { rows } = await sql<{ code: string; name: string }>`SELECT code, name FROM sites ORDER BY id LIMIT 1`.execute(database.db)
    const byCode = await layer(`sites?q=${encodeURIComponent(rows[0].code)}`)
    expect(byCode.map((f) => f.properties.code)).toEqual([rows[0].code])
    const byName = await layer(`sites?q=${encodeURIComponent(rows[0].name.slice(0, 4))}`)
    expect(byName.some((f) => f.properties.name === rows[0].name)).toBe(true)
    expect(await layer('sites?q=%25')).toHaveLength(0)
  })

  it('serves the key projects with their measures, the key areas, the demo zone and the cameras', async () => {
    const keyProjects = await layer('key-projects')
    expect(keyProjects.length).toBe(await count(sql`SELECT count(*) AS n FROM key_projects`))
    for (const k of keyProjects) {
      const done = ['enclosureDoneOn', 'dustNetDoneOn', 'sprayingDoneOn'].filter((m) => k.properties[m] !== null).length
      expect(k.properties.measuresDone).toBe(done)
    }
    expect((await layer('key-areas')).length).toBeGreaterThanOrEqual(10)
    const zone = await layer('demo-zone')
    expect(zone).toHaveLength(1)
    expect(zone[0].properties.areaKm2).toBeGreaterThan(5)
    const cameras = await layer('cameras')
    expect(cameras.length).toBe(await count(sql`SELECT count(*) AS n FROM cameras`))
    expect(cameras.some((c) => c.properties.online === false)).toBe(true)
  })
})

describe('site detail', () => {
  it('returns one site with its parties, records and grid', async () => {
    const { rows } = await sql<{ id: number }>`SELECT site_id AS id FROM hazards WHERE status <> 'closed' ORDER BY site_id LIMIT 1`.execute(database.db)
    const res = await api.request(`/api/sites/${rows[0].id}`)
    expect(res.status).toBe(200)
    const site = await res.json()
    expect(site.id).toBe(rows[0].id)
    // The contractor is a link to the registry, under the name the site recorded.
    const contractor = site.parties.find((p: { role: string }) => p.role === 'contractor')
    const { rows: [linked] } = await sql<{ name: string; enterprise_id: number | null }>`SELECT recorded_name AS name, enterprise_id FROM site_parties
      WHERE site_id = ${rows[0].id} AND role = 'contractor'`.execute(database.db)
    expect(contractor).toMatchObject({ name: linked.name, enterpriseId: linked.enterprise_id, matched: linked.enterprise_id !== null })
    expect(contractor.name).toMatch(/公司$/)
    expect(site.grid.supervisors.length).toBeGreaterThan(0)
    expect(site.openHazards.length).toBeGreaterThan(0)
    expect(site.openHazards[0].ageDays).toBeGreaterThanOrEqual(0)
  })
})

describe('openapi', () => {
  it('documents every route from the same schemas', async () => {
    const doc = await (await api.request('/api/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/health', '/api/layers/sites', '/api/sites/{id}']))
    expect(doc.paths['/api/layers/sites'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['bbox', 'kind', 'q']))
  })
})
