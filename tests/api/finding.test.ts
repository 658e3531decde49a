import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withLocalSettings } from '../../db/transaction.ts'
import { CITY_SCOPE } from '../../server/domain/roles.ts'
import { expectedNgramMatches, searchSites } from '../../server/features/sites/site-search.repo.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/* What the map's search box, site panel, grid panel and demonstration-zone panel read. */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let api: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(400)
  app = createTestApp(database)
  api = await signIn(app, database.demo('city_command'))
})
afterAll(() => database?.dispose())

const get = async (path: string, status = 200) => {
  const res = await api.request(path)
  expect(res.status).toBe(status)
  return res.json()
}
const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]

describe('site search', () => {
  it('puts the exact code first, then names that start with the text', async () => {
    const site = await one(sql<{ id: number; code: string; name: string }>`SELECT id, code, name FROM sites ORDER BY id DESC LIMIT 1`)
    const hits = await get(`/api/sites/search?q=${encodeURIComponent(site.code.toLowerCase())}`)
    expect(hits[0]).toMatchObject({ id: site.id, code: site.code, name: site.name })
    expect(hits[0].location).toHaveLength(2)
    const prefix = site.name.slice(0, 2)
    const byName = await get(`/api/sites/search?q=${encodeURIComponent(prefix)}&limit=50`)
    const starts = byName.map((h: { name: string }) => h.name.startsWith(prefix))
    expect(starts[0]).toBe(true)
    expect(starts.indexOf(false) === -1 || starts.slice(starts.indexOf(false)).every((s: boolean) => !s)).toBe(true)
  })

  it('caps the results, treats wildcards literally and rejects an empty query', async () => {
    expect(await get('/api/sites/search?q=%E9%A1%B9%E7%9B%AE&limit=3')).toHaveLength(3)
    expect(await get('/api/sites/search?q=%25%25')).toEqual([])
    expect((await get('/api/sites/search?q=%20', 400)).error.code).toBe('invalid_request')
    expect((await get('/api/sites/search?q=a&limit=500', 400)).error.code).toBe('invalid_request')
  })

  // One and two characters go through the n-gram index (migration 0022), longer texts the trigram indexes: the same
  // sites, in the same order, as a plain case-insensitive substring test over name and code would give.
  const bySubstring = async (q: string, limit: number) => (await sql<{ id: number }>`
    SELECT id FROM sites WHERE position(lower(${q}) in lower(name)) > 0 OR position(lower(${q}) in lower(code)) > 0
    ORDER BY (upper(code) = upper(${q}))::int DESC,
      (position(lower(${q}) in lower(name)) = 1 OR position(lower(${q}) in lower(code)) = 1)::int DESC, name, id
    LIMIT ${limit}`.execute(database.db)).rows.map((r) => r.id)
  const searched = async (q: string, limit: number) =>
    (await get(`/api/sites/search?q=${encodeURIComponent(q)}&limit=${limit}`)).map((h: { id: number }) => h.id)

  const searchTexts = async () => {
    const { name, code } = await one(sql<{ name: string; code: string }>`SELECT name, code FROM sites WHERE name LIKE '%锦园%' ORDER BY id LIMIT 1`)
    const chars = [...name]
    return {
      // 锦园 is a seeded estate name, 园 a common character; 'a' matches （A地块） only case-insensitively; codes are digits.
      short: ['锦园', '园', chars[0], chars.slice(-2).join(''), chars.slice(2, 4).join(''), 'a', code.slice(-2), code.slice(4, 5), '%', '_1', '无无'],
      // Three characters and more, through the trigrams: 'a地块' only case-insensitively, digits inside codes, a name's own pieces.
      long: ['a地块', code.slice(3, 6), chars.slice(0, 3).join(''), chars.slice(-3).join(''), '锦园无'],
    }
  }

  it('finds sites by any part of the name or code, exactly as a substring test does', async () => {
    let found = 0
    const { short, long } = await searchTexts()
    for (const q of [...short, ...long]) {
      for (const limit of [3, 50]) {
        const expected = await bySubstring(q, limit)
        expect(await searched(q, limit), `q=${q} limit=${limit}`).toEqual(expected)
        found += expected.length
      }
    }
    expect(found).toBeGreaterThan(100)
  })

  // A short text with more n-gram matches than the cap walks the name order instead of sorting them (site-search.repo.ts).
  // The city's texts are all under the real cap, so a cap of 2 sends the common ones that way.
  it('gives the same sites in the same order when a short text has more matches than it sorts itself', async () => {
    let walked = 0
    for (const q of (await searchTexts()).short) {
      const expected = await bySubstring(q, 20)
      expect((await searchSites(database.db, CITY_SCOPE, q, 20, 2)).map((h) => h.id), `q=${q}`).toEqual(expected)
      if (expected.length > 2) walked++
    }
    expect(walked).toBeGreaterThan(3)
  })

  // A text the column's statistics list with at least `cap` matches goes to the walk without reading them first.
  it('takes the statistics\' word for a common text, and still gives the same sites in the same order', async () => {
    await sql`ANALYZE sites`.execute(database.db)
    const expected = async (q: string) => Number((await one(sql<{ n: number }>`SELECT ${expectedNgramMatches(q)} AS n`)).n)
    const matches = async (q: string) => (await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM sites WHERE search_ngrams @> ARRAY[lower(${q})]`)).n
    const common = '园'
    const [estimate, actual] = [await expected(common), await matches(common)]
    expect(actual).toBeGreaterThan(20)
    expect(estimate).toBeGreaterThan(actual / 2)
    expect(estimate).toBeLessThan(actual * 2)
    expect(await expected('鳌鼋')).toBe(0)
    // Under the estimate, the walk; over the actual count, the capped read and sort: both the substring test's order.
    for (const cap of [Math.floor(estimate / 2), actual + 1]) {
      expect((await searchSites(database.db, CITY_SCOPE, common, 20, cap)).map((h) => h.id), `cap=${cap}`).toEqual(await bySubstring(common, 20))
    }
  })

  it('keeps the n-grams of a renamed site current', async () => {
    const site = await one(sql<{ id: number }>`SELECT id FROM sites ORDER BY id LIMIT 1`)
    expect(await searched('鳌鼋', 10)).toEqual([])
    await sql`UPDATE sites SET name = name || '鳌鼋' WHERE id = ${site.id}`.execute(database.db)
    expect(await searched('鳌鼋', 10)).toEqual([site.id])
    expect(await searched('鼋', 10)).toEqual([site.id])
    await sql`UPDATE sites SET name = left(name, -2) WHERE id = ${site.id}`.execute(database.db)
    expect(await searched('鼋', 10)).toEqual([])
  })

  it('puts a two-character code that is the text itself first', async () => {
    const { id, code } = await one(sql<{ id: number; code: string }>`SELECT id, code FROM sites ORDER BY name DESC, id DESC LIMIT 1`)
    await sql`UPDATE sites SET code = 'Q7' WHERE id = ${id}`.execute(database.db)
    try {
      for (const q of ['q7', 'Q', '7']) expect(await searched(q, 5), q).toEqual(await bySubstring(q, 5))
      expect((await searched('q7', 5))[0]).toBe(id)
    } finally {
      await sql`UPDATE sites SET code = ${code} WHERE id = ${id}`.execute(database.db)
    }
  })

  // A text as long as the longest code is matched by equality (0025); a longer code containing it must still be found.
  it('finds a whole code, and any longer code that contains it, as a substring test does', async () => {
    const [a, b] = (await sql<{ id: number; code: string }>`SELECT id, code FROM sites ORDER BY id LIMIT 2`.execute(database.db)).rows
    const whole = a.code.toLowerCase()
    expect(await searched(whole, 10)).toEqual(await bySubstring(whole, 10))
    expect((await searched(whole, 10))[0]).toBe(a.id)
    expect(await searched(`${a.code}9`, 10)).toEqual([])
    await sql`UPDATE sites SET code = ${`Z${a.code}`} WHERE id = ${b.id}`.execute(database.db)
    try {
      const hits = await searched(whole, 10)
      expect(hits).toEqual(await bySubstring(whole, 10))
      expect(hits.slice(0, 2)).toEqual([a.id, b.id])
    } finally {
      await sql`UPDATE sites SET code = ${b.code} WHERE id = ${b.id}`.execute(database.db)
    }
  })

  it('cuts a name and code into their lower-cased one- and two-character pieces', async () => {
    const grams = async (name: string | null, code: string | null) =>
      (await one(sql<{ g: string[] }>`SELECT site_search_ngrams(${name}, ${code}) AS g`)).g.sort()
    expect(await grams('锦园A', 'X-1')).toEqual(['-', '-1', '1', 'a', 'x', 'x-', '园', '园a', '锦', '锦园'].sort())
    expect(await grams('园园园', '')).toEqual(['园', '园园'])
    expect(await grams('', null)).toEqual([])
  })

  // The search plans every statement for its own text (site-search.repo.ts): the setting must hold inside its
  // transaction and lapse after it, or every later request on that pooled connection would plan afresh too.
  it('holds a setting for its own transaction only', async () => {
    // One pinned connection, so that the check after the transaction asks the connection that ran it.
    await database.db.connection().execute(async (connection) => {
      const mode = async (db: typeof connection) => (await sql<{ m: string }>`SELECT current_setting('plan_cache_mode') AS m`.execute(db)).rows[0].m
      const before = await mode(connection)
      expect(before).not.toBe('force_custom_plan')
      expect(await withLocalSettings(connection, { plan_cache_mode: 'force_custom_plan' }, mode)).toBe('force_custom_plan')
      expect(await mode(connection)).toBe(before)
      // Inside a caller's transaction the setting is put back for the rest of it.
      await connection.transaction().execute(async (trx) => {
        expect(await withLocalSettings(trx, { plan_cache_mode: 'force_custom_plan' }, mode)).toBe('force_custom_plan')
        expect(await mode(trx)).toBe(before)
      })
    })
  })

})

describe('PM10 series', () => {
  // The seeded history ends at TEST_NOW, which falls behind the calendar; a live monitor has reported within the hour.
  const reportedAnHourAgo = (monitor: 'site_id' | 'station_id', id: number) => database.db.insertInto('pm10_readings')
    .values({ [monitor]: id, measured_at: sql<Date>`now() - interval '1 hour'`, pm10: 64 }).execute()

  it('shows a key project its own monitor, hour by hour in Beijing time', async () => {
    await reportedAnHourAgo('site_id', (await one(sql<{ id: number }>`SELECT site_id AS id FROM key_projects ORDER BY rank LIMIT 1`)).id)
    const key = await one(sql<{ id: number; n: number }>`SELECT k.site_id AS id, (SELECT count(*) FROM pm10_readings p
      WHERE p.site_id = k.site_id AND p.measured_at >= now() - interval '24 hours') AS n FROM key_projects k ORDER BY k.rank LIMIT 1`)
    const series = await get(`/api/sites/${key.id}/pm10?hours=24`)
    expect(series).toMatchObject({ source: 'site', stationName: null, limitUgM3: 150 })
    expect(series.readings.length).toBe(Number(key.n))
    expect(series.readings[0].at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
  })

  it('shows any other site the nearest station, named, with its distance', async () => {
    const site = await one(sql<{ id: number; station: string; stationId: number }>`SELECT s.id, a.name AS station, a.id AS "stationId"
      FROM sites s CROSS JOIN LATERAL (SELECT a.id, a.name FROM aq_stations a ORDER BY a.location <-> s.location LIMIT 1) a
      WHERE NOT EXISTS (SELECT 1 FROM pm10_readings p WHERE p.site_id = s.id) ORDER BY s.id LIMIT 1`)
    await reportedAnHourAgo('station_id', site.stationId)
    const series = await get(`/api/sites/${site.id}/pm10`)
    expect(series.source).toBe('station')
    expect(series.stationName).toBe(site.station)
    expect(series.distanceM).toBeGreaterThanOrEqual(0)
    expect(series.readings.length).toBeGreaterThan(0)
  })

  it('is 404 for an unknown site and 400 for a silly window', async () => {
    expect((await get('/api/sites/999999/pm10', 404)).error.code).toBe('not_found')
    expect((await get('/api/sites/1/pm10?hours=0', 400)).error.code).toBe('invalid_request')
  })
})

describe('site footprints', () => {
  it('serves the footprint polygons inside a small bbox, with the same filters as the points', async () => {
    const { lon, lat } = await one(sql<{ lon: number; lat: number }>`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM sites WHERE footprint IS NOT NULL ORDER BY id LIMIT 1`)
    const bbox = [lon - 0.04, lat - 0.04, lon + 0.04, lat + 0.04].join(',')
    const all = await get(`/api/layers/site-footprints?bbox=${bbox}`)
    const expected = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM sites WHERE footprint && ST_MakeEnvelope(${lon - 0.04}, ${lat - 0.04}, ${lon + 0.04}, ${lat + 0.04}, 4326)`)
    expect(all.features.length).toBe(expected.n)
    expect(all.features.every((f: { geometry: { type: string } }) => f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon')).toBe(true)
    const housing = await get(`/api/layers/site-footprints?bbox=${bbox}&kind=housing`)
    expect(housing.features.every((f: { properties: { kind: string } }) => f.properties.kind === 'housing')).toBe(true)
  })

  it('refuses a bbox larger than street zoom needs', async () => {
    expect((await get('/api/layers/site-footprints?bbox=120,31,121,32', 400)).error.code).toBe('invalid_request')
    expect((await get('/api/layers/site-footprints', 400)).error.code).toBe('invalid_request')
  })
})

describe('grid and demonstration-zone summaries', () => {
  it('sums up a grid exactly as its sites say, riskiest site first', async () => {
    const grid = await one(sql<{ id: number; code: string; n: number; open: number; uncovered: number }>`
      SELECT g.id, g.code, count(s.id)::int AS n,
        (SELECT count(*)::int FROM hazards h JOIN sites hs ON hs.id = h.site_id WHERE hs.grid_id = g.id AND h.status <> 'closed') AS open,
        count(s.id) FILTER (WHERE coalesce(cv.cameras, 0) = 0)::int AS uncovered
      FROM grids g JOIN sites s ON s.grid_id = g.id LEFT JOIN site_coverage cv ON cv.site_id = s.id
      GROUP BY g.id ORDER BY count(s.id) DESC, g.id LIMIT 1`)
    const summary = await get(`/api/grids/${grid.id}`)
    expect(summary).toMatchObject({ id: grid.id, code: grid.code, siteCount: grid.n, openHazards: grid.open, sitesWithoutCamera: grid.uncovered })
    expect(summary.supervisors.length).toBeGreaterThan(0)
    expect(Object.values(summary.byKind as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(grid.n)
    expect(summary.sites).toHaveLength(grid.n)
    const scores = summary.sites.map((s: { riskScore: number }) => s.riskScore)
    expect(scores).toEqual([...scores].sort((a, b) => b - a))
  })

  it('sums up the demonstration zone over the sites inside its outline', async () => {
    const zone = await one(sql<{ id: number; n: number }>`SELECT z.id, (SELECT count(*)::int FROM sites s WHERE ST_Covers(z.geom, s.location)) AS n FROM demo_zones z LIMIT 1`)
    const summary = await get(`/api/demo-zones/${zone.id}`)
    expect(summary.siteCount).toBe(zone.n)
    expect(summary.name).toMatch(/示范/)
    expect(summary.areaKm2).toBeGreaterThan(5)
  })

  it('is 404 for an unknown grid or zone', async () => {
    expect((await get('/api/grids/999999', 404)).error.code).toBe('not_found')
    expect((await get('/api/demo-zones/999999', 404)).error.code).toBe('not_found')
  })
})
