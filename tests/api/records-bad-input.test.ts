import { sql } from 'kysely'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addHazard } from '../support/fixtures.ts'
import { type ApiSession, signIn } from '../support/session.ts'
import { rejecter } from '../support/rejected.ts'

/*
 * Bad inspections, hazard steps and notices: each gets a clear 4xx JSON error naming what is wrong, and leaves
 * every table as it was, including a write that fails halfway through its transaction.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let gs: ApiSession
let site: { id: number; start: string }
let usedPhotoId: number
let otherSitePhotoId: number
let freePhotoId: number
let hazardId: number

const day = (offset: number, from = new Date()) => beijingDay(addDays(from, offset))
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString()
const valid = () => ({
  siteId: site.id, kind: 'routine', inspectedAt: hourAgo(),
  checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
  scoreSheet: { safety_management: 38, site_safety: 28, dust_control: 18, civilised_construction: 9 } as Record<string, unknown>,
  findings: '', location: { lon: 120.6, lat: 31.3, accuracyM: 5 } as Record<string, unknown> | null, photoIds: [] as unknown[],
  hazards: [{ severity: 'general', category: '扬尘', description: '裸土未覆盖', deadline: day(5) }] as Record<string, unknown>[],
})
type Body = ReturnType<typeof valid>

/** Row counts and contents of everything a record write touches. */
const state = async () => (await sql<{ f: string }>`SELECT concat_ws(',',
  (SELECT count(*) FROM inspections), (SELECT count(*) FROM hazards), (SELECT count(*) FROM hazard_events), (SELECT count(*) FROM notices),
  (SELECT count(*) FROM photos), (SELECT count(*) FROM audit_log),
  (SELECT md5(string_agg(concat_ws(':', id, status, deadline, closed_at), ',' ORDER BY id)) FROM hazards),
  (SELECT md5(string_agg(concat_ws(':', id, inspection_id, hazard_event_id), ',' ORDER BY id)) FROM photos)) AS f`.execute(database.db)).rows[0].f
