import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * The third-party patrol pilot: admin records a contract with a supervision firm; the district station that bought
 * it assigns tasks on sites of its area; the firm's patrol account reports on them (a third-party inspection) with
 * findings, which become hazards only once a supervisor in scope confirms them; the firm's performance counts it all.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession, command: ApiSession, planner: ApiSession, station: ApiSession, otherStation: ApiSession, grid: ApiSession, otherGrid: ApiSession
let patrol: ApiSession, otherPatrol: ApiSession
let contractId: number, otherContractId: number, sipId: number, firmId: number, farSite: number

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const count = async (from: string) => Number((await one(sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.raw(from)}`)).n)
const written = async () => Promise.all(['patrol_contracts', 'patrol_tasks', 'patrol_findings', 'inspections', 'hazards', 'audit_log', 'users'].map(count))
const post = (who: ApiSession, path: string, body: object) => who.request(path, { method: 'POST', body: JSON.stringify(body) })
const refused = async (res: Response | Promise<Response>, status: number, code: string, before: number[]) => {
  const r = await res
  expect(r.status).toBe(status)
  expect((await r.json()).error.code).toBe(code)
  expect(await written()).toEqual(before)
}
const SHEET = { checklist: { enclosure: true, stockpile_cover: false, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
  scoreSheet: { safety_management: 35, site_safety: 26, dust_control: 14, civilised_construction: 8 } }
const inDays = (n: number) => beijingDay(addDays(new Date(), n))
const report = (findings: object[] = [], extra: object = {}) => ({ inspectedAt: new Date().toISOString(), ...SHEET, notes: '巡查记录', findings, ...extra })
const finding = (extra: object = {}) => ({ severity: 'general', category: '临边防护', description: '五层临边防护缺失', proposedDeadline: inDays(7), ...extra })

/** A site of the contract's area with no task open, under way since long ago. */
async function freeSite(): Promise<number> {
  return (await one(sql<{ id: number }>`SELECT s.id FROM sites s, patrol_contracts pc WHERE pc.id = ${contractId} AND ST_Intersects(s.location, pc.area)
    AND s.stage <> 'completed' AND s.start_date <= current_date - 30
    AND NOT EXISTS (SELECT 1 FROM patrol_tasks t WHERE t.site_id = s.id AND t.status = 'assigned') ORDER BY s.id LIMIT 1`)).id
}
async function assign(siteId?: number, extra: object = {}) {
  const res = await post(station, '/api/patrol/tasks', { contractId, siteIds: [siteId ?? await freeSite()], note: '重点查临边', ...extra })
  expect(res.status).toBe(201)
  return (await res.json())[0]
}
/** A fresh pending finding, through the API: a task assigned and reported. */
async function pendingFinding(extra: object = {}) {
  const task = await assign()
  const res = await post(patrol, `/api/patrol/tasks/${task.id}/report`, report([finding(extra)]))
  expect(res.status).toBe(201)
  return { task, findingId: (await res.json()).findings[0].id as number }
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  for (const [role, set] of [['admin', (s: ApiSession) => { admin = s }], ['city_command', (s: ApiSession) => { command = s }], ['planner', (s: ApiSession) => { planner = s }]] as const) {
    set(await signIn(app, database.demo(role)))
  }
  sipId = (await one(sql<{ id: number }>`SELECT id FROM districts WHERE adcode = 320571`)).id
  const seeded = await one(sql<{ id: number; enterprise_id: number }>`SELECT id, enterprise_id FROM patrol_contracts WHERE district_id = ${sipId} ORDER BY id LIMIT 1`)
  contractId = seeded.id
  firmId = seeded.enterprise_id
  const otherDistrict = (await one(sql<{ id: number }>`SELECT id FROM districts WHERE id <> ${sipId} ORDER BY id LIMIT 1`)).id
  farSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE district_id = ${otherDistrict} ORDER BY id LIMIT 1`)).id
  const sipGrids = (await sql<{ id: number }>`SELECT id FROM grids WHERE district_id = ${sipId}`.execute(database.db)).rows.map((g) => g.id)
  const otherGridId = (await one(sql<{ id: number }>`SELECT id FROM grids WHERE district_id = ${otherDistrict} ORDER BY id LIMIT 1`)).id
  otherContractId = (await one(sql<{ id: number }>`INSERT INTO patrol_contracts (contract_no, enterprise_id, district_id, area, starts_on, ends_on, patrols_required)
    SELECT 'TEST-OTHER', ${firmId}, id, ST_Multi(geom), current_date - 10, current_date + 100, 10 FROM districts WHERE id = ${otherDistrict} RETURNING id`)).id
  await addUser(database.db, { username: 'test-sip-station', role: 'district_supervisor', districtId: sipId })
  await addUser(database.db, { username: 'test-other-station', role: 'district_supervisor', districtId: otherDistrict })
  await addUser(database.db, { username: 'test-sip-grid', role: 'grid_supervisor', districtId: sipId, gridIds: sipGrids })
  await addUser(database.db, { username: 'test-other-grid', role: 'grid_supervisor', districtId: otherDistrict, gridIds: [otherGridId] })
  await addUser(database.db, { username: 'test-other-patrol', role: 'patrol', patrolContractId: otherContractId })
  ;[station, otherStation, grid, otherGrid, otherPatrol] = await Promise.all(['test-sip-station', 'test-other-station', 'test-sip-grid', 'test-other-grid', 'test-other-patrol'].map((u) => signIn(app, u)))
  patrol = await signIn(app, database.demo('patrol'))
})
afterAll(() => database?.dispose())

