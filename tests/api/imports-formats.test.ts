import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { FeatureCollection, MultiPolygon, Point } from 'geojson'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, GEODATA_DIR, type SeededDatabase } from '../support/database.ts'
import { csvFile, pointShapefile, postImport } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Real-shaped files in each format, encoding and coordinate system, checked against independent truth: the
 * city's real district boundaries and metro stations as published in GCJ-02 beside their WGS-84 conversion
 * (done outside this project), and PostGIS's own EPSG:4549 projection.
 */

let database: SeededDatabase
let admin: ApiSession
const geo = <T>(file: string) => JSON.parse(readFileSync(path.join(GEODATA_DIR, file), 'utf8')) as T

beforeAll(async () => {
  database = await createSeededDatabase(150)
  admin = await signIn(createTestApp(database), database.demo('admin'))
})
afterAll(() => database?.dispose())

async function ok(res: Response) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body).slice(0, 600)).toBe(200)
  return body
}
const metres = async (a: [number, number], b: [number, number]) => Number((await sql<{ d: number }>`
  SELECT ST_Distance(ST_MakePoint(${a[0]}, ${a[1]})::geography, ST_MakePoint(${b[0]}, ${b[1]})::geography) AS d`.execute(database.db)).rows[0].d)

describe('coordinate systems', () => {
  it('converts a GCJ-02 CSV (AMap metro stations, GBK) to WGS-84 within 2 m of the published conversion', async () => {
    const gcj = geo<FeatureCollection<Point>>('suzhou_metro_stations_amap_gcj02.geojson').features.slice(0, 40)
    const wgs = new Map(geo<FeatureCollection<Point>>('suzhou_metro_stations_amap_wgs84.geojson').features.map((f) => [f.properties?.station_id, f.geometry.coordinates]))
    const rows = gcj.map((f, i) => ({ 类型: '学校', 名称: `${f.properties?.name_zh}站旁学校${i}`, '经度(高德)': f.geometry.coordinates[0], '纬度(高德)': f.geometry.coordinates[1] }))
    const body = await ok(await postImport(admin, 'receptors', csvFile(rows, 'gbk'), { mode: 'commit' }))
    expect(body).toMatchObject({ encoding: 'gb18030', crs: { used: 'gcj02', guessed: { crs: 'gcj02', certain: true } }, totals: { create: 40, reject: 0 } })
    for (const [i, feature] of gcj.entries()) {
      const stored = await database.db.selectFrom('sensitive_receptors').select([sql<number>`ST_X(location)`.as('lon'), sql<number>`ST_Y(location)`.as('lat')])
        .where('name', '=', rows[i].名称).executeTakeFirstOrThrow()
      const published = wgs.get(feature.properties?.station_id) as [number, number]
      expect(await metres([stored.lon, stored.lat], published)).toBeLessThan(2)
      expect(await metres([stored.lon, stored.lat], feature.geometry.coordinates as [number, number])).toBeGreaterThan(300)
    }
  })

  it('places Suzhou railway station from its AMap coordinate where SOURCES.md puts it in WGS-84', async () => {
    const rows = [{ 类型: '医院', 名称: '火车站旁医院', gcj_lng: 120.610463, gcj_lat: 31.330882 }]
    await ok(await postImport(admin, 'receptors', csvFile(rows), { mode: 'commit' }))
    const stored = await database.db.selectFrom('sensitive_receptors').select([sql<number>`ST_X(location)`.as('lon'), sql<number>`ST_Y(location)`.as('lat')])
      .where('name', '=', '火车站旁医院').executeTakeFirstOrThrow()
    expect(await metres([stored.lon, stored.lat], [120.6063, 31.3331])).toBeLessThan(15)
  })

  it('reads CGCS2000 Gauss-Krüger (EPSG:4549) eastings and northings to the positions PostGIS projects them from', async () => {
    const truth: [number, number][] = [[120.585, 31.299], [120.75, 31.35], [120.95, 31.38]]
    const { rows: projected } = await sql<{ x: number; y: number }>`
      SELECT ST_X(p) AS x, ST_Y(p) AS y FROM (SELECT ST_Transform(ST_SetSRID(ST_MakePoint((v->>0)::float8, (v->>1)::float8), 4326), 4549) AS p
      FROM jsonb_array_elements(${JSON.stringify(truth)}::text::jsonb) v) t`.execute(database.db)
    const rows = projected.map((p, i) => ({ 类型: '养老院', 名称: `投影坐标养老院${i}`, X: p.x.toFixed(3), Y: p.y.toFixed(3) }))
    const body = await ok(await postImport(admin, 'receptors', csvFile(rows), { mode: 'commit' }))
    expect(body.crs.guessed).toMatchObject({ crs: 'cgcs2000_gk120' })
    for (const [i, row] of rows.entries()) {
      const stored = await database.db.selectFrom('sensitive_receptors').select([sql<number>`ST_X(location)`.as('lon'), sql<number>`ST_Y(location)`.as('lat')])
        .where('name', '=', row.名称).executeTakeFirstOrThrow()
      expect(await metres([stored.lon, stored.lat], truth[i])).toBeLessThan(0.05)
    }
  })

  it('replaces the real district boundaries from the GCJ-02 DataV file, matching their WGS-84 conversion', async () => {
    const file = readFileSync(path.join(GEODATA_DIR, 'suzhou_districts_datav2020_gcj02.geojson'))
    const upload = new File([file], 'suzhou_districts_datav2020_gcj02.geojson')
    const preview = await ok(await postImport(admin, 'districts', upload))
    expect(preview).toMatchObject({ crs: { used: 'gcj02' }, totals: { rows: 10, update: 10, reject: 0 } })
    await ok(await postImport(admin, 'districts', upload, { mode: 'commit' }))
    const published = geo<FeatureCollection<MultiPolygon>>('suzhou_districts_datav2020_wgs84.geojson')
    for (const feature of published.features) {
      const { rows } = await sql<{ converted: number; raw: number }>`
        SELECT ST_HausdorffDistance(d.geom, ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(feature.geometry)}), 4326)) AS converted,
               ST_HausdorffDistance(ST_Translate(d.geom, 0.0042, -0.0022), d.geom) AS raw
        FROM districts d WHERE d.adcode = ${feature.properties?.adcode}`.execute(database.db)
      expect(rows[0].converted).toBeLessThan(0.00005)
      expect(rows[0].raw).toBeGreaterThan(0.004)
    }
  })
})

