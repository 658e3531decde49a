import { type Kysely, sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/types.ts'
import { parseConfig } from '../../server/config.ts'
import { provisionAccounts } from '../../server/features/auth/accounts.bootstrap.ts'
import { verifyPassword } from '../../server/features/auth/passwords.ts'
import { sha256 } from '../../server/features/auth/session.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn, TEST_PASSWORD } from '../support/session.ts'

/* Signing in and out: scrypt hashes, database sessions behind an HttpOnly cookie, CSRF tokens, lock-out, expiry. */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
})
afterAll(() => database?.dispose())
// Each test starts with a quiet sign-in history, as if the throttle window had passed: all tests share one address.
afterEach(async () => { await sql`UPDATE login_attempts SET at = at - interval '1 day'`.execute(database.db) })

const login = (username: string, password = TEST_PASSWORD, url = 'http://localhost/api/auth/login', on = app) =>
  on.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
const me = (cookie: string) => app.request('/api/auth/me', { headers: { cookie } })
const count = async (table: 'sessions' | 'audit_log' | 'display_tokens' | 'users') =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0].n
const sessionRow = async (session: ApiSession) => (await sql<{ user_id: number }>`
  SELECT user_id FROM sessions WHERE token_sha256 = ${sha256(session.cookie.split('=')[1])}`.execute(database.db)).rows[0]
const expireIn = (session: ApiSession, column: 'expires_at' | 'last_seen_at', interval: string) =>
  sql`UPDATE sessions SET ${sql.ref(column)} = now() + ${interval}::interval WHERE token_sha256 = ${sha256(session.cookie.split('=')[1])}`.execute(database.db)
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect((await res.json()).error.code).toBe(code)
}

describe('signing in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and returns the user and CSRF token, never the hash', async () => {
    const res = await login(database.demo('planner'))
    expect(res.status).toBe(200)
    const cookie = res.headers.get('set-cookie')!
    expect(cookie).toMatch(/^sg_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toMatch(/;\s*HttpOnly/i)
    expect(cookie).toMatch(/;\s*SameSite=Lax/i)
    expect(cookie).toMatch(/;\s*Path=\//i)
    expect(cookie).toMatch(/;\s*Max-Age=43200/i)
    expect(cookie).not.toMatch(/Secure/i)
    const body = await res.json()
    expect(body.user).toMatchObject({ username: database.demo('planner'), role: 'planner' })
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{32}$/)
    expect(JSON.stringify(body)).not.toMatch(/scrypt|hash/i)
  })

  it('marks the cookie Secure over HTTPS, and always in production', async () => {
    const https = await login(database.demo('planner'), TEST_PASSWORD, 'https://localhost/api/auth/login')
    expect(https.status).toBe(200)
    expect(https.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
    const production = createTestApp(database, { NODE_ENV: 'production' })
    const res = await login(database.demo('planner'), TEST_PASSWORD, 'http://localhost/api/auth/login', production)
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
  })

  it('stores only a hash of the cookie value, and the password only as an scrypt hash', async () => {
    const session = await signIn(app, database.demo('planner'))
    const raw = session.cookie.split('=')[1]
    expect(await sessionRow(session)).toEqual({ user_id: session.user.userId })
    expect((await sql`SELECT 1 FROM sessions WHERE token_sha256 = ${raw} OR csrf_token = ${raw}`.execute(database.db)).rows).toEqual([])
    const { rows } = await sql<{ hash: string }>`SELECT password_hash AS hash FROM users WHERE username = ${database.demo('planner')}`.execute(database.db)
    expect(rows[0].hash.startsWith('scrypt$')).toBe(true)
    expect(rows[0].hash).not.toContain(TEST_PASSWORD)
    expect(await verifyPassword(TEST_PASSWORD, rows[0].hash)).toBe(true)
  })

  it('answers a wrong password and an unknown user the same way: 401 invalid_credentials', async () => {
    const wrong = await login(database.demo('city_command'), 'not-the-password')
    const unknown = await login('nobody-of-that-name', TEST_PASSWORD)
    expect([wrong.status, unknown.status]).toEqual([401, 401])
    const [a, b] = [await wrong.json(), await unknown.json()]
    // Word for word the same answer, but for each request's own id.
    expect({ ...a.error, requestId: undefined }).toEqual({ ...b.error, requestId: undefined })
    expect(a.error.code).toBe('invalid_credentials')
    expect(wrong.headers.get('set-cookie')).toBeNull()
  })

  it('rejects a malformed sign-in with 400 and no session', async () => {
    const before = await count('sessions')
    await expectError(await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin' }) }), 400, 'invalid_request')
    await expectError(await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 12345 }) }), 400, 'invalid_request')
    expect(await count('sessions')).toBe(before)
  })
})

