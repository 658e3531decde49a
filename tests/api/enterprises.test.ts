import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { creditCodeCheckChar } from '../../server/domain/credit-code.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { csvFile, postImport } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * 企业库 over HTTP on a seeded city: the seeded registry is realistic, search and pages follow the user's zone,
 * admins register firms with a checked 统一社会信用代码, and resolve party names that match no firm.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let planner: ApiSession
let grid: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  ;[admin, planner, grid] = await Promise.all([signIn(app, database.demo('admin')), signIn(app, database.demo('planner')), signIn(app, database.demo('grid_supervisor'))])
})
afterAll(async () => { await database?.dispose() })

const count = async (table: 'enterprises' | 'enterprise_qualifications') =>
  Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
const withCheck = (first17: string) => first17 + creditCodeCheckChar(first17)
const firm = (overrides: Record<string, unknown> = {}) => ({
  creditCode: withCheck('91320505MA1T0001A'), name: '苏州测试建筑工程有限公司', kinds: ['contractor'], origin: 'local', registeredPlace: '江苏省苏州市虎丘区', ...overrides,
})

describe('the seeded registry', () => {
  it('has every kind, 外地进苏 firms, valid qualifications and expiring ones, and sites linked by role with a few names unmatched', async () => {
    const { rows: kinds } = await sql<{ kind: string; n: number }>`SELECT unnest(kinds) AS kind, count(*)::int AS n FROM enterprises GROUP BY 1`.execute(database.db)
    expect(kinds.map((k) => k.kind).sort()).toEqual(['contractor', 'crane_installer', 'crane_maintainer', 'crane_owner', 'designer', 'owner', 'supervisor', 'surveyor', 'testing'])
    const { rows: [stats] } = await sql<{ outside: number; total: number; expiring: number; linked: number; unmatched: number; busiest: number }>`
      SELECT (SELECT count(*) FILTER (WHERE origin = 'out_of_province' AND entered_on IS NOT NULL)::int FROM enterprises) AS outside,
        (SELECT count(*)::int FROM enterprises) AS total,
        (SELECT count(*)::int FROM enterprise_qualifications WHERE valid_until < current_date + 60) AS expiring,
        (SELECT count(*)::int FROM site_parties WHERE enterprise_id IS NOT NULL) AS linked,
        (SELECT count(*)::int FROM site_parties WHERE enterprise_id IS NULL) AS unmatched,
        (SELECT max(n)::int FROM (SELECT count(*) AS n FROM site_parties WHERE role = 'contractor' GROUP BY enterprise_id) x) AS busiest`.execute(database.db)
    expect(stats.outside / stats.total).toBeGreaterThan(0.05)
    expect(stats.expiring).toBeGreaterThan(0)
    expect(stats.linked).toBeGreaterThan(150 * 2)
    expect(stats.busiest).toBeGreaterThan(2)
    expect(stats.unmatched).toBeLessThan(stats.linked / 20)
  })
})

