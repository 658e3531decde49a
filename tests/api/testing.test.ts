import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Testing institutions (检测机构): reports recorded on sites in a supervisor's zone, judged from their values; a
 * failed concrete, rebar or sand result opens its campaign hazard once; institutions must be qualified for the
 * material; 能力验证 and 飞行检查 are the admin's to record.
 */

let database: SeededDatabase
let admin: ApiSession
let district: ApiSession
let grid: ApiSession
let ownSite: number
let farSite: number
let qualified: number
let pilesOnly: number
let contractor: number

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const count = async (table: string) => Number((await one(sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`)).n)
const counts = async () => [await count('testing_reports'), await count('hazards'), await count('audit_log')]
let made = 0
const report = (extra: object = {}) => ({
  reportNo: `TEST-${++made}-JC`, institutionId: qualified, siteId: ownSite, material: 'concrete', item: '抗压强度',
  requiredValue: 'C30', measuredValue: '34.2', sampledOn: '2026-10-01', issuedOn: '2026-10-29', ...extra,
})
const post = (who: ApiSession, body: object, path = '/api/testing/reports') => who.request(path, { method: 'POST', body: JSON.stringify(body) })

async function addInstitution(name: string, code: string, origin: string, qualification: string) {
  const { id } = await database.db.insertInto('enterprises').values({
    name, credit_code: code, kinds: ['testing'], origin, registered_place: origin === 'local' ? '江苏省苏州市' : '上海市',
    entered_on: origin === 'local' ? null : '2024-03-01',
  }).returning('id').executeTakeFirstOrThrow()
  await database.db.insertInto('enterprise_qualifications').values({
    enterprise_id: id, category: qualification, grade: '不分等级', certificate_no: `Q${code.slice(-6)}`, scope: qualification, valid_until: '2099-12-31',
  }).execute()
  return id
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  district = await signIn(app, database.demo('district_supervisor'))
  grid = await signIn(app, database.demo('grid_supervisor'))
  const gs = grid.user
  ownSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.userId}) ORDER BY id LIMIT 1`)).id
  farSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE district_id <> ${gs.districtId} ORDER BY id LIMIT 1`)).id
  qualified = await addInstitution('测试用外地检测有限公司', '91310000MA1XT0001X', 'out_of_province', '建设工程质量检测机构资质（专项类） 建筑材料及构配件')
  pilesOnly = await addInstitution('测试用地基检测有限公司', '91320500MA1XT0002X', 'local', '建设工程质量检测机构资质（专项类） 地基基础')
  contractor = (await database.db.insertInto('enterprises').values({ name: '测试用施工有限公司', credit_code: '91320500MA1XT0003X', kinds: ['contractor'], origin: 'local', registered_place: '江苏省苏州市' })
    .returning('id').executeTakeFirstOrThrow()).id
})
afterAll(() => database?.dispose())

describe('the seeded city', () => {
  it('has reports by local and 外地进苏 institutions, and each failed campaign result has its one hazard', async () => {
    const seeded = await one(sql<{ reports: number; origins: number; failed: number; campaign: number; hazards: number; mismatched: number }>`
      SELECT count(*)::int AS reports, count(DISTINCT e.origin)::int AS origins, count(*) FILTER (WHERE NOT t.conforming)::int AS failed,
        count(*) FILTER (WHERE NOT t.conforming AND t.material IN ('concrete', 'rebar', 'sand'))::int AS campaign,
        (SELECT count(*)::int FROM hazards h WHERE h.raised_by = 'testing') AS hazards,
        (SELECT count(*)::int FROM hazards h JOIN testing_reports r ON h.source_ref = 'testing:' || r.id
          WHERE h.site_id <> r.site_id OR h.category <> CASE r.material WHEN 'sand' THEN '违规海砂' WHEN 'rebar' THEN '瘦身钢筋' ELSE '劣质混凝土' END) AS mismatched
      FROM testing_reports t JOIN enterprises e ON e.id = t.institution_id`)
    expect(seeded.reports).toBeGreaterThan(100)
    expect(seeded.origins).toBe(2)
    expect(seeded.failed).toBeGreaterThan(0)
    expect(seeded.hazards).toBe(seeded.campaign)
    expect(seeded.mismatched).toBe(0)
    expect(await count('capability_verifications')).toBeGreaterThan(0)
  })
})

describe('recording a report', () => {
  it('judges a conforming result from its values and opens nothing', async () => {
    const before = await count('hazards')
    const res = await post(grid, report())
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ siteId: ownSite, institutionId: qualified, conforming: true, hazardId: null, institutionOrigin: 'out_of_province' })
    expect(await count('hazards')).toBe(before)
  })

  it.each([
    ['concrete', '抗压强度', 'C30', '24.6', '劣质混凝土'],
    ['rebar', '重量偏差', '±4.5%', '-7.2%', '瘦身钢筋'],
    ['sand', '氯离子含量', '≤0.06%', '0.12%', '违规海砂'],
  ])('a failed %s result opens one major %s hazard… (%s vs %s → %s)', async (material, item, requiredValue, measuredValue, category) => {
    const res = await post(district, report({ material, item, requiredValue, measuredValue }))
    expect(res.status).toBe(201)
    const recorded = await res.json()
    expect(recorded.conforming).toBe(false)
    const hazards = (await sql<{ id: number; category: string; severity: string; status: string; site_id: number; raised_by: string; events: number }>`
      SELECT h.id, h.category, h.severity, h.status, h.site_id, h.raised_by, (SELECT count(*)::int FROM hazard_events e WHERE e.hazard_id = h.id) AS events
      FROM hazards h WHERE h.source_ref = ${`testing:${recorded.id}`}`.execute(database.db)).rows
    expect(hazards).toEqual([{ id: recorded.hazardId, category, severity: 'major', status: 'open', site_id: ownSite, raised_by: 'testing', events: 1 }])
    const audit = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'testing_report' AND entity_id = ${String(recorded.id)}`)
    expect(audit.n).toBe(1)
  })

  it('records other failures without a hazard, taking the recorder\'s verdict when the values are descriptions', async () => {
    const before = await count('hazards')
    const res = await post(admin, report({ material: 'waterproofing', item: '不透水性', requiredValue: '无渗漏', measuredValue: '渗漏', conforming: false }))
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ conforming: false, hazardId: null })
    expect(await count('hazards')).toBe(before)
  })

  it.each([
    ['an institution outside its qualification scope', () => report({ institutionId: pilesOnly }), 422, 'outside_qualification_scope'],
    ['an enterprise that is no testing institution', () => report({ institutionId: contractor }), 422, 'not_a_testing_institution'],
    ['a verdict the values contradict', () => report({ measuredValue: '20.1', conforming: true }), 422, 'conformity_mismatch'],
    ['a report number already recorded', () => report({ reportNo: 'TEST-1-JC' }), 409, 'duplicate_report_no'],
    ['a site outside the zone', () => report({ siteId: farSite }), 404, 'not_found'],
    ['a description without a verdict', () => report({ material: 'waterproofing', requiredValue: '无渗漏', measuredValue: '无渗漏' }), 400, 'invalid_request'],
    ['sampling after issue', () => report({ sampledOn: '2026-11-02' }), 400, 'invalid_request'],
    ['an unknown material', () => report({ material: 'glass' }), 400, 'invalid_request'],
    ['markup in the item', () => report({ item: '<b>强度</b>' }), 400, 'invalid_request'],
  ])('refuses %s, writing nothing', async (_label, body, status, code) => {
    const before = await counts()
    const res = await post(grid, body())
    expect(res.status).toBe(status)
    expect((await res.json()).error.code).toBe(code)
    expect(await counts()).toEqual(before)
  })

  it('refuses command, which only reads', async () => {
    const res = await post(await signIn(createTestApp(database), database.demo('city_command')), report())
    expect(res.status).toBe(403)
  })
})