describe('the seeded pilot', () => {
  it('has an SIP contract with a supervision firm, two patrol accounts (the demo one first), and two months of work', async () => {
    const contract = await one(sql<{ kinds: string[]; area_ok: boolean; accounts: string }>`SELECT e.kinds, ST_Equals(pc.area, ST_Multi(d.geom)) AS area_ok,
      (SELECT count(*) FROM users u WHERE u.patrol_contract_id = pc.id) AS accounts FROM patrol_contracts pc JOIN enterprises e ON e.id = pc.enterprise_id
      JOIN districts d ON d.id = pc.district_id WHERE pc.id = ${contractId}`)
    expect(contract.kinds).toContain('supervisor')
    expect(contract.area_ok).toBe(true)
    expect(Number(contract.accounts)).toBe(2)
    expect(database.demo('patrol')).toBe('patrol.sip01')
    const states = await one(sql<{ tasks: string[]; findings: string[] }>`SELECT
      (SELECT array_agg(DISTINCT status) FROM patrol_tasks WHERE contract_id = ${contractId}) AS tasks,
      (SELECT array_agg(DISTINCT status) FROM patrol_findings) AS findings`)
    expect(states.tasks).toEqual(expect.arrayContaining(['assigned', 'reported']))
    expect(states.findings).toEqual(expect.arrayContaining(['confirmed', 'rejected', 'pending']))
    // Every confirmed finding has its hazard, raised by the patrol, on the patrol's inspection; every report is the contract's.
    expect(await count(`patrol_findings f JOIN hazards h ON h.id = f.hazard_id WHERE h.raised_by <> 'patrol' OR h.source_ref <> 'patrol-finding:' || f.id OR h.inspection_id <> f.inspection_id`)).toBe(0)
    expect(await count(`patrol_tasks t JOIN inspections i ON i.id = t.inspection_id WHERE i.patrol_contract_id IS DISTINCT FROM t.contract_id`)).toBe(0)
  })
})

