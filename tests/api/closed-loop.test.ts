import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * The closed loop as the demo grid supervisor works it: a photo, an inspection that finds two hazards (one with
 * a notice), a hazard walked to closed through a failed verification, overdue escalation, and the audit trail.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let gs: ApiSession
let admin: ApiSession
let site: { id: number; lon: number; lat: number }
let png: Uint8Array<ArrayBuffer>
let photoId: number
let inspectionId: number
let hazardIds: number[]
let inspectorName: string

const day = (offset: number) => beijingDay(addDays(new Date(), offset))
const json = async (res: Response | Promise<Response>, status: number) => {
  const r = await res
  const body = await r.json()
  expect(r.status, JSON.stringify(body)).toBe(status)
  return body
}
const move = (id: number, body: Record<string, unknown>, session = gs) => session.post(`/api/hazards/${id}/transitions`, body)
const upload = (session: ApiSession, bytes: Uint8Array<ArrayBuffer>, siteId = site.id) => {
  const form = new FormData()
  form.set('siteId', String(siteId))
  form.set('file', new File([bytes], 'site.png', { type: 'image/png' }))
  return session.request('/api/photos', { method: 'POST', body: form })
}
const counts = async () => (await sql<{ f: string }>`SELECT concat_ws(',', (SELECT count(*) FROM inspections), (SELECT count(*) FROM hazards),
  (SELECT count(*) FROM hazard_events), (SELECT count(*) FROM notices), (SELECT count(*) FROM photos), (SELECT count(*) FROM audit_log),
  (SELECT string_agg(status, '' ORDER BY id) FROM hazards)) AS f`.execute(database.db)).rows[0].f
const setDeadline = (id: number, daysFromToday: number) =>
  sql`UPDATE hazards SET deadline = (now() AT TIME ZONE 'Asia/Shanghai')::date + ${daysFromToday}::int WHERE id = ${id}`.execute(database.db)

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  gs = await signIn(app, database.demo('grid_supervisor'))
  admin = await signIn(app, database.demo('admin'))
  inspectorName = (await json(gs.request('/api/auth/me'), 200)).user.displayName
  site = (await sql<{ id: number; lon: number; lat: number }>`SELECT s.id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM sites s
    WHERE s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.user.userId}) AND s.start_date <= current_date - 30
    ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0]
  const image = new PNG({ width: 8, height: 8 })
  image.data.fill(0x7f)
  png = new Uint8Array(PNG.sync.write(image))
})
afterAll(() => database?.dispose())

describe('recording an inspection', () => {
  it('stores an uploaded PNG, found by its bytes', async () => {
    const stored = await json(upload(gs, png), 201)
    expect(stored).toEqual({ id: expect.any(Number), mime: 'image/png', sizeBytes: png.byteLength, sha256: createHash('sha256').update(png).digest('hex') })
    photoId = stored.id
  })

  it('records the checklist, score sheet (score = sum), location, photo and two hazards, one with a notice', async () => {
    const inspectedAt = new Date(Date.now() - 2 * 3_600_000).toISOString()
    const scoreSheet = { safety_management: 34, site_safety: 26, dust_control: 14, civilised_construction: 8 }
    const checklist = { enclosure: true, stockpile_cover: false, road_hardening: true, vehicle_washing: true, wet_operation: false, closed_transport: true }
    const recorded = await json(gs.post('/api/inspections', {
      siteId: site.id, kind: 'dust_open', inspectedAt, checklist, scoreSheet, findings: '裸土未覆盖；脚手架连墙件缺失',
      location: { lon: site.lon + 0.001, lat: site.lat, accuracyM: 12 }, photoIds: [photoId],
      hazards: [
        { severity: 'major', category: '脚手架', description: '连墙件缺失三处', deadline: day(3), notice: 'rectification' },
        { severity: 'general', category: '扬尘', description: '裸土未覆盖', deadline: day(7) },
      ],
    }), 201)
    expect(recorded).toMatchObject({
      siteId: site.id, kind: 'dust_open', score: 82, checklist, scoreSheet, findings: '裸土未覆盖；脚手架连墙件缺失', inspector: inspectorName,
      locationAccuracyM: 12, photoIds: [photoId],
      hazards: [{ severity: 'major', status: 'open', deadline: day(3) }, { severity: 'general', status: 'open', deadline: day(7) }],
    })
    expect(recorded.inspectedAt).toMatch(/\+08:00$/)
    expect(recorded.location[0]).toBeCloseTo(site.lon + 0.001, 6)
    expect(recorded.distanceFromSiteM).toBeGreaterThan(80)
    expect(recorded.distanceFromSiteM).toBeLessThan(110)
    inspectionId = recorded.id
    hazardIds = recorded.hazards.map((h: { id: number }) => h.id)
    expect(await json(gs.request(`/api/inspections/${inspectionId}`), 200)).toEqual(recorded)
  })

  it('opens each hazard with its first step, and issues the notice asked for', async () => {
    const [major, general] = [await json(gs.request(`/api/hazards/${hazardIds[0]}`), 200), await json(gs.request(`/api/hazards/${hazardIds[1]}`), 200)]
    expect(major).toMatchObject({ status: 'open', inspectionId, siteId: site.id, next: ['rectifying'], daysOverdue: 0, escalation: 'none', closedAt: null })
    expect(major.events).toEqual([expect.objectContaining({ fromStatus: null, toStatus: 'open', by: inspectorName, note: '连墙件缺失三处' })])
    expect(major.notices).toHaveLength(1)
    expect(major.notices[0]).toMatchObject({ type: 'rectification', code: expect.stringMatching(/^苏建监〔\d{4}〕\d{6}号$/) })
    expect(major.notices[0].content).toContain(day(3))
    expect(general.notices).toEqual([])
    const { rows } = await sql<{ issued_by: number }>`SELECT issued_by FROM notices WHERE hazard_id = ${hazardIds[0]}`.execute(database.db)
    expect(rows).toEqual([{ issued_by: gs.user.userId }])
  })

  it('serves the photo back as the image it is, never sniffed into something else', async () => {
    const res = await gs.request(`/api/photos/${photoId}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(png)
  })
})

