import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteCookie, getCookie } from 'hono/cookie'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponses, featureRouter, jsonResponse, PositiveId } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { cookieIsSecure, requireSession, SESSION_COOKIE, type SessionEnv, sha256 } from './session.ts'
import * as sessions from './sessions.repo.ts'
import { listSignIns } from './sign-ins.repo.ts'

/*
 * 账号与安全, for every signed-in user (an auditor too): their live sessions, ending any of them, and their own
 * recent sign-ins. Admins see the same of any user under /api/admin (features/admin).
 */

export const SessionSchema = z.object({
  id: z.number(), createdAt: z.string(), lastSeenAt: z.string(), expiresAt: z.string(), ip: z.string().nullable(), userAgent: z.string().nullable(),
  current: z.boolean().openapi({ description: 'the session this request was made with' }),
}).openapi('UserSession')
export const SignInSchema = z.object({
  id: z.number(), at: z.string(), username: z.string(), ip: z.string(), userAgent: z.string().nullable(), result: z.enum(['success', 'failure']),
}).openapi('SignIn')
export const Ended = z.object({ ended: z.number() }).openapi('EndedSessions')
export const SessionIdParam = z.object({ sessionId: PositiveId.openapi({ param: { name: 'sessionId', in: 'path' }, example: '7' }) })
export const signInPage = { beforeId: PositiveId.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }
const errors = { ...errorResponses, ...authErrorResponses }

const listOwn = createRoute({
  method: 'get', path: '/sessions', tags: ['auth'], summary: 'Your live sessions, newest first; `current` is this one',
  responses: { 200: jsonResponse('Sessions', z.array(SessionSchema)), ...errors },
})
const endOthers = createRoute({
  method: 'delete', path: '/sessions', tags: ['auth'], summary: 'End all your sessions but this one',
  responses: { 200: jsonResponse('How many ended', Ended), ...errors },
})
const endOwn = createRoute({
  method: 'delete', path: '/sessions/{sessionId}', tags: ['auth'], summary: 'End one of your sessions (this one too: that signs you out)',
  request: { params: SessionIdParam }, responses: { 204: { description: 'Ended' }, ...errors },
})
const ownSignIns = createRoute({
  method: 'get', path: '/sign-ins', tags: ['auth'], summary: 'Sign-ins with your username, newest first; page with beforeId',
  request: { query: z.object(signInPage) }, responses: { 200: jsonResponse('Sign-ins', z.array(SignInSchema)), ...errors },
})

export function accountRoutes({ db, config }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  // Mounted beside authRoutes at /auth: middleware on '*' here would reach the login route too.
  for (const path of ['/sessions', '/sessions/*', '/sign-ins']) router.use(path, requireSession(db, config))
  const currentSha256 = (c: Context) => sha256(getCookie(c, SESSION_COOKIE) ?? '')
  return router
    .openapi(listOwn, async (c) => c.json(await sessions.listSessions(db, c.get('principal').userId, config.SESSION_IDLE_MINUTES, currentSha256(c)), 200))
    .openapi(endOthers, async (c) => {
      const { userId } = c.get('principal')
      const ended = await db.transaction().execute(async (trx) => {
        const ended = await sessions.endSessions(trx, userId, currentSha256(c))
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'end_other_sessions', entity: 'user', entityId: userId, after: { ended } })
        return ended
      })
      return c.json({ ended }, 200)
    })
    .openapi(endOwn, async (c) => {
      const { userId } = c.get('principal')
      const { sessionId } = c.req.valid('param')
      const ended = await db.transaction().execute(async (trx) => {
        const ended = await sessions.endSession(trx, userId, sessionId)
        if (!ended) throw new AppError(404, 'not_found', `you have no session ${sessionId}`)
        const { tokenSha256: _, ...what } = ended
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'end_session', entity: 'session', entityId: sessionId, before: { userId, ...what } })
        return ended
      })
      if (ended.tokenSha256 === currentSha256(c)) deleteCookie(c, SESSION_COOKIE, { path: '/', secure: cookieIsSecure(c, config) })
      return c.body(null, 204)
    })
    .openapi(ownSignIns, async (c) => c.json(await listSignIns(db, { ...c.req.valid('query'), username: c.get('principal').username }), 200))
}