describe('shapefiles', () => {
  const schools = [
    { lon: 120.6281, lat: 31.3082, props: { KIND: '学校', NAME: '苏州市第一中学校' } },
    { lon: 120.7301, lat: 31.2688, props: { KIND: '幼儿园', NAME: '园区星海幼儿园' } },
  ]
  const stored = (name: string) => database.db.selectFrom('sensitive_receptors').select(['kind', 'name', sql<number>`ST_X(location)`.as('lon')]).where('name', '=', name).executeTakeFirst()

  it('reads a GBK attribute table named by its .cpg (936)', async () => {
    const body = await ok(await postImport(admin, 'receptors', pointShapefile(schools, { encoding: 'gbk', cpg: '936' }), { mode: 'commit' }))
    expect(body).toMatchObject({ format: 'shapefile', encoding: 'gb18030', totals: { create: 2, reject: 0 } })
    expect(await stored('苏州市第一中学校')).toMatchObject({ kind: 'school' })
    expect((await stored('园区星海幼儿园'))?.lon).toBeCloseTo(120.7301, 6)
  })

  it('detects GBK or UTF-8 without a .cpg, and reads UTF-8 with one', async () => {
    const gbk = await ok(await postImport(admin, 'receptors', pointShapefile([{ ...schools[0], props: { KIND: '医院', NAME: '苏州大学附属第一医院' } }], { encoding: 'gbk' })))
    expect(gbk).toMatchObject({ encoding: 'gb18030', totals: { create: 1, reject: 0 } })
    const utf8 = await ok(await postImport(admin, 'receptors', pointShapefile([{ ...schools[0], props: { KIND: '养老院', NAME: '姑苏区社会福利院' } }], { encoding: 'utf-8', cpg: 'UTF-8' }), { mode: 'commit' }))
    expect(utf8.totals).toMatchObject({ create: 1 })
    expect(await stored('姑苏区社会福利院')).toMatchObject({ kind: 'elderly_home' })
    const bare = await ok(await postImport(admin, 'receptors', pointShapefile([{ ...schools[0], props: { KIND: '学校', NAME: '无编码页说明的学校' } }], { encoding: 'utf-8' }), { mode: 'commit' }))
    expect(bare).toMatchObject({ encoding: 'utf-8', totals: { create: 1 } })
    expect(await stored('无编码页说明的学校')).toMatchObject({ kind: 'school' })
  })

  it('projects through the .prj when the layer is in CGCS2000 Gauss-Krüger', async () => {
    const prj = 'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]'
    const { rows } = await sql<{ x: number; y: number }>`SELECT ST_X(p) AS x, ST_Y(p) AS y FROM ST_Transform(ST_SetSRID(ST_MakePoint(120.6281, 31.3082), 4326), 4549) p`.execute(database.db)
    const file = pointShapefile([{ lon: rows[0].x, lat: rows[0].y, props: { KIND: 'school', NAME: 'GK projected school' } }], { encoding: 'utf-8', prj })
    const body = await ok(await postImport(admin, 'receptors', file, { mode: 'commit' }))
    expect(body).toMatchObject({ crs: { used: 'cgcs2000', guessed: { reason: '.prj' } }, totals: { create: 1 } })
    expect((await stored('GK projected school'))?.lon).toBeCloseTo(120.6281, 5)
  })
})

describe('exchange', () => {
  it('re-imports the portal’s own layer exports as updates, with nothing rejected', async () => {
    for (const [layer, entity, format] of [['cameras', 'cameras', 'csv'], ['grids', 'grids', 'geojson'], ['receptors', 'receptors', 'csv']] as const) {
      const exported = await admin.request(`/api/exports/layers/${layer}?format=${format}`)
      expect(exported.status).toBe(200)
      const file = new File([await exported.arrayBuffer()], `${layer}.${format}`)
      const body = await ok(await postImport(admin, entity, file))
      expect(body.crs.used, layer).toBe('wgs84')
      expect(body.totals, layer).toMatchObject({ reject: 0, create: 0 })
      expect(body.totals.update + body.totals.skip, layer).toBe(body.totals.rows)
    }
  })
})

describe('progress', () => {
  it('streams progress lines, then the report, as NDJSON', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ 类型: '学校', 名称: `流式学校${i}`, lon: 120.5 + (i % 100) / 1000, lat: 31.25 + Math.floor(i / 100) / 1000 }))
    const res = await postImport(admin, 'receptors', csvFile(rows), { mode: 'commit' }, 'application/x-ndjson')
    expect(res.headers.get('content-type')).toMatch(/application\/x-ndjson/)
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l))
    const progress = lines.filter((l) => l.type === 'progress')
    expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['read', 'check', 'write']))
    expect(progress.filter((p) => p.phase === 'write').map((p) => p.done)).toEqual([5_000, 10_000, 12_000])
    expect(lines.at(-1)).toMatchObject({ type: 'report', report: { committed: true, totals: { create: 12_000 } } })
  })
})
