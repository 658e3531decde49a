import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ImportFields, type ImportMapping, postImport } from '../support/import-files.ts'
import { bd09Sheet, dmsSheet, gaussKrugerSheet, gcj02Sheet, LEDGER_HEADERS, ODD_STAGE, pairSheet, railLedger, type Truth } from '../support/office-sheets.ts'
import { HIDDEN_COLUMN, ledgerWorkbook } from '../support/office-workbook.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * Issue 19's sample set through the API on a real database. Each office-shaped sheet previews with the right
 * mapping (or with the one the test confirms, as a person would), imports with nothing rejected, and every site
 * lands within 5 m of its WGS-84 truth. Then the rail ledger's confirmed mapping, saved as a template, carries
 * the next ledger through with no confirmation at all, and stays its office's own.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
})
afterAll(() => database?.dispose())

async function ok(res: Response | Promise<Response>) {
  const response = await res
  const body = await response.json()
  expect(response.status, JSON.stringify(body).slice(0, 800)).toBe(200)
  return body
}
const preview = (file: File, fields: ImportFields = {}) => ok(postImport(admin, 'sites', file, fields))
const commit = (file: File, fields: ImportFields = {}) => ok(postImport(admin, 'sites', file, { ...fields, mode: 'commit' }))

interface Source { name: string; hidden: boolean; target: string | null; via: string | null; confirmed: boolean }
interface OddValue { field: string; value: string; target: string | null; confirmed: boolean }
const source = (report: { columns: { sources: Source[] } }, name: string) => report.columns.sources.find((s) => s.name === name)

/** Every suggestion the preview asks about, accepted: what 确认 sends from the web app. */
function acceptSuggestions(report: { columns: { sources: Source[] }; values: OddValue[] }): Required<Pick<ImportMapping, 'columns' | 'values'>> {
  const columns = Object.fromEntries(report.columns.sources.filter((s) => !s.confirmed && s.target !== null && (s.via === 'similar' || s.via === 'values')).map((s) => [s.name, s.target]))
  const values: Record<string, Record<string, string | null>> = {}
  for (const v of report.values.filter((v) => !v.confirmed && v.target !== null)) values[v.field] = { ...values[v.field], [v.value]: v.target }
  return { columns, values }
}

/** Each truth's site as stored: how far from the truth, and its dates (null when the sheet gave none). */
async function expectLanded(truth: Truth[]) {
  const { rows } = await sql<{ code: string; metres: number | null; start: string | null; end: string | null }>`
    SELECT t->>'code' AS code, s.start_date::text AS start, s.planned_end_date::text AS "end",
           ST_Distance(s.location::geography, ST_SetSRID(ST_MakePoint((t->>'lon')::float8, (t->>'lat')::float8), 4326)::geography) AS metres
    FROM jsonb_array_elements(${JSON.stringify(truth)}::text::jsonb) WITH ORDINALITY AS e(t, i) LEFT JOIN sites s ON s.code = t->>'code'
    ORDER BY i`.execute(database.db)
  expect(rows).toHaveLength(truth.length)
  for (const [i, row] of rows.entries()) {
    expect(row.metres, `${row.code} was not imported under its code`).not.toBeNull()
    expect(Number(row.metres), row.code).toBeLessThan(5)
    expect({ start: row.start, end: row.end }, row.code).toEqual({ start: truth[i].startDate ?? null, end: truth[i].plannedEndDate ?? null })
  }
}

// The columns every sheet of the set names with a known alias.
const SITE_COLUMNS = { code: '项目编号', name: '项目名称', kind: '工程类型', stage: '施工阶段', owner_org: '建设单位', contractor_org: '施工单位' }