describe('reading enterprises', () => {
  it('searches by name or credit code, filters by kind, pages, and shows active sites', async () => {
    const target = await database.db.selectFrom('enterprises').select(['id', 'name', 'credit_code']).where(sql<boolean>`'contractor' = ANY(kinds)`).orderBy('id').executeTakeFirstOrThrow()
    const byName = await (await planner.request(`/api/enterprises?q=${encodeURIComponent(target.name.slice(2, 6))}`)).json()
    expect(byName.enterprises.map((e: { id: number }) => e.id)).toContain(target.id)
    const byCode = await (await planner.request(`/api/enterprises?q=${target.credit_code.slice(0, 14).toLowerCase()}`)).json()
    expect(byCode.enterprises.map((e: { id: number }) => e.id)).toEqual([target.id])
    const testing = await (await planner.request('/api/enterprises?kind=testing&limit=5')).json()
    expect(testing.total).toBeGreaterThan(0)
    expect(testing.enterprises.length).toBeLessThanOrEqual(5)
    for (const e of testing.enterprises) expect(e.kinds).toContain('testing')
    const outside = await (await planner.request('/api/enterprises?origin=out_of_province&limit=500')).json()
    for (const e of outside.enterprises) expect(e.origin).toBe('out_of_province')
    expect((await planner.request('/api/enterprises?kind=bakery')).status).toBe(400)
  })

  it('shows a page with qualifications, sites on the map and record; a grid supervisor sees only firms on their sites', async () => {
    const gridUser = await database.db.selectFrom('users').select('id').where('username', '=', database.demo('grid_supervisor')).executeTakeFirstOrThrow()
    const { rows: [mine] } = await sql<{ id: number; site: number }>`SELECT sp.enterprise_id AS id, sp.site_id AS site FROM site_parties sp JOIN sites s ON s.id = sp.site_id
      JOIN grid_supervisors gs ON gs.grid_id = s.grid_id AND gs.user_id = ${gridUser.id} WHERE sp.enterprise_id IS NOT NULL AND sp.role = 'contractor' LIMIT 1`.execute(database.db)
    const page = await (await grid.request(`/api/enterprises/${mine.id}`)).json()
    expect(page.sites.map((s: { id: number }) => s.id)).toContain(mine.site)
    for (const s of page.sites) expect(s.lon).toBeGreaterThan(119)
    expect(page.record).toHaveProperty('hazards')
    const full = await (await admin.request(`/api/enterprises/${mine.id}`)).json()
    expect(full.sites.length).toBeGreaterThanOrEqual(page.sites.length)
    const { rows: [elsewhere] } = await sql<{ id: number }>`SELECT e.id FROM enterprises e WHERE NOT EXISTS (SELECT 1 FROM site_parties sp JOIN sites s ON s.id = sp.site_id
      JOIN grid_supervisors gs ON gs.grid_id = s.grid_id AND gs.user_id = ${gridUser.id} WHERE sp.enterprise_id = e.id) AND e.kinds = '{owner}' LIMIT 1`.execute(database.db)
    expect((await grid.request(`/api/enterprises/${elsewhere.id}`)).status).toBe(404)
    const listed = await (await grid.request('/api/enterprises?limit=500')).json()
    expect(listed.enterprises.map((e: { id: number }) => e.id)).not.toContain(elsewhere.id)
    expect((await planner.request(`/api/enterprises/${elsewhere.id}`)).status).toBe(200)
  })

  it('lists a site\'s parties as links, not text', async () => {
    const site = await (await planner.request('/api/sites/1')).json()
    expect(site.parties.length).toBeGreaterThanOrEqual(2)
    expect(site.parties[0]).toMatchObject({ role: 'owner', matched: true, enterpriseId: expect.any(Number), name: expect.any(String) })
  })

  it('exports the list as CSV with the credit codes', async () => {
    const res = await planner.request('/api/enterprises/export?format=csv&kind=supervisor')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain('统一社会信用代码')
    const supervisors = await database.db.selectFrom('enterprises').select('credit_code').where(sql<boolean>`'supervisor' = ANY(kinds)`).execute()
    expect(text.trim().split('\n').length).toBe(supervisors.length + 1)
  })
})

describe('the OGC collection', () => {
  it('serves enterprises as MultiPoints of their sites, narrowed to the zone', async () => {
    const city = await (await planner.request('/api/ogc/collections/enterprises/items?limit=5')).json()
    const zone = await (await grid.request('/api/ogc/collections/enterprises/items?limit=5')).json()
    expect(city.numberMatched).toBe(await count('enterprises'))
    expect(zone.numberMatched).toBeLessThan(city.numberMatched)
    const placed = zone.features.find((f: { geometry: unknown }) => f.geometry !== null)
    expect(placed.geometry.type).toBe('MultiPoint')
    expect(placed.properties).toMatchObject({ creditCode: expect.stringMatching(/^[0-9A-Z]{18}$/), name: expect.any(String) })
    const full = await (await planner.request(`/api/ogc/collections/enterprises/items/${placed.id}`)).json()
    expect(full.geometry.coordinates.length).toBeGreaterThanOrEqual(placed.geometry.coordinates.length)
  })
})

