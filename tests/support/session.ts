import type { Kysely } from 'kysely'
import type { DB } from '../../db/types.ts'
import type { Role } from '../../server/domain/roles.ts'
import { hashPassword } from '../../server/features/auth/passwords.ts'

/* Signing in for API tests, through the real login route: a session cookie and its CSRF token on every request. */

export const TEST_PASSWORD = 'test-password-2021'

interface RequestingApp { request(path: string, init?: RequestInit): Response | Promise<Response> }

export interface ApiSession {
  user: { userId: number; username: string; role: Role; districtId: number | null }
  csrfToken: string
  cookie: string
  /** Like app.request, signed in; a string body is sent as JSON. */
  request(path: string, init?: RequestInit): Promise<Response>
  /** A write with `body` as JSON (POST unless told otherwise). */
  post(path: string, body: unknown, method?: string): Promise<Response>
}

/** `origin` is the portal's own, as a browser would send it (in-process apps answer on http://localhost). */
export async function signIn(app: RequestingApp, username: string, password = TEST_PASSWORD, origin = 'http://localhost'): Promise<ApiSession> {
  const res = await app.request('/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  })
  if (res.status !== 200) throw new Error(`sign-in as ${username} failed: ${res.status} ${await res.text()}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
  const { user, csrfToken } = await res.json()
  const session: ApiSession = {
    user, csrfToken, cookie,
    post: (path, body, method = 'POST') => session.request(path, { method, body: JSON.stringify(body) }),
    request: async (path, init = {}) => app.request(path, {
      ...init,
      headers: {
        // What a browser adds by itself; hono/csrf checks it on forms and body-less writes.
        cookie, 'x-csrf-token': csrfToken, origin,
        ...(typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}),
        ...(init.headers as Record<string, string> | undefined),
      },
    }),
  }
  return session
}

let testHash: Promise<string> | undefined

/** A user with TEST_PASSWORD, straight into the table (for hand-built test cities that have no seeded people). */
export async function addUser(db: Kysely<DB>, user: { username: string; role: Role; districtId?: number; gridIds?: number[]; patrolContractId?: number }): Promise<number> {
  testHash ??= hashPassword(TEST_PASSWORD)
  const { id } = await db.insertInto('users').values({
    username: user.username, display_name: user.username, role: user.role, district_id: user.districtId ?? null, password_hash: await testHash,
    patrol_contract_id: user.patrolContractId ?? null,
  }).returning('id').executeTakeFirstOrThrow()
  if (user.gridIds?.length) await db.insertInto('grid_supervisors').values(user.gridIds.map((grid_id) => ({ grid_id, user_id: id }))).execute()
  return id
}
