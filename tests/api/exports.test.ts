import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import Papa from 'papaparse'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Every export read back by a real parser (Papa Parse, ExcelJS, JSON) and compared with the database: the same
 * sites in the same order, Chinese text intact, and nothing outside the caller's zone.
 */

let database: SeededDatabase
let planner: ApiSession
let gridSupervisor: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(400)
  const app = createTestApp(database)
  planner = await signIn(app, database.demo('planner'))
  gridSupervisor = await signIn(app, database.demo('grid_supervisor'))
})
afterAll(() => database?.dispose())

async function download(session: ApiSession, path: string, init: RequestInit = {}) {
  const res = await session.request(path, init)
  expect(res.status, res.status === 200 ? '' : await res.clone().text()).toBe(200)
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="sitegrid-[\d-]+\.\w+"; filename\*=UTF-8''/)
  return res
}
async function readCsv(res: Response) {
  const bytes = new Uint8Array(await res.arrayBuffer())
  expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const parsed = Papa.parse<Record<string, string>>(new TextDecoder().decode(bytes), { header: true, skipEmptyLines: true })
  expect(parsed.errors).toEqual([])
  return parsed
}
async function readXlsx(res: Response) {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(await res.arrayBuffer())
  const sheet = workbook.worksheets[0]
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return { sheet, header: rows[0] as string[], rows: rows.slice(1) }
}
const codesOf = async (where: ReturnType<typeof sql>) =>
  (await sql<{ code: string }>`SELECT s.code FROM sites s WHERE ${where} ORDER BY s.code`.execute(database.db)).rows.map((r) => r.code)

describe('exports', () => {
  it('CSV of filtered sites: BOM, Chinese headers, the filtered sites by code', async () => {
    const csv = await readCsv(await download(planner, '/api/exports/sites?format=csv&stage=earthworks&kind=housing'))
    expect(csv.meta.fields?.slice(0, 3)).toEqual(['项目编号', '项目名称', '所属区'])
    expect(csv.data.map((r) => r['项目编号'])).toEqual(await codesOf(sql`s.stage = 'earthworks' AND s.kind = 'housing'`))
    expect(new Set(csv.data.map((r) => r['施工阶段']))).toEqual(new Set(['土方/基础']))
    const first = (await sql<{ name: string; lon: number }>`SELECT name, round(ST_X(location)::numeric, 6)::float8 AS lon FROM sites WHERE code = ${csv.data[0]['项目编号']}`.execute(database.db)).rows[0]
    expect([csv.data[0]['项目名称'], Number(csv.data[0]['经度(WGS-84)'])]).toEqual([first.name, first.lon])
  })

  it('XLSX of a pick list keeps its order and shows text as text', async () => {
    const { versions } = await (await planner.request('/api/planning/pick-lists')).json()
    const official = versions.find((v: { official: boolean }) => v.official)
    const { items } = await (await planner.request(`/api/planning/pick-lists/${official.id}`)).json()
    const res = await download(planner, `/api/exports/pick-lists/${official.id}?format=xlsx`)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    const { sheet, header, rows } = await readXlsx(res)
    expect(sheet.name).toBe(official.name.slice(0, 31))
    expect(header).toContain('清单序号')
    expect(rows.map((r) => r[0])).toEqual(items.map((i: { code: string }) => i.code))
    expect(rows.map((r) => r[header.indexOf('清单序号')])).toEqual(items.map((i: { position: number }) => i.position))
  })

  it('GeoJSON of a selection: points in WGS-84 in ranked order, with the score', async () => {
    const body = JSON.stringify({ criteria: { stages: ['earthworks'] } })
    const ranked = await (await planner.request('/api/planning/candidates', { method: 'POST', body })).json()
    const res = await download(planner, '/api/exports/candidates?format=geojson', { method: 'POST', body })
    const fc = JSON.parse(await res.text())
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(ranked.candidates.map((c: { code: string }) => c.code))
    expect(fc.features[0].geometry).toEqual({ type: 'Point', coordinates: ranked.candidates[0].location })
    expect(fc.features[0].properties.score).toBe(ranked.candidates[0].priority.score)
  })

  it('CSV of the measures and of a month’s emergency list carry their own columns', async () => {
    const measures = await readCsv(await download(planner, '/api/exports/measures?format=csv'))
    expect(measures.data.length).toBe((await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_projects`.execute(database.db)).rows[0].n)
    expect(new Set(measures.data.map((r) => r['高标准围挡'])).size).toBeGreaterThan(0)
    for (const r of measures.data) expect(['已完成', '实施中', '未开始']).toContain(r['高频次喷淋'])
    const emergency = await readXlsx(await download(planner, '/api/exports/emergency?format=xlsx&type=reduction&month=2026-11'))
    expect(emergency.header.slice(-2)).toEqual(['扬尘管控承诺书', '非道路机械用油承诺书'])
    const n = await sql<{ n: number }>`SELECT count(*)::int AS n FROM emergency_list_entries WHERE list_type = 'reduction' AND month = '2026-11-01'`.execute(database.db)
    expect(emergency.rows.length).toBe(n.rows[0].n)
  })

  it('a site name that looks like a formula is exported as text', async () => {
    const site = (await sql<{ id: number; code: string }>`SELECT id, code FROM sites ORDER BY id LIMIT 1`.execute(database.db)).rows[0]
    await sql`UPDATE sites SET name = '=HYPERLINK("http://evil.example","点我")' WHERE id = ${site.id}`.execute(database.db)
    const csv = await readCsv(await download(planner, `/api/exports/sites?format=csv&q=${site.code}`))
    expect(csv.data[0]['项目名称']).toBe(`'=HYPERLINK("http://evil.example","点我")`)
    const { rows, header } = await readXlsx(await download(planner, `/api/exports/sites?format=xlsx&q=${site.code}`))
    expect(rows[0][header.indexOf('项目名称')]).toBe('=HYPERLINK("http://evil.example","点我")')
  })

  it('a grid supervisor exports only the sites of their own grids, and no planning lists', async () => {
    const me = gridSupervisor.user
    const csv = await readCsv(await download(gridSupervisor, '/api/exports/sites?format=csv'))
    expect(csv.data.map((r) => r['项目编号'])).toEqual(await codesOf(sql`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${me.userId})`))
    expect((await gridSupervisor.request('/api/exports/measures?format=csv')).status).toBe(403)
  })

  it('refuses an unknown format and a bad filter with JSON errors', async () => {
    const res = await planner.request('/api/exports/sites?format=pdf')
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
    expect((await planner.request('/api/exports/sites?format=csv&district=99999')).status).toBe(400)
    expect((await planner.request('/api/exports/pick-lists/999999?format=csv')).status).toBe(404)
  })
})