describe('contracts', () => {
  it('admin records one over the district by default; the firm must be a supervision firm and the area inside the district', async () => {
    const body = { contractNo: 'TEST-SIP-2027', enterpriseId: firmId, districtId: sipId, startsOn: inDays(-5), endsOn: inDays(360), patrolsRequired: 120 }
    let before = await written()
    const res = await post(admin, '/api/patrol/contracts', body)
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toMatchObject({ contractNo: 'TEST-SIP-2027', reportWithinDays: 3, districtId: sipId, performance: { done: 0, required: 120 } })
    expect(created.areaKm2).toBeGreaterThan(10)
    expect(await count(`audit_log WHERE entity = 'patrol_contract' AND entity_id = '${created.id}'`)).toBe(1)
    before = await written()
    await refused(post(admin, '/api/patrol/contracts', body), 409, 'conflict', before)
    const contractor = (await one(sql<{ id: number }>`SELECT id FROM enterprises WHERE NOT ('supervisor' = ANY(kinds)) ORDER BY id LIMIT 1`)).id
    await refused(post(admin, '/api/patrol/contracts', { ...body, contractNo: 'TEST-X1', enterpriseId: contractor }), 422, 'not_a_supervision_firm', before)
    const far = { type: 'Polygon', coordinates: [[[121.9, 31.0], [121.95, 31.0], [121.95, 31.05], [121.9, 31.0]]] }
    await refused(post(admin, '/api/patrol/contracts', { ...body, contractNo: 'TEST-X2', area: far }), 422, 'area_outside_district', before)
    await refused(post(admin, '/api/patrol/contracts', { ...body, contractNo: 'TEST-X3', endsOn: inDays(-10) }), 400, 'invalid_request', before)
    await refused(post(admin, '/api/patrol/contracts', { ...body, contractNo: 'TEST-X4', reportWithinDays: 0 }), 400, 'invalid_request', before)
    await refused(post(command, '/api/patrol/contracts', { ...body, contractNo: 'TEST-X5' }), 403, 'forbidden', before)
  })

  it('are read by the city\'s roles, the buying station and the firm\'s own accounts only', async () => {
    const ids = async (who: ApiSession) => (await (await who.request('/api/patrol/contracts')).json()).map((c: { id: number }) => c.id)
    expect(await ids(command)).toEqual(expect.arrayContaining([contractId, otherContractId]))
    expect(await ids(station)).toContain(contractId)
    expect(await ids(station)).not.toContain(otherContractId)
    expect(await ids(otherStation)).not.toContain(contractId)
    expect(await ids(patrol)).toEqual([contractId])
    expect((await planner.request('/api/patrol/contracts')).status).toBe(403)
    expect((await grid.request('/api/patrol/contracts')).status).toBe(403)
    expect((await otherStation.request(`/api/patrol/contracts/${contractId}/sites`)).status).toBe(404)
  })

  it('list the sites of the area: a patrol account sees those and nothing else of the portal', async () => {
    const sites = await (await patrol.request(`/api/patrol/contracts/${contractId}/sites`)).json()
    expect(sites.length).toBeGreaterThan(0)
    const outside = await count(`sites s WHERE s.id IN (${sites.map((s: { id: number }) => s.id).join(',')}) AND s.district_id <> ${sipId}`)
    expect(outside).toBe(0)
    expect((await patrol.request(`/api/patrol/contracts/${otherContractId}/sites`)).status).toBe(404)
    expect((await patrol.request('/api/sites?limit=5')).status).toBe(403)
  })
})