describe('registering enterprises', () => {
  it('creates with a valid code, audits, and refuses a duplicate code or name with 409', async () => {
    const res = await admin.post('/api/enterprises', firm())
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toMatchObject({ name: '苏州测试建筑工程有限公司', kinds: ['contractor'], sites: [], qualifications: [] })
    const audit = await database.db.selectFrom('audit_log').select('action').where('entity', '=', 'enterprise').where('entity_id', '=', String(created.id)).execute()
    expect(audit.map((a) => a.action)).toEqual(['create'])
    const before = await count('enterprises')
    expect((await admin.post('/api/enterprises', firm({ name: '另一家有限公司' }))).status).toBe(409)
    expect((await admin.post('/api/enterprises', firm({ creditCode: withCheck('91320505MA1T0002A') }))).status).toBe(409)
    expect(await count('enterprises')).toBe(before)
  })

  it('refuses a wrong check character naming the expected one, and other bad input, writing nothing', async () => {
    const good = withCheck('91320505MA1T0003A')
    const wrong = good.slice(0, 17) + (good[17] === '0' ? '1' : '0')
    const before = await count('enterprises')
    const res = await admin.post('/api/enterprises', firm({ creditCode: wrong, name: '苏州校验有限公司' }))
    expect(res.status).toBe(400)
    expect(JSON.stringify((await res.json()).error.details)).toContain(`'${good[17]}'`)
    for (const bad of [{ creditCode: 'ABC' }, { kinds: [] }, { kinds: ['bakery'] }, { origin: 'mars' }, { enteredOn: '2025-01-01' }, { name: '<b>x</b>' }, { extra: 1 }]) {
      expect((await admin.post('/api/enterprises', firm({ creditCode: good, name: '苏州校验有限公司', ...bad }))).status, JSON.stringify(bad)).toBe(400)
    }
    expect((await planner.post('/api/enterprises', firm({ creditCode: good, name: '苏州校验有限公司' }))).status).toBe(403)
    expect(await count('enterprises')).toBe(before)
  })

  it('patches fields and adds and removes qualifications with expiry flags', async () => {
    const { id } = await database.db.selectFrom('enterprises').select('id').where('name', '=', '苏州测试建筑工程有限公司').executeTakeFirstOrThrow()
    const patched = await (await admin.post(`/api/enterprises/${id}`, { origin: 'out_of_province', registeredPlace: '浙江省杭州市', enteredOn: '2025-03-01' }, 'PATCH')).json()
    expect(patched).toMatchObject({ origin: 'out_of_province', enteredOn: '2025-03-01' })
    expect((await admin.post(`/api/enterprises/${id}`, {}, 'PATCH')).status).toBe(400)
    expect((await admin.post('/api/enterprises/999999', { name: '不存在有限公司' }, 'PATCH')).status).toBe(404)
    const { rows: [{ soon }] } = await sql<{ soon: string }>`SELECT (current_date + 10)::text AS soon`.execute(database.db)
    const qualification = { category: '建筑工程施工总承包', grade: '一级', certificateNo: 'D332000001', validUntil: soon }
    const added = await (await admin.post(`/api/enterprises/${id}/qualifications`, qualification)).json()
    expect(added.qualifications).toEqual([expect.objectContaining({ category: '建筑工程施工总承包', status: 'expiring' })])
    const qualifications = await count('enterprise_qualifications')
    expect((await admin.post(`/api/enterprises/${id}/qualifications`, qualification)).status).toBe(409)
    expect((await admin.post(`/api/enterprises/${id}/qualifications`, { ...qualification, grade: '五级' })).status).toBe(400)
    expect(await count('enterprise_qualifications')).toBe(qualifications)
    const removed = await admin.request(`/api/enterprises/${id}/qualifications/${added.qualifications[0].id}`, { method: 'DELETE' })
    expect((await removed.json()).qualifications).toEqual([])
    expect((await admin.request(`/api/enterprises/${id}/qualifications/${added.qualifications[0].id}`, { method: 'DELETE' })).status).toBe(404)
  })
})

