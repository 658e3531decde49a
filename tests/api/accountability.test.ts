import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseActionCode } from '../../server/domain/accountability.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Accountability end to end: the seeded actions and accidents; issuing a numbered action that snapshots its
 * district's figures; the district's one reply (late when late); accidents' investigation and 一案双查 penalties;
 * bad input refused with nothing written; scope; audit; exports; the ranking and the wall's block.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession, command: ApiSession, planner: ApiSession, district: ApiSession, grid: ApiSession
let own: number, far: number, ownSite: number

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  ;[admin, command, planner, district, grid] = await Promise.all(
    (['admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor'] as const).map((role) => signIn(app, database.demo(role))))
  own = district.user.districtId!
  far = (await sql<{ id: number }>`SELECT id FROM districts WHERE id <> ${own} ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
  ownSite = (await sql<{ id: number }>`SELECT s.id FROM sites s JOIN grid_supervisors gs ON gs.grid_id = s.grid_id
    WHERE gs.user_id = ${grid.user.userId} AND s.stage <> 'completed' ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0].id
})
afterAll(() => database?.dispose())

const day = (days: number) => beijingDay(addDays(new Date(), days))
const counts = async () => (await sql<{ f: string }>`SELECT concat_ws(',', (SELECT count(*) FROM accountability_actions), (SELECT count(*) FROM accident_penalties),
  (SELECT count(*) FROM audit_log), (SELECT string_agg(investigation || coalesce(investigation_closed_on::text, ''), '|' ORDER BY id) FROM accidents)) AS f`.execute(database.db)).rows[0].f
/** A request that must be refused with this status and code, and write nothing. */
const refused = async (send: () => Promise<Response>, status: number, code: string) => {
  const before = await counts()
  const res = await send()
  const body = await res.json()
  expect([res.status, body.error?.code]).toEqual([status, code])
  expect(await counts()).toBe(before)
  return body.error
}
const audits = async (entity: string, entityId: number) => (await sql<{ action: string }>`SELECT action FROM audit_log
  WHERE entity = ${entity} AND entity_id = ${String(entityId)} ORDER BY id`.execute(database.db)).rows.map((r) => r.action)
const newAccident = async (siteId = ownSite, daysAgo = 30) => {
  const res = await admin.post('/api/credit/accidents', { siteId, occurredAt: addDays(new Date(), -daysAgo).toISOString(), grade: 'general', deaths: 0, injuries: 1, description: '物体打击，一人受伤' })
  expect(res.status).toBe(201)
  return (await res.json()).id as number
}

describe('the seed', () => {
  it('has a letter replied on time, a talk awaiting its reply, a notice overdue, each numbered in its series', async () => {
    const { actions } = await (await admin.request('/api/accountability/actions')).json()
    expect(actions.map((a: { kind: string; state: string }) => `${a.kind}:${a.state}`).sort())
      .toEqual(['formal_talk:pending', 'public_notice:overdue', 'supervision_letter:on_time'])
    for (const a of actions) expect(parseActionCode(a.code)).toMatchObject({ kind: a.kind, n: 1 })
    expect(actions.every((a: { statistics: { asOf: string } }) => /^\d{4}-\d{2}-\d{2}$/.test(a.statistics.asOf))).toBe(true)
  })

  it('has an accident investigated on both sides and one still running', async () => {
    const { accidents } = await (await admin.request('/api/accountability/accidents')).json()
    const followed = accidents.filter((a: { penalties: number }) => a.penalties > 0)
    expect(followed.map((a: { doubleInvestigation: { complete: boolean } }) => a.doubleInvestigation.complete).sort()).toEqual([false, true])
    const closed = followed.find((a: { investigationClosedOn: string | null }) => a.investigationClosedOn)
    const detail = await (await admin.request(`/api/accountability/accidents/${closed.id}`)).json()
    expect(detail.penalties.some((p: { topOfRange: boolean; penalty: string }) => p.topOfRange && p.penalty === 'fine')).toBe(true)
  })
})

