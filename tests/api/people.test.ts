import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { certificationRate, fillPositions, type HeldCertificate } from '../../server/domain/certification.ts'
import { makeIdNumber } from '../../server/domain/id-number.ts'
import { sweepCertificates } from '../../server/features/people/certificates.sweep.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase, TEST_NOW } from '../support/database.ts'
import { csvFile, postImport, type Rows } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * 人员库 on a seeded city: scope and masking, refused input, renewal history, the project manager of two sites,
 * the certificate sweep, and the 持证上岗率 worked out here from the records with the domain rules, compared with
 * what the KPIs, the site staff and the per-area figures say.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let gs: ApiSession
let command: ApiSession

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows
const inGrids = (userId: number) => sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${userId})`
const count = async (table: 'people' | 'certificates' | 'site_staff' | 'audit_log') =>
  Number((await rows(sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`))[0].n)

/** Per active site, the positions filled as the domain rules say, from the rows themselves. */
async function certificationFromRecords(where = sql<boolean>`true`) {
  const [{ day }] = await rows(sql<{ day: string }>`SELECT ((now() AT TIME ZONE 'Asia/Shanghai')::date)::text AS day`)
  const sites = await rows(sql<{ id: number; stage: string; floor: number; contract: number; sup: boolean; towers: number }>`
    SELECT s.id, s.stage, s.floor_area_m2 AS floor, s.contract_value_wan AS contract,
      EXISTS (SELECT 1 FROM site_parties sp WHERE sp.site_id = s.id AND sp.role = 'supervisor') AS sup,
      (SELECT count(*)::int FROM cranes c WHERE c.site_id = s.id AND c.kind = 'tower_crane' AND c.stage <> 'dismantled') AS towers
    FROM sites s WHERE s.stage <> 'completed' AND ${where}`)
  const staff = await rows(sql<{ site_id: number; role: string; certs: HeldCertificate[] }>`
    SELECT st.site_id, st.role, coalesce((SELECT json_agg(json_build_object('kind', c.kind, 'specialty', c.specialty, 'issuedOn', c.issued_on::text,
      'expiresOn', c.expires_on::text, 'revokedOn', c.revoked_on::text)) FROM certificates c WHERE c.person_id = st.person_id), '[]') AS certs
    FROM site_staff st WHERE st.to_date IS NULL AND st.person_id IS NOT NULL`)
  return sites.map((s) => ({ id: s.id, ...certificationRate(fillPositions(
    { stage: s.stage, floorAreaM2: s.floor, contractValueWan: s.contract, hasSupervisor: s.sup, liveTowerCranes: s.towers },
    staff.filter((st) => st.site_id === s.id).map((st) => ({ role: st.role, certificates: st.certs })), day)) }))
}
const rateOf = (sites: { required: number; filled: number }[]) =>
  Math.round((sites.reduce((n, s) => n + s.filled, 0) / sites.reduce((n, s) => n + s.required, 0)) * 10_000) / 10_000

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  ;[admin, gs, command] = await Promise.all(['admin', 'grid_supervisor', 'city_command'].map((r) => signIn(app, database.demo(r as 'admin'))))
})
afterAll(() => database?.dispose())

describe('the 持证上岗率 is computed from records', () => {
  // A certificate 10 days from expiry, relative to the database's clock (the seeded ones follow the seed's), held by
  // someone on a site of the grid supervisor's that is under way (a small city's busiest may have none).
  beforeAll(async () => {
    const [site] = await rows(sql<{ id: number }>`SELECT s.id FROM sites s WHERE ${inGrids(gs.user.userId)} ORDER BY s.id LIMIT 1`)
    await sql`UPDATE sites SET stage = 'main_structure' WHERE id = ${site.id}`.execute(database.db)
    const [person] = await rows(sql<{ id: number }>`SELECT id FROM people ORDER BY id LIMIT 1`)
    await sql`INSERT INTO site_staff (site_id, role, person_id, recorded_name, from_date)
      SELECT ${site.id}, 'safety_officer', id, name, current_date - 10 FROM people WHERE id = ${person.id}`.execute(database.db)
    await sql`INSERT INTO certificates (person_id, kind, number, issuer, issued_on, expires_on)
      VALUES (${person.id}, 'safety_c', 'TASK-EXPIRING-1', '江苏省住房和城乡建设厅', current_date - 1000, current_date + 10)`.execute(database.db)
  })

  it('the KPI, the per-area figures and each site\'s staff agree with the domain rules applied here', async () => {
    const sites = await certificationFromRecords()
    expect(sites.length).toBeGreaterThan(50)
    const expected = rateOf(sites)
    // Bounds only: seeded certificates expire as the real clock runs past the seed's.
    expect(expected).toBeGreaterThan(0)
    expect(expected).toBeLessThanOrEqual(1)
    const kpis = await (await command.request('/api/kpis')).json()
    expect(kpis.targets.certificateRate).toBeCloseTo(expected, 4)
    const city = await (await command.request('/api/certification?by=city')).json()
    expect(city.areas[0]).toMatchObject({ required: sites.reduce((n, s) => n + s.required, 0), filled: sites.reduce((n, s) => n + s.filled, 0) })
    const districts = (await (await command.request('/api/certification?by=district')).json()).areas as { sites: number }[]
    expect(districts.reduce((n, d) => n + d.sites, 0)).toBe(sites.length)
    const short = sites.find((s) => s.filled < s.required)!
    const staff = await (await admin.request(`/api/sites/${short.id}/staff`)).json()
    expect(staff).toMatchObject({ required: short.required, filled: short.filled })
  })

  it('a grid supervisor\'s figures cover only their own sites', async () => {
    const own = await certificationFromRecords(inGrids(gs.user.userId))
    const grids = (await (await gs.request('/api/certification?by=grid')).json()).areas as { sites: number; required: number }[]
    expect(grids.reduce((n, g) => n + g.sites, 0)).toBe(own.length)
    expect(grids.reduce((n, g) => n + g.required, 0)).toBe(own.reduce((n, s) => n + s.required, 0))
  })
})