describe('tasks', () => {
  it('the buying station assigns them on sites of the area, one open per site, due within the contract\'s report time', async () => {
    const siteId = await freeSite()
    let before = await written()
    const task = await assign(siteId)
    expect(task).toMatchObject({ siteId, status: 'assigned', dueOn: inDays(3), note: '重点查临边', overdue: false, findings: [] })
    expect(await count(`audit_log WHERE entity = 'patrol_task' AND entity_id = '${task.id}' AND action = 'assign'`)).toBe(1)
    before = await written()
    await refused(post(station, '/api/patrol/tasks', { contractId, siteIds: [siteId] }), 409, 'task_open', before)
    await refused(post(station, '/api/patrol/tasks', { contractId, siteIds: [await freeSite()], dueOn: inDays(4) }), 422, 'invalid_due_date', before)
    await refused(post(station, '/api/patrol/tasks', { contractId, siteIds: [farSite] }), 404, 'not_found', before)
    await refused(post(admin, '/api/patrol/tasks', { contractId, siteIds: [farSite] }), 422, 'site_outside_contract', before)
    await refused(post(otherStation, '/api/patrol/tasks', { contractId, siteIds: [await freeSite()] }), 404, 'not_found', before)
    await refused(post(grid, '/api/patrol/tasks', { contractId, siteIds: [await freeSite()] }), 403, 'forbidden', before)
    await refused(post(patrol, '/api/patrol/tasks', { contractId, siteIds: [await freeSite()] }), 403, 'forbidden', before)
    await refused(post(station, '/api/patrol/tasks', { contractId, siteIds: [] }), 400, 'invalid_request', before)
    await refused(post(station, '/api/patrol/tasks', { contractId, siteIds: [await freeSite()], note: '<b>x</b>' }), 400, 'invalid_request', before)
  })

  it('the station cancels an open task once', async () => {
    const task = await assign()
    const res = await post(station, `/api/patrol/tasks/${task.id}/cancel`, { note: '工地停工' })
    expect(res.status).toBe(200)
    expect((await res.json()).status).toBe('cancelled')
    await refused(post(station, `/api/patrol/tasks/${task.id}/cancel`, {}), 409, 'task_closed', await written())
  })

  it('the patrol account reports: a third-party inspection whose findings wait for review, nothing becomes a hazard', async () => {
    const task = await assign()
    const mine = await (await patrol.request('/api/patrol/tasks?status=assigned')).json()
    expect(mine.map((t: { id: number }) => t.id)).toContain(task.id)
    expect(await (await otherPatrol.request('/api/patrol/tasks')).json()).toEqual([])
    let before = await written()
    await refused(post(patrol, `/api/patrol/tasks/${task.id}/report`, report([], { inspectedAt: addDays(new Date(), 1).toISOString() })), 400, 'date_in_future', before)
    await refused(post(patrol, `/api/patrol/tasks/${task.id}/report`, report([], { inspectedAt: addDays(new Date(), -2).toISOString() })), 422, 'before_assignment', before)
    await refused(post(patrol, `/api/patrol/tasks/${task.id}/report`, report([finding({ proposedDeadline: inDays(-3) })])), 400, 'invalid_deadline', before)
    await refused(post(patrol, `/api/patrol/tasks/${task.id}/report`, report([finding({ description: 'a\u0000b' })])), 400, 'invalid_request', before)
    await refused(post(patrol, `/api/patrol/tasks/${task.id}/report`, report([], { checklist: { ...SHEET.checklist, fireproof: true } })), 400, 'invalid_request', before)
    await refused(post(otherPatrol, `/api/patrol/tasks/${task.id}/report`, report()), 404, 'not_found', before)
    await refused(post(admin, `/api/patrol/tasks/${task.id}/report`, report()), 403, 'forbidden', before)
    const res = await post(patrol, `/api/patrol/tasks/${task.id}/report`, report([finding(), finding({ severity: 'major', category: '起重机械', description: '塔吊限位失效' })]))
    expect(res.status).toBe(201)
    const done = await res.json()
    expect(done).toMatchObject({ status: 'reported', onTime: true, score: 83, notes: '巡查记录', reportedBy: expect.any(String) })
    expect(done.findings.map((f: { status: string }) => f.status)).toEqual(['pending', 'pending'])
    const inspection = await one(sql<{ patrol_contract_id: number; inspector_id: number }>`SELECT patrol_contract_id, inspector_id FROM inspections WHERE id = ${done.inspectionId}`)
    expect(inspection).toEqual({ patrol_contract_id: contractId, inspector_id: patrol.user.userId })
    expect(await count(`hazards WHERE inspection_id = ${done.inspectionId}`)).toBe(0)
    expect(await count(`audit_log WHERE entity = 'patrol_task' AND entity_id = '${task.id}' AND action = 'report'`)).toBe(1)
    before = await written()
    await refused(post(patrol, `/api/patrol/tasks/${task.id}/report`, report()), 409, 'task_closed', before)
  })
})

