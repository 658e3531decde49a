import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { Config } from '../../config.ts'
import { passwordExpired } from '../../domain/password-policy.ts'
import { auditorMayReach, patrolMayReach, type Principal, type Role, type SiteScope, siteScopeOf } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { primaryReads } from '../../../db/replica-routing.ts'
import { findSession, sessionStands } from './auth.repo.ts'
import { type SessionCache, SESSIONS_CHANNEL, type ValidSession } from './session-cache.ts'
import { announceSessionChange } from './sessions.repo.ts'
import { enrolmentOf } from './totp.ts'

/**
 * What a signed-in request carries: who it is and which sites it may touch; `passwordExpired` when the user must
 * change their password before anything else (set by requireSession, absent for HTTP Basic).
 */
export type SessionEnv = { Variables: { principal: Principal; scope: SiteScope; csrfToken: string; passwordExpired?: boolean } }

export const SESSION_COOKIE = 'sg_session'
export const CSRF_HEADER = 'x-csrf-token'

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

const sameSecret = (a: string, b: string) => timingSafeEqual(Buffer.from(sha256(a)), Buffer.from(sha256(b)))

/**
 * A live session cookie, and on every state-changing request the session's CSRF token in a header: a page on
 * another site can make the browser send the cookie, but cannot read the token to send with it. With `sessions`,
 * a session the database vouched for a moment ago is taken from there (session-cache.ts).
 */
export function requireSession(db: Kysely<DB>, config: Config, sessions?: SessionCache): MiddlewareHandler<SessionEnv> {
  const lookUp = async (tokenSha256: string): Promise<ValidSession | undefined> => {
    const cached = sessions?.get(tokenSha256)
    if (cached) return cached
    const lookedUpAt = sessions && (await sessions.ready(), sessions.generation())
    // Always the primary's word: a replica a moment behind would refuse a new session or honour an ended one.
    const found = await primaryReads(() => findSession(db, tokenSha256, config.SESSION_IDLE_MINUTES))
    if (found && lookedUpAt !== undefined) sessions?.set(tokenSha256, found, found.liveMs, lookedUpAt)
    return found
  }
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE)
    const session = token && token.length <= 100 ? await lookUp(sha256(token)) : undefined
    if (!session) throw new AppError(401, 'unauthenticated', 'sign in first: no session, or it has expired')
    if (!SAFE_METHODS.has(c.req.method) && !sameSecret(c.req.header(CSRF_HEADER) ?? '', session.csrfToken)) {
      throw new AppError(403, 'csrf_failed', `state-changing requests need the session's ${CSRF_HEADER} header`)
    }
    // An admin the policy requires two factors of can only enrol until they do (the rest of /api/auth/ too: me, sign out).
    if (enrolmentOf(config, session.principal.role, session.totpEnabled) === 'required' && !c.req.path.startsWith('/api/auth/')) {
      throw new AppError(403, 'totp_enrolment_required', 'set up two-factor sign-in first (POST /api/auth/totp/setup)')
    }
    // An expired password still signs in, but the session reaches only the account routes until it is changed.
    const expired = passwordExpired(session.passwordChangedAt, config.PASSWORD_MAX_AGE_DAYS, new Date())
    if (expired && !c.req.path.startsWith('/api/auth/')) {
      throw new AppError(403, 'password_expired', 'your password has expired: change it (POST /api/auth/password) before anything else')
    }
    c.set('principal', session.principal)
    c.set('scope', siteScopeOf(session.principal))
    c.set('csrfToken', session.csrfToken)
    c.set('passwordExpired', expired)
    await next()
  }
}

/**
 * Before the account and user-admin routes (app.ts): after any write there (sign-out, a password, two factors, an
 * admin's change to a user or to their sessions) no session this or another server process keeps outlives it.
 * Signing in is left out: it starts a session, and ends or changes none.
 */
export function forgetSessionsOnAccountWrites(db: Kysely<DB>, sessions: SessionCache): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method) || c.req.path === '/api/auth/login') return next()
    // hono has already turned a thrown error into its response here: a refused write forgets too, which is cheaper
    // than telling the writes that changed nothing from those that did.
    await next()
    sessions.forgetAll()
    await announceSessionChange(db, SESSIONS_CHANNEL)
  }
}

/**
 * Roles bounded to a corner of the portal: an auditor reaches the audit trail and their own account, a patrol
 * firm's staff their patrol work and their own account; both are refused everywhere else.
 */
export const roleBoundary: MiddlewareHandler<SessionEnv> = async (c, next) => {
  const { role } = c.get('principal')
  if (role === 'auditor' && !auditorMayReach(c.req.path)) throw new AppError(403, 'forbidden', 'an auditor reads the audit trail only')
  if (role === 'patrol' && !patrolMayReach(c.req.path)) throw new AppError(403, 'forbidden', 'a patrol account reaches its patrol work only')
  await next()
}

/**
 * For a long-lived answer (an event stream): whether the session it was opened with still stands. It does not count
 * as activity, so a page left open does not keep an idle session alive.
 */
export function sessionStillStands(c: Context, db: Kysely<DB>): () => Promise<boolean> {
  const hash = sha256(getCookie(c, SESSION_COOKIE) ?? '')
  return () => sessionStands(db, hash)
}

export function requireRole(...roles: Role[]): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    if (!roles.includes(c.get('principal').role)) throw new AppError(403, 'forbidden', 'your role may not do this')
    await next()
  }
}

/** Cookies are Secure whenever the portal is reached over HTTPS (directly, or per a TRUST_PROXY proxy), and always in production. */
export function cookieIsSecure(c: Context, config: Config): boolean {
  return config.NODE_ENV === 'production' || requestClient(c).protocol === 'https'
}
