import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createSessionCache, SESSIONS_CHANNEL, type SessionCache } from '../../server/features/auth/session-cache.ts'
import { sha256 } from '../../server/features/auth/session.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * A signed-in request is answered from a session the database vouched for a moment ago (session-cache.ts). Nothing
 * that ends or changes a session may be outlived by that: the very next request with the old cookie is refused, or
 * sees the new role, on this server process and, once the NOTIFY arrives, on another one on the same database.
 */

let database: SeededDatabase
let sessions: SessionCache
let app: ReturnType<typeof createTestApp>
let admin: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(60)
  sessions = createSessionCache(database)
  app = createTestApp(database, {}, { sessions })
  admin = await signIn(app, database.demo('admin'))
})
afterAll(async () => { await sessions?.stop(); await database?.dispose() })
// All sign-ins come from one address: each test starts as if the throttle window had passed.
afterEach(async () => { await sql`UPDATE login_attempts SET at = at - interval '1 day'`.execute(database.db) })

// A signed-in route that asks the database nothing but the session.
const PATH = '/api/tiles/sites'
const tokenOf = (s: ApiSession) => s.cookie.slice(s.cookie.indexOf('=') + 1)
let users = 0

/** A new planner, signed in, whose session has answered a request and so is now held in memory. */
async function heldSession(on = app, cache = sessions): Promise<{ session: ApiSession; userId: number }> {
  const username = `cache.user${++users}`
  const userId = await addUser(database.db, { username, role: 'planner' })
  const session = await signIn(on, username)
  expect((await session.request(PATH)).status).toBe(200)
  expect(cache.get(sha256(tokenOf(session)))).toBeDefined()
  return { session, userId }
}

async function refused(res: Response, status: number, code: string) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(status)
  expect(body.error.code).toBe(code)
}

describe('a session held in memory', () => {
  it('is refused on the next request after signing out', async () => {
    const { session } = await heldSession()
    expect((await session.request('/api/auth/logout', { method: 'POST' })).status).toBe(204)
    await refused(await session.request(PATH), 401, 'unauthenticated')
  })

  it('answers the OGC API\'s cookie sign-in too, and is refused there after signing out', async () => {
    const { session } = await heldSession()
    sessions.forgetAll()
    expect((await session.request('/api/ogc/collections')).status).toBe(200)
    expect(sessions.get(sha256(tokenOf(session)))).toBeDefined()
    expect((await session.request('/api/auth/logout', { method: 'POST' })).status).toBe(204)
    await refused(await session.request('/api/ogc/collections'), 401, 'unauthenticated')
  })

  it('is refused on the next request after the user changes their password', async () => {
    const { session } = await heldSession()
    const changed = await session.post('/api/auth/password', { currentPassword: 'test-password-2021', newPassword: 'Harbour-lantern-73' })
    expect(changed.status).toBe(204)
    await refused(await session.request(PATH), 401, 'unauthenticated')
  })

  it('is refused on the next request after an admin deactivates the user, sets their password or ends their sessions', async () => {
    const deactivated = await heldSession()
    expect((await admin.post(`/api/admin/users/${deactivated.userId}`, { active: false }, 'PATCH')).status).toBe(200)
    await refused(await deactivated.session.request(PATH), 401, 'unauthenticated')

    const reset = await heldSession()
    expect((await admin.post(`/api/admin/users/${reset.userId}/password`, { password: 'Harbour-lantern-73' })).status).toBe(204)
    await refused(await reset.session.request(PATH), 401, 'unauthenticated')

    const ended = await heldSession()
    expect((await admin.request(`/api/admin/users/${ended.userId}/sessions`, { method: 'DELETE' })).status).toBe(200)
    await refused(await ended.session.request(PATH), 401, 'unauthenticated')
  })

  it('is refused on the next request after the user ends their other sessions from another device', async () => {
    const { session, userId } = await heldSession()
    const other = await signIn(app, (await database.db.selectFrom('users').select('username').where('id', '=', userId).executeTakeFirstOrThrow()).username)
    expect((await other.request('/api/auth/sessions', { method: 'DELETE' })).status).toBe(200)
    await refused(await session.request(PATH), 401, 'unauthenticated')
    expect((await other.request(PATH)).status).toBe(200)
  })

  it('carries the new role on the next request after an admin changes it', async () => {
    const { session, userId } = await heldSession()
    expect((await admin.post(`/api/admin/users/${userId}`, { role: 'auditor' }, 'PATCH')).status).toBe(200)
    // An auditor reaches the audit trail only: the old role, held in memory, would still have reached the tiles.
    await refused(await session.request(PATH), 403, 'forbidden')
  })

  it('is refused by another server process on the same database once the sign-out\'s notification arrives', async () => {
    const otherSessions = createSessionCache(database)
    const other = createTestApp(database, {}, { sessions: otherSessions })
    try {
      const { session } = await heldSession()
      const onOther = (path: string, init: RequestInit = {}) => other.request(path, { ...init, headers: { cookie: session.cookie } })
      expect((await onOther(PATH)).status).toBe(200)
      expect(otherSessions.get(sha256(tokenOf(session)))).toBeDefined()
      // Listening after the other process does: the same notification reaches its listener first.
      let notify = () => {}
      const notified = new Promise<void>((resolve) => { notify = resolve })
      const unlisten = await database.listen(SESSIONS_CHANNEL, () => notify())
      expect((await session.request('/api/auth/logout', { method: 'POST' })).status).toBe(204)
      await notified
      await unlisten()
      await refused(await onOther(PATH), 401, 'unauthenticated')
    } finally {
      await otherSessions.stop()
    }
  })
})
