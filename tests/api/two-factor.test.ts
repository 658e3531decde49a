import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { codeAt } from '../../server/features/auth/totp.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic } from '../support/ogc.ts'
import { addUser, type ApiSession, signIn, TEST_PASSWORD } from '../support/session.ts'

/*
 * Two factors (TOTP) through the API: enrolment, sign-in with a code or a recovery code, replay, lock-out, the
 * admin policy in both modes, HTTP Basic, and the audit trail. The server's clock is ours: a fixed instant moved
 * on by hand, so no test depends on today's date or on where in a 30-second step it runs.
 */

let database: SeededDatabase
let now: Date
const clock = () => now
let app: ReturnType<typeof createTestApp>
let required: ReturnType<typeof createTestApp>
let madeUsers = 0

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database, {}, { clock })
  required = createTestApp(database, { ADMIN_TOTP: 'required' }, { clock })
})
afterAll(() => database?.dispose())
// All tests share one address: each starts with a quiet sign-in history, as if the throttle window had passed.
afterEach(async () => { await sql`UPDATE login_attempts SET at = at - interval '1 day'`.execute(database.db) })

/** A new instant for each test, at the start of a 30-second step. */
let epoch = Date.parse('2026-11-24T02:00:00Z')
const freshClock = () => { epoch += 3_600_000; now = new Date(epoch) }
const later = (seconds: number) => { now = new Date(now.getTime() + seconds * 1000) }

type App = typeof app
const login = (username: string, extra: object = {}, on: App = app) => on.request('/api/auth/login', {
  method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: TEST_PASSWORD, ...extra }),
})
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect((await res.json()).error.code).toBe(code)
}
const newUser = async (role: 'admin' | 'planner' = 'planner') => {
  const username = `mfa-${role}-${++madeUsers}`
  return { username, userId: await addUser(database.db, { username, role }) }
}
const signInAs = (username: string, code?: string, on: App = app) =>
  signIn({ request: (path, init) => (path === '/api/auth/login' && code ? login(username, { totp: code }, on) : on.request(path, init)) }, username)

/** Setup and confirm at the current instant: the secret and the recovery codes. */
async function enrol(session: ApiSession) {
  const setup = await (await session.request('/api/auth/totp/setup', { method: 'POST' })).json()
  const confirmed = await session.request('/api/auth/totp/confirm', { method: 'POST', body: JSON.stringify({ code: codeAt(setup.secret, now) }) })
  expect(confirmed.status).toBe(200)
  return { secret: setup.secret as string, recoveryCodes: (await confirmed.json()).recoveryCodes as string[] }
}
const audit = async (userId: number) => (await sql<{ action: string; before: unknown; after: unknown }>`
  SELECT action, before, after FROM audit_log WHERE entity = 'user' AND entity_id = ${String(userId)} AND action LIKE 'totp%' ORDER BY id`.execute(database.db)).rows
const failures = async (username: string) => (await sql<{ n: number }>`
  SELECT count(*)::int AS n FROM login_attempts WHERE username = ${username} AND NOT succeeded AND at > now() - interval '1 hour'`.execute(database.db)).rows[0].n
const sessionCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM sessions`.execute(database.db)).rows[0].n

describe('enrolment', () => {
  it('gives an otpauth:// URI, a QR code and the key, pending until a code confirms it; then ten recovery codes, once, kept as hashes', async () => {
    freshClock()
    const { username, userId } = await newUser()
    const session = await signIn(app, username)
    const res = await session.request('/api/auth/totp/setup', { method: 'POST' })
    expect(res.status).toBe(200)
    const setup = await res.json()
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/)
    expect(setup.uri).toBe(`otpauth://totp/SiteGrid:${username}?issuer=SiteGrid&secret=${setup.secret}&algorithm=SHA1&digits=6&period=30`)
    expect(setup.qr).toMatch(/^data:image\/svg\+xml;base64,/)
    // Pending: signing in needs no code yet, and the session says two factors are off.
    expect((await login(username)).status).toBe(200)
    expect((await (await session.request('/api/auth/me')).json()).twoFactor).toEqual({ enabled: false, enrol: 'none', recoveryCodesLeft: 0 })

    const wrong = String((Number(codeAt(setup.secret, now)) + 1) % 1_000_000).padStart(6, '0')
    await expectError(await session.request('/api/auth/totp/confirm', { method: 'POST', body: JSON.stringify({ code: wrong }) }), 400, 'invalid_totp')
    const confirmed = await session.request('/api/auth/totp/confirm', { method: 'POST', body: JSON.stringify({ code: codeAt(setup.secret, now) }) })
    expect(confirmed.status).toBe(200)
    const { recoveryCodes } = await confirmed.json()
    expect(recoveryCodes).toHaveLength(10)
    const stored = await database.db.selectFrom('recovery_codes').where('user_id', '=', userId).select(['code_sha256']).execute()
    const hash = (code: string) => createHash('sha256').update(code.replaceAll('-', '')).digest('hex')
    expect(stored.map((r) => r.code_sha256).sort()).toEqual(recoveryCodes.map(hash).sort())

    // Confirmed once: a second confirmation and a new setup are refused, and no answer carries the secret again.
    await expectError(await session.request('/api/auth/totp/confirm', { method: 'POST', body: JSON.stringify({ code: codeAt(setup.secret, now) }) }), 409, 'totp_already_enabled')
    await expectError(await session.request('/api/auth/totp/setup', { method: 'POST' }), 409, 'totp_already_enabled')
    const me = await (await session.request('/api/auth/me')).text()
    expect(JSON.parse(me).twoFactor).toEqual({ enabled: true, enrol: 'none', recoveryCodesLeft: 10 })
    expect(me).not.toContain(setup.secret)
    const users = await (await (await signIn(app, database.demo('admin'))).request('/api/admin/users')).text()
    expect(users).not.toContain(setup.secret)
    expect(users).not.toMatch(/totp_secret|totpSecret/)
  })

  it('keeps the secret AES-GCM encrypted when TOTP_ENCRYPTION_KEY is set, and signs in with it', async () => {
    freshClock()
    const sealed = createTestApp(database, { TOTP_ENCRYPTION_KEY: Buffer.alloc(32, 9).toString('base64') }, { clock })
    const { username, userId } = await newUser()
    const { secret } = await enrol(await signIn(sealed, username))
    const row = await database.db.selectFrom('users').where('id', '=', userId).select('totp_secret').executeTakeFirstOrThrow()
    expect(row.totp_secret).toMatch(/^aes256gcm:/)
    expect(row.totp_secret).not.toContain(secret)
    later(30)
    expect((await login(username, { totp: codeAt(secret, now) }, sealed)).status).toBe(200)
    // An app without the key cannot read it, and says so rather than accepting anything.
    later(30)
    expect((await login(username, { totp: codeAt(secret, now) })).status).toBe(500)
  })
})