const rejected = rejecter(state)
const post = (path: string, body: unknown) => gs.request(path, { method: 'POST', body: typeof body === 'string' ? body : JSON.stringify(body) })
const inspect = (change: (b: Body) => unknown) => () => { const b = valid(); return post('/api/inspections', change(b) ?? b) }
const upload = async (session: ApiSession, siteId: number) => {
  const form = new FormData()
  form.set('siteId', String(siteId))
  form.set('file', new File([new Uint8Array(PNG.sync.write(new PNG({ width: 1, height: 1 })))], 'p.png', { type: 'image/png' }))
  return (await (await session.request('/api/photos', { method: 'POST', body: form })).json()).id as number
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  gs = await signIn(app, database.demo('grid_supervisor'))
  const mine = sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.user.userId})`
  site = (await sql<{ id: number; start: string }>`SELECT s.id, s.start_date::text AS start FROM sites s WHERE ${mine} AND s.start_date <= current_date - 30
    ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0]
  const other = (await sql<{ id: number }>`SELECT s.id FROM sites s WHERE s.id <> ${site.id} ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0]
  usedPhotoId = await upload(gs, site.id)
  freePhotoId = await upload(gs, site.id)
  otherSitePhotoId = await upload(await signIn(app, database.demo('admin')), other.id)
  expect((await post('/api/inspections', { ...valid(), photoIds: [usedPhotoId], hazards: [] })).status).toBe(201)
  hazardId = await addHazard(database.db, site.id, { severity: 'major', status: 'open', ageDays: 1, dueInDays: 3 })
})
afterAll(() => database?.dispose())

describe('POST /api/inspections', () => {
  it.each<[string, (b: Body) => unknown, string]>([
    ['siteId as a string', (b) => ({ ...b, siteId: String(b.siteId) }), 'siteId'],
    ['siteId past any id', (b) => ({ ...b, siteId: 99_999_999_999 }), 'siteId'],
    ['no kind', ({ kind: _, ...rest }) => rest, 'kind'],
    ['an unknown kind', (b) => ({ ...b, kind: 'casual' }), 'kind'],
    ['no inspectedAt', ({ inspectedAt: _, ...rest }) => rest, 'inspectedAt'],
    ['inspectedAt without a time zone', (b) => ({ ...b, inspectedAt: '2025-06-01T10:00:00' }), 'inspectedAt'],
    ['inspectedAt as words', (b) => ({ ...b, inspectedAt: 'yesterday' }), 'inspectedAt'],
    ['inspectedAt on 30 February', (b) => ({ ...b, inspectedAt: '2025-02-30T10:00:00+08:00' }), 'inspectedAt'],
    ['inspectedAt as a number', (b) => ({ ...b, inspectedAt: Date.now() }), 'inspectedAt'],
    ['a checklist item missing', (b) => { delete (b.checklist as Partial<Body['checklist']>).enclosure }, 'checklist.enclosure'],
    ['a checklist item as text', (b) => ({ ...b, checklist: { ...b.checklist, wet_operation: 'yes' } }), 'checklist.wet_operation'],
    ['no score sheet', ({ scoreSheet: _, ...rest }) => rest, 'scoreSheet'],
    ['a score part over its maximum', (b) => { b.scoreSheet.safety_management = 41 }, 'scoreSheet.safety_management'],
    ['a negative score part', (b) => { b.scoreSheet.dust_control = -1 }, 'scoreSheet.dust_control'],
    ['a score part as text', (b) => { b.scoreSheet.site_safety = '28' }, 'scoreSheet.site_safety'],
    ['a location outside China', (b) => { b.location = { lon: 2.35, lat: 48.85 } }, 'location.lon'],
    ['a location as text', (b) => { b.location!.lat = '31.3' }, 'location.lat'],
    ['findings with a script', (b) => ({ ...b, findings: '<script>alert(1)</script>' }), 'findings'],
    ['findings with an event handler', (b) => ({ ...b, findings: '现场<img src=x onerror=alert(1)>' }), 'findings'],
    ['findings with a control character', (b) => ({ ...b, findings: '裸土\u0000未覆盖' }), 'findings'],
    ['findings too long', (b) => ({ ...b, findings: '查'.repeat(4001) }), 'findings'],
    ['a hazard description with markup', (b) => { b.hazards[0].description = '<b onmouseover="alert(1)">隐患</b>' }, 'hazards.0.description'],
    ['a hazard with an empty category', (b) => { b.hazards[0].category = '   ' }, 'hazards.0.category'],
    ['a hazard with an unknown severity', (b) => { b.hazards[0].severity = 'catastrophic' }, 'hazards.0.severity'],
    ['a hazard with an unknown notice type', (b) => { b.hazards[0].notice = 'warning_letter' }, 'hazards.0.notice'],
    ['a hazard deadline that is no date', (b) => { b.hazards[0].deadline = '2026-13-01' }, 'hazards.0.deadline'],
    ['a hazard without a deadline', (b) => { delete b.hazards[0].deadline }, 'hazards.0.deadline'],
    ['photo ids as text', (b) => { b.photoIds = [String(freePhotoId)] }, 'photoIds.0'],
    ['a photo id past any id', (b) => { b.photoIds = [99_999_999_999] }, 'photoIds.0'],
    ['more than 20 photos', (b) => { b.photoIds = Array.from({ length: 21 }, (_, i) => i + 1) }, 'photoIds'],
    ['the whole body as an array', () => [], ''],
  ])('%s → 400 naming %s', async (_, change, path) => {
    await rejected(inspect(change), 400, 'invalid_request', path)
  })

  it('dates in the future, before the site started, or deadlines outside the window → 400, nothing written', async () => {
    await rejected(inspect((b) => ({ ...b, inspectedAt: new Date(Date.now() + 86_400_000).toISOString() })), 400, 'date_in_future')
    await rejected(inspect((b) => ({ ...b, inspectedAt: new Date(Date.now() + 10 * 60_000).toISOString(), hazards: [] })), 400, 'date_in_future')
    const dayBefore = day(-1, new Date(`${site.start}T12:00:00+08:00`))
    await rejected(inspect((b) => ({ ...b, inspectedAt: `${dayBefore}T12:00:00+08:00`, hazards: [] })), 400, 'date_before_site_start')
    await rejected(inspect((b) => ({ ...b, inspectedAt: '1999-01-01T00:00:00Z', hazards: [] })), 400, 'date_before_site_start')
    // Deadlines count from the inspection's own day (Beijing), which near midnight is not today's.
    await rejected(inspect((b) => { b.hazards[0].deadline = day(-1, new Date(b.inspectedAt)) }), 400, 'invalid_deadline', 'hazards.0.deadline')
    await rejected(inspect((b) => { b.hazards.push({ ...b.hazards[0], deadline: day(200, new Date(b.inspectedAt)) }) }), 400, 'invalid_deadline', 'hazards.1.deadline')
  })

  it('a photo already used, of another site, or unknown → 400 invalid_photo, and none is left attached', async () => {
    await rejected(inspect((b) => { b.photoIds = [usedPhotoId] }), 400, 'invalid_photo')
    await rejected(inspect((b) => { b.photoIds = [otherSitePhotoId] }), 400, 'invalid_photo')
    await rejected(inspect((b) => { b.photoIds = [freePhotoId, 999_999] }), 400, 'invalid_photo')
    await rejected(inspect((b) => { b.photoIds = [freePhotoId, freePhotoId] }), 400, 'invalid_photo')
    // The inspection, its hazard and the good photo's attachment were all in the rolled-back transaction.
    await rejected(inspect((b) => { b.photoIds = [freePhotoId, otherSitePhotoId] }), 400, 'invalid_photo')
  })

  it('malformed JSON, or not JSON at all → 4xx JSON', async () => {
    await rejected(() => post('/api/inspections', '{"siteId": 1,'), 400, 'bad_request')
    const res = await rejected(() => gs.request('/api/inspections', { method: 'POST', body: 'siteId=1', headers: { 'content-type': 'text/plain' } }), 415, 'unsupported_media_type')
    expect(res.error.message).toMatch(/media type/i)
  })
})

describe('POST /api/hazards/{id}/transitions', () => {
  const move = (id: number | string, body: unknown) => () => post(`/api/hazards/${id}/transitions`, body)
  it.each<[string, unknown, string]>([
    ['an unknown status', { to: 'done' }, 'to'],
    ['no status', { note: '开始整改' }, 'to'],
    ['the status as a number', { to: 1 }, 'to'],
    ['a note with markup', { to: 'rectifying', note: '<iframe src="//evil.example"></iframe>' }, 'note'],
    ['evidence with a script', { to: 'rectifying', evidence: '<script>alert(1)</script>' }, 'evidence'],
    ['photo ids not a list', { to: 'rectifying', photoIds: 'all' }, 'photoIds'],
    ['a photo id past any id', { to: 'rectifying', photoIds: [99_999_999_999] }, 'photoIds.0'],
  ])('%s → 400 naming %s', async (_, body, path) => {
    await rejected(move(hazardId, body), 400, 'invalid_request', path)
  })

  it('a bad id → 400, an unknown one → 404', async () => {
    await rejected(move('abc', { to: 'rectifying', note: 'x' }), 400, 'invalid_request', 'id')
    await rejected(move(0, { to: 'rectifying', note: 'x' }), 400, 'invalid_request', 'id')
    await rejected(move(999_999, { to: 'rectifying', note: 'x' }), 404, 'not_found')
  })

  it('a step that skips ahead → 409; a photo of another site undoes the whole step', async () => {
    await rejected(move(hazardId, { to: 'closed', evidence: '已整改' }), 409, 'invalid_transition')
    await rejected(move(hazardId, { to: 'submitted', evidence: '已整改' }), 409, 'invalid_transition')
    // The hazard moved and its event was written before the photo failed: both are rolled back.
    await rejected(move(hazardId, { to: 'rectifying', photoIds: [otherSitePhotoId] }), 400, 'invalid_photo')
    await rejected(move(hazardId, { to: 'rectifying', photoIds: [usedPhotoId] }), 400, 'invalid_photo')
    expect((await (await gs.request(`/api/hazards/${hazardId}`)).json()).status).toBe('open')
  })
})

describe('POST /api/hazards/{id}/notices', () => {
  it.each<[string, unknown, string]>([
    ['an unknown type', { type: 'warning', content: '请整改' }, 'type'],
    ['no type', { content: '请整改' }, 'type'],
    ['no content', { type: 'rectification' }, 'content'],
    ['empty content', { type: 'rectification', content: '  ' }, 'content'],
    ['content with markup', { type: 'penalty', content: '<a href="javascript:alert(1)">罚款</a>' }, 'content'],
    ['content too long', { type: 'penalty', content: '罚'.repeat(2001) }, 'content'],
    ['content as a number', { type: 'penalty', content: 5000 }, 'content'],
  ])('%s → 400 naming %s', async (_, body, path) => {
    await rejected(() => post(`/api/hazards/${hazardId}/notices`, body), 400, 'invalid_request', path)
  })

  it('for an unknown hazard → 404', async () => {
    await rejected(() => post('/api/hazards/999999/notices', { type: 'rectification', content: '请整改' }), 404, 'not_found')
  })
})

describe('plain text that merely contains < or >', () => {
  it('is accepted and returned verbatim', async () => {
    const findings = '脚手架立杆间距<5m，高差 > 2m'
    const res = await post('/api/inspections', { ...valid(), findings, hazards: [{ severity: 'general', category: '间距<5m', description: '间距<5m', deadline: day(0) }] })
    const recorded = await res.json()
    expect(res.status, JSON.stringify(recorded)).toBe(201)
    expect((await (await gs.request(`/api/inspections/${recorded.id}`)).json()).findings).toBe(findings)
    const hazard = await (await gs.request(`/api/hazards/${recorded.hazards[0].id}`)).json()
    expect([hazard.category, hazard.description]).toEqual(['间距<5m', '间距<5m'])
    const moved = await (await post(`/api/hazards/${hazard.id}/transitions`, { to: 'rectifying', note: '  已整改至间距<3m  ' })).json()
    expect(moved.events.at(-1).note).toBe('已整改至间距<3m')
    const noticed = await (await post(`/api/hazards/${hazard.id}/notices`, { type: 'rectification', content: 'PM10<150μg/m³ 前停止土方作业' })).json()
    expect(noticed.notices.at(-1).content).toBe('PM10<150μg/m³ 前停止土方作业')
  })

  it('an inspection on the site\'s first day, or a few minutes ahead of the clock, is fine', async () => {
    expect((await post('/api/inspections', { ...valid(), inspectedAt: `${site.start}T12:00:00+08:00`, hazards: [] })).status).toBe(201)
    expect((await post('/api/inspections', { ...valid(), inspectedAt: new Date(Date.now() + 2 * 60_000).toISOString(), hazards: [] })).status).toBe(201)
  })
})