describe('people in scope, masked', () => {
  it('a grid supervisor lists only people staffed on their own sites, masked; another person is not found', async () => {
    const body = await (await gs.request('/api/people?limit=500')).json()
    const expected = await rows(sql<{ id: number }>`SELECT DISTINCT st.person_id AS id FROM site_staff st JOIN sites s ON s.id = st.site_id
      WHERE st.person_id IS NOT NULL AND ${inGrids(gs.user.userId)}`)
    expect(body.total).toBe(expected.length)
    for (const p of body.people) expect(p.idNumberMasked).toMatch(/^[0-9]{4}\*{10}[0-9]{3}[0-9X]$/)
    expect(JSON.stringify(body)).not.toMatch(/[0-9]{17}[0-9X]/)
    const [outsider] = await rows(sql<{ id: number }>`SELECT p.id FROM people p WHERE p.id NOT IN (${sql.join(expected.map((e) => e.id))}) ORDER BY p.id LIMIT 1`)
    expect((await gs.request(`/api/people/${outsider.id}`)).status).toBe(404)
    const mine = await (await gs.request(`/api/people/${body.people[0].id}`)).json()
    expect(mine.idNumber).toBeNull()
    expect((await (await admin.request(`/api/people/${body.people[0].id}`)).json()).idNumber).toMatch(/^[0-9]{17}[0-9X]$/)
  })

  it('the grid supervisor\'s task list holds the certificates expiring within 30 days on their active sites', async () => {
    const zone = await (await gs.request('/api/my-zone')).json()
    const expected = await rows(sql<{ id: number; site_id: number }>`SELECT c.id, st.site_id FROM certificates c
      JOIN site_staff st ON st.person_id = c.person_id AND st.to_date IS NULL JOIN sites s ON s.id = st.site_id
      WHERE s.stage <> 'completed' AND ${inGrids(gs.user.userId)} AND c.revoked_on IS NULL
        AND c.expires_on BETWEEN (now() AT TIME ZONE 'Asia/Shanghai')::date AND (now() AT TIME ZONE 'Asia/Shanghai')::date + 30
        AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id)`)
    expect(expected.length).toBeGreaterThan(0)
    const listed = zone.tasks.expiringCertificates as { certificateId: number; siteId: number; daysLeft: number }[]
    expect(listed.map((c) => `${c.certificateId}:${c.siteId}`).sort()).toEqual(expected.map((e) => `${e.id}:${e.site_id}`).sort())
    for (const c of listed) expect(c.daysLeft).toBeGreaterThanOrEqual(0)
  })

  it('filters by certificates expiring within 30 days', async () => {
    const body = await (await command.request('/api/people?expiring=true&limit=500')).json()
    expect(body.total).toBeGreaterThan(0)
    for (const p of body.people.slice(0, 10)) {
      const person = await (await command.request(`/api/people/${p.id}`)).json()
      expect(person.certificates.some((c: { daysLeft: number; revokedOn: string | null; replacedById: number | null }) =>
        c.daysLeft >= 0 && c.daysLeft <= 30 && c.revokedOn === null && c.replacedById === null)).toBe(true)
    }
  })
})

