import { createHmac, randomBytes } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { passwordExpired } from '../../domain/password-policy.ts'
import { type Principal, type Role, siteScopeOf } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { findLoginUser } from '../auth/auth.repo.ts'
import { verifyCredentials } from '../auth/credentials.ts'
import { requireSession, type SessionEnv } from '../auth/session.ts'
import { basicSecondFactor } from '../auth/totp.factor.ts'

/*
 * GIS clients such as QGIS cannot use the portal's cookie sign-in, so the OGC routes also take HTTP Basic with a
 * portal account. A Basic password goes through the same check as the login form (throttling, lock-out, inactive
 * accounts, the record of attempts). QGIS sends the password with every one of its many requests, and scrypt costs
 * ~0.1 s each, so a verified password is remembered for a few minutes. Each remembered request still reads the
 * account, so a changed password, a deactivated account or a new role takes effect at once. Basic cannot carry a
 * one-time code: accounts with two factors (and admins who must enrol) are refused it and use the session.
 */

/** How long a verified Basic password is remembered; also bounds how often QGIS counts as a sign-in attempt. */
const BASIC_CACHE_TTL_MS = 5 * 60_000
const CHALLENGE = 'Basic realm="SiteGrid", charset="UTF-8"'
// The login form's limits: longer values cannot be a portal account.
const MAX_USERNAME = 40
const MAX_PASSWORD = 200
// As the login form refuses them; a NUL would otherwise reach PostgreSQL when the attempt is recorded.
const CONTROL = /[\u0000-\u001f\u007f]/

interface Remembered { passwordHash: string; expiresAt: number }

/**
 * `Authorization: Basic …` as a username (trimmed and in lower case, like the login form) and a password; null
 * when the request carries no Basic credentials, so that the session cookie is used instead.
 */
function basicCredentials(header: string | undefined): { username: string; password: string } | null {
  const match = /^Basic(?:\s+(\S*))?\s*$/i.exec(header ?? '')
  if (!match) return null
  const encoded = match[1] ?? ''
  const decoded = /^[A-Za-z0-9+/]+=*$/.test(encoded) ? Buffer.from(encoded, 'base64').toString('utf8') : ''
  const colon = decoded.indexOf(':')
  const username = decoded.slice(0, colon).trim().toLowerCase()
  const password = decoded.slice(colon + 1)
  if (colon < 1 || !username || username.length > MAX_USERNAME || CONTROL.test(username) || !password || password.length > MAX_PASSWORD) {
    throw new AppError(401, 'invalid_credentials', 'malformed Basic credentials: expected base64 of username:password')
  }
  return { username, password }
}

/** A 401 tells a GIS client to ask for (or configure) a username and password. */
async function challengeOn401(c: Context, run: () => Promise<unknown>) {
  try {
    await run()
  } catch (error) {
    if (error instanceof AppError && error.status === 401) c.header('WWW-Authenticate', CHALLENGE)
    throw error
  }
}

/**
 * The signed-in user of an OGC request: HTTP Basic when the request carries it, otherwise the portal's session
 * cookie. The cache of verified passwords belongs to this app instance and is keyed by an HMAC under a key that
 * never leaves the process, so neither passwords nor fast hashes of them are kept.
 */
export function requireOgcUser({ db, config, sessions }: Pick<AppDeps, 'db' | 'config' | 'sessions'>): MiddlewareHandler<SessionEnv> {
  const session = requireSession(db, config, sessions)
  const remembered = new Map<string, Remembered>()
  const hmacKey = randomBytes(32)

  async function principalOf(c: Context, username: string, password: string): Promise<Principal> {
    const key = createHmac('sha256', hmacKey).update(`${username}\n${password}`).digest('base64')
    const hit = remembered.get(key)
    if (hit && hit.expiresAt > Date.now()) {
      const user = await findLoginUser(db, username)
      // Turning two factors on ends Basic at once, remembered password or not.
      if (user?.passwordHash === hit.passwordHash && !user.totpEnabled) return current(user)
    }
    remembered.delete(key)
    const user = await verifyCredentials(c, db, username, password, basicSecondFactor(config))
    forgetExpired(remembered)
    remembered.set(key, { passwordHash: user.passwordHash, expiresAt: Date.now() + BASIC_CACHE_TTL_MS })
    return current(user)
  }

  // An expired password reads nothing through Basic either: the portal is where it is changed (PASSWORD_MAX_AGE_DAYS).
  function current(user: AccountRow & { passwordChangedAt: Date | null }): Principal {
    if (passwordExpired(user.passwordChangedAt, config.PASSWORD_MAX_AGE_DAYS, new Date())) {
      throw new AppError(403, 'password_expired', 'the password has expired: change it in the portal, then sign in again')
    }
    return toPrincipal(user)
  }

  return (c, next) => challengeOn401(c, async () => {
    const credentials = basicCredentials(c.req.header('authorization'))
    if (!credentials) return session(c, next)
    const principal = await principalOf(c, credentials.username, credentials.password)
    c.set('principal', principal)
    c.set('scope', siteScopeOf(principal))
    // Basic requests have no session and so no CSRF token; the OGC routes only read.
    c.set('csrfToken', '')
    await next()
  })
}

type AccountRow = Omit<Principal, 'role'> & { role: string }

function toPrincipal({ userId, username, displayName, role, districtId, patrolContractId }: AccountRow): Principal {
  return { userId, username, displayName, role: role as Role, districtId, patrolContractId }
}

function forgetExpired(remembered: Map<string, Remembered>) {
  const now = Date.now()
  for (const [key, entry] of remembered) if (entry.expiresAt <= now) remembered.delete(key)
}