describe('the sample set', () => {
  const sheets = [
    { name: 'one cell for both coordinates', sheet: pairSheet(), crs: 'wgs84', columns: { lonlat: '经纬度' }, mayConfirm: ['经纬度'] },
    { name: 'degree-minute-second', sheet: dmsSheet(), crs: 'wgs84', columns: { lon: '经度', lat: '纬度' }, mayConfirm: [] },
    { name: 'BD-09', sheet: bd09Sheet(), crs: 'bd09', columns: { lon: '百度经度', lat: '百度纬度' }, mayConfirm: [] },
    { name: 'GCJ-02 (UTF-8 with a BOM)', sheet: gcj02Sheet(), crs: 'gcj02', columns: { lon: '高德经度', lat: '高德纬度' }, mayConfirm: [] },
    // Which of X/Y the report calls lon is the server's business: the surveyors' X is the northing.
    { name: 'CGCS2000 Gauss-Krüger (X north, Y east)', sheet: gaussKrugerSheet(), crs: 'cgcs2000_gk120', columns: {}, mayConfirm: [] },
  ]

  it('has its ground truth inside the seeded districts', async () => {
    const truth = [...sheets.map((s) => s.sheet), railLedger(), railLedger({ year: 2022 }), await ledgerWorkbook()].flatMap((s) => s.truth)
    const { rows } = await sql<{ outside: string }>`
      SELECT count(*) FILTER (WHERE NOT EXISTS (SELECT 1 FROM districts d WHERE ST_Intersects(d.geom, ST_SetSRID(ST_MakePoint((t->>'lon')::float8, (t->>'lat')::float8), 4326)))) AS outside
      FROM jsonb_array_elements(${JSON.stringify(truth)}::text::jsonb) t`.execute(database.db)
    expect(Number(rows[0].outside)).toBe(0)
  })

  it.each(sheets)('imports the $name sheet where its sites are', async ({ sheet, crs, columns, mayConfirm }) => {
    const report = await preview(sheet.file)
    expect(report).toMatchObject({ crs: { used: crs }, headerRow: 1, skippedLines: [], judged: true, totals: { rows: sheet.truth.length, create: sheet.truth.length, reject: 0 } })
    expect(report.columns).toMatchObject({ ...columns, mapped: SITE_COLUMNS, missing: [] })
    const mapping = acceptSuggestions(report)
    // Only a coordinate pair recognised by its values may need a word from the person; no value is odd here.
    expect(mayConfirm).toEqual(expect.arrayContaining(Object.keys(mapping.columns)))
    expect(mapping.values).toEqual({})
    expect(report.needsConfirmation).toBe(Object.keys(mapping.columns).length)
    const done = await commit(sheet.file, Object.keys(mapping.columns).length > 0 ? { mapping } : {})
    expect(done).toMatchObject({ committed: true, totals: { create: sheet.truth.length, reject: 0 } })
    await expectLanded(sheet.truth)
  })

  it('reads the workbook ledger: title rows, header on row 3, blank rows, a hidden column, a totals row, full-width cells, office dates', async () => {
    const book = await ledgerWorkbook()
    const report = await preview(book.file)
    expect(report).toMatchObject({
      format: 'xlsx', crs: { used: 'wgs84' }, headerRow: book.headerRow, skippedLines: [{ line: book.totalsLine, reason: 'totals' }],
      judged: true, needsConfirmation: 0, values: [], totals: { rows: book.truth.length, create: book.truth.length, reject: 0 },
    })
    expect(report.rows.map((r: { line: number }) => r.line).sort((a: number, b: number) => a - b)).toEqual(book.lines)
    expect(report.columns).toMatchObject({ lon: '经度', lat: '纬度', missing: [], mapped: { ...SITE_COLUMNS, start_date: '开工日期', planned_end_date: '计划竣工日期' } })
    // Its header is the address alias: only its being hidden keeps the stale column out.
    expect(source(report, HIDDEN_COLUMN)).toMatchObject({ hidden: true, target: null })
    expect(Object.values(report.columns.mapped)).not.toContain(HIDDEN_COLUMN)
    expect(await commit(book.file)).toMatchObject({ committed: true, totals: { create: book.truth.length, reject: 0 } })
    await expectLanded(book.truth)
  })
})