describe('actions', () => {
  it('issues a numbered letter citing the district\'s figures as they stood, and keeps them as they were', async () => {
    const figures = (await (await admin.request('/api/accountability/districts')).json()).districts.find((d: { districtId: number }) => d.districtId === own)
    const res = await command.post('/api/accountability/actions', { districtId: own, kind: 'supervision_letter', reason: '逾期隐患较多，限期整改' })
    expect(res.status).toBe(201)
    const action = await res.json()
    expect(parseActionCode(action.code)).toMatchObject({ kind: 'supervision_letter', year: Number(day(0).slice(0, 4)) })
    expect(action).toMatchObject({ districtId: own, state: 'pending', deadline: day(15), reply: null })
    expect(action.statistics).toMatchObject({ asOf: day(0), accidents12m: figures.accidents12m, overdueHazards: figures.overdueHazards, concern: figures.concern })
    const second = await (await admin.post('/api/accountability/actions', { districtId: far, kind: 'supervision_letter', reason: '第二份督办函', deadline: day(20) })).json()
    expect(parseActionCode(second.code)!.n).toBe(parseActionCode(action.code)!.n + 1)
    await newAccident()
    const again = await (await admin.request(`/api/accountability/actions/${action.id}`)).json()
    expect(again.statistics).toEqual(action.statistics)
    const now = (await (await admin.request('/api/accountability/districts')).json()).districts.find((d: { districtId: number }) => d.districtId === own)
    expect(now.accidents12m).toBe(figures.accidents12m + 1)
    expect(await audits('accountability_action', action.id)).toEqual(['issue'])
  })

  it('refuses bad input clearly and writes nothing', async () => {
    const post = (body: object, who = admin) => () => who.post('/api/accountability/actions', body)
    const base = { districtId: own, kind: 'formal_talk', reason: '约谈事由' }
    await refused(post({ ...base, deadline: day(0) }), 422, 'deadline_out_of_range')
    await refused(post({ ...base, deadline: day(120) }), 422, 'deadline_out_of_range')
    await refused(post({ ...base, kind: 'fine' }), 400, 'invalid_request')
    await refused(post({ ...base, reason: '<b>约谈</b>' }), 400, 'invalid_request')
    await refused(post({ ...base, extra: 1 }), 400, 'invalid_request')
    await refused(post({ ...base, deadline: '2026-02-30' }), 400, 'invalid_request')
    await refused(post({ ...base, districtId: 999_999 }), 404, 'not_found')
    const elsewhere = (await sql<{ id: number }>`SELECT id FROM accidents WHERE district_id <> ${own} ORDER BY id LIMIT 1`.execute(database.db)).rows[0]
    if (elsewhere) await refused(post({ ...base, accidentId: elsewhere.id }), 422, 'accident_not_in_district')
    await refused(post(base, planner), 403, 'forbidden')
    await refused(post(base, district), 403, 'forbidden')
  })

  it('takes the district\'s one reply, from its own supervisor only, and marks a late one', async () => {
    const action = await (await admin.post('/api/accountability/actions', { districtId: own, kind: 'public_notice', reason: '通报批评事由' })).json()
    const reply = (who: ApiSession, id = action.id) => () => who.post(`/api/accountability/actions/${id}/reply`, { reply: '已整改完毕，报告如下' })
    await refused(reply(admin), 403, 'forbidden')
    await refused(reply(grid), 403, 'forbidden')
    await refused(() => district.post(`/api/accountability/actions/${action.id}/reply`, { reply: 'x' }), 400, 'invalid_request')
    const res = await reply(district)()
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ state: 'on_time', reply: '已整改完毕，报告如下', repliedBy: expect.any(String) })
    await refused(reply(district), 409, 'already_replied')
    expect(await audits('accountability_action', action.id)).toEqual(['issue', 'reply'])

    const late = await (await admin.post('/api/accountability/actions', { districtId: own, kind: 'formal_talk', reason: '约谈告诫事由' })).json()
    await sql`UPDATE accountability_actions SET deadline = current_date - 3 WHERE id = ${late.id}`.execute(database.db)
    expect((await (await district.request(`/api/accountability/actions/${late.id}`)).json()).state).toBe('overdue')
    expect(await (await reply(district, late.id)()).json()).toMatchObject({ state: 'late' })
  })

  it('shows a district only its own actions; another district\'s are not found', async () => {
    const farAction = await (await admin.post('/api/accountability/actions', { districtId: far, kind: 'formal_talk', reason: '外区约谈' })).json()
    const { actions } = await (await district.request('/api/accountability/actions')).json()
    expect(actions.length).toBeGreaterThan(0)
    expect(actions.every((a: { districtId: number }) => a.districtId === own)).toBe(true)
    await refused(() => district.request(`/api/accountability/actions/${farAction.id}`), 404, 'not_found')
    await refused(() => district.post(`/api/accountability/actions/${farAction.id}/reply`, { reply: '外区回复' }), 404, 'not_found')
    const { districts } = await (await district.request('/api/accountability/districts')).json()
    expect(districts.map((d: { districtId: number }) => d.districtId)).toEqual([own])
  })

  it('filters by state and exports as CSV', async () => {
    const { actions } = await (await admin.request('/api/accountability/actions?state=overdue')).json()
    expect(actions.length).toBeGreaterThan(0)
    expect(actions.every((a: { state: string }) => a.state === 'overdue')).toBe(true)
    const res = await admin.request('/api/accountability/actions/export?format=csv&state=overdue')
    expect(res.headers.get('content-type')).toContain('text/csv')
    const text = await res.text()
    expect(text).toContain('文号')
    expect(text).toContain(actions[0].code)
    expect(text).toContain('逾期未回复')
  })
})