describe('findings', () => {
  it('wait for a supervisor in scope: outside it they are not found; command and planners only read', async () => {
    const { findingId } = await pendingFinding()
    const pending = await (await station.request('/api/patrol/findings?status=pending')).json()
    expect(pending.map((f: { id: number }) => f.id)).toContain(findingId)
    const before = await written()
    await refused(post(otherGrid, `/api/patrol/findings/${findingId}/review`, { decision: 'confirm' }), 404, 'not_found', before)
    await refused(post(otherStation, `/api/patrol/findings/${findingId}/review`, { decision: 'confirm' }), 404, 'not_found', before)
    await refused(post(command, `/api/patrol/findings/${findingId}/review`, { decision: 'confirm' }), 403, 'forbidden', before)
    await refused(post(patrol, `/api/patrol/findings/${findingId}/review`, { decision: 'confirm' }), 403, 'forbidden', before)
    await refused(post(grid, `/api/patrol/findings/${findingId}/review`, { decision: 'reject', note: ' ' }), 422, 'note_required', before)
    await refused(post(grid, `/api/patrol/findings/${findingId}/review`, { decision: 'maybe' }), 400, 'invalid_request', before)
    expect((await (await command.request('/api/patrol/findings?status=pending')).json()).length).toBeGreaterThan(0)
  })

  it('confirmed, one becomes a hazard in the closed loop, raised by the patrol on its inspection; it cannot be reviewed twice', async () => {
    const { task, findingId } = await pendingFinding()
    const res = await post(grid, `/api/patrol/findings/${findingId}/review`, { decision: 'confirm', severity: 'major', deadline: inDays(5) })
    expect(res.status).toBe(200)
    const reviewed = await res.json()
    expect(reviewed).toMatchObject({ status: 'confirmed', reviewedBy: expect.any(String), hazardId: expect.any(Number) })
    const hazard = await one(sql<Record<string, unknown>>`SELECT raised_by, source_ref, inspection_id, severity, status, deadline::text AS deadline,
      (SELECT user_id FROM hazard_events WHERE hazard_id = h.id) AS opened_by FROM hazards h WHERE id = ${reviewed.hazardId}`)
    expect(hazard).toEqual({ raised_by: 'patrol', source_ref: `patrol-finding:${findingId}`, inspection_id: reviewed.inspectionId, severity: 'major',
      status: 'open', deadline: inDays(5), opened_by: grid.user.userId })
    const hazardRes = await grid.request(`/api/hazards/${reviewed.hazardId}`)
    expect(hazardRes.status).toBe(200)
    expect(await count(`audit_log WHERE entity = 'patrol_finding' AND entity_id = '${findingId}' AND action = 'confirm'`)).toBe(1)
    // The firm sees the outcome in its history.
    const history = await (await patrol.request('/api/patrol/tasks?status=reported')).json()
    expect(history.find((t: { id: number }) => t.id === task.id).findings[0]).toMatchObject({ status: 'confirmed', hazardId: reviewed.hazardId })
    await refused(post(station, `/api/patrol/findings/${findingId}/review`, { decision: 'reject', note: '重复' }), 409, 'already_reviewed', await written())
  })

  it('rejected with the reason, one opens nothing', async () => {
    const { findingId } = await pendingFinding()
    const hazards = await count('hazards')
    const res = await post(station, `/api/patrol/findings/${findingId}/review`, { decision: 'reject', note: '复核现场已整改到位' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'rejected', reviewNote: '复核现场已整改到位', hazardId: null })
    expect(await count('hazards')).toBe(hazards)
  })
})

