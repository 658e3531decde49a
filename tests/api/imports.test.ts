import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { csvFile, postImport, type Rows, xlsxFile } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Imports of sites from CSV and XLSX on a real database: the dry run's row-by-row report, then the import itself
 * doing exactly what the report said, in one transaction.
 */

let database: SeededDatabase
let admin: ApiSession
let planner: ApiSession
let existingCode: string

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  planner = await signIn(app, database.demo('planner'))
  existingCode = (await database.db.selectFrom('sites').select('code').orderBy('id').executeTakeFirstOrThrow()).code
})
afterAll(() => database?.dispose())

const newSite = (code: string, overrides: Record<string, string | number | null> = {}) => ({
  项目编号: code, 项目名称: `测试项目${code}`, 工程类型: '房屋建筑', 施工阶段: '土方/基础', 经度: 120.6200, 纬度: 31.3000,
  开工日期: '2026-03-01', 计划竣工日期: '2027/6/30', 建设单位: '苏州测试建设有限公司', 施工单位: '苏州测试建工集团', 建筑面积: '12,000',
  ...overrides,
})

async function report(res: Response) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200)
  return body
}

const siteCount = async () => Number((await sql<{ n: string }>`SELECT count(*) AS n FROM sites`.execute(database.db)).rows[0].n)

describe('importing sites', () => {
  it('previews creates, updates and rejects row by row, and writes nothing', async () => {
    const before = await siteCount()
    const rows: Rows = [
      newSite('IMP-0001'),
      { ...newSite(existingCode), 施工阶段: '主体结构' },
      newSite('IMP-0002', { 工程类型: '航天工程' }),
      newSite('IMP-0003', { 经度: 31.3, 纬度: 120.62 }),
      newSite('IMP-0004', { 经度: 'abc' }),
      newSite('IMP-0005', { 开工日期: '2026-02-30' }),
      newSite('IMP-0006'), newSite('IMP-0006'),
      newSite('IMP-0007', { 经度: 116.397, 纬度: 39.909 }),
      newSite('IMP-0008', { 施工单位: null }),
      newSite('IMP-0009', { 经度: 250, 纬度: 95 }),
    ]
    const body = await report(await postImport(admin, 'sites', csvFile(rows)))
    const byLine = new Map(body.rows.map((r: { line: number }) => [r.line, r]))
    const codesOf = (line: number) => (byLine.get(line) as { reasons: { code: string }[] }).reasons.map((r) => r.code)
    expect(body.totals).toMatchObject({ rows: 11, create: 1, update: 1, reject: 9 })
    expect(body.committed).toBe(false)
    expect(codesOf(4)).toEqual(['unknown_value'])
    expect(codesOf(5)).toEqual(['swapped_lon_lat'])
    expect(codesOf(6)).toEqual(['not_a_number'])
    expect(codesOf(7)).toEqual(['invalid_date'])
    expect(codesOf(8)).toEqual(['duplicate_in_file'])
    expect(codesOf(9)).toEqual(['duplicate_in_file'])
    expect(codesOf(10)).toEqual(['outside_city'])
    expect(codesOf(11)).toEqual(['required'])
    expect(codesOf(12)).toEqual(['out_of_range'])
    expect(await siteCount()).toBe(before)
  })

  it('imports the valid rows when asked to skip the rejected ones, and audits it', async () => {
    const before = await siteCount()
    const rows = [newSite('IMP-0100'), { ...newSite(existingCode), 施工阶段: '装饰装修' }, newSite('IMP-0101', { 工程类型: '??' })]
    const refused = await postImport(admin, 'sites', csvFile(rows), { mode: 'commit' })
    expect(refused.status).toBe(422)
    expect((await refused.json()).error.code).toBe('rows_rejected')
    expect(await siteCount()).toBe(before)

    const body = await report(await postImport(admin, 'sites', csvFile(rows), { mode: 'commit', skipRejected: 'true' }))
    expect(body).toMatchObject({ committed: true, totals: { create: 1, update: 1, reject: 1 } })
    expect(await siteCount()).toBe(before + 1)
    const created = await database.db.selectFrom('sites').selectAll().where('code', '=', 'IMP-0100').executeTakeFirstOrThrow()
    expect(created).toMatchObject({ name: '测试项目IMP-0100', kind: 'housing', stage: 'earthworks', floor_area_m2: 12000 })
    const district = await sql<{ name: string }>`SELECT d.name FROM districts d JOIN sites s ON ST_Intersects(d.geom, s.location) WHERE s.code = 'IMP-0100'`.execute(database.db)
    expect(district.rows.map((r) => r.name)).toContain((await database.db.selectFrom('districts').select('name').where('id', '=', created.district_id).executeTakeFirstOrThrow()).name)
    const updated = await database.db.selectFrom('sites').select('stage').where('code', '=', existingCode).executeTakeFirstOrThrow()
    expect(updated.stage).toBe('finishing')
    const audit = await database.db.selectFrom('audit_log').selectAll().where('action', '=', 'import').orderBy('id', 'desc').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ entity: 'sites', user_id: admin.user.userId })
  })

  it('reports formula cells in a spreadsheet per row and reads Excel dates', async () => {
    const rows = [newSite('IMP-0200'), newSite('IMP-0201')]
    const body = await report(await postImport(admin, 'sites', await xlsxFile(rows, { 1: '项目名称' })))
    expect(body.format).toBe('xlsx')
    expect(body.totals).toMatchObject({ create: 1, reject: 1 })
    expect(body.rows[0]).toMatchObject({ line: 3, action: 'reject', reasons: [{ code: 'formula', column: '项目名称' }] })
  })

  it('is for administrators only', async () => {
    const res = await postImport(planner, 'sites', csvFile([newSite('IMP-0300')]))
    expect(res.status).toBe(403)
  })
})
