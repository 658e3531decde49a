import ExcelJS from 'exceljs'
import type { Feature, FeatureCollection, Position } from 'geojson'
import { type RawBuilder, sql } from 'kysely'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Every map layer exported as GeoJSON and CSV, read back by JSON.parse and Papa Parse, and checked against the
 * database: as many features as the caller's zone holds, the same geometry in the CSV's WKT or lon/lat as in the
 * GeoJSON (compared by PostGIS), every coordinate in Suzhou, and a district supervisor's file holding only their
 * district. The expected counts are written out here in SQL, not taken from the server's scope code.
 */

type Layer = 'districts' | 'grids' | 'key-areas' | 'key-projects' | 'demo-zone' | 'cameras' | 'receptors'
type Who = 'planner' | 'district_supervisor' | 'grid_supervisor'

let database: SeededDatabase
const sessions = {} as Record<Who, ApiSession>

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  for (const who of ['planner', 'district_supervisor', 'grid_supervisor'] as const) sessions[who] = await signIn(app, database.demo(who))
})
afterAll(() => database?.dispose())

/** The caller's sites as SQL on `sites s`, spelled out independently of server/features/auth/site-scope.ts. */
function sitesOf(who: Who): RawBuilder<boolean> {
  const { userId, districtId } = sessions[who].user
  if (who === 'district_supervisor') return sql<boolean>`s.district_id = ${districtId}`
  if (who === 'grid_supervisor') return sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${userId})`
  return sql<boolean>`true`
}
function gridsOf(who: Who): RawBuilder<boolean> {
  const { userId, districtId } = sessions[who].user
  if (who === 'district_supervisor') return sql<boolean>`g.district_id = ${districtId}`
  if (who === 'grid_supervisor') return sql<boolean>`g.id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${userId})`
  return sql<boolean>`true`
}

const POLYGONS: Layer[] = ['districts', 'grids', 'key-areas', 'demo-zone']
const EXPECTED: Record<Layer, { key: string; count(who: Who): RawBuilder<{ n: number }> }> = {
  districts: { key: '名称', count: () => sql`SELECT count(*)::int AS n FROM districts` },
  grids: { key: '网格编号', count: (who) => sql`SELECT count(*)::int AS n FROM grids g WHERE ${gridsOf(who)}` },
  'key-areas': { key: '名称', count: () => sql`SELECT count(*)::int AS n FROM key_areas` },
  'key-projects': { key: '项目编号', count: (who) => sql`SELECT count(*)::int AS n FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE ${sitesOf(who)}` },
  'demo-zone': { key: '名称', count: () => sql`SELECT count(*)::int AS n FROM demo_zones` },
  cameras: { key: '设备编号', count: (who) => sql`SELECT count(*)::int AS n FROM cameras c JOIN sites s ON s.id = c.site_id WHERE ${sitesOf(who)}` },
  receptors: { key: '名称', count: () => sql`SELECT count(*)::int AS n FROM sensitive_receptors` },
}
const LAYERS = Object.keys(EXPECTED) as Layer[]

async function download(who: Who, layer: Layer, format: 'csv' | 'geojson' | 'xlsx') {
  const res = await sessions[who].request(`/api/exports/layers/${layer}?format=${format}`)
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200)
  return res
}
async function csvOf(who: Who, layer: Layer) {
  const bytes = new Uint8Array(await (await download(who, layer, 'csv')).arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  return parsed
}
const geojsonOf = async (who: Who, layer: Layer): Promise<FeatureCollection> => JSON.parse(await (await download(who, layer, 'geojson')).text())
const countOf = async (layer: Layer, who: Who) => (await EXPECTED[layer].count(who).execute(database.db)).rows[0].n

/** Every position of a Point, Polygon or MultiPolygon, and its rings (none for a point). */
function shape(feature: Feature): { positions: Position[]; rings: Position[][] } {
  const g = feature.geometry
  if (g.type === 'Point') return { positions: [g.coordinates], rings: [] }
  const rings = g.type === 'Polygon' ? g.coordinates : g.type === 'MultiPolygon' ? g.coordinates.flat() : []
  return { positions: rings.flat(), rings }
}
const inSuzhou = ([lon, lat]: Position) => lon > 119.9 && lon < 121.4 && lat > 30.7 && lat < 32.1

/** How many CSV rows carry a different or invalid geometry than the GeoJSON feature in the same place, per PostGIS. */
async function mismatches(csvGeometries: string[], features: Feature[]): Promise<number> {
  const pairs = JSON.stringify(csvGeometries.map((wkt, i) => [wkt, JSON.stringify(features[i].geometry)]))
  const { rows } = await sql<{ bad: number }>`
    SELECT count(*) FILTER (WHERE NOT (ST_IsValid(x.w) AND ST_OrderingEquals(x.w, x.g)))::int AS bad
    FROM json_array_elements(${pairs}::text::json) AS p,
      LATERAL (SELECT ST_GeomFromText(p->>0, 4326) AS w, ST_SetSRID(ST_GeomFromGeoJSON(p->>1), 4326) AS g) AS x`.execute(database.db)
  return rows[0].bad
}

describe('layer exports', () => {
  it.each(LAYERS)('%s: GeoJSON and CSV hold the same features, as many as the database, in Suzhou', async (layer) => {
    const [csv, fc, expected] = await Promise.all([csvOf('planner', layer), geojsonOf('planner', layer), countOf(layer, 'planner')])
    expect(expected).toBeGreaterThan(0)
    expect([fc.type, fc.features.length, csv.data.length]).toEqual(['FeatureCollection', expected, expected])
    const polygon = POLYGONS.includes(layer)
    for (const feature of fc.features) {
      expect(feature.geometry.type).toMatch(polygon ? /^(Multi)?Polygon$/ : /^Point$/)
      const { positions, rings } = shape(feature)
      expect(positions.every(inSuzhou)).toBe(true)
      for (const ring of rings) {
        expect(ring.length).toBeGreaterThanOrEqual(4)
        expect(ring.at(-1)).toEqual(ring[0])
      }
    }
    // The CSV carries the geometry as WKT (polygons) or as longitude and latitude (points); GeoJSON never repeats it.
    expect(csv.meta.fields?.includes('WKT')).toBe(polygon)
    expect(csv.meta.fields?.includes('经度(WGS-84)')).toBe(!polygon)
    expect(Object.keys(fc.features[0].properties ?? {})).not.toContain('wkt')
    const geometries = csv.data.map((r) => (polygon ? r.WKT : `POINT(${r['经度(WGS-84)']} ${r['纬度(WGS-84)']})`))
    expect(await mismatches(geometries, fc.features)).toBe(0)
    expect(csv.data.map((r) => r[EXPECTED[layer].key]).every(Boolean)).toBe(true)
  })

  it('a district supervisor’s grids, cameras and key projects are their district’s only; reference layers are whole', async () => {
    const me = sessions.district_supervisor.user
    const district = (await sql<{ name: string }>`SELECT name FROM districts WHERE id = ${me.districtId}`.execute(database.db)).rows[0].name
    for (const layer of ['grids', 'cameras', 'key-projects'] as const) {
      const [csv, fc, expected] = await Promise.all([csvOf('district_supervisor', layer), geojsonOf('district_supervisor', layer), countOf(layer, 'district_supervisor')])
      expect([fc.features.length, csv.data.length], layer).toEqual([expected, expected])
      expect(expected, layer).toBeLessThan(await countOf(layer, 'planner'))
    }
    const grids = await csvOf('district_supervisor', 'grids')
    expect(new Set(grids.data.map((r) => r['所属区']))).toEqual(new Set([district]))
    const keyProjects = await geojsonOf('district_supervisor', 'key-projects')
    expect(new Set(keyProjects.features.map((f) => f.properties?.district))).toEqual(new Set(keyProjects.features.length ? [district] : []))
    // Every camera belongs to a site of the district (one on the border may stand outside the boundary), where it is.
    const cameras = await geojsonOf('district_supervisor', 'cameras')
    const { rows } = await sql<{ elsewhere: number }>`
      SELECT count(*)::int AS elsewhere FROM json_array_elements(${JSON.stringify(cameras.features.map((f) => ({ code: f.properties?.code, geometry: f.geometry })))}::text::json) AS p
      LEFT JOIN cameras c ON c.code = p->>'code' LEFT JOIN sites s ON s.id = c.site_id
      WHERE s.district_id IS DISTINCT FROM ${me.districtId} OR NOT ST_DWithin(c.location::geography, ST_SetSRID(ST_GeomFromGeoJSON((p->'geometry')::text), 4326)::geography, 1)`.execute(database.db)
    expect(rows[0].elsewhere).toBe(0)
    const districts = await csvOf('district_supervisor', 'districts')
    expect(districts.data.length).toBe(await countOf('districts', 'planner'))
    // Other districts' site counts are left blank rather than shown as 0.
    expect(districts.data.filter((r) => r['项目数'] !== '').map((r) => r['名称'])).toEqual([district])
    expect((await csvOf('district_supervisor', 'receptors')).data.length).toBe(await countOf('receptors', 'planner'))
  })

  it('a grid supervisor exports their own grids and their cameras', async () => {
    const me = sessions.grid_supervisor.user
    const own = await sql<{ code: string }>`SELECT g.code FROM grids g JOIN grid_supervisors gs ON gs.grid_id = g.id WHERE gs.user_id = ${me.userId} ORDER BY g.code`.execute(database.db)
    const grids = await csvOf('grid_supervisor', 'grids')
    expect(grids.data.map((r) => r['网格编号'])).toEqual(own.rows.map((r) => r.code))
    const { name } = (await sql<{ name: string }>`SELECT display_name AS name FROM users WHERE id = ${me.userId}`.execute(database.db)).rows[0]
    for (const row of grids.data) expect(row['网格监督员'].split('、')).toContain(name)
    expect((await geojsonOf('grid_supervisor', 'cameras')).features.length).toBe(await countOf('cameras', 'grid_supervisor'))
  })

  it('XLSX of a polygon layer has the Chinese header and the WKT', async () => {
    const workbook = new ExcelJS.Workbook()
    await workbook.xlsx.load(await (await download('planner', 'districts', 'xlsx')).arrayBuffer())
    const rows: unknown[][] = []
    workbook.worksheets[0].eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
    expect(rows[0]).toEqual(['行政区划代码', '名称', '英文名', '功能区', '面积(km²)', '项目数', 'WKT'])
    expect(rows.length - 1).toBe(await countOf('districts', 'planner'))
    expect(String(rows[1][6])).toMatch(/^MULTIPOLYGON\(\(\(/)
  })

  it('cameras carry heading, field of view and range; receptors their kind in Chinese', async () => {
    const cameras = await csvOf('planner', 'cameras')
    const first = (await sql<{ code: string; heading: number; fov: number; range: number }>`
      SELECT code, heading_deg::float8 AS heading, fov_deg::float8 AS fov, range_m::float8 AS range FROM cameras ORDER BY code LIMIT 1`.execute(database.db)).rows[0]
    expect(cameras.data[0]).toMatchObject({ 设备编号: first.code, '朝向(°)': String(first.heading), '视场角(°)': String(first.fov), '可视距离(m)': String(first.range) })
    expect(new Set(cameras.data.map((r) => r['用途']))).toEqual(new Set(['工地视频', '塔吊监控']))
    const kinds = new Set((await csvOf('planner', 'receptors')).data.map((r) => r['类别']))
    expect([...kinds].every((k) => ['学校', '幼儿园', '医院', '养老院'].includes(k))).toBe(true)
  })

  it('refuses a layer that is not exported', async () => {
    const res = await sessions.planner.request('/api/exports/layers/water?format=csv')
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
  })
})
