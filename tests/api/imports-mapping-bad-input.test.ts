import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { tablesFingerprint } from '../support/fingerprint.ts'
import { type ImportMapping, postImport } from '../support/import-files.ts'
import { LEDGER_HEADERS, ODD_STAGE, railLedger } from '../support/office-sheets.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * A column or value mapping, or a template, that cannot be applied is refused whole with a clear error, in a
 * preview as in a commit; a commit that would act on a suggestion nobody confirmed is refused too. After each,
 * the sites, the templates and the audit log are exactly what they were.
 */

let database: SeededDatabase
let admin: ApiSession
let planner: ApiSession
let wuzhongAdmin: ApiSession
let fingerprint: string
const templateOf: Record<'city' | 'wuzhong', number> = { city: 0, wuzhong: 0 }

const TABLES = ['sites', 'import_templates', 'audit_log']
const databaseFingerprint = () => tablesFingerprint(database.db, TABLES)

const ledger = railLedger({ prefix: 'BAD' })
const confirmed: ImportMapping = { columns: { 工程类别: 'kind' }, values: { stage: { [ODD_STAGE]: 'earthworks' } } }

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  planner = await signIn(app, database.demo('planner'))
  const wuzhong = await database.db.selectFrom('districts').select('id').where('name', '=', '吴中区').executeTakeFirstOrThrow()
  await addUser(database.db, { username: 'wuzhong.admin', role: 'admin', districtId: wuzhong.id })
  wuzhongAdmin = await signIn(app, 'wuzhong.admin')
  // One template of each office, straight into the table: this file judges refusals, not how templates are saved.
  for (const [office, districtId] of [['city', null], ['wuzhong', wuzhong.id]] as const) {
    const { rows } = await sql<{ id: number }>`
      INSERT INTO import_templates (entity, district_id, name, headers, signature, mapping)
      VALUES ('sites', ${districtId}, ${`${office}的台账模板`}, ${JSON.stringify(LEDGER_HEADERS)}::text::jsonb, ${`test-${office}`}, ${JSON.stringify(confirmed)}::text::jsonb)
      RETURNING id`.execute(database.db)
    templateOf[office] = rows[0].id
  }
})
beforeEach(async () => { fingerprint = await databaseFingerprint() })
afterAll(() => database?.dispose())

async function rejected(res: Response, status: number, code?: string) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(status)
  if (code) expect(body.error.code).toBe(code)
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:|SELECT|INSERT/)
  expect(await databaseFingerprint()).toBe(fingerprint)
  return body
}

describe('a mapping that cannot be applied', () => {
  const cases: [string, ImportMapping | string][] = [
    ['not JSON', '{"columns": {"工程类别": "kind"'],
    ['not a mapping object', '["kind"]'],
    ['an unknown target', { ...confirmed, columns: { 工程类别: 'colour' } }],
    ['an unknown code among the values', { ...confirmed, values: { stage: { [ODD_STAGE]: 'digging' } } }],
    ['one target on two columns', { ...confirmed, columns: { 工程类别: 'kind', 项目名称: 'kind' } }],
    ['a header row before the first line', { ...confirmed, headerRow: 0 }],
    // The ledger has 41 lines: the header and 40 sites.
    ['a header row past the last line', { ...confirmed, headerRow: 42 }],
  ]
  it.each(cases)('is refused with invalid_mapping, in a preview and a commit: %s', async (_, mapping) => {
    await rejected(await postImport(admin, 'sites', ledger.file, { mapping }), 400, 'invalid_mapping')
    await rejected(await postImport(admin, 'sites', ledger.file, { mode: 'commit', mapping, saveTemplate: '坏模板' }), 400, 'invalid_mapping')
  })
})

describe('suggestions nobody confirmed', () => {
  it('refuse a commit, even one skipping rejected rows, and say what to confirm', async () => {
    const body = await rejected(await postImport(admin, 'sites', ledger.file, { mode: 'commit', skipRejected: 'true' }), 422, 'mapping_unconfirmed')
    expect(JSON.stringify(body.error.details)).toContain('工程类别')
    expect(JSON.stringify(body.error.details)).toContain(ODD_STAGE)
  })

  it('refuse a commit with the column confirmed but not the value', async () => {
    const body = await rejected(await postImport(admin, 'sites', ledger.file, { mode: 'commit', mapping: { columns: { 工程类别: 'kind' } }, saveTemplate: '半个模板' }), 422, 'mapping_unconfirmed')
    expect(JSON.stringify(body.error.details)).toContain(ODD_STAGE)
    expect(JSON.stringify(body.error.details)).not.toContain('工程类别')
  })
})

describe('templates that are not the user’s', () => {
  it('an unknown template is not found', async () => {
    await rejected(await postImport(admin, 'sites', ledger.file, { template: '999999' }), 404, 'template_not_found')
    await rejected(await postImport(admin, 'sites', ledger.file, { mode: 'commit', mapping: confirmed, template: '999999' }), 404, 'template_not_found')
  })

  it('another office’s template is not found, either way round', async () => {
    await rejected(await postImport(wuzhongAdmin, 'sites', ledger.file, { template: String(templateOf.city) }), 404, 'template_not_found')
    await rejected(await postImport(wuzhongAdmin, 'sites', ledger.file, { mode: 'commit', mapping: confirmed, template: String(templateOf.city) }), 404, 'template_not_found')
    await rejected(await postImport(admin, 'sites', ledger.file, { template: String(templateOf.wuzhong) }), 404, 'template_not_found')
    const patch = (session: ApiSession, id: number) => session.request(`/api/imports/templates/${id}`, { method: 'PATCH', body: JSON.stringify({ name: '改名' }) })
    await rejected(await patch(wuzhongAdmin, templateOf.city), 404)
    await rejected(await patch(admin, templateOf.wuzhong), 404)
    await rejected(await wuzhongAdmin.request(`/api/imports/templates/${templateOf.city}`, { method: 'DELETE' }), 404)
  })

  it('template names must be 1–100 characters, on saving and on renaming', async () => {
    for (const name of ['', '台'.repeat(101)]) {
      await rejected(await postImport(admin, 'sites', ledger.file, { mode: 'commit', mapping: confirmed, saveTemplate: name }), 400)
      await rejected(await admin.request(`/api/imports/templates/${templateOf.city}`, { method: 'PATCH', body: JSON.stringify({ name }) }), 400)
    }
  })

  it('templates are for administrators only', async () => {
    await rejected(await planner.request('/api/imports/templates?entity=sites'), 403)
    await rejected(await planner.request(`/api/imports/templates/${templateOf.city}`, { method: 'PATCH', body: JSON.stringify({ name: '改名' }) }), 403)
  })
})