describe('the closed loop', () => {
  it('walks open → rectifying → submitted → (verification fails) rectifying → submitted → closed, with who, when and evidence', async () => {
    const proof = await json(upload(gs, png), 201)
    const steps = [
      { to: 'rectifying', note: '已通知施工单位整改' },
      { to: 'submitted', evidence: '已补设连墙件', photoIds: [proof.id] },
      { to: 'rectifying', note: '复查未通过：仍缺一处' },
      { to: 'submitted', evidence: '全部补设完毕' },
      { to: 'closed', evidence: '复查合格，同意销号' },
    ]
    for (const step of steps) expect((await json(move(hazardIds[0], step), 200)).status).toBe(step.to)
    const closed = await json(gs.request(`/api/hazards/${hazardIds[0]}`), 200)
    expect(closed.events.map((e: { toStatus: string }) => e.toStatus)).toEqual(['open', 'rectifying', 'submitted', 'rectifying', 'submitted', 'closed'])
    expect(closed.events.map((e: { fromStatus: string }) => e.fromStatus)).toEqual([null, 'open', 'rectifying', 'submitted', 'rectifying', 'submitted'])
    for (const e of closed.events) {
      expect(e.by).toBe(inspectorName)
      expect(e.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*\+08:00$/)
    }
    expect(closed.events[2]).toMatchObject({ evidence: '已补设连墙件', photoIds: [proof.id] })
    expect(closed.events[5]).toMatchObject({ evidence: '复查合格，同意销号', photoIds: [] })
    expect(closed).toMatchObject({ status: 'closed', next: [], daysOverdue: 0, escalation: 'none' })
    expect(closed.closedAt).toMatch(/\+08:00$/)
    // A closed hazard goes nowhere, not even back.
    const before = await counts()
    expect((await json(move(hazardIds[0], { to: 'rectifying', note: '重开' }), 409)).error.code).toBe('invalid_transition')
    expect(await counts()).toBe(before)
  })

  it('refuses a step that skips ahead: 409 invalid_transition, nothing written', async () => {
    const before = await counts()
    for (const to of ['submitted', 'closed', 'open']) {
      const body = await json(move(hazardIds[1], { to, evidence: '已整改' }), 409)
      expect(body.error.code).toBe('invalid_transition')
      expect(body.error.message).toContain('rectifying')
    }
    expect(await counts()).toBe(before)
  })

  it('refuses submitting or closing without evidence: 400 evidence_required', async () => {
    await json(move(hazardIds[1], { to: 'rectifying' }), 200)
    let before = await counts()
    expect((await json(move(hazardIds[1], { to: 'submitted' }), 400)).error.code).toBe('evidence_required')
    expect((await json(move(hazardIds[1], { to: 'submitted', note: '   ', evidence: '' }), 400)).error.code).toBe('evidence_required')
    expect(await counts()).toBe(before)
    await json(move(hazardIds[1], { to: 'submitted', evidence: '已覆盖防尘网' }), 200)
    before = await counts()
    expect((await json(move(hazardIds[1], { to: 'closed', photoIds: [] }), 400)).error.code).toBe('evidence_required')
    expect(await counts()).toBe(before)
    expect((await json(gs.request(`/api/hazards/${hazardIds[1]}`), 200)).status).toBe('submitted')
  })

  it('issues a further notice for a hazard', async () => {
    const hazard = await json(gs.post(`/api/hazards/${hazardIds[1]}/notices`, { type: 'stop_work_rectification', content: '裸土仍未覆盖，责令停工整改' }), 201)
    expect(hazard.notices.map((n: { type: string }) => n.type)).toEqual(['stop_work_rectification'])
    expect(hazard.notices[0].content).toBe('裸土仍未覆盖，责令停工整改')
  })

  it('flags an overdue hazard and escalates it with the days late; my-zone lists it under overdue', async () => {
    const general = hazardIds[1]
    for (const [late, escalation] of [[3, 'grid'], [10, 'district'], [40, 'city']] as const) {
      await setDeadline(general, -late)
      expect(await json(gs.request(`/api/hazards/${general}`), 200)).toMatchObject({ daysOverdue: late, escalation })
    }
    await setDeadline(general, -3)
    const zone = await json(gs.request('/api/my-zone'), 200)
    const listed = zone.tasks.overdueHazards.find((h: { id: number }) => h.id === general)
    expect(listed).toMatchObject({ siteId: site.id, daysOverdue: 3, escalation: 'grid', status: 'submitted' })
    // A closed hazard past its deadline is not late.
    await setDeadline(hazardIds[0], -30)
    expect(await json(gs.request(`/api/hazards/${hazardIds[0]}`), 200)).toMatchObject({ daysOverdue: 0, escalation: 'none' })
    expect(zone.tasks.overdueHazards.map((h: { id: number }) => h.id)).not.toContain(hazardIds[0])
  })
})

