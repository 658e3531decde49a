import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type Listening, listenOn } from '../support/listen.ts'
import { basic, featureIds, idsWhere, linkOf, ogcClient } from '../support/ogc.ts'
import { TEST_PASSWORD } from '../support/session.ts'

/*
 * CQL2 filters (OGC API – Features Part 3) run in SQL: each filter's features compared with the same condition
 * written by hand in SQL, in text and in JSON, and through GDAL's -where.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let ogc: ReturnType<typeof ogcClient>
const ids = (query: ReturnType<typeof sql>) => idsWhere(database.db, query)
const filtered = async (collection: string, filter: string, extra = '') =>
  featureIds(await ogc.pageThrough(`/api/ogc/collections/${collection}/items?limit=5000&filter=${encodeURIComponent(filter)}${extra}`))

beforeAll(async () => {
  database = await createSeededDatabase(400)
  app = createTestApp(database)
  ogc = ogcClient(app, basic(database.demo('admin')))
})
afterAll(() => database?.dispose())

const SITES = sql`sites x LEFT JOIN site_risk r ON r.site_id = x.id LEFT JOIN grids g ON g.id = x.grid_id`

describe('CQL2 filters compared with SQL', () => {
  it.each<[string, string, ReturnType<typeof sql>]>([
    ['sites', "riskGrade = 'red'", sql`SELECT x.id FROM ${SITES} WHERE r.grade = 'red' ORDER BY x.id`],
    ['sites', "kind IN ('housing', 'municipal') AND startDate >= DATE('2026-01-01')",
      sql`SELECT x.id FROM sites x WHERE x.kind IN ('housing', 'municipal') AND x.start_date >= '2026-01-01' ORDER BY x.id`],
    ['sites', "name LIKE '%锦园%' OR stage <> 'main_structure'", sql`SELECT x.id FROM sites x WHERE x.name LIKE '%锦园%' OR x.stage <> 'main_structure' ORDER BY x.id`],
    ['key-projects', 'dustNetDoneOn IS NOT NULL', sql`SELECT id FROM key_projects WHERE dust_net_done_on IS NOT NULL ORDER BY id`],
    ['sites', "NOT (riskGrade IN ('red', 'orange')) AND plannedEndDate BETWEEN DATE('2026-06-01') AND DATE('2027-06-01')",
      sql`SELECT x.id FROM ${SITES} WHERE NOT (r.grade IN ('red', 'orange')) AND x.planned_end_date BETWEEN '2026-06-01' AND '2027-06-01' ORDER BY x.id`],
    ['sites', 'S_INTERSECTS(geometry, POLYGON((120.55 31.25, 120.7 31.25, 120.7 31.35, 120.55 31.25)))',
      sql`SELECT id FROM sites WHERE ST_Intersects(location, ST_GeomFromText('POLYGON((120.55 31.25, 120.7 31.25, 120.7 31.35, 120.55 31.25))', 4326)) ORDER BY id`],
    // Every geometry type a filter may hold (basic spatial functions plus): a line across the grids, points on sites.
    ['grids', 'S_INTERSECTS(geometry, LINESTRING(120.3 31.1, 120.9 31.5))',
      sql`SELECT id FROM grids WHERE ST_Intersects(geom, ST_GeomFromText('LINESTRING(120.3 31.1, 120.9 31.5)', 4326)) ORDER BY id`],
    ['grids', 'S_INTERSECTS(geometry, MULTIPOINT((120.62 31.31), (120.75 31.28)))',
      sql`SELECT id FROM grids WHERE ST_Intersects(geom, ST_GeomFromText('MULTIPOINT(120.62 31.31, 120.75 31.28)', 4326)) ORDER BY id`],
    ['grids', 'S_INTERSECTS(geometry, MULTILINESTRING((120.3 31.1, 120.9 31.5), (120.5 31.6, 120.8 31.2)))',
      sql`SELECT id FROM grids WHERE ST_Intersects(geom, ST_GeomFromText('MULTILINESTRING((120.3 31.1, 120.9 31.5), (120.5 31.6, 120.8 31.2))', 4326)) ORDER BY id`],
    ['grids', 'S_INTERSECTS(geometry, MULTIPOLYGON(((120.55 31.25, 120.7 31.25, 120.7 31.35, 120.55 31.25)), ((120.9 31.3, 121 31.3, 121 31.4, 120.9 31.3))))',
      sql`SELECT id FROM grids WHERE ST_Intersects(geom, ST_GeomFromText('MULTIPOLYGON(((120.55 31.25, 120.7 31.25, 120.7 31.35, 120.55 31.25)), ((120.9 31.3, 121 31.3, 121 31.4, 120.9 31.3)))', 4326)) ORDER BY id`],
    ['sites', "S_INTERSECTS(geometry, BBOX(120.55, 31.25, 120.7, 31.35)) AND T_AFTER(startDate, DATE('2026-03-01'))",
      sql`SELECT id FROM sites WHERE location && ST_MakeEnvelope(120.55, 31.25, 120.7, 31.35, 4326) AND start_date > '2026-03-01' ORDER BY id`],
    ['sites', "T_DURING(plannedEndDate, INTERVAL('2027-01-01', '..'))", sql`SELECT id FROM sites WHERE planned_end_date > '2027-01-01' ORDER BY id`],
    ['cameras', 'range > 100 AND online = FALSE', sql`SELECT id FROM cameras WHERE range_m > 100 AND NOT online ORDER BY id`],
    ['key-projects', 'rank <= 20 AND enclosureDoneOn IS NULL', sql`SELECT id FROM key_projects WHERE rank <= 20 AND enclosure_done_on IS NULL ORDER BY id`],
    ['receptors', "kind = 'school'", sql`SELECT id FROM sensitive_receptors WHERE kind = 'school' ORDER BY id`],
  ])('%s: %s', async (collection, filter, expected) => {
    const want = await ids(expected)
    expect(want.length).toBeGreaterThan(0)
    expect(await filtered(collection, filter)).toEqual(want)
  })

  it('the same filter in CQL2-JSON finds the same, and a next link keeps the filter', async () => {
    const text = "riskGrade = 'yellow' AND T_BEFORE(startDate, DATE('2026-06-01'))"
    const json = { op: 'and', args: [{ op: '=', args: [{ property: 'riskGrade' }, 'yellow'] }, { op: 't_before', args: [{ property: 'startDate' }, { date: '2026-06-01' }] }] }
    const byText = await filtered('sites', text)
    expect(byText.length).toBeGreaterThan(5)
    expect(await filtered('sites', JSON.stringify(json), '&filter-lang=cql2-json')).toEqual(byText)
    const first = await (await ogc.get(`/api/ogc/collections/sites/items?limit=2&filter=${encodeURIComponent(text)}`)).json()
    expect(new URL(linkOf(first.links, 'next')!.href).searchParams.get('filter')).toBe(text)
  })

  it('a geometry in EPSG:4549 (filter-crs, northing first) finds what PostGIS finds in that box', async () => {
    const [c] = (await sql<{ e: number; n: number }>`SELECT round(ST_X(p))::int AS e, round(ST_Y(p))::int AS n FROM (SELECT ST_Transform(location, 4549) AS p FROM sites ORDER BY id LIMIT 1) s`.execute(database.db)).rows
    const [minE, minN, maxE, maxN] = [c.e - 5_000, c.n - 5_000, c.e + 5_000, c.n + 5_000]
    const expected = await ids(sql`SELECT id FROM sites WHERE ST_Intersects(ST_Transform(location, 4549), ST_MakeEnvelope(${minE}, ${minN}, ${maxE}, ${maxN}, 4549)) ORDER BY id`)
    expect(expected.length).toBeGreaterThan(2)
    const filter = `S_INTERSECTS(geometry, BBOX(${minN}, ${minE}, ${maxN}, ${maxE}))`
    expect(await filtered('sites', filter, `&filter-crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4549')}`)).toEqual(expected)
  })

  it('text in a filter is only ever a value: a quote cannot reach the SQL', async () => {
    expect(await filtered('sites', "code = 'x''; DROP TABLE sites; --'")).toEqual([])
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`.execute(database.db)).rows[0].n).toBe(400)
  })

  const EPSG_4549 = encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4549')
  it.each<[string, string, string, RegExp, string?]>([
    ['an unknown property', 'sites', 'colour = 1', /no queryable colour/],
    ['text compared with a number', 'key-projects', "rank = 'one'", /compares number with string/],
    ['a date given as text', 'sites', "startDate > '2026-01-01'", /DATE\(/],
    ['a syntax error', 'sites', "riskGrade = 'red' AND", /end of the filter/],
    ['LIKE on a number', 'key-projects', "rank LIKE '1%'", /LIKE matches text/],
    ['a list as a queryable', 'enterprises', "kinds = 'x'", /no queryable kinds/],
    ['malformed JSON', 'sites', '{"op":', /JSON/, '&filter-lang=cql2-json'],
    ['a day that does not exist', 'sites', "startDate = DATE('2026-02-30')", /not an RFC 3339 date/],
    ['a year PostgreSQL does not have', 'sites', "startDate > DATE('0000-01-01')", /not an RFC 3339 date/],
    ['a timestamp on a day that does not exist', 'devices', "lastSeenAt > TIMESTAMP('2026-02-30T00:00:00Z')", /not an RFC 3339 timestamp/],
    ['a NUL in text', 'sites', "name = 'a\u0000b'", /NUL/],
    ['a LIKE pattern ending in an escape', 'sites', "name LIKE 'a\\'", /unescaped/],
    ['a BBOX beyond the world', 'sites', 'S_INTERSECTS(geometry, BBOX(0, 0, 1e12, 1))', /outside/],
    ['a point beyond the Gauss-Krüger plane', 'sites', 'S_INTERSECTS(geometry, POINT(0 1e8))', /outside/, `&filter-crs=${EPSG_4549}`],
  ])('%s is a 400 that says why', async (_label, collection, filter, message, extra = '') => {
    const res = await ogc.get(`/api/ogc/collections/${collection}/items?filter=${encodeURIComponent(filter)}${extra}`)
    expect(res.status).toBe(400)
    const { error } = await res.json()
    expect(error.code).toBe('invalid_request')
    expect(error.message).toMatch(message)
  })

  it('a day compared with a time means the whole Beijing day', async () => {
    // Four devices heard around one Beijing day: just before it, at its first and last second, and just after.
    const heard = ['2026-11-20T23:30:00+08:00', '2026-11-21T00:00:00+08:00', '2026-11-21T23:59:59+08:00', '2026-11-22T00:00:00+08:00']
    const four = await ids(sql`SELECT id FROM devices ORDER BY id LIMIT 4`)
    for (const [i, id] of four.entries()) await sql`UPDATE devices SET last_seen_at = ${heard[i]}::timestamptz WHERE id = ${id}`.execute(database.db)
    const device = { day: '2026-11-21', next: '2026-11-22' }
    const onDay = sql`(last_seen_at AT TIME ZONE 'Asia/Shanghai')::date`
    const expect4 = async (filter: string, where: ReturnType<typeof sql>) =>
      expect(await filtered('devices', filter), filter).toEqual(await ids(sql`SELECT id FROM devices WHERE ${where} ORDER BY id`))
    await expect4(`lastSeenAt = DATE('${device.day}')`, sql`${onDay} = ${device.day}::date`)
    await expect4(`T_INTERSECTS(lastSeenAt, DATE('${device.day}'))`, sql`${onDay} = ${device.day}::date`)
    await expect4(`T_AFTER(lastSeenAt, DATE('${device.day}'))`, sql`${onDay} > ${device.day}::date`)
    await expect4(`lastSeenAt <= DATE('${device.day}')`, sql`${onDay} <= ${device.day}::date`)
    await expect4(`T_DURING(lastSeenAt, INTERVAL('..', '${device.next}'))`, sql`${onDay} <= ${device.next}::date`)
    expect(await filtered('devices', `lastSeenAt = DATE('${device.day}')`)).toEqual(four.slice(1, 3))
  })

  it('declares the filter and CQL2 conformance classes', async () => {
    const { conformsTo } = await (await ogc.get('/api/ogc/conformance')).json()
    expect(conformsTo).toEqual(expect.arrayContaining([
      'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter', 'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
      'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text', 'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
    ]))
  })
})

describe('GDAL', () => {
  let listening: Listening
  beforeAll(async () => { listening = await listenOn(app) })
  afterAll(() => { listening?.server.close() })

  it('ogr2ogr -where gets the features the filter selects', async () => {
    const { stdout } = await promisify(execFile)('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', `OAPIF:${listening.base}/api/ogc`, 'sites',
      '-where', "riskGrade = 'red'", '--config', 'GDAL_HTTP_USERPWD', `${database.demo('admin')}:${TEST_PASSWORD}`], { maxBuffer: 64 * 1024 * 1024 })
    const codes = (JSON.parse(stdout) as { features: { properties: { code: string } }[] }).features.map((f) => f.properties.code)
    const expected = (await sql<{ code: string }>`SELECT x.code FROM ${SITES} WHERE r.grade = 'red' ORDER BY x.id`.execute(database.db)).rows.map((r) => r.code)
    expect(expected.length).toBeGreaterThan(0)
    expect(codes).toEqual(expected)
  })
})