describe('reading', () => {
  it('lists reports by site, material and verdict within the zone', async () => {
    await post(admin, report({ siteId: farSite, material: 'rebar', item: '屈服强度', requiredValue: '≥400', measuredValue: '350' }))
    const failedRebar = await (await admin.request(`/api/testing/reports?material=rebar&conforming=false&limit=500`)).json()
    expect(failedRebar.items.length).toBeGreaterThanOrEqual(2)
    expect(failedRebar.items.every((r: { material: string; conforming: boolean }) => r.material === 'rebar' && !r.conforming)).toBe(true)
    expect(failedRebar.items.some((r: { siteId: number }) => r.siteId === farSite)).toBe(true)
    const mine = await (await grid.request(`/api/testing/reports?material=rebar&conforming=false&limit=500`)).json()
    expect(mine.items.some((r: { siteId: number }) => r.siteId === farSite)).toBe(false)
    const bySite = await (await grid.request(`/api/testing/reports?siteId=${ownSite}&institutionId=${qualified}`)).json()
    expect(bySite.total).toBe(5)
    expect((await grid.request(`/api/testing/reports?siteId=${farSite}`).then((r) => r.json())).total).toBe(0)
    expect((await grid.request('/api/testing/reports?conforming=maybe')).status).toBe(400)
  })

  it('lists institutions local and 外地进苏 with counts, and opens one', async () => {
    const outside = (await (await grid.request('/api/testing/institutions?origin=out_of_province')).json()).items
    const listed = outside.find((i: { id: number }) => i.id === qualified)
    expect(listed).toMatchObject({ origin: 'out_of_province', reports: 5, nonConforming: 4, nonConformingShare: 0.8 })
    expect(listed.scopes[0]).toContain('建筑材料')
    expect(outside.every((i: { origin: string }) => i.origin === 'out_of_province')).toBe(true)
    // The piles institution reported nowhere in the grid supervisor's zone: not theirs to see.
    expect((await grid.request(`/api/testing/institutions/${pilesOnly}`)).status).toBe(404)
    expect((await admin.request(`/api/testing/institutions/${pilesOnly}`)).status).toBe(200)
    expect((await admin.request(`/api/testing/institutions/${contractor}`)).status).toBe(404)
  })

  it('maps the sites with failed campaign results by material', async () => {
    const layer = await (await grid.request('/api/testing/layers/non-conforming-sites')).json()
    const here = layer.features.filter((f: { properties: { siteId: number } }) => f.properties.siteId === ownSite).map((f: { properties: { material: string } }) => f.properties.material).sort()
    expect(here).toEqual(['concrete', 'rebar', 'sand'])
    expect(layer.features.some((f: { properties: { siteId: number } }) => f.properties.siteId === farSite)).toBe(false)
  })
})