describe('the rail office’s ledger (issue 19)', () => {
  const TEMPLATE = '轨道交通在建项目台账'
  const RENAMED = '轨道交通在建项目台账（高德坐标）'
  const ledger = railLedger()
  const confirmed: ImportMapping = { columns: { 工程类别: 'kind' }, values: { stage: { [ODD_STAGE]: 'earthworks' } } }
  let templateId: number

  it('asks about 工程类别 and 基础施工 only, then imports 40 creates once they are confirmed', async () => {
    const report = await preview(ledger.file)
    expect(report).toMatchObject({
      format: 'csv', encoding: 'gb18030', crs: { used: 'gcj02' }, headerRow: 1, skippedLines: [], judged: true, template: null,
      needsConfirmation: 2, totals: { rows: 40, create: 40, reject: 0 },
    })
    expect(report.columns.sources.map((s: Source) => s.name)).toEqual([...LEDGER_HEADERS])
    expect(report.columns).toMatchObject({ mapped: { ...SITE_COLUMNS, kind: '工程类别' }, lon: '经度', lat: '纬度', missing: [] })
    expect(report.columns.mapped).not.toHaveProperty('start_date')
    expect(source(report, '工程类别')).toMatchObject({ target: 'kind', via: expect.stringMatching(/^(similar|values)$/), confirmed: false })
    expect(source(report, '项目编号')).toMatchObject({ target: 'code', via: 'alias' })
    expect(report.values).toEqual([expect.objectContaining({
      field: 'stage', column: '施工阶段', value: ODD_STAGE, rows: ledger.oddStageRows, target: 'earthworks', via: expect.stringMatching(/^(synonym|contains)$/), confirmed: false,
    })])
    expect(report.columns.targets).toEqual(expect.arrayContaining([
      { target: 'kind', required: true, codes: ['housing', 'municipal', 'rail_transit', 'small_temporary'] },
      { target: 'stage', required: true, codes: ['earthworks', 'main_structure', 'finishing', 'completed'] }, { target: 'start_date', required: false, codes: [] },
    ]))

    const lastAudit = await maxAuditId()
    const done = await commit(ledger.file, { mapping: confirmed, saveTemplate: TEMPLATE })
    expect(done).toMatchObject({ committed: true, needsConfirmation: 0, totals: { create: 40, reject: 0 } })
    await expectLanded(ledger.truth)
    // Row 3 said 基础施工, row 5 is the ledger's first 市政 project (railLedger).
    const stored = await database.db.selectFrom('sites').select(['code', 'kind', 'stage']).where('code', 'in', ['GD2021-003', 'GD2021-005']).orderBy('code').execute()
    expect(stored).toEqual([{ code: 'GD2021-003', kind: 'rail_transit', stage: 'earthworks' }, { code: 'GD2021-005', kind: 'municipal', stage: 'main_structure' }])
    expect(await auditMentioning(lastAudit, TEMPLATE)).toBeGreaterThan(0)
  })

  it('recognises the next ledger by its template and imports it with nothing to confirm', async () => {
    const next = railLedger({ year: 2022 })
    const offered = await preview(next.file)
    expect(offered).toMatchObject({ template: { name: TEMPLATE }, needsConfirmation: 0, totals: { create: 40, reject: 0 } })
    expect(source(offered, '工程类别')).toMatchObject({ target: 'kind', via: 'template', confirmed: true })
    expect(offered.values).toEqual([expect.objectContaining({ value: ODD_STAGE, target: 'earthworks', via: 'template', confirmed: true })])
    templateId = offered.template.id
    expect(await preview(next.file, { template: String(templateId) })).toMatchObject({ template: { id: templateId }, needsConfirmation: 0 })
    // Declining the template brings the questions back: it is the template that answers them.
    expect(await preview(next.file, { template: 'none' })).toMatchObject({ template: null, needsConfirmation: 2 })

    const done = await commit(next.file, { template: String(templateId) })
    expect(done).toMatchObject({ committed: true, totals: { create: 40, update: 0, reject: 0 } })
    await expectLanded(next.truth)
  })

  it('lists the template for its office, and for its office only', async () => {
    const { templates } = await ok(admin.request('/api/imports/templates?entity=sites'))
    const template = templates.find((t: { id: number }) => t.id === templateId)
    expect(template).toMatchObject({ entity: 'sites', name: TEMPLATE, crs: 'gcj02', mapping: confirmed })
    expect([...template.headers].sort()).toEqual([...LEDGER_HEADERS].sort())

    // An administrator of 吴中区 works for another office: the city's template is not theirs to see, use or edit.
    const wuzhong = await database.db.selectFrom('districts').select('id').where('name', '=', '吴中区').executeTakeFirstOrThrow()
    await addUser(database.db, { username: 'wuzhong.admin', role: 'admin', districtId: wuzhong.id })
    const other = await signIn(app, 'wuzhong.admin')
    const theirs = await ok(other.request('/api/imports/templates?entity=sites'))
    expect(theirs.templates.map((t: { id: number }) => t.id)).not.toContain(templateId)
    expect(await ok(postImport(other, 'sites', railLedger({ year: 2023 }).file))).toMatchObject({ template: null, needsConfirmation: 2 })
    const refused = await other.request(`/api/imports/templates/${templateId}`, { method: 'PATCH', body: JSON.stringify({ name: '别人的模板' }) })
    expect(refused.status).toBe(404)
  })

  it('renames the template, on the record', async () => {
    const lastAudit = await maxAuditId()
    const renamed = await ok(admin.request(`/api/imports/templates/${templateId}`, { method: 'PATCH', body: JSON.stringify({ name: RENAMED }) }))
    expect(renamed).toMatchObject({ id: templateId, name: RENAMED })
    expect(await auditMentioning(lastAudit, RENAMED)).toBe(1)
    const { templates } = await ok(admin.request('/api/imports/templates?entity=sites'))
    expect(templates.find((t: { id: number }) => t.id === templateId)).toMatchObject({ name: RENAMED })
  })
})

const maxAuditId = async () => Number((await sql<{ id: string | null }>`SELECT max(id) AS id FROM audit_log`.execute(database.db)).rows[0].id ?? 0)
/** Audit entries written after `afterId` whose record names `text` (a template's name). */
const auditMentioning = async (afterId: number, text: string) => Number((await sql<{ n: string }>`
  SELECT count(*) AS n FROM audit_log WHERE id > ${afterId} AND (coalesce(after::text, '') || coalesce(entity_id, '')) LIKE ${`%${text}%`}`.execute(database.db)).rows[0].n)
