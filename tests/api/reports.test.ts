import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Figure, ReportContent } from '../../server/domain/report-content.ts'
import { captureDay } from '../../server/features/history/history.job.ts'
import { issueScheduledReports } from '../../server/features/reports/reports.job.ts'
import { DEFAULT_ANALYTICS } from '../../server/features/risk/risk.service.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * 定期报送: November 2026's report, issued from the captured history (31 Oct to 23 Nov, the seeded city's last days)
 * and the records, its every figure checked against SQL written here; numbering, versions, immutability,
 * reproducibility, notifications, scope, the workbook, the schedule and refused input.
 */

let database: SeededDatabase
let admin: ApiSession
let command: ApiSession
let station: ApiSession
let cityReport: { id: number; code: string; number: number; content: ReportContent; document: { sections: { key: string }[] } }

const NOV = { period: 'month', start: '2026-11-01' }
const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows
const one = async <T>(query: ReturnType<typeof sql<T>>) => (await rows(query))[0]
const figure = (content: ReportContent, section: keyof ReportContent['sections'], key: string) => {
  const found = content.sections[section].find((f: Figure) => f.key === key)
  if (!found) throw new Error(`no figure ${section}.${key}`)
  return found
}
// Written apart from the report's SQL: a Beijing day of each record's time, compared as dates.
const inNovember = (column: string) => sql`(${sql.ref(column)} AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2026-11-01' AND '2026-11-30'`
const countBy = async (table: string, column: string, key: string) => Object.fromEntries((await rows(sql<{ k: string; n: number }>`
  SELECT ${sql.ref(key)} AS k, count(*)::int AS n FROM ${sql.table(table)} WHERE ${inNovember(column)} GROUP BY 1`)).map((r) => [r.k, r.n]))

beforeAll(async () => {
  database = await createSeededDatabase(150)
  // The days the report reads: each period's last kept day (the snapshot), and some of November for its flows.
  for (const day of ['2026-10-31', '2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']) await captureDay(database.db, { day, analytics: DEFAULT_ANALYTICS })
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  command = await signIn(app, database.demo('city_command'))
  station = await signIn(app, database.demo('district_supervisor'))
  const res = await admin.post('/api/reports', { ...NOV, districtId: null })
  expect(res.status).toBe(201)
  cityReport = await res.json()
}, 600_000)
afterAll(() => database?.dispose())

describe('a generated monthly report', () => {
  it('has its numbers checked against SQL', async () => {
    const c = cityReport.content
    expect(c.period).toEqual({ kind: 'month', start: '2026-11-01', end: '2026-11-30', label: '2026年11月' })
    expect(c.snapshotDay).toBe('2026-11-23')
    expect(c.previousSnapshotDay).toBe('2026-10-31')

    const projects = await rows(sql<{ kind: string; stage: string }>`SELECT s.kind, d.stage FROM site_days d JOIN sites s ON s.id = d.site_id WHERE d.day = '2026-11-23'`)
    const active = projects.filter((p) => p.stage !== 'completed')
    expect(figure(c, 'projects', 'total').current).toBe(active.length)
    expect(active.length).toBeGreaterThan(0)
    for (const kind of ['housing', 'municipal', 'rail_transit', 'small_temporary']) expect(figure(c, 'projects', kind).current).toBe(active.filter((p) => p.kind === kind).length)
    for (const stage of ['earthworks', 'main_structure', 'finishing']) expect(figure(c, 'projects', `stage.${stage}`).current).toBe(active.filter((p) => p.stage === stage).length)

    const inspections = await countBy('inspections', 'inspected_at', 'kind')
    const inspected = Object.values(inspections).reduce((a, b) => a + b, 0)
    expect(inspected).toBeGreaterThan(0)
    for (const [kind, n] of Object.entries({ ...inspections, total: inspected })) expect(figure(c, 'inspections', kind).current).toBe(n)
    expect(figure(c, 'inspections', 'sites').current).toBe((await one(sql<{ n: number }>`SELECT count(DISTINCT site_id)::int AS n FROM inspections WHERE ${inNovember('inspected_at')}`)).n)

    const notices = await countBy('notices', 'issued_at', 'type_code')
    expect(figure(c, 'notices', 'total').current).toBe(Object.values(notices).reduce((a, b) => a + b, 0))
    for (const type of ['rectification', 'stop_work_rectification', 'penalty', 'supervision_letter']) expect(figure(c, 'notices', type).current).toBe(notices[type] ?? 0)
    expect(figure(c, 'penalties', 'decisions').current).toBe(notices.penalty ?? 0)
    expect(figure(c, 'penalties', 'sites').current).toBe((await one(sql<{ n: number }>`SELECT count(DISTINCT site_id)::int AS n FROM notices WHERE type_code = 'penalty' AND ${inNovember('issued_at')}`)).n)

    const hazards = await one(sql<Record<string, number | null>>`SELECT
      count(*) FILTER (WHERE ${inNovember('found_at')})::int AS found, count(*) FILTER (WHERE ${inNovember('found_at')} AND severity = 'major')::int AS major,
      count(*) FILTER (WHERE ${inNovember('closed_at')})::int AS closed,
      round(avg(extract(epoch FROM closed_at - found_at) / 86400) FILTER (WHERE ${inNovember('closed_at')})::numeric, 1)::float8 AS mean,
      count(*) FILTER (WHERE deadline BETWEEN '2026-11-01' AND '2026-11-30' AND (status <> 'closed' OR (closed_at AT TIME ZONE 'Asia/Shanghai')::date > deadline))::int AS overdue
      FROM hazards`)
    expect(hazards.found).toBeGreaterThan(0)
    expect([figure(c, 'hazards', 'found').current, figure(c, 'hazards', 'foundMajor').current, figure(c, 'hazards', 'closed').current,
      figure(c, 'hazards', 'meanClosureDays').current, figure(c, 'hazards', 'overdue').current]).toEqual([hazards.found, hazards.major, hazards.closed, hazards.mean, hazards.overdue])
    const atEnd = await one(sql<{ open: number; overdue: number }>`SELECT sum(open_hazards)::int AS open, sum(overdue_hazards)::int AS overdue FROM site_days WHERE day = '2026-11-23'`)
    expect([figure(c, 'hazards', 'openAtEnd').current, figure(c, 'hazards', 'overdueAtEnd').current]).toEqual([atEnd.open, atEnd.overdue])

    const accidents = await one(sql<Record<string, number>>`SELECT count(*)::int AS total, coalesce(sum(deaths), 0)::int AS deaths, coalesce(sum(injuries), 0)::int AS injuries,
      count(*) FILTER (WHERE grade = 'general')::int AS general FROM accidents WHERE ${inNovember('occurred_at')}`)
    for (const key of ['total', 'deaths', 'injuries', 'general']) expect(figure(c, 'accidents', key).current).toBe(accidents[key])

    const kpis = (await one(sql<{ kpis: { targets: Record<string, number>; keyProjects: Record<string, number>; districtRanking: { districtId: number; rank: number }[] } }>`
      SELECT kpis FROM kpi_days WHERE district_id IS NULL AND day = '2026-11-23'`)).kpis
    for (const key of ['certificateRate', 'videoInstallationRate', 'craneMonitoringRate', 'standardizationCoverage']) {
      expect(figure(c, 'targets', key).current).toBeCloseTo(kpis.targets[key] * 100, 1)
    }
    for (const key of ['total', 'highEnclosure', 'dustNet', 'spraying', 'allThree']) expect(figure(c, 'keyProjects', key).current).toBe(kpis.keyProjects[key])
    expect(figure(c, 'keyProjects', 'total').current).toBeGreaterThan(0)

    const dust = await one(sql<Record<string, number>>`SELECT count(*) FILTER (WHERE pm10_windows > 0)::int AS "siteDays",
      count(DISTINCT site_id) FILTER (WHERE pm10_windows > 0)::int AS sites, sum(pm10_windows)::int AS windows, count(DISTINCT day)::int AS days
      FROM site_days WHERE day BETWEEN '2026-11-01' AND '2026-11-30'`)
    expect(dust.days).toBe(4) // the November days kept (beforeAll)
    for (const key of ['siteDays', 'sites', 'windows', 'days']) expect(figure(c, 'dust', key).current).toBe(dust[key])
    expect(figure(c, 'dust', 'days').previous).toBe(1)

    const complaints = await countBy('complaints', 'received_at', 'category')
    expect(figure(c, 'complaints', 'total').current).toBe(Object.values(complaints).reduce((a, b) => a + b, 0))
    for (const [category, n] of Object.entries(complaints)) expect(figure(c, 'complaints', category).current).toBe(n)
    expect(figure(c, 'complaints', 'founded').current).toBe((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM complaints WHERE founded AND ${inNovember('received_at')}`)).n)
    expect(figure(c, 'complaints', 'closed').current).toBe((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM complaints WHERE ${inNovember('closed_at')}`)).n)

    const before = (await one(sql<{ kpis: { districtRanking: { districtId: number; rank: number }[] } }>`SELECT kpis FROM kpi_days WHERE district_id IS NULL AND day = '2026-10-31'`)).kpis
    expect(c.ranking.map((r) => [r.districtId, r.rank, r.previousRank])).toEqual(kpis.districtRanking.map((r) => [r.districtId, r.rank,
      before.districtRanking.find((b) => b.districtId === r.districtId)?.rank ?? null]))
    expect(c.ranking.length).toBeGreaterThan(1)
  })

  it('compares against October from the same sources', async () => {
    const octTotal = (await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM inspections WHERE (inspected_at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN '2026-10-01' AND '2026-10-31'`)).n
    expect(figure(cityReport.content, 'inspections', 'total').previous).toBe(octTotal)
    expect(octTotal).toBeGreaterThan(0)
    const doc = cityReport.document as { sections: { key: string; table: { rows: (string | number | null)[][] } }[] }
    const row = doc.sections[1].table.rows[0]
    expect(row).toEqual(['检查次数', figure(cityReport.content, 'inspections', 'total').current, octTotal, (row[1] as number) - octTotal])
  })

  it('adds up: the districts\' reports sum to the city\'s counts', async () => {
    const districts = await rows(sql<{ id: number }>`SELECT id FROM districts ORDER BY id`)
    let inspections = 0
    for (const d of districts) {
      const { content } = await (await admin.request(`/api/reports/preview?period=month&start=2026-11-01&district=${d.id}`)).json()
      inspections += figure(content, 'inspections', 'total').current ?? 0
    }
    expect(inspections).toBe(figure(cityReport.content, 'inspections', 'total').current)
  })
})

describe('issuing', () => {
  it('numbers consecutively within the year, keeps the old version when reissued, and gives the same numbers again', async () => {
    expect(cityReport.code).toMatch(/^苏建监报〔20\d{2}〕\d+号$/)
    const again = await (await command.post('/api/reports', { ...NOV, districtId: null })).json()
    expect(again.number).toBe(cityReport.number + 1)
    expect(again.code).toBe(cityReport.code.replace(`〕${cityReport.number}号`, `〕${cityReport.number + 1}号`))
    expect(again).toMatchObject({ version: 2, supersedes: cityReport.id, issuedBy: { id: command.user.userId } })
    expect(again.content).toEqual(cityReport.content)
    const old = await (await admin.request(`/api/reports/${cityReport.id}`)).json()
    expect(old).toMatchObject({ version: 1, code: cityReport.code, supersedes: null })
    const preview = await (await admin.request('/api/reports/preview?period=month&start=2026-11-01')).json()
    expect(preview.content).toEqual(cityReport.content)
  })

  it('is immutable: the database refuses to change or delete a report', async () => {
    await expect(sql`UPDATE reports SET code = 'x' WHERE id = ${cityReport.id}`.execute(database.db)).rejects.toThrow(/append-only/)
    await expect(sql`DELETE FROM reports WHERE id = ${cityReport.id}`.execute(database.db)).rejects.toThrow(/append-only/)
    expect((await one(sql<{ code: string }>`SELECT code FROM reports WHERE id = ${cityReport.id}`)).code).toBe(cityReport.code)
  })

  it('tells the administrators and command of a city report, and a district\'s station and command of its own', async () => {
    const told = async (id: number) => (await rows(sql<{ user_id: number }>`SELECT user_id FROM notifications WHERE report_id = ${id} ORDER BY user_id`)).map((r) => r.user_id)
    const expected = async (where: ReturnType<typeof sql>) => (await rows(sql<{ id: number }>`SELECT id FROM users WHERE active AND (${where}) ORDER BY id`)).map((r) => r.id)
    expect(await told(cityReport.id)).toEqual(await expected(sql`role IN ('admin', 'city_command')`))
    const districtId = station.user.districtId!
    const res = await station.post('/api/reports', { ...NOV, districtId })
    expect(res.status).toBe(201)
    const own = await res.json()
    expect(own.content.area.districtId).toBe(districtId)
    expect(await told(own.id)).toEqual(await expected(sql`role = 'city_command' OR (role = 'district_supervisor' AND district_id = ${districtId})`))

    const mine = await (await station.request('/api/notifications')).json()
    const note = mine.notifications.find((n: { reportId: number }) => n.reportId === own.id)
    expect(note).toMatchObject({ kind: 'report_issued', link: `/reports/${own.id}`, readAt: null, title: expect.stringContaining(own.code) })
    expect(mine.unread).toBeGreaterThan(0)
    const read = await (await station.post(`/api/notifications/${note.id}/read`, {})).json()
    expect(read.unread).toBe(mine.unread - 1)
    expect((await station.post(`/api/notifications/${(await rows(sql<{ id: number }>`SELECT id FROM notifications WHERE user_id <> ${station.user.userId} LIMIT 1`))[0].id}/read`, {})).status).toBe(404)
    expect((await (await station.post('/api/notifications/read', {})).json()).unread).toBe(0)
  })

  it('keeps a district station to its own district', async () => {
    const other = (await one(sql<{ id: number }>`SELECT id FROM districts WHERE id <> ${station.user.districtId} ORDER BY id LIMIT 1`)).id
    const before = (await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`)).n
    expect((await station.post('/api/reports', { ...NOV, districtId: null })).status).toBe(403)
    expect((await station.post('/api/reports', { ...NOV, districtId: other })).status).toBe(403)
    expect((await station.request(`/api/reports/preview?period=month&start=2026-11-01&district=${other}`)).status).toBe(403)
    expect((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM reports`)).n).toBe(before)
    expect((await station.request(`/api/reports/${cityReport.id}`)).status).toBe(404)
    expect((await station.request(`/api/reports/${cityReport.id}/xlsx`)).status).toBe(404)
    const farReport = await (await admin.post('/api/reports', { ...NOV, districtId: other })).json()
    expect((await station.request(`/api/reports/${farReport.id}`)).status).toBe(404)
    const listed = (await (await station.request('/api/reports')).json()).reports
    expect(listed.length).toBeGreaterThan(0)
    expect(listed.every((r: { districtId: number }) => r.districtId === station.user.districtId)).toBe(true)
    const all = (await (await admin.request('/api/reports?period=month&year=2026')).json()).reports
    expect(all.map((r: { id: number }) => r.id)).toEqual(expect.arrayContaining([cityReport.id, farReport.id]))
  })
})

describe('downloads', () => {
  it('gives the report as a workbook of one sheet per section, values only', async () => {
    const res = await admin.request(`/api/reports/${cityReport.id}/xlsx`)
    expect([res.status, res.headers.get('content-disposition')]).toEqual([200, expect.stringContaining('.xlsx')])
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await res.arrayBuffer())
    expect(book.worksheets.map((s) => s.name)).toEqual(cityReport.document.sections.map((s) => s.key))
    expect(book.worksheets).toHaveLength(11)
    const inspections = book.worksheets[1]
    expect(inspections.getRow(1).values).toEqual([undefined, '指标', '本期', '上期', '增减'])
    expect(inspections.getRow(2).getCell(2).value).toBe(figure(cityReport.content, 'inspections', 'total').current)
    book.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => expect(cell.formula).toBeUndefined())))
  })

  it('gives the report as a PDF', async () => {
    const res = await admin.request(`/api/reports/${cityReport.id}/pdf`)
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'application/pdf'])
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-')
  }, 60_000)
})

describe('the schedule', () => {
  it('issues last month\'s report of each area not yet issued, by no one, once November\'s last day is captured or from the 2nd', async () => {
    expect((await issueScheduledReports(database.db, new Date('2026-12-01T00:10:00+08:00'))).issued).toEqual([])
    const first = new Date('2026-12-02T00:10:00+08:00')
    const issuedBefore = (await rows(sql<{ d: number | null }>`SELECT district_id AS d FROM reports WHERE period = 'month' AND period_start = '2026-11-01'`)).map((r) => r.d)
    const districts = (await rows(sql<{ id: number }>`SELECT id FROM districts`)).length
    const { issued } = await issueScheduledReports(database.db, first)
    expect(issued).toHaveLength(districts + 1 - new Set(issuedBefore).size)
    expect((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM reports WHERE issued_by IS NULL AND period = 'month' AND period_start = '2026-11-01'`)).n).toBe(issued.length)
    expect((await issueScheduledReports(database.db, new Date('2026-12-03T09:00:00+08:00'))).issued).toEqual([])
  })
})

describe('refused input', () => {
  it('answers 400 JSON for bad periods and ids, and 422 for a period not yet over', async () => {
    for (const body of [{ period: 'week', start: '2026-11-01', districtId: null }, { period: 'month', start: '2026-11-02', districtId: null },
      { period: 'quarter', start: '2026-11-01', districtId: null }, { period: 'month', start: '2026-02-30', districtId: null }, { period: 'month', start: '2026-11-01' },
      { period: 'month', start: '2026-11-01', districtId: 'x' }, { period: 'month', start: '2026-11-01', districtId: null, extra: 1 }]) {
      const res = await admin.post('/api/reports', body)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_request')
    }
    for (const path of ['/api/reports/abc', '/api/reports/preview?period=month&start=2026-11-05', '/api/reports?year=99', '/api/notifications?limit=0']) {
      const res = await admin.request(path)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_request')
    }
    const future = await admin.post('/api/reports', { period: 'year', start: '2099-01-01', districtId: null })
    expect(future.status).toBe(422)
    expect((await future.json()).error.code).toBe('period_not_ended')
    expect([(await admin.post('/api/reports', { ...NOV, districtId: 999_999 })).status, (await admin.request('/api/reports/999999')).status]).toEqual([404, 404])
  })
})