describe('capability verifications and flight checks', () => {
  it('are recorded by the admin and shown on the institution\'s record', async () => {
    const verification = await post(admin, { scheme: '江苏省能力验证', item: '混凝土抗压强度', result: 'questionable', heldOn: '2026-09-15' }, `/api/testing/institutions/${qualified}/capability-verifications`)
    expect(verification.status).toBe(201)
    const check = await post(admin, { inspectedAt: '2026-10-20T09:30:00+08:00', outcome: 'rectify', findings: '原始记录与报告数据不一致' }, `/api/testing/institutions/${qualified}/flight-checks`)
    expect(check.status).toBe(201)
    const record = await (await grid.request(`/api/testing/institutions/${qualified}`)).json()
    expect(record.capabilityVerifications[0]).toMatchObject({ result: 'questionable', heldOn: '2026-09-15' })
    expect(record.flightChecks[0]).toMatchObject({ outcome: 'rectify', findings: '原始记录与报告数据不一致', inspectedAt: '2026-10-20T09:30:00+08:00' })
    const listed = (await (await admin.request('/api/testing/institutions')).json()).items.find((i: { id: number }) => i.id === qualified)
    expect(listed).toMatchObject({ lastCapability: { result: 'questionable' }, lastFlightCheck: { outcome: 'rectify' } })
  })

  it('are the admin\'s alone', async () => {
    const before = await count('enterprise_inspections')
    const res = await post(district, { inspectedAt: '2026-10-20T09:30:00+08:00', outcome: 'pass' }, `/api/testing/institutions/${qualified}/flight-checks`)
    expect(res.status).toBe(403)
    expect(await count('enterprise_inspections')).toBe(before)
  })

  it('refuses bad input and unknown institutions, writing nothing', async () => {
    const before = [await count('capability_verifications'), await count('enterprise_inspections')]
    const path = (id: number, what: string) => `/api/testing/institutions/${id}/${what}`
    expect((await post(admin, { scheme: '能力验证', item: '砂', result: 'excellent', heldOn: '2026-09-15' }, path(qualified, 'capability-verifications'))).status).toBe(400)
    expect((await post(admin, { scheme: '能力验证', item: '砂氯离子', result: 'satisfactory', heldOn: '2099-01-01' }, path(qualified, 'capability-verifications'))).status).toBe(400)
    expect((await post(admin, { inspectedAt: 'yesterday', outcome: 'pass' }, path(qualified, 'flight-checks'))).status).toBe(400)
    expect((await post(admin, { inspectedAt: '2026-10-20T09:30:00+08:00', outcome: 'pass' }, path(contractor, 'flight-checks'))).status).toBe(404)
    expect([await count('capability_verifications'), await count('enterprise_inspections')]).toEqual(before)
  })
})