describe('signing in with two factors', () => {
  it('asks for the code (no session), refuses a wrong one as a failed attempt, takes the right one once', async () => {
    freshClock()
    const { username } = await newUser()
    const { secret } = await enrol(await signIn(app, username))
    const sessions = await sessionCount()
    const asked = await login(username)
    await expectError(asked, 401, 'totp_required')
    expect(asked.headers.get('set-cookie')).toBeNull()
    expect(await sessionCount()).toBe(sessions)
    expect(await failures(username)).toBe(0)
    // A wrong password is a wrong password, code or not: nothing tells that the account has two factors.
    later(30)
    const right = codeAt(secret, now)
    await expectError(await login(username, { password: 'not-the-password', totp: right }), 401, 'invalid_credentials')
    const wrong = String((Number(right) + 1) % 1_000_000).padStart(6, '0')
    await expectError(await login(username, { totp: wrong }), 401, 'invalid_totp')
    expect(await failures(username)).toBe(2)

    const ok = await login(username, { totp: right })
    expect(ok.status).toBe(200)
    expect(ok.headers.get('set-cookie')).toMatch(/^sg_session=/)
    expect((await ok.json()).twoFactor.enabled).toBe(true)
    // Replayed: the same code, even within its step, and any older step.
    await expectError(await login(username, { totp: right }), 401, 'invalid_totp')
    later(15)
    await expectError(await login(username, { totp: codeAt(secret, new Date(now.getTime() - 30_000)) }), 401, 'invalid_totp')
    await expectError(await login(username, { totp: right }), 401, 'invalid_totp')
  })

  it('accepts a code one step either side of the clock and no further', async () => {
    freshClock()
    const { username } = await newUser()
    const { secret } = await enrol(await signIn(app, username))
    later(120)
    const at = (seconds: number) => codeAt(secret, new Date(now.getTime() + seconds * 1000))
    await expectError(await login(username, { totp: at(-60) }), 401, 'invalid_totp')
    expect((await login(username, { totp: at(-30) })).status).toBe(200)
    expect((await login(username, { totp: at(30) })).status).toBe(200)
    later(120)
    await expectError(await login(username, { totp: at(60) }), 401, 'invalid_totp')
  })

  it('takes a recovery code once, however it is typed', async () => {
    freshClock()
    const { username, userId } = await newUser()
    const { recoveryCodes } = await enrol(await signIn(app, username))
    const typed = recoveryCodes[3].toLowerCase().replaceAll('-', ' ')
    const res = await login(username, { recoveryCode: typed })
    expect(res.status).toBe(200)
    expect((await res.json()).twoFactor.recoveryCodesLeft).toBe(9)
    await expectError(await login(username, { recoveryCode: recoveryCodes[3] }), 401, 'invalid_totp')
    await expectError(await login(username, { recoveryCode: 'AAAA-BBBB-CCCC-DDDD' }), 401, 'invalid_totp')
    expect((await audit(userId)).at(-1)).toEqual({ action: 'totp_recovery_code_used', before: null, after: { left: 9 } })
  })

  it('locks the account after five wrong codes, like five wrong passwords', async () => {
    freshClock()
    const { username } = await newUser()
    const { secret } = await enrol(await signIn(app, username))
    for (let i = 0; i < 5; i++) await expectError(await login(username, { totp: '000000' === codeAt(secret, now) ? '000001' : '000000' }), 401, 'invalid_totp')
    later(30)
    await expectError(await login(username, { totp: codeAt(secret, now) }), 429, 'account_locked')
  })
})

describe('managing two factors', () => {
  it('regenerates recovery codes for a code (the old ones stop working); turns off for the password and a code', async () => {
    freshClock()
    const { username } = await newUser()
    const session = await signIn(app, username)
    const { secret, recoveryCodes: old } = await enrol(session)
    later(30)
    await expectError(await session.request('/api/auth/totp/recovery-codes', { method: 'POST', body: JSON.stringify({ code: old[0].replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) }) }), 400, 'invalid_totp')
    const res = await session.request('/api/auth/totp/recovery-codes', { method: 'POST', body: JSON.stringify({ code: codeAt(secret, now) }) })
    expect(res.status).toBe(200)
    const { recoveryCodes } = await res.json()
    expect(recoveryCodes).toHaveLength(10)
    await expectError(await login(username, { recoveryCode: old[1] }), 401, 'invalid_totp')

    later(30)
    const code = codeAt(secret, now)
    await expectError(await session.request('/api/auth/totp/disable', { method: 'POST', body: JSON.stringify({ password: 'wrong-password', code }) }), 400, 'invalid_credentials')
    // A recovery code does it too (the phone is lost): here a new one.
    expect((await session.request('/api/auth/totp/disable', { method: 'POST', body: JSON.stringify({ password: TEST_PASSWORD, code: recoveryCodes[0] }) })).status).toBe(204)
    expect((await login(username)).status).toBe(200)
    expect(await database.db.selectFrom('recovery_codes').innerJoin('users', 'users.id', 'recovery_codes.user_id').where('users.username', '=', username).select('code_sha256').execute()).toEqual([])
    await expectError(await session.request('/api/auth/totp/recovery-codes', { method: 'POST', body: JSON.stringify({ code }) }), 409, 'totp_not_enabled')
  })

  it('audits every step, with neither the secret nor a code in the log', async () => {
    freshClock()
    const { username, userId } = await newUser()
    const session = await signIn(app, username)
    const { secret, recoveryCodes } = await enrol(session)
    later(30)
    const regenerated = await (await session.request('/api/auth/totp/recovery-codes', { method: 'POST', body: JSON.stringify({ code: codeAt(secret, now) }) })).json()
    expect((await login(username, { recoveryCode: regenerated.recoveryCodes[0] })).status).toBe(200)
    later(30)
    expect((await session.request('/api/auth/totp/disable', { method: 'POST', body: JSON.stringify({ password: TEST_PASSWORD, code: codeAt(secret, now) }) })).status).toBe(204)
    const entries = await audit(userId)
    expect(entries.map((e) => e.action)).toEqual(['totp_setup', 'totp_enable', 'totp_recovery_codes', 'totp_recovery_code_used', 'totp_disable'])
    const logged = JSON.stringify(entries)
    for (const secretThing of [secret, ...recoveryCodes, ...regenerated.recoveryCodes]) expect(logged).not.toContain(secretThing)
  })
})