describe('accidents', () => {
  it('records the investigation and penalties to both sides, audited', async () => {
    const id = await newAccident(ownSite, 40)
    const firm = (await sql<{ id: number; name: string }>`SELECT id, name FROM enterprises ORDER BY id LIMIT 1`.execute(database.db)).rows[0]
    const penalize = (body: object) => command.post(`/api/accountability/accidents/${id}/penalties`, { partyRole: '施工总承包单位', decidedOn: day(-1), ...body })
    let res = await penalize({ partyKind: 'enterprise', enterpriseId: firm.id, penalty: 'fine', amountYuan: 500000, topOfRange: true })
    expect(res.status).toBe(201)
    let accident = await res.json()
    expect(accident.penalties[0]).toMatchObject({ partyName: firm.name, amountYuan: 500000, topOfRange: true })
    expect(accident.doubleInvestigation).toEqual({ responsible: 1, officials: 0, complete: false })
    res = await penalize({ partyKind: 'official', partyName: '监督站 李某', partyRole: '属地监督员', penalty: 'demerit' })
    expect((await res.json()).doubleInvestigation.complete).toBe(true)
    res = await admin.post(`/api/accountability/accidents/${id}/investigation`, { investigation: '经调查，临边防护缺失，监理未履职，监督检查不到位。', closedOn: day(-1) }, 'PUT')
    expect(res.status).toBe(200)
    accident = await res.json()
    expect(accident.investigationClosedOn).toBe(day(-1))
    res = await admin.request(`/api/accountability/accidents/${id}/penalties/${accident.penalties[1].id}`, { method: 'DELETE' })
    expect((await res.json()).doubleInvestigation.complete).toBe(false)
    expect(await audits('accident', id)).toEqual(['create', 'penalize', 'penalize', 'investigate', 'withdraw_penalty'])
    const { accidents } = await (await admin.request('/api/accountability/accidents?open=false')).json()
    expect(accidents.map((a: { id: number }) => a.id)).toContain(id)
  })

  it('charges a penalised firm\'s credit in its role on the site, a 顶格 penalty twice', async () => {
    const contractor = (await sql<{ id: number }>`SELECT enterprise_id AS id FROM site_parties sp JOIN sites s ON s.id = sp.site_id
      WHERE sp.role = 'contractor' AND sp.enterprise_id IS NOT NULL AND s.district_id = ${own} ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0].id
    const site = (await sql<{ id: number }>`SELECT site_id AS id FROM site_parties WHERE role = 'contractor' AND enterprise_id = ${contractor} ORDER BY site_id LIMIT 1`.execute(database.db)).rows[0].id
    const units = async () => {
      expect((await admin.request('/api/credit/recompute', { method: 'POST' })).status).toBe(200)
      const { current } = await (await admin.request(`/api/credit/enterprises/${contractor}`)).json()
      return current.breakdown.find((c: { factor: string; role: string }) => c.factor === 'accidentPenalties' && c.role === 'contractor')?.units ?? 0
    }
    const before = await units()
    const id = await newAccident(site, 25)
    const res = await admin.post(`/api/accountability/accidents/${id}/penalties`,
      { partyKind: 'enterprise', enterpriseId: contractor, partyRole: '施工总承包单位', penalty: 'fine', amountYuan: 200000, topOfRange: true, decidedOn: day(-1) })
    expect(res.status).toBe(201)
    expect(await units()).toBe(before + 2)
  })

  it('refuses what does not fit and writes nothing', async () => {
    const id = await newAccident(ownSite, 20)
    const penalize = (body: object, who = admin) => () => who.post(`/api/accountability/accidents/${id}/penalties`,
      { partyKind: 'enterprise', partyName: '某建设公司', partyRole: '施工单位', penalty: 'fine', amountYuan: 1000, decidedOn: day(-1), ...body })
    await refused(penalize({ partyKind: 'official' }), 422, 'penalty_not_for_party')
    await refused(penalize({ amountYuan: null }), 422, 'fine_needs_amount')
    await refused(penalize({ penalty: 'warning' }), 422, 'amount_only_for_fine')
    await refused(penalize({ penalty: 'credit_record', amountYuan: null, topOfRange: true }), 422, 'top_of_range_not_ranged')
    await refused(penalize({ decidedOn: day(-30) }), 422, 'day_out_of_range')
    await refused(penalize({ decidedOn: day(2) }), 422, 'day_out_of_range')
    await refused(penalize({ enterpriseId: 999_999_999 }), 422, 'unknown_party')
    await refused(penalize({ personId: 5 }), 400, 'invalid_request')
    await refused(penalize({ amountYuan: -5 }), 400, 'invalid_request')
    await refused(penalize({}, district), 403, 'forbidden')
    const investigate = (body: object) => () => admin.post(`/api/accountability/accidents/${id}/investigation`, body, 'PUT')
    await refused(investigate({ investigation: '', closedOn: day(-1) }), 422, 'investigation_empty')
    await refused(investigate({ investigation: '调查结论：临边防护缺失导致事故', closedOn: day(-25) }), 422, 'day_out_of_range')
    await refused(() => admin.request('/api/accountability/accidents/999999999/penalties/1', { method: 'DELETE' }), 404, 'not_found')
  })

  it('is read by whoever reads its site, and not found elsewhere', async () => {
    const id = await newAccident(ownSite, 10)
    expect((await grid.request(`/api/accountability/accidents/${id}`)).status).toBe(200)
    const farSite = (await sql<{ id: number }>`SELECT id FROM sites WHERE district_id = ${far} AND stage <> 'completed' ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
    const farId = await newAccident(farSite, 10)
    await refused(() => district.request(`/api/accountability/accidents/${farId}`), 404, 'not_found')
    const { accidents } = await (await grid.request('/api/accountability/accidents')).json()
    expect(accidents.map((a: { id: number }) => a.id)).toContain(id)
    expect(accidents.map((a: { id: number }) => a.id)).not.toContain(farId)
    const xlsx = await admin.request('/api/accountability/accidents/export?format=xlsx')
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
  })
})

describe('the ranking and the wall', () => {
  it('ranks districts with accidents (12 months) and open actions, and reports recent actions and accidents', async () => {
    const kpis = await (await admin.request('/api/kpis')).json()
    const [open] = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM accountability_actions WHERE reply IS NULL AND district_id = ${own}`.execute(database.db)).rows
    const row = kpis.districtRanking.find((r: { districtId: number }) => r.districtId === own)
    expect(row).toMatchObject({ openActions: open.n, accidents12m: expect.any(Number) })
    expect(row.accidents12m).toBeGreaterThanOrEqual(3)
    expect(kpis.accountability.recentActions.length).toBeGreaterThan(0)
    expect(kpis.accountability.recentAccidents.length).toBeGreaterThan(0)
    expect(kpis.accountability.overdueReplies).toBeGreaterThanOrEqual(1)
  })
})
