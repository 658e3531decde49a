import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { csvFile, postImport } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * 盘扣抽查抽测: samplings recorded on a supervisor's sites are judged from their values; a failed batch opens one
 * major hazard in the same transaction; labs must be qualified; manufacturers are linked and ranked city-wide.
 */

let database: SeededDatabase
let admin: ApiSession
let command: ApiSession
let grid: ApiSession
let ownSite: number
let farSite: number
let lab: number
let pilesOnly: number
let contractor: number
let running: number
let finished: number
let comprehensive: number

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const count = async (table: string) => Number((await one(sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`)).n)
const counts = async () => [await count('scaffold_samplings'), await count('hazards'), await count('hazard_events'), await count('audit_log')]
const daysAgo = (n: number) => beijingDay(addDays(new Date(), -n))
const passing = [
  { property: 'yield_strength', values: [381, 395, 402] }, { property: 'tensile_strength', values: [505, 512, 498] },
  { property: 'outer_diameter', values: [60.3, 60.4, 60.2] }, { property: 'wall_thickness', values: [3.2, 3.18, 3.22] },
]
const thin = [{ property: 'wall_thickness', values: [3.2, 2.85, 3.15] }, { property: 'outer_diameter', values: [60.3, 60.3, 60.3] }]
let made = 0
const sampling = (extra: object = {}) => ({
  siteId: ownSite, sampledOn: daysAgo(2), component: 'standard', batchNo: `T-${++made}`, manufacturerName: '测试架业有限公司',
  sampleCount: 3, labId: lab, results: passing, ...extra,
})
const post = (who: ApiSession, body: object) => who.request('/api/scaffold/samplings', { method: 'POST', body: JSON.stringify(body) })

async function addFirm(name: string, code: string, kind: string, qualification?: string) {
  const { id } = await database.db.insertInto('enterprises').values({ name, credit_code: code, kinds: [kind], origin: 'local', registered_place: '江苏省苏州市' })
    .returning('id').executeTakeFirstOrThrow()
  if (qualification) {
    await database.db.insertInto('enterprise_qualifications').values({
      enterprise_id: id, category: qualification, grade: '不分等级', certificate_no: `Q${code.slice(-6)}`, scope: qualification, valid_until: '2099-12-31',
    }).execute()
  }
  return id
}
const addCampaign = async (name: string, kind: string, from: number, to: number) => (await one(sql<{ id: number }>`
  INSERT INTO campaigns (name, kind, starts_on, ends_on, scope_kind) VALUES (${name}, ${kind}, current_date - ${from}::int, current_date - ${to}::int, 'city') RETURNING id`)).id

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  command = await signIn(app, database.demo('city_command'))
  grid = await signIn(app, database.demo('grid_supervisor'))
  const gs = grid.user
  ownSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.userId}) ORDER BY id LIMIT 1`)).id
  farSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE district_id <> ${gs.districtId} ORDER BY id LIMIT 1`)).id
  lab = await addFirm('测试用构配件检测有限公司', '91320500MA1XR0001X', 'testing', '建设工程质量检测机构资质（专项类） 建筑材料及构配件')
  pilesOnly = await addFirm('测试用桩基检测有限公司', '91320500MA1XR0002X', 'testing', '建设工程质量检测机构资质（专项类） 地基基础')
  contractor = await addFirm('测试用总包有限公司', '91320500MA1XR0003X', 'contractor')
  running = await addCampaign('测试盘扣专项', 'scaffold', 20, -20)
  finished = await addCampaign('测试往年盘扣专项', 'scaffold', 400, 300)
  comprehensive = await addCampaign('测试综合大检查', 'comprehensive', 20, -20)
})
afterAll(() => database?.dispose())

describe('the seeded city', () => {
  it('has samplings judged as the API judges them, each failed batch with its one open-or-closed major hazard', async () => {
    const seeded = await one(sql<{ samplings: number; failed: number; hazards: number; mismatched: number }>`
      SELECT count(*)::int AS samplings, count(*) FILTER (WHERE x.verdict = 'fail')::int AS failed,
        (SELECT count(*)::int FROM hazards h WHERE h.raised_by = 'scaffold') AS hazards,
        count(*) FILTER (WHERE (x.verdict = 'fail') <> (h.id IS NOT NULL) OR h.severity <> 'major' OR h.site_id <> x.site_id
          OR h.source_ref <> 'scaffold:' || x.id OR (x.verdict = 'fail') <> (x.failed_samples > 0)
          OR jsonb_typeof(x.results) <> 'array')::int AS mismatched
      FROM scaffold_samplings x LEFT JOIN hazards h ON h.id = x.hazard_id`)
    expect(seeded.samplings).toBeGreaterThan(5)
    expect(seeded.failed).toBeGreaterThan(0)
    expect(seeded.hazards).toBe(seeded.failed)
    expect(seeded.mismatched).toBe(0)
  })

  it('ranks the manufacturers worst first, the poor one above the rest', async () => {
    const res = await command.request('/api/scaffold/manufacturers')
    expect(res.status).toBe(200)
    const { items } = await res.json()
    expect(items.length).toBeGreaterThanOrEqual(3)
    expect(items[0].failed).toBeGreaterThan(0)
    for (let i = 1; i < items.length; i++) expect(items[i - 1].rate).toBeGreaterThanOrEqual(items[i].rate)
    expect(items[0].lastFailureOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
  })
})

describe('recording a sampling', () => {
  it('passes a batch within the limits and opens nothing', async () => {
    const before = await count('hazards')
    const res = await post(grid, sampling({ campaignId: running }))
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body).toMatchObject({ verdict: 'pass', failedSamples: 0, hazardId: null, campaignId: running, siteId: ownSite, lab: '测试用构配件检测有限公司' })
    expect(await count('hazards')).toBe(before)
    const audit = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'scaffold_sampling' AND entity_id = ${String(body.id)} AND action = 'create'`)
    expect(audit.n).toBe(1)
  })

  it('fails a batch with a thin tube and opens one major hazard with its first step, in the same write', async () => {
    const res = await post(grid, sampling({ results: thin, manufacturerName: '测试劣质架业有限公司' }))
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body).toMatchObject({ verdict: 'fail', failedSamples: 1, hazardStatus: 'open' })
    const hazard = await one(sql<{ severity: string; raised_by: string; source_ref: string; site_id: number; description: string; events: number }>`
      SELECT h.*, (SELECT count(*)::int FROM hazard_events e WHERE e.hazard_id = h.id) AS events FROM hazards h WHERE h.id = ${body.hazardId}`)
    expect(hazard).toMatchObject({ severity: 'major', raised_by: 'scaffold', source_ref: `scaffold:${body.id}`, site_id: ownSite, events: 1 })
    expect(hazard.description).toContain('壁厚实测2.85mm')
    const ranking = (await (await grid.request('/api/scaffold/manufacturers')).json()).items
    expect(ranking.find((m: { manufacturerName: string }) => m.manufacturerName === '测试劣质架业有限公司')).toMatchObject({ samplings: 1, failed: 1, rate: 1, samples: 3, failedSamples: 1 })
  })

  it('links the manufacturer to its registered firm when the name differs only in its legal form', async () => {
    const firm = await addFirm('测试盘扣制造有限公司', '91320500MA1XR0004X', 'contractor')
    const body = await (await post(grid, sampling({ manufacturerName: '测试盘扣制造公司' }))).json()
    expect(body.manufacturerId).toBe(firm)
    const filtered = await (await grid.request('/api/scaffold/samplings?manufacturer=测试盘扣制造有限公司')).json()
    expect(filtered.items.map((s: { id: number }) => s.id)).toEqual([body.id])
  })

  it('lists the zone\'s samplings by verdict and exports them', async () => {
    const failed = await (await grid.request(`/api/scaffold/samplings?verdict=fail&siteId=${ownSite}`)).json()
    expect(failed.total).toBeGreaterThan(0)
    expect(failed.items.every((s: { verdict: string }) => s.verdict === 'fail')).toBe(true)
    const csv = await grid.request(`/api/scaffold/samplings/export?format=csv&siteId=${ownSite}`)
    expect(csv.status).toBe(200)
    const text = await csv.text()
    expect(text).toContain('批次号')
    expect(text).toContain('不合格')
    const xlsx = await admin.request('/api/scaffold/manufacturers/export?format=xlsx')
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
  })

  it('offers only the labs qualified for building components', async () => {
    const { items } = await (await grid.request('/api/scaffold/labs')).json()
    const ids = items.map((l: { id: number }) => l.id)
    expect(ids).toContain(lab)
    expect(ids).not.toContain(pilesOnly)
    expect(ids).not.toContain(contractor)
  })
})