describe('performance', () => {
  it('counts what the contract\'s tasks and findings say, against the contract pro rata and in full', async () => {
    const [contract] = (await (await station.request('/api/patrol/contracts')).json()).filter((c: { id: number }) => c.id === contractId)
    const truth = await one(sql<Record<string, string>>`SELECT
      (SELECT count(*) FROM patrol_tasks WHERE contract_id = ${contractId} AND status = 'reported') AS reported,
      (SELECT count(*) FROM patrol_tasks WHERE contract_id = ${contractId} AND status = 'assigned' AND due_on < (now() AT TIME ZONE 'Asia/Shanghai')::date) AS overdue,
      (SELECT count(*) FROM patrol_findings f JOIN inspections i ON i.id = f.inspection_id WHERE i.patrol_contract_id = ${contractId} AND f.status = 'confirmed') AS confirmed,
      (SELECT count(*) FROM patrol_findings f JOIN inspections i ON i.id = f.inspection_id WHERE i.patrol_contract_id = ${contractId} AND f.status = 'rejected') AS rejected`)
    expect(contract.counts).toMatchObject({ reported: Number(truth.reported), overdue: Number(truth.overdue), confirmed: Number(truth.confirmed), rejected: Number(truth.rejected) })
    const p = contract.performance
    expect(p.done).toBe(Number(truth.reported))
    expect(p.requiredToDate).toBeGreaterThan(0)
    expect(p.requiredToDate).toBeLessThan(p.required)
    expect(p.confirmedShare).toBeCloseTo(Number(truth.confirmed) / (Number(truth.confirmed) + Number(truth.rejected)), 2)
    expect(p.onTimeShare).toBeGreaterThan(0)
    expect(p.onTimeShare).toBeLessThanOrEqual(1)
  })
})

describe('the patrol ledger', () => {
  it('exports the tasks in scope with their outcome, at their sites', async () => {
    const csv = await station.request(`/api/patrol/tasks/export?format=csv&contractId=${contractId}`)
    expect(csv.status).toBe(200)
    expect(decodeURIComponent(csv.headers.get('content-disposition') ?? '')).toContain('第三方巡查台账')
    const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/)
    expect(lines[0]).toContain('合同编号')
    expect(lines.length - 1).toBe(await count(`patrol_tasks WHERE contract_id = ${contractId}`))
    const geojson = await (await patrol.request('/api/patrol/tasks/export?format=geojson')).json()
    expect(geojson.features.length).toBe(await count(`patrol_tasks WHERE contract_id = ${contractId}`))
    expect(geojson.features[0].geometry.type).toBe('Point')
    expect((await otherPatrol.request('/api/patrol/tasks/export?format=geojson').then((r) => r.json())).features).toEqual([])
    expect((await station.request('/api/patrol/tasks/export?format=pdf')).status).toBe(400)
  })
})

describe('patrol accounts in the admin\'s user form', () => {
  it('a patrol account needs a contract, and only a patrol account has one', async () => {
    const before = await written()
    await refused(post(admin, '/api/admin/users', { username: 'test-p1', displayName: '巡查员', role: 'patrol', password: 'Patrol-Account-2026!' }), 400, 'invalid_request', before)
    await refused(post(admin, '/api/admin/users', { username: 'test-p1', displayName: '巡查员', role: 'planner', patrolContractId: contractId, password: 'Patrol-Account-2026!' }), 400, 'invalid_request', before)
    await refused(post(admin, '/api/admin/users', { username: 'test-p1', displayName: '巡查员', role: 'patrol', patrolContractId: 999_999, password: 'Patrol-Account-2026!' }), 400, 'unknown_reference', before)
    const res = await post(admin, '/api/admin/users', { username: 'test-p1', displayName: '巡查员', role: 'patrol', patrolContractId: contractId, password: 'Patrol-Account-2026!' })
    expect(res.status).toBe(201)
    const user = await res.json()
    expect(user).toMatchObject({ role: 'patrol', patrolContractId: contractId })
    const signedIn = await signIn(app, 'test-p1', 'Patrol-Account-2026!')
    expect((await signedIn.request('/api/patrol/contracts')).status).toBe(200)
    const demoted = await admin.request(`/api/admin/users/${user.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'planner' }) })
    expect(demoted.status).toBe(200)
    expect(await demoted.json()).toMatchObject({ role: 'planner', patrolContractId: null })
    const back = await admin.request(`/api/admin/users/${user.id}`, { method: 'PATCH', body: JSON.stringify({ role: 'patrol' }) })
    expect(back.status).toBe(400)
  })
})
