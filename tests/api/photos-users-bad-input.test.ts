import { sql } from 'kysely'
import { PNG } from 'pngjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES } from '../../server/domain/image-type.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'
import { rejecter } from '../support/rejected.ts'

/*
 * Bad uploads and bad account changes: files that are not images or too large, malformed forms, and accounts
 * with missing, mistyped or marked-up fields. Each gets a clear 4xx JSON error and changes nothing.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let gs: ApiSession
let admin: ApiSession
let siteId: number
let plannerId: number

const state = async () => (await sql<{ f: string }>`SELECT concat_ws(',',
  (SELECT count(*) FROM photos), (SELECT count(*) FROM audit_log), (SELECT count(*) FROM inspections), (SELECT count(*) FROM hazards),
  (SELECT count(*) FROM hazard_events), (SELECT count(*) FROM notices), (SELECT count(*) FROM login_attempts), (SELECT count(*) FROM sessions),
  (SELECT md5(string_agg(concat_ws(':', id, username, display_name, role, district_id, phone, active, password_hash), ',' ORDER BY id)) FROM users),
  (SELECT md5(string_agg(concat_ws(':', user_id, grid_id), ',' ORDER BY user_id, grid_id)) FROM grid_supervisors)) AS f`.execute(database.db)).rows[0].f
const rejected = rejecter(state)

const png = () => new Uint8Array(PNG.sync.write(new PNG({ width: 1, height: 1 })))
const text = (s: string) => new TextEncoder().encode(s)
function form(fields: Record<string, string | File>) {
  const f = new FormData()
  for (const [k, v] of Object.entries(fields)) f.set(k, v)
  return f
}
const upload = (fields: Record<string, string | File>) => () => gs.request('/api/photos', { method: 'POST', body: form(fields) })
const file = (bytes: Uint8Array<ArrayBuffer>, name = 'photo.png', type = 'image/png') => new File([bytes], name, { type })
const pngOfSize = (size: number) => {
  const bytes = new Uint8Array(size)
  bytes.set(png())
  return bytes
}

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database)
  gs = await signIn(app, database.demo('grid_supervisor'))
  admin = await signIn(app, database.demo('admin'))
  siteId = (await sql<{ id: number }>`SELECT s.id FROM sites s WHERE s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.user.userId})
    ORDER BY s.id LIMIT 1`.execute(database.db)).rows[0].id
  plannerId = await addUser(database.db, { username: 'bad-input-planner', role: 'planner' })
})
afterAll(() => database?.dispose())

describe('POST /api/photos', () => {
  it.each([
    ['text bytes named .png and declared image/png', file(text('just some text, honestly'))],
    ['an SVG with a script', file(text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'x.svg', 'image/svg+xml')],
    ['an SVG named .jpg', file(text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'x.jpg', 'image/jpeg')],
    ['an HTML page named .webp', file(text('<!doctype html><script>alert(1)</script>'), 'x.webp', 'image/webp')],
    ['a GIF', file(new Uint8Array([...text('GIF89a'), 1, 0, 1, 0, 0, 0, 0]), 'x.gif', 'image/gif')],
    ['a PDF', file(text('%PDF-1.7\n%âãÏÓ'), 'x.pdf', 'application/pdf')],
  ])('%s → 415 unsupported_media_type', async (_, f) => {
    await rejected(upload({ siteId: String(siteId), file: f }), 415, 'unsupported_media_type')
  })

  it('a PNG one byte over 5 MB → 413, and a body far over it → 413', async () => {
    await rejected(upload({ siteId: String(siteId), file: file(pngOfSize(MAX_PHOTO_BYTES + 1)) }), 413, 'payload_too_large')
    await rejected(upload({ siteId: String(siteId), file: file(pngOfSize(MAX_PHOTO_BYTES + 1024 * 1024)) }), 413, 'payload_too_large')
  })

  it('a PNG of exactly 5 MB is accepted', async () => {
    const res = await upload({ siteId: String(siteId), file: file(pngOfSize(MAX_PHOTO_BYTES)) })()
    expect(res.status).toBe(201)
    expect((await res.json()).sizeBytes).toBe(MAX_PHOTO_BYTES)
  })

  it.each<[string, Record<string, string | File>, string]>([
    ['no file', { siteId: '1' }, 'file'],
    ['the file as a text field', { siteId: '1', file: 'data:image/png;base64,iVBORw0KGgo=' }, 'file'],
    ['no siteId', { file: file(png()) }, 'siteId'],
    ['a siteId that is no number', { siteId: 'abc', file: file(png()) }, 'siteId'],
    ['a siteId of 0', { siteId: '0', file: file(png()) }, 'siteId'],
    ['a siteId past any id', { siteId: '99999999999', file: file(png()) }, 'siteId'],
  ])('%s → 400 naming %s', async (_, fields, path) => {
    await rejected(upload(fields), 400, 'invalid_request', path)
  })

  it('an empty file → 400; an unknown site → 404; JSON instead of a form → 415', async () => {
    await rejected(upload({ siteId: String(siteId), file: file(new Uint8Array(0)) }), 400, 'invalid_photo')
    await rejected(upload({ siteId: '999999', file: file(png()) }), 404, 'not_found')
    await rejected(() => gs.request('/api/photos', { method: 'POST', body: JSON.stringify({ siteId, file: 'x' }) }), 415, 'unsupported_media_type')
  })
})

describe('admin: accounts', () => {
  const create = (body: Record<string, unknown>) => () => admin.request('/api/admin/users', { method: 'POST', body: JSON.stringify(body) })
  const user = (extra: Record<string, unknown> = {}) => ({ username: 'new.user', displayName: '新用户', role: 'planner', password: 'A-long-enough-passw0rd', ...extra })

  it.each<[string, Record<string, unknown>, string]>([
    ['a username too short', user({ username: 'ab' }), 'username'],
    ['a username with spaces', user({ username: 'new user' }), 'username'],
    ['a username with markup', user({ username: '<script>' }), 'username'],
    ['no username', { ...user(), username: undefined }, 'username'],
    ['an unknown role', user({ role: 'superuser' }), 'role'],
    ['a password too short', user({ password: 'short' }), 'password'],
    ['a password as a number', user({ password: 12345678901 }), 'password'],
    ['no display name', { ...user(), displayName: undefined }, 'displayName'],
    ['a blank display name', user({ displayName: '   ' }), 'displayName'],
    ['a display name with a script', user({ displayName: '<script>alert(1)</script>' }), 'displayName'],
    ['a display name with a control character', user({ displayName: '张\u0000三' }), 'displayName'],
    ['a district supervisor without a district', user({ role: 'district_supervisor' }), 'districtId'],
    ['a district id as text', user({ role: 'district_supervisor', districtId: '1' }), 'districtId'],
    ['a district id past any id', user({ role: 'district_supervisor', districtId: 99_999_999_999 }), 'districtId'],
    ['a phone with letters', user({ phone: 'call me' }), 'phone'],
  ])('create with %s → 400 naming %s', async (_, body, path) => {
    await rejected(create(body), 400, 'invalid_request', path)
  })

  it('create with an unknown district → 400, with a taken username → 409', async () => {
    const body = await rejected(create(user({ role: 'district_supervisor', districtId: 999_999 })), 400, 'unknown_reference')
    expect(body.error.details).toEqual({ districts: [999_999] })
    await rejected(create(user({ username: database.demo('planner') })), 409, 'username_taken')
    await rejected(create(user({ username: database.demo('planner').toUpperCase() })), 409, 'username_taken')
  })

  it('change with nothing, mistyped fields, markup, an unknown id, or demoting oneself → 4xx', async () => {
    const patch = (id: number, body: unknown) => () => admin.request(`/api/admin/users/${id}`, { method: 'PATCH', body: JSON.stringify(body) })
    await rejected(patch(plannerId, {}), 400, 'invalid_request')
    await rejected(patch(plannerId, { active: 'no' }), 400, 'invalid_request', 'active')
    await rejected(patch(plannerId, { displayName: '<img src=x onerror=alert(1)>' }), 400, 'invalid_request', 'displayName')
    await rejected(patch(plannerId, { role: 'district_supervisor' }), 400, 'invalid_request')
    await rejected(patch(plannerId, { role: 'district_supervisor', districtId: 999_999 }), 400, 'unknown_reference')
    await rejected(patch(999_999, { phone: '0512-0000000' }), 404, 'not_found')
    await rejected(patch(admin.user.userId, { active: false }), 400, 'cannot_demote_self')
    await rejected(patch(admin.user.userId, { role: 'planner' }), 400, 'cannot_demote_self')
  })

  it('grids: duplicates, unknown grids, ids past any id, or a user who is no grid supervisor → 400', async () => {
    const put = (id: number, gridIds: unknown) => () => admin.request(`/api/admin/users/${id}/grids`, { method: 'PUT', body: JSON.stringify({ gridIds }) })
    const gsId = gs.user.userId
    await rejected(put(gsId, [1, 1]), 400, 'invalid_request', 'gridIds')
    await rejected(put(gsId, ['1']), 400, 'invalid_request', 'gridIds.0')
    await rejected(put(gsId, [99_999_999_999]), 400, 'invalid_request', 'gridIds.0')
    await rejected(put(gsId, 'all'), 400, 'invalid_request', 'gridIds')
    await rejected(put(gsId, [1, 999_999]), 400, 'unknown_reference')
    await rejected(put(plannerId, [1]), 400, 'not_a_grid_supervisor')
  })

  it('passwords: too short or missing → 400, and the account keeps its sessions', async () => {
    await signIn(app, 'bad-input-planner')
    const set = (body: unknown) => () => admin.request(`/api/admin/users/${plannerId}/password`, { method: 'POST', body: JSON.stringify(body) })
    await rejected(set({ password: 'short' }), 400, 'invalid_request', 'password')
    await rejected(set({}), 400, 'invalid_request', 'password')
  })

  it('a search or sign-in with control characters → 400, not a database error', async () => {
    await rejected(() => admin.request('/api/admin/users?q=a%00b'), 400, 'invalid_request', 'q')
    await rejected(() => app.request('/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin\u0000', password: 'whatever-it-is' }),
    }), 400, 'invalid_request', 'username')
  })

  it('a display name with < and > that make no tag is plain text, kept verbatim', async () => {
    const res = await admin.request('/api/admin/users', { method: 'POST', body: JSON.stringify(user({ username: 'lt.user', displayName: '王<小>明' })) })
    expect(res.status).toBe(201)
    expect((await res.json()).displayName).toBe('王<小>明')
  })
})