describe('refusals write nothing', () => {
  it.each([
    ['an unknown component', () => ({ component: 'clamp' }), 400, 'invalid_request'],
    ['a plate property on a tube', () => ({ results: [{ property: 'plate_thickness', values: [9] }] }), 400, 'invalid_request'],
    ['more values than samples', () => ({ sampleCount: 2 }), 400, 'invalid_request'],
    ['a negative value', () => ({ results: [{ property: 'yield_strength', values: [-1] }] }), 400, 'invalid_request'],
    ['a control character in the batch', () => ({ batchNo: 'B\u0007' }), 400, 'invalid_request'],
    ['a day in the future', () => ({ sampledOn: daysAgo(-3) }), 400, 'date_in_future'],
    ['a firm that is not a lab', () => ({ labId: contractor }), 422, 'not_a_testing_institution'],
    ['a lab qualified for piles only', () => ({ labId: pilesOnly }), 422, 'outside_qualification_scope'],
    ['a campaign that is not a 盘扣专项', () => ({ campaignId: comprehensive }), 422, 'not_a_scaffold_campaign'],
    ['a campaign over before the sampling', () => ({ campaignId: finished }), 422, 'campaign_not_running'],
    ['a site outside the zone', () => ({ siteId: farSite }), 404, 'not_found'],
  ] as [string, () => object, number, string][])('%s', async (_what, extra, status, code) => {
    const before = await counts()
    const res = await post(grid, sampling(extra()))
    expect(res.status).toBe(status)
    expect((await res.json()).error.code).toBe(code)
    expect(await counts()).toEqual(before)
  })

  it('refuses the command centre, which reads but does not record', async () => {
    const before = await counts()
    const res = await post(command, sampling())
    expect(res.status).toBe(403)
    expect(await counts()).toEqual(before)
  })

  it('hides another zone\'s sampling as not found', async () => {
    const far = await (await post(admin, sampling({ siteId: farSite, results: thin }))).json()
    expect((await grid.request(`/api/scaffold/samplings/${far.id}`)).status).toBe(404)
    expect((await admin.request(`/api/scaffold/samplings/${far.id}`)).status).toBe(200)
    const listed = await (await grid.request('/api/scaffold/samplings?limit=500')).json()
    expect(listed.items.some((s: { id: number }) => s.id === far.id)).toBe(false)
  })
})