describe('admin writes', () => {
  const idNumber = makeIdNumber('320508', '19850317', 123)
  let personId: number

  it('refuses a bad ID number naming the problem, writes nothing; adds a person; refuses a duplicate', async () => {
    const before = await count('people')
    const bad = await admin.post('/api/people', { idNumber: idNumber.slice(0, 17) + (idNumber[17] === '0' ? '1' : '0'), name: '测试人', employerId: null })
    expect(bad.status).toBe(400)
    expect(JSON.stringify((await bad.json()).error.details)).toContain('check_char')
    expect((await admin.post('/api/people', { idNumber: '3205081985021', name: '测试人', employerId: null })).status).toBe(400)
    expect((await gs.post('/api/people', { idNumber, name: '测试人', employerId: null })).status).toBe(403)
    expect(await count('people')).toBe(before)
    const created = await admin.post('/api/people', { idNumber: idNumber.toLowerCase(), name: '测试人', employerId: null })
    expect(created.status).toBe(201)
    personId = (await created.json()).id
    const dup = await admin.post('/api/people', { idNumber, name: '另一人', employerId: null })
    expect(dup.status).toBe(409)
    expect(await count('people')).toBe(before + 1)
  })

  it('renews a certificate keeping its history; a second renewal of the same one or a different kind is refused', async () => {
    const first = await (await admin.post(`/api/people/${personId}/certificates`, { kind: 'safety_c', number: 'TEST-C-0001', issuer: '江苏省住建厅', issuedOn: '2021-01-01', expiresOn: '2024-01-01' })).json()
    const renew = { kind: 'safety_c', number: 'TEST-C-0002', issuer: '江苏省住建厅', issuedOn: '2024-01-01', expiresOn: '2027-01-01', replacesId: first.id }
    const second = await admin.post(`/api/people/${personId}/certificates`, renew)
    expect(second.status).toBe(201)
    expect((await admin.post(`/api/people/${personId}/certificates`, { ...renew, number: 'TEST-C-0003' })).status).toBe(409)
    expect((await admin.post(`/api/people/${personId}/certificates`, { ...renew, kind: 'safety_b', number: 'TEST-B-0003' })).status).toBe(422)
    expect((await admin.post(`/api/people/${personId}/certificates`, { ...renew, number: 'TEST-C-0002', replacesId: null })).status).toBe(409)
    expect((await admin.post(`/api/people/${personId}/certificates`, { ...renew, number: 'X', expiresOn: '2020-01-01' })).status).toBe(400)
    const person = await (await admin.request(`/api/people/${personId}`)).json()
    expect(person.certificates.map((c: { number: string; replacesId: number | null; replacedById: number | null }) => [c.number, c.replacesId, c.replacedById]))
      .toEqual([['TEST-C-0001', null, (await second.clone().json()).id], ['TEST-C-0002', first.id, null]])
  })
})

describe('site staff', () => {
  it('refuses a project manager of another active site (409) until that assignment ends; flags the seeded doubles', async () => {
    const flags = await (await command.request('/api/people/flags/project-managers')).json()
    expect(flags.people.length).toBeGreaterThan(0)
    const [pm] = await rows(sql<{ person_id: number; site_id: number; staff_id: number }>`SELECT st.person_id, st.site_id, st.id AS staff_id FROM site_staff st JOIN sites s ON s.id = st.site_id
      WHERE st.role = 'project_manager' AND st.to_date IS NULL AND st.person_id IS NOT NULL AND s.stage <> 'completed'
        AND st.person_id NOT IN (${sql.join(flags.people.map((p: { personId: number }) => p.personId))}) ORDER BY st.id LIMIT 1`)
    const [other] = await rows(sql<{ id: number }>`SELECT id FROM sites WHERE stage <> 'completed' AND id <> ${pm.site_id} ORDER BY id DESC LIMIT 1`)
    const staffBefore = await count('site_staff')
    const busy = await admin.post(`/api/sites/${other.id}/staff`, { personId: pm.person_id, role: 'project_manager', fromDate: '2026-11-01' })
    expect(busy.status).toBe(409)
    expect((await busy.json()).error.code).toBe('project_manager_busy')
    expect((await command.post(`/api/sites/${other.id}/staff`, { personId: pm.person_id, role: 'safety_officer', fromDate: '2026-11-01' })).status).toBe(403)
    expect(await count('site_staff')).toBe(staffBefore)
    expect((await admin.post(`/api/sites/${pm.site_id}/staff/${pm.staff_id}/end`, { toDate: '1990-01-01' })).status).toBe(422)
    expect((await admin.post(`/api/sites/${pm.site_id}/staff/${pm.staff_id}/end`, { toDate: '2026-11-20' })).status).toBe(200)
    const moved = await admin.post(`/api/sites/${other.id}/staff`, { personId: pm.person_id, role: 'project_manager', fromDate: '2026-11-21' })
    expect(moved.status).toBe(201)
    const staff = await moved.json()
    expect(staff.staff.find((s: { personId: number }) => s.personId === pm.person_id)).toMatchObject({ role: 'project_manager', idNumberMasked: expect.stringContaining('**********') })
  })
})