describe('unmatched party names', () => {
  it('lists them with suggestions and links every site that recorded one, marking the sites stale', async () => {
    const { names } = await (await admin.request('/api/enterprises/unmatched')).json()
    expect(names.length).toBeGreaterThan(0)
    const name = names.find((n: { suggestions: unknown[] }) => n.suggestions.length > 0)
    expect(name).toBeDefined()
    const target = name.suggestions[0]
    expect((await admin.post('/api/enterprises/unmatched/resolve', { recordedName: name.recordedName, enterpriseId: 999_999 })).status).toBe(404)
    expect((await admin.post('/api/enterprises/unmatched/resolve', { recordedName: '没有这个名字', enterpriseId: target.id })).status).toBe(404)
    expect((await planner.post('/api/enterprises/unmatched/resolve', { recordedName: name.recordedName, enterpriseId: target.id })).status).toBe(403)
    await sql`DELETE FROM risk_stale`.execute(database.db)
    const res = await admin.post('/api/enterprises/unmatched/resolve', { recordedName: name.recordedName, enterpriseId: target.id })
    expect(res.status).toBe(200)
    const { linked, siteIds } = await res.json()
    expect(linked).toBe(name.sites)
    const stale = await database.db.selectFrom('risk_stale').select('site_id').execute()
    expect(stale.map((s) => s.site_id)).toEqual(expect.arrayContaining(siteIds))
    const after = await (await admin.request('/api/enterprises/unmatched')).json()
    expect(after.names.map((n: { recordedName: string }) => n.recordedName)).not.toContain(name.recordedName)
    const site = await (await admin.request(`/api/sites/${siteIds[0]}`)).json()
    expect(site.parties).toContainEqual(expect.objectContaining({ enterpriseId: target.id, matched: true, name: target.name }))
  })

  it('lists a crane owner the old rental-company column named, and links its machines', async () => {
    // As the migration leaves a rental company it could not match: the owner's name, and no owner.
    const { id: machineId } = await database.db.insertInto('crane_machines')
      .values({ record_no: '苏TQ-UNMATCHED-1', kind: 'tower_crane', owner_recorded_name: '苏州某某起重设备租赁公司' }).returning('id').executeTakeFirstOrThrow()
    const { names } = await (await admin.request('/api/enterprises/unmatched?limit=500')).json()
    expect(names).toContainEqual(expect.objectContaining({ recordedName: '苏州某某起重设备租赁公司', roles: ['crane_owner'], sites: 1 }))
    const { rows: [owner] } = await sql<{ id: number }>`SELECT id FROM enterprises WHERE 'crane_owner' = ANY(kinds) ORDER BY id LIMIT 1`.execute(database.db)
    const res = await admin.post('/api/enterprises/unmatched/resolve', { recordedName: '苏州某某起重设备租赁公司', role: 'crane_owner', enterpriseId: owner.id })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ linked: 1, siteIds: [], machineIds: [machineId] })
    const machine = await database.db.selectFrom('crane_machines').select('owner_id').where('id', '=', machineId).executeTakeFirstOrThrow()
    expect(machine.owner_id).toBe(owner.id)
  })
})