describe('the audit log', () => {
  it('has every change, with who and before/after, for admins only', async () => {
    const log = (q: string) => json(admin.request(`/api/admin/audit?${q}`), 200)
    const [created] = await log(`entity=inspection&entityId=${inspectionId}`)
    expect(created).toMatchObject({ action: 'create', username: database.demo('grid_supervisor'), userId: gs.user.userId, before: null })
    expect(created.after).toMatchObject({ siteId: site.id, photoIds: [photoId] })
    expect(created.after.hazards).toHaveLength(2)
    expect(created.at).toMatch(/\+08:00$/)
    const transitions = (await log(`entity=hazard&entityId=${hazardIds[0]}`)).reverse()
    expect(transitions.map((e: { before: { status: string }; after: { status: string } }) => `${e.before.status}→${e.after.status}`))
      .toEqual(['open→rectifying', 'rectifying→submitted', 'submitted→rectifying', 'rectifying→submitted', 'submitted→closed'])
    expect(transitions[4].after).toMatchObject({ evidence: '复查合格，同意销号' })
    expect((await log(`entity=hazard&entityId=${hazardIds[1]}`)).map((e: { action: string }) => e.action)).toContain('issue_notice')
    expect((await log(`entity=photo&entityId=${photoId}`))[0]).toMatchObject({ action: 'upload', after: { siteId: site.id, mime: 'image/png' } })
    expect((await gs.request('/api/admin/audit')).status).toBe(403)
  })

  it('is append-only: UPDATE, DELETE and TRUNCATE raise, and nothing changes', async () => {
    const before = await counts()
    await expect(sql`UPDATE audit_log SET action = 'tampered'`.execute(database.db)).rejects.toThrow(/append-only/)
    await expect(sql`DELETE FROM audit_log WHERE entity = 'hazard'`.execute(database.db)).rejects.toThrow(/append-only/)
    await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/)
    expect(await counts()).toBe(before)
    expect((await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'tampered'`.execute(database.db)).rows[0].n).toBe(0)
  })
})

describe('city command', () => {
  it('reads the records but cannot write any', async () => {
    const command = await signIn(app, database.demo('city_command'))
    for (const path of [`/api/inspections/${inspectionId}`, `/api/hazards/${hazardIds[1]}`, `/api/photos/${photoId}`]) expect((await command.request(path)).status).toBe(200)
    const before = await counts()
    expect((await json(move(hazardIds[1], { to: 'closed', evidence: '指挥中心代为销号' }, command), 403)).error.code).toBe('forbidden')
    expect((await json(command.post(`/api/hazards/${hazardIds[1]}/notices`, { type: 'penalty', content: '处罚' }), 403)).error.code).toBe('forbidden')
    expect((await json(upload(command, png), 403)).error.code).toBe('forbidden')
    const { checklist, scoreSheet } = await json(gs.request(`/api/inspections/${inspectionId}`), 200)
    const inspection = { siteId: site.id, kind: 'routine', inspectedAt: new Date().toISOString(), checklist, scoreSheet }
    expect((await json(command.post('/api/inspections', inspection), 403)).error.code).toBe('forbidden')
    expect(await counts()).toBe(before)
  })
})