describe('the certificate sweep', () => {
  it('settled the seeded city as of its own clock, not today: the same city whatever day it is built', async () => {
    const found = await rows(sql<{ found_at: string; deadline: string; n: number }>`SELECT found_at::text, deadline::text, count(*)::int AS n
      FROM hazards WHERE raised_by = 'certificate' GROUP BY 1, 2`)
    const seeded = await rows(sql<{ at: string }>`SELECT ${TEST_NOW.toISOString()}::timestamptz::text AS at`)
    // TEST_NOW is 2026-11-24 in Beijing; a certificate hazard is due seven days after it is found.
    expect(found).toEqual([{ found_at: seeded[0].at, deadline: '2026-12-01', n: expect.any(Number) }])
    expect(found[0].n).toBeGreaterThan(0)
  })

  it('raises one hazard for an expired certificate on an active site, and not twice', async () => {
    const [target] = await rows(sql<{ cert_id: number; site_id: number }>`SELECT c.id AS cert_id, st.site_id FROM certificates c
      JOIN site_staff st ON st.person_id = c.person_id AND st.to_date IS NULL AND st.role = 'safety_officer' JOIN sites s ON s.id = st.site_id
      WHERE s.stage <> 'completed' AND c.kind = 'safety_c' AND c.revoked_on IS NULL AND c.expires_on > current_date + 40
        AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id) ORDER BY c.id LIMIT 1`)
    await sweepCertificates(database.db)
    await sql`UPDATE certificates SET expires_on = current_date - 3 WHERE id = ${target.cert_id}`.execute(database.db)
    const first = await sweepCertificates(database.db)
    expect(first.raised).toBe(1)
    expect((await sweepCertificates(database.db)).raised).toBe(0)
    const hazards = await rows(sql<{ site_id: number; category: string }>`SELECT site_id, category FROM hazards WHERE raised_by = 'certificate' AND source_ref = ${`certificate:${target.cert_id}:site:${target.site_id}`}`)
    expect(hazards).toEqual([{ site_id: target.site_id, category: '管理人员证书过期' }])
  })
})

describe('importing a personnel ledger', () => {
  it('the dry run names a bad ID number and an unknown employer; the commit writes the good rows with their certificate', async () => {
    const [firm] = await rows(sql<{ credit_code: string; id: number }>`SELECT credit_code, id FROM enterprises ORDER BY id LIMIT 1`)
    const good = makeIdNumber('320583', '19800606', 61)
    const none = { 证书类型: '', 证书编号: '', 发证机关: '', 发证日期: '', 有效期至: '' }
    const ledger: Rows = [
      { 身份证号: good, 姓名: '导入甲', 所在单位: firm.credit_code, 证书类型: '安全生产考核合格证书C', 证书编号: 'IMP-C-0001', 发证机关: '江苏省住建厅', 发证日期: '2025-01-01', 有效期至: '2028-01-01' },
      { 身份证号: good.slice(0, 17) + (good[17] === '1' ? '2' : '1'), 姓名: '导入乙', 所在单位: '', ...none },
      { 身份证号: makeIdNumber('320583', '19800607', 62), 姓名: '导入丙', 所在单位: '不存在的公司', ...none },
    ]
    const before = await count('people')
    const dry = await (await postImport(admin, 'people', csvFile(ledger))).json()
    expect(dry.totals).toMatchObject({ rows: 3, create: 2, reject: 1 })
    expect(JSON.stringify(dry.rows)).toContain('invalid_id_number')
    expect(JSON.stringify(dry.rows)).toContain('unknown_employer')
    expect(await count('people')).toBe(before)
    const done = await (await postImport(admin, 'people', csvFile(ledger), { mode: 'commit', skipRejected: 'true' })).json()
    expect(done.committed).toBe(true)
    const [made] = await rows(sql<{ employer_id: number; n: number }>`SELECT p.employer_id, (SELECT count(*)::int FROM certificates c WHERE c.person_id = p.id AND c.number = 'IMP-C-0001') AS n
      FROM people p WHERE p.id_number = ${good}`)
    expect(made).toEqual({ employer_id: firm.id, n: 1 })
    expect(await count('people')).toBe(before + 2)
  })
})
