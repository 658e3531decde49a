import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { KPI_SERIES, readKpi } from '../../server/domain/kpi-series.ts'
import { catchUpHistory } from '../../server/features/history/history.job.ts'
import { DEFAULT_ANALYTICS } from '../../server/features/risk/risk.service.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase, TEST_NOW } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Trends from real history: a seeded city whose last week the nightly job captures (from TEST_NOW), read back as
 * series, a two-period comparison and a site's timeline, each checked against SQL over kpi_days and site_days.
 */
let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let command: ApiSession
let district: ApiSession
const FROM = '2026-11-17'
const TO = '2026-11-23'

beforeAll(async () => {
  database = await createSeededDatabase(150)
  await catchUpHistory(database.db, { analytics: DEFAULT_ANALYTICS, now: TEST_NOW, backfillDays: 7 })
  app = createTestApp(database)
  command = await signIn(app, database.demo('city_command'))
  district = await signIn(app, database.demo('district_supervisor'))
})
afterAll(() => database?.dispose())

const get = async (session: ApiSession, path: string, status = 200) => {
  const res = await session.request(path)
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(status)
  return body
}
const cityDays = async () => (await sql<{ day: string; open: number; major: number; allThree: number }>`
  SELECT to_char(day, 'YYYY-MM-DD') AS day, (kpis #>> '{hazards,open}')::int AS open, (kpis #>> '{hazards,bySeverity,major}')::int AS major,
    (kpis #>> '{keyProjects,allThree}')::int AS "allThree"
  FROM kpi_days WHERE district_id IS NULL AND day BETWEEN ${FROM} AND ${TO} ORDER BY day`.execute(database.db)).rows
const riskDays = async (districtId: number | null) => (await sql<{ day: string; mean: number; red: number }>`
  SELECT to_char(day, 'YYYY-MM-DD') AS day, round(avg(risk_score)::numeric, 1)::float8 AS mean,
    count(*) FILTER (WHERE risk_grade IN ('red', 'orange'))::int AS red
  FROM site_days WHERE stage <> 'completed' AND day BETWEEN ${FROM} AND ${TO} AND (${districtId}::int IS NULL OR district_id = ${districtId}::int)
  GROUP BY day ORDER BY day`.execute(database.db)).rows
const metricOf = (body: { series: { metric: string; districtId: number | null; values: (number | null)[] }[] }, metric: string, districtId: number | null = null) =>
  body.series.find((s) => s.metric === metric && s.districtId === districtId)?.values