describe('importing a spot-check ledger (盘扣抽检台账)', () => {
  it('judges each batch, refuses an unqualified lab, opens the failed batch\'s hazard, and adds nothing the second time', async () => {
    const code = (await one(sql<{ code: string }>`SELECT code FROM sites WHERE id = ${ownSite}`)).code
    const row = (batch: string, lab: string, wall: string) => ({
      项目编号: code, 抽样日期: daysAgo(4), 构件: '立杆', 批次号: batch, 生产厂家: '导入测试架业有限公司', 抽样数量: 3, 检测机构: lab,
      屈服强度: '380/392/401', 外径: '60.3/60.3/60.2', 壁厚: wall,
    })
    const file = () => csvFile([row('IMP-OK', '测试用构配件检测有限公司', '3.2/3.2/3.18'), row('IMP-THIN', '91320500MA1XR0001X', '3.2/2.7/2.8'),
      row('IMP-PILES', '测试用桩基检测有限公司', '3.2/3.2/3.2')], 'gbk', '盘扣抽检台账.csv')
    const preview = await (await postImport(admin, 'scaffold_samplings', file(), { encoding: 'gb18030' })).json()
    expect(preview.totals).toMatchObject({ rows: 3, create: 2, reject: 1 })
    expect(preview.rows.find((r: { action: string }) => r.action === 'reject').reasons[0].code).toBe('lab_not_qualified')
    const hazards = await count('hazards')
    const res = await postImport(admin, 'scaffold_samplings', file(), { mode: 'commit', encoding: 'gb18030', skipRejected: 'true' })
    expect(res.status).toBe(200)
    const imported = await one(sql<{ n: number; failed: number; linked: number }>`SELECT count(*)::int AS n, count(*) FILTER (WHERE verdict = 'fail' AND failed_samples = 2)::int AS failed,
      count(*) FILTER (WHERE h.raised_by = 'scaffold' AND h.severity = 'major' AND h.source_ref = 'scaffold:' || x.id)::int AS linked
      FROM scaffold_samplings x LEFT JOIN hazards h ON h.id = x.hazard_id WHERE x.batch_no LIKE 'IMP-%'`)
    expect(imported).toEqual({ n: 2, failed: 1, linked: 1 })
    expect(await count('hazards')).toBe(hazards + 1)
    const again = await (await postImport(admin, 'scaffold_samplings', file(), { mode: 'commit', encoding: 'gb18030', skipRejected: 'true' })).json()
    expect(again.totals).toMatchObject({ create: 0, skip: 2, reject: 1 })
    expect(await count('hazards')).toBe(hazards + 1)
  })
})