describe('importing', () => {
  const ledger = (code: string, name: string, extra: Record<string, string> = {}) => ({
    统一社会信用代码: code, 企业名称: name, 企业类型: '施工单位、监理单位', 属地: '外地进苏', 注册地: '浙江省杭州市', 进苏日期: '2025-06-01',
    资质类别: '建筑工程施工总承包', 资质等级: '一级', 资质证书编号: 'D233000001', 资质有效期: '2028-12-31', ...extra,
  })

  it('previews an enterprise ledger with check characters and taken names, then commits firms and qualifications', async () => {
    const good = withCheck('91330100MA2H00001')
    const bad = withCheck('91330100MA2H00002').slice(0, 17) + (withCheck('91330100MA2H00002')[17] === 'A' ? 'B' : 'A')
    const taken = await database.db.selectFrom('enterprises').select('name').orderBy('id').executeTakeFirstOrThrow()
    const rows = [ledger(good, '杭州导入建设有限公司'), ledger(bad, '杭州校验建设有限公司'), ledger(withCheck('91330100MA2H00003'), taken.name)]
    const before = await count('enterprises')
    const preview = await (await postImport(admin, 'enterprises', csvFile(rows))).json()
    expect(preview.totals).toMatchObject({ create: 1, reject: 2 })
    const reasons = preview.rows.flatMap((r: { reasons: { code: string; value?: string }[] }) => r.reasons)
    expect(reasons).toContainEqual(expect.objectContaining({ code: 'invalid_credit_code', value: expect.stringContaining(`'${withCheck('91330100MA2H00002')[17]}'`) }))
    expect(reasons.map((r: { code: string }) => r.code)).toContain('name_taken')
    expect(await count('enterprises')).toBe(before)
    const done = await (await postImport(admin, 'enterprises', csvFile(rows), { mode: 'commit', skipRejected: 'true' })).json()
    expect(done).toMatchObject({ committed: true, totals: { create: 1 } })
    const firm = await database.db.selectFrom('enterprises as e').innerJoin('enterprise_qualifications as q', 'q.enterprise_id', 'e.id')
      .select(['e.kinds', 'e.origin', 'q.grade']).where('e.credit_code', '=', good).executeTakeFirstOrThrow()
    expect(firm).toEqual({ kinds: ['contractor', 'supervisor'], origin: 'out_of_province', grade: '一级' })
  })

  it('matches a site sheet\'s party names to the registry in the dry run and writes site_parties and the safety director', async () => {
    const known = await database.db.selectFrom('enterprises').select(['name', 'credit_code']).where(sql<boolean>`'contractor' = ANY(kinds)`).orderBy('id').executeTakeFirstOrThrow()
    const owner = await database.db.selectFrom('enterprises').select('name').where(sql<boolean>`'owner' = ANY(kinds)`).orderBy('id').executeTakeFirstOrThrow()
    const site = { 项目编号: 'ENT-IMP-1', 项目名称: '企业匹配测试项目', 工程类型: '房屋建筑', 施工阶段: '主体结构', 经度: 120.62, 纬度: 31.30,
      建设单位: owner.name, 施工单位: '随便写的施工单位', 统一社会信用代码: known.credit_code, 监理单位: '没登记的监理有限公司', 安全总监: '张安全', 信用等级: 'AAA', 持证率: '0.9' }
    const preview = await (await postImport(admin, 'sites', csvFile([site]))).json()
    expect(preview.parties.matched).toEqual(expect.arrayContaining([
      expect.objectContaining({ role: 'owner', enterpriseName: owner.name, via: 'name' }),
      expect.objectContaining({ role: 'contractor', enterpriseName: known.name, via: 'credit_code' }),
    ]))
    expect(preview.parties.unmatched).toEqual([{ role: 'supervisor', name: '没登记的监理有限公司', rows: 1 }])
    expect(preview.columns.ignored).toEqual(expect.arrayContaining(['信用等级', '持证率']))
    await postImport(admin, 'sites', csvFile([site]), { mode: 'commit' })
    const { rows: parties } = await sql<{ role: string; matched: boolean }>`SELECT sp.role, sp.enterprise_id IS NOT NULL AS matched FROM site_parties sp
      JOIN sites s ON s.id = sp.site_id WHERE s.code = 'ENT-IMP-1' ORDER BY sp.role`.execute(database.db)
    expect(parties).toEqual([{ role: 'contractor', matched: true }, { role: 'owner', matched: true }, { role: 'supervisor', matched: false }])
    const { rows: staff } = await sql<{ recorded_name: string }>`SELECT st.recorded_name FROM site_staff st JOIN sites s ON s.id = st.site_id
      WHERE s.code = 'ENT-IMP-1' AND st.role = 'safety_director' AND st.to_date IS NULL`.execute(database.db)
    expect(staff).toEqual([{ recorded_name: '张安全' }])
  })
})