describe('KPI series', () => {
  it('gives the city\'s captured days with each KPI as kpi_days and site_days hold it', async () => {
    const body = await get(command, `/api/history/series?metric=openHazards,majorOpenHazards,keyProjectsAllThree,meanRisk,redOrangeSites&from=${FROM}&to=${TO}`)
    const days = await cityDays()
    expect(days.length).toBe(7)
    expect(body.days).toEqual(days.map((d) => d.day))
    expect(metricOf(body, 'openHazards')).toEqual(days.map((d) => d.open))
    expect(metricOf(body, 'majorOpenHazards')).toEqual(days.map((d) => d.major))
    expect(metricOf(body, 'keyProjectsAllThree')).toEqual(days.map((d) => d.allThree))
    const risk = await riskDays(null)
    expect(metricOf(body, 'meanRisk')).toEqual(risk.map((r) => r.mean))
    expect(metricOf(body, 'redOrangeSites')).toEqual(risk.map((r) => r.red))
    expect(risk.some((r) => r.mean > 0)).toBe(true)
  })

  it('reads every stored KPI from a path the captured report has, as the catalogue reads it', async () => {
    const { rows } = await sql<{ kpis: Record<string, unknown> }>`SELECT kpis FROM kpi_days WHERE district_id IS NULL AND day = ${TO}`.execute(database.db)
    const body = await get(command, `/api/history/series?metric=${KPI_SERIES.map((d) => d.key).join(',')}&from=${TO}&to=${TO}`)
    expect(body.series).toHaveLength(KPI_SERIES.length)
    for (const def of KPI_SERIES) {
      if (!('kpiPath' in def.source)) continue
      const parent = def.source.kpiPath.slice(0, -1).reduce<Record<string, unknown>>((o, k) => o[k] as Record<string, unknown>, rows[0].kpis)
      expect(parent, def.key).toHaveProperty(def.source.kpiPath.at(-1) as string)
      expect(metricOf(body, def.key), def.key).toEqual([readKpi(rows[0].kpis, def.source.kpiPath)])
    }
    expect(metricOf(body, 'supervisedProjects')?.[0]).toBeGreaterThan(0)
  })

  it('sets the districts side by side, and they add up to the city', async () => {
    const body = await get(command, `/api/history/series?metric=openHazards&from=${FROM}&to=${TO}&by=district`)
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM districts`.execute(database.db)
    expect(body.series).toHaveLength(rows[0].n)
    expect(body.series.every((s: { name: string | null }) => s.name)).toBe(true)
    const sum = body.days.map((_: string, i: number) => body.series.reduce((n: number, s: { values: number[] }) => n + s.values[i], 0))
    expect(sum).toEqual((await cityDays()).map((d) => d.open))
  })

  it('defaults to the last 30 days up to the last captured day', async () => {
    const body = await get(command, '/api/history/series?metric=openHazards')
    expect(body).toMatchObject({ from: '2026-10-25', to: TO })
    expect(body.days.at(-1)).toBe(TO)
  })
})

describe('two periods', () => {
  it('compares B with A by each KPI\'s end value or mean', async () => {
    const body = await get(command, `/api/history/compare?aFrom=2026-11-17&aTo=2026-11-19&bFrom=2026-11-21&bTo=2026-11-23`)
    const days = await cityDays()
    const at = (day: string) => days.find((d) => d.day === day)?.open as number
    const open = body.kpis.find((k: { key: string }) => k.key === 'openHazards')
    expect(open).toMatchObject({ mode: 'end', a: at('2026-11-19'), b: at('2026-11-23'), change: at('2026-11-23') - at('2026-11-19') })
    expect(open.trend).toBe(open.change === 0 ? 'same' : open.change < 0 ? 'better' : 'worse')
    const risk = await riskDays(null)
    const mean = (from: string, to: string) => { const r = risk.filter((d) => d.day >= from && d.day <= to); return r.reduce((n, d) => n + d.mean, 0) / r.length }
    const meanRisk = body.kpis.find((k: { key: string }) => k.key === 'meanRisk')
    expect(meanRisk.mode).toBe('mean')
    expect(meanRisk.a).toBeCloseTo(mean('2026-11-17', '2026-11-19'), 6)
    expect(meanRisk.b).toBeCloseTo(mean('2026-11-21', '2026-11-23'), 6)
    expect(meanRisk.relative).toBeCloseTo((meanRisk.b - meanRisk.a) / meanRisk.a, 6)
    expect(body).toMatchObject({ districtId: null, a: { days: 3 }, b: { days: 3 } })
    expect(body.kpis).toHaveLength(KPI_SERIES.length)
  })
})

describe('a site\'s timeline', () => {
  it('has the site\'s risk days and a hazard found in the range, on its day', async () => {
    const { rows } = await sql<{ id: number; site_id: number; day: string }>`
      SELECT h.id, h.site_id, to_char(h.found_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day FROM hazards h
      WHERE (h.found_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN ${FROM} AND ${TO} ORDER BY h.found_at, h.id LIMIT 1`.execute(database.db)
    expect(rows).toHaveLength(1)
    const hazard = rows[0]
    const body = await get(command, `/api/history/sites/${hazard.site_id}/timeline?from=${FROM}&to=${TO}`)
    const { rows: kept } = await sql<{ day: string; score: number | null }>`SELECT to_char(day, 'YYYY-MM-DD') AS day, risk_score AS score
      FROM site_days WHERE site_id = ${hazard.site_id} AND day BETWEEN ${FROM} AND ${TO} ORDER BY day`.execute(database.db)
    expect(body.days.map((d: { date: string }) => d.date)).toEqual(kept.map((k) => k.day))
    expect(body.days.map((d: { score: number | null }) => d.score)).toEqual(kept.map((k) => (k.score === null ? null : Number(k.score))))
    expect(body.last?.date).toBe(TO)
    const opened = body.events.find((e: { kind: string; refId: number }) => e.kind === 'hazard_opened' && e.refId === hazard.id)
    expect(opened?.at.slice(0, 10)).toBe(hazard.day)
    expect(body.events.map((e: { at: string }) => e.at)).toEqual([...body.events.map((e: { at: string }) => e.at)].sort())
    expect(body.events.every((e: { at: string }) => e.at.slice(0, 10) >= FROM && e.at.slice(0, 10) <= TO)).toBe(true)
  })

  it('merges a site\'s PM10 days into episodes', async () => {
    const { rows } = await sql<{ site_id: number; n: number }>`SELECT site_id, count(*)::int AS n FROM site_days
      WHERE pm10_windows > 0 AND day BETWEEN ${FROM} AND ${TO} GROUP BY site_id ORDER BY count(*) DESC, site_id LIMIT 1`.execute(database.db)
    expect(rows.length, 'a seeded site over the PM10 limit that week').toBe(1)
    const body = await get(command, `/api/history/sites/${rows[0].site_id}/timeline?from=${FROM}&to=${TO}`)
    const episodes = body.events.filter((e: { kind: string }) => e.kind === 'pm10_episode')
    expect(episodes.length).toBeGreaterThan(0)
    expect(episodes.reduce((n: number, e: { at: string; until: string }) => n + (Date.parse(e.until) - Date.parse(e.at.slice(0, 10))) / 86_400_000 + 1, 0)).toBe(rows[0].n)
  })
})

describe('scope and bad input', () => {
  it('keeps a district supervisor to their district', async () => {
    const own = district.user.districtId as number
    const body = await get(district, `/api/history/series?metric=openHazards,meanRisk&from=${FROM}&to=${TO}`)
    expect(body.series.map((s: { districtId: number }) => s.districtId)).toEqual([own, own])
    expect(metricOf(body, 'meanRisk', own)).toEqual((await riskDays(own)).map((r) => r.mean))
    const byDistrict = await get(district, `/api/history/series?metric=openHazards&from=${FROM}&to=${TO}&by=district`)
    expect(byDistrict.series.map((s: { districtId: number }) => s.districtId)).toEqual([own])
    const other = (await sql<{ id: number }>`SELECT id FROM districts WHERE id <> ${own} ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
    await get(district, `/api/history/series?metric=openHazards&district=${other}`, 404)
    await get(district, `/api/history/compare?aFrom=${FROM}&aTo=${FROM}&bFrom=${TO}&bTo=${TO}&district=${other}`, 404)
    expect((await get(district, `/api/history/compare?aFrom=${FROM}&aTo=${FROM}&bFrom=${TO}&bTo=${TO}`)).districtId).toBe(own)
    const far = (await sql<{ id: number }>`SELECT id FROM sites WHERE district_id <> ${own} ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
    await get(district, `/api/history/sites/${far}/timeline`, 404)
    await get(command, `/api/history/sites/${far}/timeline`, 200)
  })

  it('refuses a bad metric, date or range with 400', async () => {
    for (const query of [
      'series?metric=nope', 'series?metric=', `series?metric=openHazards&from=${FROM}`, 'series?metric=openHazards&from=2026-02-30&to=2026-03-01',
      'series?metric=openHazards&from=2025-01-01&to=2026-11-24', `series?metric=openHazards&from=${TO}&to=${FROM}`, 'series?metric=openHazards&days=401',
      'series?metric=openHazards&by=grid', 'compare?aFrom=2026-11-01&aTo=2026-11-02&bFrom=2026-11-03', 'compare?aFrom=2024-01-01&aTo=2026-01-01&bFrom=2026-11-03&bTo=2026-11-04',
      'sites/abc/timeline', `sites/1/timeline?from=${FROM}&to=2027-12-31`,
    ]) expect((await command.request(`/api/history/${query}`)).status, query).toBe(400)
  })
})
