import { createHash } from 'node:crypto'
import { gunzipSync } from 'node:zlib'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureDay, catchUpHistory, endOfDay, firstOfMonthBefore } from '../../server/features/history/history.job.ts'
import { dropHistoryBefore } from '../../server/features/history/history.repo.ts'
import { DEFAULT_ANALYTICS } from '../../server/features/risk/risk.service.ts'
import { createDisplayToken } from '../../server/features/display-tokens/display-tokens.repo.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * The kept history on a seeded city whose records end at TEST_NOW (2026-11-24): the nightly capture, its catch-up,
 * and that a kept day's figures are the live ones of that day — proved by freezing the portal's clock at the day's
 * last millisecond and asking both.
 */
const analytics = DEFAULT_ANALYTICS
const DAY = '2026-11-24'
const WEEK = ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23', DAY]
let database: SeededDatabase
let frozen: ReturnType<typeof createTestApp>
let command: ApiSession
let sites: number
let districts: number
let hazardSite: number

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(database.db)).rows[0].n

beforeAll(async () => {
  database = await createSeededDatabase()
  const db = database.db
  sites = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM sites`)
  districts = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`)
  // A hazard found on the 20th and closed on the 22nd: open in the history of the 20th and 21st only.
  hazardSite = (await db.selectFrom('sites').select('id').where('stage', '<>', 'completed').orderBy('id').executeTakeFirstOrThrow()).id
  await sql`INSERT INTO hazards (site_id, severity, category, description, status, found_at, deadline, closed_at)
    VALUES (${hazardSite}, 'major', 'other', '历史回放测试隐患', 'closed', '2026-11-20T09:00:00+08:00', '2026-11-21', '2026-11-22T15:00:00+08:00')`.execute(db)
  // The nightly run after the 24th, on a portal whose history is empty: a week of backfill.
  const first = await catchUpHistory(db, { analytics, now: new Date('2026-11-25T00:05:00+08:00'), backfillDays: 7 })
  expect(first.captured).toEqual(WEEK)
  frozen = createTestApp(database, {}, { clock: () => endOfDay(DAY) })
  command = await signIn(frozen, database.demo('city_command'))
}, 600_000)
afterAll(async () => { await database?.dispose() })

describe('the nightly capture', () => {
  it('keeps every site and the KPIs of the city and each district for each day', async () => {
    const { rows } = await sql<{ day: string; sites: number; kpis: number }>`
      SELECT d.day::text AS day, count(*)::int AS sites, (SELECT count(*)::int FROM kpi_days k WHERE k.day = d.day) AS kpis
      FROM site_days d GROUP BY d.day ORDER BY d.day`.execute(database.db)
    expect(rows).toEqual(WEEK.map((day) => ({ day, sites, kpis: districts + 1 })))
    const res = await command.request('/api/history/days')
    expect(await res.json()).toEqual({ days: WEEK })
  })

  it('is idempotent, and catches up exactly the days a stopped portal missed', async () => {
    const again = await catchUpHistory(database.db, { analytics, now: new Date('2026-11-25T03:00:00+08:00'), backfillDays: 7 })
    expect(again.captured).toEqual([])
    const before = await sql`SELECT * FROM site_days WHERE day = ${DAY}::date ORDER BY site_id`.execute(database.db)
    await captureDay(database.db, { day: DAY, analytics })
    const after = await sql`SELECT * FROM site_days WHERE day = ${DAY}::date ORDER BY site_id`.execute(database.db)
    expect(after.rows).toEqual(before.rows)
    const late = await catchUpHistory(database.db, { analytics, now: new Date('2026-11-27T08:00:00+08:00'), backfillDays: 7 })
    expect(late.captured).toEqual(['2026-11-25', '2026-11-26'])
  })

  it('takes hazards as they stood at each day\'s end, not as they are now', async () => {
    const { rows } = await sql<{ day: string; open: number; major: number }>`
      SELECT day::text AS day, open_hazards AS open, major_hazards AS major FROM site_days WHERE site_id = ${hazardSite} AND day BETWEEN '2026-11-19' AND '2026-11-22' ORDER BY day`.execute(database.db)
    const byDay = Object.fromEntries(rows.map((r) => [r.day, r.major]))
    expect(byDay['2026-11-20'] - byDay['2026-11-19']).toBe(1)
    expect(byDay['2026-11-21']).toBe(byDay['2026-11-20'])
    expect(byDay['2026-11-22'] - byDay['2026-11-21']).toBe(-1)
  })

})

