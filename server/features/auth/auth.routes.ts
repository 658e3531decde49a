import { randomBytes } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { passwordExpired } from '../../domain/password-policy.ts'
import { ROLES } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import * as repo from './auth.repo.ts'
import { clientIp, userAgentOf, verifyCredentials } from './credentials.ts'
import { createPasswordCheck, weakPassword } from './password-check.ts'
import { hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from './passwords.ts'
import { cookieIsSecure, requireSession, SESSION_COOKIE, type SessionEnv, sha256 } from './session.ts'
import { loginSecondFactor, twoFactorOf } from './totp.factor.ts'
import { requestClient } from '../../http/client.ts'

const User = z.object({
  userId: z.number(), username: z.string(), displayName: z.string(), role: z.enum(ROLES), districtId: z.number().nullable(),
}).openapi('User')
const SessionInfo = z.object({
  user: User, csrfToken: z.string(),
  twoFactor: z.object({
    enabled: z.boolean(), recoveryCodesLeft: z.number(),
    enrol: z.enum(['none', 'prompt', 'required']).openapi({ description: 'required: until enrolled, only /api/auth/* answers; prompt: asked to enrol' }),
  }),
  passwordExpired: z.literal(true).optional().openapi({ description: 'present when the password must be changed: until then only /api/auth/* answers' }),
}).openapi('Session')
const errors = { ...errorResponses, ...authErrorResponses, 429: errorResponse('Too many attempts') }
/** `passwordExpired` is in a session's answer only when it is true. */
const expiredFlag = (expired: boolean | undefined) => (expired ? { passwordExpired: true as const } : {})

const login = createRoute({
  method: 'post', path: '/login', tags: ['auth'], summary: 'Sign in; sets the HttpOnly session cookie and returns the CSRF token',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({
    username: z.string().trim().toLowerCase().min(1).max(40).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed'), password: z.string().min(1).max(200),
    // Asked for (401 totp_required) when the account has two factors on.
    totp: z.string().trim().regex(/^\d{6}$/, 'six digits').optional(), recoveryCode: z.string().trim().min(1).max(40).regex(/^[0-9A-Za-z -]+$/).optional(),
  }) } } } },
  responses: { 200: jsonResponse('Signed in', SessionInfo), ...errors },
})
const me = createRoute({ method: 'get', path: '/me', tags: ['auth'], summary: 'Who is signed in, and the CSRF token to send with writes', responses: { 200: jsonResponse('The session', SessionInfo), ...errors } })
const logout = createRoute({ method: 'post', path: '/logout', tags: ['auth'], summary: 'Sign out: the session ends on the server', responses: { 204: { description: 'Signed out' }, ...errors } })
const changePassword = createRoute({
  method: 'post', path: '/password', tags: ['auth'], summary: 'Change your own password (400 weak_password with the policy\'s reasons); all your sessions end',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({
    currentPassword: z.string().min(1).max(200), newPassword: z.string().min(MIN_PASSWORD_LENGTH).max(200),
  }) } } } },
  responses: { 204: { description: 'Changed' }, ...errors },
})

export function authRoutes({ db, config, clock = () => new Date() }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  const checkPassword = createPasswordCheck()
  for (const path of ['/me', '/logout', '/password']) router.use(path, requireSession(db, config))
  return router
    .openapi(login, async (c) => {
      const { username, password, totp, recoveryCode } = c.req.valid('json')
      const user = await verifyCredentials(c, db, username, password, loginSecondFactor(db, config.TOTP_ENCRYPTION_KEY, clock(), { totp, recoveryCode }))
      const token = randomBytes(32).toString('base64url')
      const csrfToken = randomBytes(24).toString('base64url')
      await repo.createSession(db, {
        tokenSha256: sha256(token), userId: user.userId, csrfToken, hours: config.SESSION_HOURS, ip: clientIp(c), userAgent: userAgentOf(c),
      })
      setCookie(c, SESSION_COOKIE, token, {
        httpOnly: true, sameSite: 'Lax', secure: cookieIsSecure(c, config), path: '/', maxAge: config.SESSION_HOURS * 3600,
      })
      const { passwordHash: _, passwordChangedAt, totpEnabled: __, ...principal } = user
      const expired = passwordExpired(passwordChangedAt, config.PASSWORD_MAX_AGE_DAYS, clock())
      const twoFactor = await twoFactorOf(db, config, { ...principal, role: principal.role as z.infer<typeof User>['role'] })
      return c.json({ user: { ...principal, role: principal.role as z.infer<typeof User>['role'] }, csrfToken, twoFactor, ...expiredFlag(expired) }, 200)
    })
    .openapi(me, async (c) => c.json({ user: c.get('principal'), csrfToken: c.get('csrfToken'), twoFactor: await twoFactorOf(db, config, c.get('principal')), ...expiredFlag(c.get('passwordExpired')) }, 200))
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
      checkPassword(newPassword, principal.username, 'newPassword')
      // Otherwise an expired password could be "changed" to itself.
      if (await verifyPassword(newPassword, user.passwordHash)) {
        throw weakPassword(['same_as_current'], 'newPassword')
      }
      const hash = await hashPassword(newPassword)
      await db.transaction().execute(async (trx) => {
        await repo.setPassword(trx, principal.userId, hash)
        await repo.deleteUserSessions(trx, principal.userId)
        await writeAudit(trx, { userId: principal.userId, ip: requestClient(c).address, action: 'change_password', entity: 'user', entityId: principal.userId })
      })
      deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookieIsSecure(c, config) })
      return c.body(null, 204)
    })
}
