import { randomBytes } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { ROLES } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import * as repo from './auth.repo.ts'
import { verifyCredentials } from './credentials.ts'
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts'
import { cookieIsSecure, requireSession, SESSION_COOKIE, type SessionEnv, sha256 } from './session.ts'

const User = z.object({
  userId: z.number(), username: z.string(), displayName: z.string(), role: z.enum(ROLES), districtId: z.number().nullable(),
}).openapi('User')
const SessionInfo = z.object({ user: User, csrfToken: z.string() }).openapi('Session')
const errors = { ...errorResponses, ...authErrorResponses, 429: errorResponse('Too many attempts') }

const login = createRoute({
  method: 'post', path: '/login', tags: ['auth'], summary: 'Sign in; sets the HttpOnly session cookie and returns the CSRF token',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({
    username: z.string().trim().toLowerCase().min(1).max(40).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed'), password: z.string().min(1).max(200),
  }) } } } },
  responses: { 200: jsonResponse('Signed in', SessionInfo), ...errors },
})
const me = createRoute({ method: 'get', path: '/me', tags: ['auth'], summary: 'Who is signed in, and the CSRF token to send with writes', responses: { 200: jsonResponse('The session', SessionInfo), ...errors } })
const logout = createRoute({ method: 'post', path: '/logout', tags: ['auth'], summary: 'Sign out: the session ends on the server', responses: { 204: { description: 'Signed out' }, ...errors } })
const changePassword = createRoute({
  method: 'post', path: '/password', tags: ['auth'], summary: 'Change your own password; your other sessions end',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({
    currentPassword: z.string().min(1).max(200), newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(200),
  }) } } } },
  responses: { 204: { description: 'Changed' }, ...errors },
})

export function authRoutes({ db, config }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  for (const path of ['/me', '/logout', '/password']) router.use(path, requireSession(db, config))
  return router
    .openapi(login, async (c) => {
      const { username, password } = c.req.valid('json')
      const user = await verifyCredentials(c, db, username, password)
      const token = randomBytes(32).toString('base64url')
      const csrfToken = randomBytes(24).toString('base64url')
      await repo.createSession(db, { tokenSha256: sha256(token), userId: user.userId, csrfToken, hours: config.SESSION_HOURS })
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true, sameSite: 'Lax', secure: cookieIsSecure(c, config), path: '/', maxAge: config.SESSION_HOURS * 3600,
      })
      const { passwordHash: _, ...principal } = user
      return c.json({ user: { ...principal, role: principal.role as z.infer<typeof User>['role'] }, csrfToken }, 200)
    })
    .openapi(me, async (c) => c.json({ user: c.get('principal'), csrfToken: c.get('csrfToken') }, 200))
    .openapi(logout, async (c) => {
      await repo.deleteSession(db, sha256(getCookie(c, SESSION_COOKIE) ?? ''))
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookieIsSecure(c, config) })
      return c.body(null, 204)
    })
    .openapi(changePassword, async (c) => {
      const { currentPassword, newPassword } = c.req.valid('json')
      const principal = c.get('principal')
      const user = await repo.findLoginUser(db, principal.username)
      if (!user?.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) {
        throw new AppError(400, 'invalid_credentials', 'the current password is wrong')
      }
      const hash = await hashPassword(newPassword)
      await db.transaction().execute(async (trx) => {
        await repo.setPassword(trx, principal.userId, hash)
        await repo.deleteUserSessions(trx, principal.userId)
        await writeAudit(trx, { userId: principal.userId, action: 'change_password', entity: 'user', entityId: principal.userId })
      })
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookieIsSecure(c, config) })
      return c.body(null, 204)
    })
}