describe('a kept day is what the portal showed that day', () => {
  it('equals the live KPIs of the city and of a district with the clock frozen at the day\'s end', async () => {
    const live = await (await command.request('/api/kpis')).json()
    const kept = await (await command.request(`/api/history/kpis?date=${DAY}`)).json()
    expect(kept.asOf).toBe('2026-11-24T23:59:59+08:00')
    expect(kept.kpis).toEqual(live)
    // Not a vacuous equality: the day had open hazards and supervised sites.
    expect(live.hazards.open).toBeGreaterThan(0)
    expect(live.threeAccurateOneCoverage.supervisedProjectsToday).toBeGreaterThan(0)
    const district = live.districtRanking[0].districtId
    const liveDistrict = await (await command.request(`/api/kpis?district=${district}`)).json()
    const keptDistrict = await (await command.request(`/api/history/kpis?date=${DAY}&district=${district}`)).json()
    expect(keptDistrict.kpis).toEqual(liveDistrict)
  })

  it('serves the wall the same day, behind its display token', async () => {
    const token = 'history-wall-token-0123456789'
    await createDisplayToken(database.db, '历史测试大屏', createHash('sha256').update(token).digest('hex'))
    const wall = (path: string) => frozen.request(`/api/wall${path}${path.includes('?') ? '&' : '?'}token=${token}`)
    const live = await (await wall('/snapshot')).json()
    const kept = await (await wall(`/history/snapshot?date=${DAY}`)).json()
    expect(kept.kpis).toEqual(live.kpis)
    expect((await (await wall('/history/days')).json()).days).toContain(DAY)
    expect((await wall(`/history/playback?date=${DAY}`)).status).toBe(200)
    expect((await frozen.request(`/api/wall/history/days`)).status).toBe(401)
  })

  it('replays the map: each site\'s risk, hazards and measures as kept, in the caller\'s zone only', async () => {
    const res = await command.request('/api/history/playback?date=2026-11-20')
    expect(res.status).toBe(200)
    const { sites: day } = await res.json()
    expect(day.ids).toHaveLength(sites)
    for (const column of ['scores', 'grades', 'open', 'overdue', 'key', 'pm10']) expect(day[column]).toHaveLength(sites)
    const { rows } = await sql<{ site_id: number; risk_grade: string | null; open_hazards: number }>`
      SELECT site_id, risk_grade, open_hazards FROM site_days WHERE day = '2026-11-20' ORDER BY site_id`.execute(database.db)
    expect(day.ids).toEqual(rows.map((r) => r.site_id))
    expect(day.grades).toEqual(rows.map((r) => r.risk_grade))
    expect(day.open).toEqual(rows.map((r) => r.open_hazards))
    // The city's answer was gzipped once when the day was kept; it goes out as such to a client that takes gzip.
    const zipped = await command.request('/api/history/playback?date=2026-11-20', { headers: { 'accept-encoding': 'gzip' } })
    expect([zipped.status, zipped.headers.get('content-encoding')]).toEqual([200, 'gzip'])
    expect(JSON.parse(gunzipSync(new Uint8Array(await zipped.arrayBuffer())).toString())).toEqual({ date: '2026-11-20', sites: day })
    const at = day.ids.indexOf(hazardSite)
    const before = (await (await command.request('/api/history/playback?date=2026-11-19')).json()).sites
    expect(day.open[at] - before.open[before.ids.indexOf(hazardSite)]).toBe(1)
    expect(day.key.filter((k: number | null) => k !== null).length).toBe(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM key_projects`))

    const supervisor = await signIn(frozen, database.demo('district_supervisor'))
    const own = supervisor.user.districtId
    const theirs = (await (await supervisor.request('/api/history/playback?date=2026-11-20')).json()).sites
    const inDistrict = await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM sites WHERE district_id = ${own}`)
    expect(theirs.ids).toHaveLength(inDistrict)
    expect(inDistrict).toBeLessThan(sites)
    expect((await supervisor.request(`/api/history/kpis?date=${DAY}`)).status).toBe(200)
    const other = await count(sql<{ n: number }>`SELECT min(id)::int AS n FROM districts WHERE id <> ${own}`)
    const refused = await supervisor.request(`/api/history/kpis?date=${DAY}&district=${other}`)
    expect(refused.status).toBe(403)
    expect((await refused.json()).error.code).toBe('forbidden')
  })

  it('answers a day it does not keep, and a date that is not one, with clear errors', async () => {
    const missing = await command.request('/api/history/playback?date=2025-01-01')
    expect(missing.status).toBe(404)
    expect((await missing.json()).error.code).toBe('no_history')
    expect((await command.request('/api/history/kpis?date=2025-01-01')).status).toBe(404)
    for (const date of ['2026-13-45', '2026-02-30', 'yesterday', '2026-11-2']) {
      const bad = await command.request(`/api/history/kpis?date=${date}`)
      expect(bad.status).toBe(400)
      expect((await bad.json()).error.code).toBe('invalid_request')
    }
    expect((await command.request('/api/history/kpis?date=2026-11-24&district=999999')).status).toBe(404)
  })
})

describe('retention', () => {
  it('drops whole months past retention', async () => {
    expect(firstOfMonthBefore('2026-11-24', 1)).toBe('2026-10-01')
    expect(firstOfMonthBefore('2026-01-05', 25)).toBe('2023-12-01')
    const partitions = () => count(sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_inherits WHERE inhparent = 'site_days'::regclass`)
    const made = await partitions()
    expect(await dropHistoryBefore(database.db, '2026-12-01')).toBe(1)
    expect(await partitions()).toBe(made - 1)
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM site_days`)).toBe(0)
    expect(await count(sql<{ n: number }>`SELECT count(*)::int AS n FROM kpi_days`)).toBe(0)
  })
})