describe('the policy for administrators', () => {
  it('required: an admin without two factors gets a session that can only enrol, then works', async () => {
    freshClock()
    const { username } = await newUser('admin')
    const session = await signIn(required, username)
    expect((await (await session.request('/api/auth/me')).json()).twoFactor).toEqual({ enabled: false, enrol: 'required', recoveryCodesLeft: 0 })
    for (const path of ['/api/layers/districts', '/api/admin/users', '/api/ogc/collections']) {
      await expectError(await session.request(path), 403, 'totp_enrolment_required')
    }
    await expectError(await session.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: '未启用双因素' }) }), 403, 'totp_enrolment_required')
    // HTTP Basic cannot enrol, so it is refused too, without counting as a failure.
    await expectError(await required.request('/api/ogc/collections', { headers: { authorization: basic(username) } }), 403, 'totp_enrolment_required')
    expect(await failures(username)).toBe(0)

    const { secret } = await enrol(session)
    expect((await session.request('/api/layers/districts')).status).toBe(200)
    later(30)
    await expectError(await session.request('/api/auth/totp/disable', { method: 'POST', body: JSON.stringify({ password: TEST_PASSWORD, code: codeAt(secret, now) }) }), 403, 'totp_required_by_policy')
    // Others are not asked.
    const planner = await signIn(required, database.demo('planner'))
    expect((await planner.request('/api/layers/districts')).status).toBe(200)
  })

  it('prompt: the admin works and is asked to enrol (the demo admin, as npm start makes it)', async () => {
    freshClock()
    const admin = await signIn(app, database.demo('admin'))
    expect((await (await admin.request('/api/auth/me')).json()).twoFactor).toEqual({ enabled: false, enrol: 'prompt', recoveryCodesLeft: 0 })
    expect((await admin.request('/api/admin/users')).status).toBe(200)
    expect((await app.request('/api/ogc/collections', { headers: { authorization: basic(database.demo('admin')) } })).status).toBe(200)
  })
})

describe('HTTP Basic (GIS clients)', () => {
  it('is refused, with a reason, once two factors are on, even for a password it remembers; no failure counted', async () => {
    freshClock()
    const { username } = await newUser()
    const collections = () => app.request('/api/ogc/collections', { headers: { authorization: basic(username) } })
    expect((await collections()).status).toBe(200)
    await enrol(await signInAs(username))
    const res = await collections()
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/)
    const body = await res.json()
    expect(body.error.code).toBe('basic_auth_refused')
    expect(body.error.message).toMatch(/two factors.*session/)
    expect(await failures(username)).toBe(0)
  })
})
