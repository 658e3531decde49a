import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { provisionAccounts } from '../../server/features/auth/accounts.bootstrap.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn, TEST_PASSWORD } from '../support/session.ts'

/*
 * 等保 2.0 level-3 account controls: the password policy wherever a password is set, expiry (off unless
 * configured), users' and admins' view of live sessions and ending them, the sign-in history, and the auditor
 * who reads it all and changes nothing. Every write lands in the audit log.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let auditor: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  auditor = await signIn(app, database.demo('auditor'))
})
afterAll(() => database?.dispose())
// All requests come from one address: each test starts as if the throttle window had passed.
afterEach(async () => { await sql`UPDATE login_attempts SET at = at - interval '1 day'`.execute(database.db) })

const GOOD = 'Harbour-lantern-73'
const json = (body: unknown) => JSON.stringify(body)
const login = (username: string, password = TEST_PASSWORD, userAgent = 'vitest', on = app) => on.request('/api/auth/login', {
  method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': userAgent }, body: json({ username, password }),
})
const me = (s: ApiSession) => app.request('/api/auth/me', { headers: { cookie: s.cookie } })
const hashOf = async (username: string) => (await sql<{ h: string }>`SELECT password_hash AS h FROM users WHERE username = ${username}`.execute(database.db)).rows[0].h
const auditCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log`.execute(database.db)).rows[0].n
const lastAudit = async () => (await sql<{ user_id: number; action: string; entity: string; entity_id: string; before: unknown; after: unknown }>`
  SELECT user_id, action, entity, entity_id, before, after FROM audit_log ORDER BY id DESC LIMIT 1`.execute(database.db)).rows[0]
async function refused(res: Response, status: number, code: string) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(status)
  expect(body.error.code).toBe(code)
  return body.error
}
const reasons = (error: { details: { code: string }[] }) => error.details.map((d) => d.code)

describe('the password policy', () => {
  it('refuses, on a user\'s own change, common, too simple and username-bearing passwords with every reason, and the current one', async () => {
    const userId = await addUser(database.db, { username: 'zhang.wei', role: 'planner' })
    const session = await signIn(app, 'zhang.wei')
    const change = (newPassword: string) => session.request('/api/auth/password', { method: 'POST', body: json({ currentPassword: TEST_PASSWORD, newPassword }) })
    const before = [await hashOf('zhang.wei'), await auditCount()]
    expect(reasons(await refused(await change('Password123!'), 400, 'weak_password'))).toEqual(['common'])
    expect(reasons(await refused(await change('Woaini1314!!'), 400, 'weak_password'))).toEqual(['common'])
    expect(reasons(await refused(await change('onlylowercaseletters'), 400, 'weak_password'))).toEqual(['too_few_classes'])
    expect(reasons(await refused(await change('Zhang.Wei-2026'), 400, 'weak_password'))).toEqual(['contains_username'])
    expect(reasons(await refused(await change('1qaz2wsx3edc4rfv'), 400, 'weak_password'))).toEqual(['too_few_classes', 'common'])
    expect(reasons(await refused(await change(TEST_PASSWORD), 400, 'weak_password'))).toEqual(['same_as_current'])
    const error = await refused(await change('onlylowercaseletters'), 400, 'weak_password')
    expect(error.details[0]).toEqual({ path: 'newPassword', code: 'too_few_classes', message: expect.any(String) })
    expect([await hashOf('zhang.wei'), await auditCount()]).toEqual(before)
    expect((await me(session)).status).toBe(200)

    expect((await change(GOOD)).status).toBe(204)
    expect(await lastAudit()).toMatchObject({ user_id: userId, action: 'change_password', entity: 'user', entity_id: String(userId) })
    expect((await login('zhang.wei', GOOD)).status).toBe(200)
  })

  it('holds for the accounts an admin creates and the passwords an admin sets', async () => {
    const create = (username: string, password: string) => admin.request('/api/admin/users', { method: 'POST', body: json({ username, displayName: '王芳', role: 'planner', password }) })
    const users = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM users`.execute(database.db)).rows[0].n
    const count = await users()
    expect(reasons(await refused(await create('wang.fang', 'Wang.Fang.2026'), 400, 'weak_password'))).toEqual(['contains_username'])
    await refused(await create('wang.fang', 'P@ssw0rd'), 400, 'invalid_request')
    expect(reasons(await refused(await create('wang.fang', 'iloveyou-forever'), 400, 'weak_password'))).toEqual(['too_few_classes'])
    expect(await users()).toBe(count)
    const res = await create('wang.fang', GOOD)
    expect(res.status).toBe(201)
    const { id } = await res.json()

    const set = (password: string) => admin.request(`/api/admin/users/${id}/password`, { method: 'POST', body: json({ password }) })
    const hash = await hashOf('wang.fang')
    expect(reasons(await refused(await set('Qwerty123456!'), 400, 'weak_password'))).toEqual(['common'])
    expect(reasons(await refused(await set('x-WANG.FANG-1'), 400, 'weak_password'))).toEqual(['contains_username'])
    expect(await hashOf('wang.fang')).toBe(hash)
    expect((await set('Another-good-one-9')).status).toBe(204)
    expect(await lastAudit()).toMatchObject({ user_id: admin.user.userId, action: 'set_password', entity_id: String(id) })
  })

  it('holds for ADMIN_PASSWORD at a production first start', async () => {
    class Rollback extends Error {}
    await expect(database.db.transaction().execute(async (trx) => {
      await sql`UPDATE users SET password_hash = NULL`.execute(trx)
      await expect(provisionAccounts(trx, { NODE_ENV: 'production', ADMIN_PASSWORD: 'administrator' })).rejects.toThrow(/ADMIN_PASSWORD|common/)
      await expect(provisionAccounts(trx, { NODE_ENV: 'production', ADMIN_PASSWORD: 'all-lower-case-words' })).rejects.toThrow(/three of/)
      throw new Rollback()
    })).rejects.toBeInstanceOf(Rollback)
  })
})

describe('password expiry', () => {
  let strict: ReturnType<typeof createTestApp>
  beforeAll(() => { strict = createTestApp(database, { PASSWORD_MAX_AGE_DAYS: '90' }) })
  const age = (username: string, days: number | null) => (days === null
    ? sql`UPDATE users SET password_changed_at = NULL WHERE username = ${username}`
    : sql`UPDATE users SET password_changed_at = now() - make_interval(days => ${days}) WHERE username = ${username}`).execute(database.db)

  it('lets an expired password sign in, but only to the account routes until it is changed', async () => {
    await addUser(database.db, { username: 'old.password', role: 'city_command' })
    await age('old.password', 91)
    const res = await login('old.password', TEST_PASSWORD, 'vitest', strict)
    expect(res.status).toBe(200)
    expect((await res.json()).passwordExpired).toBe(true)
    const session = await signIn(strict, 'old.password')
    await refused(await session.request('/api/layers/districts'), 403, 'password_expired')
    await refused(await session.request('/api/ogc/collections'), 403, 'password_expired')
    // A GIS client's HTTP Basic is held to the same rule.
    const basic = { authorization: `Basic ${Buffer.from(`old.password:${TEST_PASSWORD}`).toString('base64')}` }
    await refused(await strict.request('/api/ogc/collections', { headers: basic }), 403, 'password_expired')
    const mine = await session.request('/api/auth/me')
    expect(await mine.json()).toMatchObject({ passwordExpired: true, user: { username: 'old.password' } })
    expect((await session.request('/api/auth/sessions')).status).toBe(200)
    expect((await session.request('/api/auth/sign-ins')).status).toBe(200)

    const changed = await session.request('/api/auth/password', { method: 'POST', body: json({ currentPassword: TEST_PASSWORD, newPassword: GOOD }) })
    expect(changed.status).toBe(204)
    const fresh = await signIn(strict, 'old.password', GOOD)
    expect(await (await fresh.request('/api/auth/me')).json()).not.toHaveProperty('passwordExpired')
    expect((await fresh.request('/api/layers/districts')).status).toBe(200)
  })

  it('counts from the last change: 89 days is still fine; no recorded change counts as expired; unset, nothing expires', async () => {
    await addUser(database.db, { username: 'recent.password', role: 'city_command' })
    await age('recent.password', 89)
    expect((await (await signIn(strict, 'recent.password')).request('/api/layers/districts')).status).toBe(200)
    await age('recent.password', null)
    await refused(await (await signIn(strict, 'recent.password')).request('/api/layers/districts'), 403, 'password_expired')
    await age('recent.password', 5000)
    const relaxed = await signIn(app, 'recent.password')
    expect((await relaxed.request('/api/layers/districts')).status).toBe(200)
    expect(await (await relaxed.request('/api/auth/me')).json()).not.toHaveProperty('passwordExpired')
  })
})

describe('sessions', () => {
  const list = async (s: ApiSession, path = '/api/auth/sessions') => {
    const res = await s.request(path)
    expect(res.status).toBe(200)
    return await res.json() as { id: number; current: boolean; ip: string | null; userAgent: string | null; createdAt: string; lastSeenAt: string; expiresAt: string }[]
  }

  it('a user sees their live sessions, with address and user agent, and never a token or its hash', async () => {
    await addUser(database.db, { username: 'two.devices', role: 'planner' })
    const laptop = await signIn(app, 'two.devices')
    expect((await login('two.devices', TEST_PASSWORD, 'Mozilla/5.0 (iPhone)\tMobile')).status).toBe(200)
    const sessions = await list(laptop)
    expect(sessions).toHaveLength(2)
    expect(sessions.filter((s) => s.current)).toHaveLength(1)
    expect(sessions[0]).toMatchObject({ current: false, userAgent: 'Mozilla/5.0 (iPhone)Mobile', ip: expect.any(String) })
    expect(sessions[0].createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/)
    const { rows } = await sql<{ token_sha256: string; csrf_token: string }>`SELECT token_sha256, csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
      WHERE u.username = 'two.devices'`.execute(database.db)
    const text = JSON.stringify(sessions)
    for (const row of rows) for (const secret of [row.token_sha256, row.token_sha256.slice(0, 16), row.csrf_token]) expect(text).not.toContain(secret)
    expect(text).not.toContain(laptop.cookie.split('=')[1])
    // An ended or idle session is not listed.
    await sql`UPDATE sessions SET last_seen_at = now() - interval '3 hours' WHERE id = ${sessions[0].id}`.execute(database.db)
    expect((await list(laptop)).map((s) => s.id)).toEqual([sessions[1].id])
  })

  it('a user ends another of their sessions, all the others, or this one; never someone else\'s', async () => {
    const userId = await addUser(database.db, { username: 'many.sessions', role: 'planner' })
    const [a, b, c, d] = [await signIn(app, 'many.sessions'), await signIn(app, 'many.sessions'), await signIn(app, 'many.sessions'), await signIn(app, 'many.sessions')]
    const idOf = async (s: ApiSession) => (await list(s)).find((x) => x.current)!.id
    const [idB, idC] = [await idOf(b), await idOf(c)]

    expect((await a.request(`/api/auth/sessions/${idB}`, { method: 'DELETE' })).status).toBe(204)
    await refused(await me(b), 401, 'unauthenticated')
    expect(await lastAudit()).toMatchObject({ user_id: userId, action: 'end_session', entity: 'session', entity_id: String(idB), before: { userId } })

    // Someone else's session: not found, and it goes on working.
    const stranger = await signIn(app, database.demo('planner'))
    const before = await auditCount()
    await refused(await stranger.request(`/api/auth/sessions/${idC}`, { method: 'DELETE' }), 404, 'not_found')
    await refused(await a.request(`/api/auth/sessions/${idB}`, { method: 'DELETE' }), 404, 'not_found')
    expect(await auditCount()).toBe(before)
    expect((await me(c)).status).toBe(200)

    const others = await a.request('/api/auth/sessions', { method: 'DELETE' })
    expect(await others.json()).toEqual({ ended: 2 })
    for (const s of [c, d]) await refused(await me(s), 401, 'unauthenticated')
    expect(await lastAudit()).toMatchObject({ action: 'end_other_sessions', entity_id: String(userId), after: { ended: 2 } })
    expect((await me(a)).status).toBe(200)

    const self = await a.request(`/api/auth/sessions/${await idOf(a)}`, { method: 'DELETE' })
    expect(self.status).toBe(204)
    expect(self.headers.get('set-cookie')).toMatch(/^sg_session=;.*Max-Age=0/i)
    await refused(await me(a), 401, 'unauthenticated')
    expect((await me(stranger)).status).toBe(200)
  })

  it('an admin sees a user\'s sessions and ends one or all of them, audited', async () => {
    const userId = await addUser(database.db, { username: 'supervised', role: 'grid_supervisor' })
    const [x, y, z] = [await signIn(app, 'supervised'), await signIn(app, 'supervised'), await signIn(app, 'supervised')]
    const path = `/api/admin/users/${userId}/sessions`
    const sessions = await list(admin, path)
    expect(sessions).toHaveLength(3)
    expect(sessions.every((s) => !s.current)).toBe(true)
    const idOfX = (await list(x)).find((s) => s.current)!.id

    expect((await admin.request(`${path}/${idOfX}`, { method: 'DELETE' })).status).toBe(204)
    await refused(await me(x), 401, 'unauthenticated')
    expect(await lastAudit()).toMatchObject({ user_id: admin.user.userId, action: 'end_session', entity: 'session', entity_id: String(idOfX), before: { userId } })
    // A session id of another user, and an unknown user: 404.
    const adminOwn = (await list(admin)).find((s) => s.current)!.id
    await refused(await admin.request(`${path}/${adminOwn}`, { method: 'DELETE' }), 404, 'not_found')
    await refused(await admin.request('/api/admin/users/999999/sessions'), 404, 'not_found')

    const all = await admin.request(path, { method: 'DELETE' })
    expect(await all.json()).toEqual({ ended: 2 })
    for (const s of [y, z]) await refused(await me(s), 401, 'unauthenticated')
    expect(await lastAudit()).toMatchObject({ user_id: admin.user.userId, action: 'end_sessions', entity: 'user', entity_id: String(userId), after: { ended: 2 } })
    expect(await list(admin, path)).toEqual([])
    expect((await me(admin)).status).toBe(200)
  })
})

describe('the sign-in history', () => {
  type SignIn = { id: number; at: string; username: string; ip: string; userAgent: string | null; result: string }
  const history = async (s: ApiSession, query: string) => {
    const res = await s.request(`/api/admin/sign-ins?${query}`)
    expect(res.status).toBe(200)
    return await res.json() as SignIn[]
  }

  it('records time, address, user agent and result of every attempt, filtered by username and result, paged by id', async () => {
    await addUser(database.db, { username: 'history.user', role: 'planner' })
    await login('history.user', 'not-the-password', 'QGIS/3.34')
    await login('history.user', TEST_PASSWORD, 'Chrome/130')
    await login('history.user', 'still-not-it', 'curl/8')
    const all = await history(admin, 'username=History.User')
    expect(all.map((a) => [a.result, a.userAgent])).toEqual([['failure', 'curl/8'], ['success', 'Chrome/130'], ['failure', 'QGIS/3.34']])
    expect(all[0]).toMatchObject({ username: 'history.user', ip: expect.any(String), at: expect.stringMatching(/\+08:00$/) })
    expect(all[0].id).toBeGreaterThan(all[1].id)
    expect((await history(admin, 'username=history.user&result=failure')).map((a) => a.userAgent)).toEqual(['curl/8', 'QGIS/3.34'])
    expect((await history(admin, 'username=history.user&result=success')).map((a) => a.userAgent)).toEqual(['Chrome/130'])
    const [first] = await history(admin, 'username=history.user&limit=1')
    expect(first.id).toBe(all[0].id)
    expect((await history(admin, `username=history.user&beforeId=${first.id}&limit=1`))[0].id).toBe(all[1].id)
    // Unknown usernames are recorded too: what was tried is what an auditor needs.
    await login('no-such-account', 'guess-guess-guess')
    expect((await history(auditor, 'username=no-such-account'))[0]).toMatchObject({ result: 'failure' })
    const unfiltered = await history(auditor, 'limit=5')
    expect(unfiltered).toHaveLength(5)
    expect(unfiltered[0].username).toBe('no-such-account')
    await refused(await admin.request('/api/admin/sign-ins?result=maybe'), 400, 'invalid_request')
  })

  it('a user sees only their own sign-ins', async () => {
    await addUser(database.db, { username: 'own.history', role: 'district_supervisor', districtId: 1 })
    await login('own.history', 'wrong-wrong-wrong', 'Firefox/128')
    const session = await signIn(app, 'own.history')
    const res = await session.request('/api/auth/sign-ins?limit=10')
    expect(res.status).toBe(200)
    const mine = await res.json() as SignIn[]
    expect(mine.length).toBe(2)
    expect(new Set(mine.map((a) => a.username))).toEqual(new Set(['own.history']))
    expect(mine[1]).toMatchObject({ result: 'failure', userAgent: 'Firefox/128' })
  })
})

describe('the auditor', () => {
  it('reads the audit log and the sign-in history, ends their own sessions, and is refused every admin write', async () => {
    expect((await auditor.request('/api/admin/audit')).status).toBe(200)
    expect((await auditor.request('/api/admin/sign-ins')).status).toBe(200)
    const targetId = await addUser(database.db, { username: 'audited.target', role: 'planner' })
    const target = await signIn(app, 'audited.target')
    const sessionId = (await (await target.request('/api/auth/sessions')).json())[0].id
    const state = async () => (await sql<{ f: string }>`SELECT concat_ws('|', (SELECT count(*) FROM audit_log), (SELECT count(*) FROM users),
      (SELECT count(*) FROM sessions), (SELECT string_agg(password_hash || active, ',' ORDER BY id) FROM users)) AS f`.execute(database.db)).rows[0].f
    const before = await state()
    const writes: [string, string, unknown?][] = [
      ['POST', '/api/admin/users', { username: 'by.auditor', displayName: '审计员建的', role: 'admin', password: GOOD }],
      ['PATCH', `/api/admin/users/${targetId}`, { active: false }],
      ['PUT', `/api/admin/users/${targetId}/grids`, { gridIds: [] }],
      ['POST', `/api/admin/users/${targetId}/password`, { password: GOOD }],
      ['DELETE', `/api/admin/users/${targetId}/sessions`],
      ['DELETE', `/api/admin/users/${targetId}/sessions/${sessionId}`],
      ['POST', '/api/admin/display-tokens', { name: '审计员的大屏' }],
    ]
    for (const [method, path, body] of writes) {
      await refused(await auditor.request(path, { method, body: body === undefined ? undefined : json(body) }), 403, 'forbidden')
    }
    // Their own sessions only: another user's session is not found.
    await refused(await auditor.request(`/api/auth/sessions/${sessionId}`, { method: 'DELETE' }), 404, 'not_found')
    expect(await state()).toBe(before)
    expect((await me(target)).status).toBe(200)
  })
})