describe('the session', () => {
  it('/api/auth/me tells who is signed in; without a cookie, or with a made-up one, 401', async () => {
    const session = await signIn(app, database.demo('district_supervisor'))
    const res = await me(session.cookie)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body).toEqual({ user: session.user, csrfToken: session.csrfToken, twoFactor: { enabled: false, enrol: 'none', recoveryCodesLeft: 0 } })
    expect(body.user.districtId).toEqual(expect.any(Number))
    await expectError(await app.request('/api/auth/me'), 401, 'unauthenticated')
    await expectError(await me('sg_session=made-up-token'), 401, 'unauthenticated')
    await expectError(await me(`sg_session=${'x'.repeat(500)}`), 401, 'unauthenticated')
  })

  it('ends on logout: the row is gone, the cookie is cleared and no longer works', async () => {
    const session = await signIn(app, database.demo('planner'))
    const res = await session.request('/api/auth/logout', { method: 'POST' })
    expect(res.status).toBe(204)
    expect(res.headers.get('set-cookie')).toMatch(/^sg_session=;.*Max-Age=0/i)
    expect(await sessionRow(session)).toBeUndefined()
    await expectError(await me(session.cookie), 401, 'unauthenticated')
    await expectError(await session.request('/api/layers/districts'), 401, 'unauthenticated')
  })

  it('expires at its expiry time', async () => {
    const session = await signIn(app, database.demo('planner'))
    const { rows } = await sql<{ hours: number }>`SELECT extract(epoch FROM expires_at - created_at) / 3600 AS hours FROM sessions
      WHERE token_sha256 = ${sha256(session.cookie.split('=')[1])}`.execute(database.db)
    expect(Number(rows[0].hours)).toBeCloseTo(12, 2)
    await expireIn(session, 'expires_at', '-1 minute')
    await expectError(await me(session.cookie), 401, 'unauthenticated')
    // The next sign-in (anyone's) clears it out of the table.
    await signIn(app, database.demo('city_command'))
    expect(await sessionRow(session)).toBeUndefined()
  })

  it('expires after two idle hours, and a request within them keeps it alive', async () => {
    const session = await signIn(app, database.demo('planner'))
    await expireIn(session, 'last_seen_at', '-119 minutes')
    expect((await me(session.cookie)).status).toBe(200)
    const { rows } = await sql<{ idle: number }>`SELECT extract(epoch FROM now() - last_seen_at) AS idle FROM sessions
      WHERE token_sha256 = ${sha256(session.cookie.split('=')[1])}`.execute(database.db)
    expect(Number(rows[0].idle)).toBeLessThan(60)
    await expireIn(session, 'last_seen_at', '-121 minutes')
    await expectError(await me(session.cookie), 401, 'unauthenticated')
  })

  it('of a deactivated user stops working at once, and they cannot sign in again', async () => {
    const id = await addUser(database.db, { username: 'leaver', role: 'planner' })
    const session = await signIn(app, 'leaver')
    const res = await admin.request(`/api/admin/users/${id}`, { method: 'PATCH', body: JSON.stringify({ active: false }) })
    expect(res.status).toBe(200)
    expect((await res.json()).active).toBe(false)
    await expectError(await me(session.cookie), 401, 'unauthenticated')
    await expectError(await login('leaver'), 401, 'invalid_credentials')
    // Even a session left behind (deactivated straight in the table) is refused.
    const other = await addUser(database.db, { username: 'leaver2', role: 'planner' })
    const kept = await signIn(app, 'leaver2')
    await sql`UPDATE users SET active = false WHERE id = ${other}`.execute(database.db)
    await expectError(await me(kept.cookie), 401, 'unauthenticated')
  })

  it('ends everywhere when the user changes their password', async () => {
    await addUser(database.db, { username: 'changer', role: 'planner' })
    const [here, there] = [await signIn(app, 'changer'), await signIn(app, 'changer')]
    const wrong = await here.request('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword: 'wrong-password', newPassword: 'a-new-password-1' }) })
    await expectError(wrong, 400, 'invalid_credentials')
    await expectError(await here.request('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'short' }) }), 400, 'invalid_request')
    const res = await here.request('/api/auth/password', { method: 'POST', body: JSON.stringify({ currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-1' }) })
    expect(res.status).toBe(204)
    for (const s of [here, there]) await expectError(await me(s.cookie), 401, 'unauthenticated')
    await expectError(await login('changer'), 401, 'invalid_credentials')
    expect((await login('changer', 'a-new-password-1')).status).toBe(200)
  })
})

describe('CSRF', () => {
  const write = (headers: Record<string, string>) => app.request('/api/admin/display-tokens', {
    method: 'POST', headers: { 'content-type': 'application/json', origin: 'http://localhost', ...headers }, body: JSON.stringify({ name: '伪造的大屏' }),
  })

  it('refuses a write with the cookie but without, or with a wrong, x-csrf-token, and writes nothing', async () => {
    const before = [await count('display_tokens'), await count('audit_log')]
    const other = await signIn(app, database.demo('planner'))
    for (const headers of [{}, { 'x-csrf-token': '' }, { 'x-csrf-token': 'guessed' }, { 'x-csrf-token': other.csrfToken }] as Record<string, string>[]) {
      await expectError(await write({ cookie: admin.cookie, ...headers }), 403, 'csrf_failed')
    }
    await expectError(await admin.request('/api/admin/display-tokens/1', { method: 'DELETE', headers: { 'x-csrf-token': 'guessed' } }), 403, 'csrf_failed')
    await expectError(await admin.request('/api/auth/logout', { method: 'POST', headers: { 'x-csrf-token': '' } }), 403, 'csrf_failed')
    expect([await count('display_tokens'), await count('audit_log')]).toEqual(before)
    expect((await me(admin.cookie)).status).toBe(200)
    expect((await write({ cookie: admin.cookie, 'x-csrf-token': admin.csrfToken })).status).toBe(201)
  })

  it('refuses a form posted from another origin before it reaches a route', async () => {
    const before = await count('audit_log')
    const res = await app.request('/api/photos', {
      method: 'POST', body: new URLSearchParams({ siteId: '1' }),
      headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken, origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(403)
    expect(await count('audit_log')).toBe(before)
  })
})

describe('guessing', () => {
  it('locks an account after 5 failures in a row: 429 account_locked even with the right password', async () => {
    await addUser(database.db, { username: 'target', role: 'city_command' })
    for (let i = 0; i < 5; i++) await expectError(await login('target', `guess-${i}`), 401, 'invalid_credentials')
    const locked = await login('target')
    await expectError(locked, 429, 'account_locked')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800)
    expect(locked.headers.get('set-cookie')).toBeNull()
    // Per account: others still sign in.
    expect((await login(database.demo('planner'))).status).toBe(200)
    // 15 minutes later the lock has lifted.
    await sql`UPDATE login_attempts SET at = at - interval '16 minutes' WHERE username = 'target'`.execute(database.db)
    expect((await login('target')).status).toBe(200)
  })

  it('a success resets the count of failures', async () => {
    await addUser(database.db, { username: 'forgetful', role: 'planner' })
    for (let i = 0; i < 4; i++) await login('forgetful', 'nope-nope-nope')
    expect((await login('forgetful')).status).toBe(200)
    for (let i = 0; i < 4; i++) await login('forgetful', 'nope-nope-nope')
    expect((await login('forgetful')).status).toBe(200)
  })

  it('limits sign-ins from one address: 429 too_many_attempts', async () => {
    await sql`INSERT INTO login_attempts (username, ip, succeeded) SELECT 'flood-' || i, 'unknown', false FROM generate_series(1, 30) i`.execute(database.db)
    await expectError(await login(database.demo('planner')), 429, 'too_many_attempts')
  })
})

describe('first start', () => {
  class Rollback extends Error {}
  /** Runs against a copy of the accounts with no passwords yet, inside a transaction that is rolled back. */
  async function unprovisioned(check: (trx: Kysely<DB>) => Promise<void>) {
    await expect(database.db.transaction().execute(async (trx) => {
      await sql`UPDATE users SET password_hash = NULL`.execute(trx)
      await check(trx)
      throw new Rollback()
    })).rejects.toBeInstanceOf(Rollback)
  }
  const withPassword = async (trx: Kysely<DB>) =>
    (await sql<{ username: string; role: string; hash: string }>`SELECT username, role, password_hash AS hash FROM users WHERE password_hash IS NOT NULL`.execute(trx)).rows

  it('refuses a demo password in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', DEMO_PASSWORD: 'a-demo-password' })).toThrow(/DEMO_PASSWORD/)
    expect(() => parseConfig({ NODE_ENV: 'production', ADMIN_PASSWORD: 'an-admin-password' })).not.toThrow()
    expect(() => parseConfig({ NODE_ENV: 'production', ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD/)
  })

  it('in production, fails without ADMIN_PASSWORD and with it gives a password to the admin only', async () => {
    await unprovisioned(async (trx) => {
      await expect(provisionAccounts(trx, { NODE_ENV: 'production' })).rejects.toThrow(/ADMIN_PASSWORD/)
      expect(await withPassword(trx)).toEqual([])
      expect(await provisionAccounts(trx, { NODE_ENV: 'production', ADMIN_PASSWORD: 'Harbour-lantern-2026' })).toEqual([])
      const given = await withPassword(trx)
      expect(given.map((u) => u.role)).toEqual(['admin'])
      expect(given[0].hash.startsWith('scrypt$')).toBe(true)
      expect(await verifyPassword('Harbour-lantern-2026', given[0].hash)).toBe(true)
      // A second start changes nothing.
      expect(await provisionAccounts(trx, { NODE_ENV: 'production', ADMIN_PASSWORD: 'another-password-entirely' })).toEqual([])
      expect((await withPassword(trx))[0].hash).toBe(given[0].hash)
    })
  })

  it('elsewhere, gives one demo account per role a random password, printed once', async () => {
    await unprovisioned(async (trx) => {
      const accounts = await provisionAccounts(trx, { NODE_ENV: 'development' })
      expect(accounts.map((a) => a.role).sort()).toEqual(['admin', 'auditor', 'city_command', 'district_supervisor', 'grid_supervisor', 'patrol', 'planner'])
      for (const a of accounts) expect(a.password).toMatch(/^[A-Za-z0-9]{16}$/)
      expect(new Set(accounts.map((a) => a.password)).size).toBe(7)
      expect((await withPassword(trx)).length).toBe(7)
    })
  })
})
