import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { AppError } from '../../errors.ts'
import * as repo from './auth.repo.ts'
import { DECOY_HASH, verifyPassword } from './passwords.ts'

/*
 * Every way of signing in with a username and password goes through here (the login form, and HTTP Basic for
 * GIS clients), so throttling, lock-out and the record of attempts cannot differ between them.
 */

// Guessing is slowed per account (locked after 5 failures in a row) and per address (30 attempts in the window).
const THROTTLE_WINDOW_MINUTES = 15
const MAX_FAILURES_PER_ACCOUNT = 5
const MAX_ATTEMPTS_PER_IP = 30

/** The peer address; in-process requests (tests) have none. A proxy in front should be configured to pass it on. */
function clientIp(c: Context): string {
  try { return getConnInfo(c).remote.address ?? 'unknown' } catch { return 'unknown' }
}

/**
 * The active account these credentials belong to. Refused with 429 (and Retry-After) while the address or the
 * account is throttled, and with 401 for a wrong username or password; every attempt is recorded.
 */
export async function verifyCredentials(c: Context, db: Kysely<DB>, username: string, password: string) {
  const ip = clientIp(c)
  const pressure = await repo.loginPressure(db, username, ip, THROTTLE_WINDOW_MINUTES)
  if (pressure.fromIp >= MAX_ATTEMPTS_PER_IP) {
    c.header('Retry-After', String(THROTTLE_WINDOW_MINUTES * 60))
    throw new AppError(429, 'too_many_attempts', 'too many sign-in attempts from this address; wait and try again')
  }
  if (pressure.failures >= MAX_FAILURES_PER_ACCOUNT) {
    c.header('Retry-After', String(Math.max(1, Math.ceil(THROTTLE_WINDOW_MINUTES * 60 - (pressure.lastFailureAgeS ?? 0)))))
    throw new AppError(429, 'account_locked', `account locked for ${THROTTLE_WINDOW_MINUTES} minutes after ${MAX_FAILURES_PER_ACCOUNT} failed sign-ins`)
  }
  const user = await repo.findLoginUser(db, username)
  // Verified even for unknown users, against a decoy, so that the answer takes as long either way.
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH)
  await repo.recordLoginAttempt(db, username, ip, Boolean(user?.passwordHash && matches))
  if (!user?.passwordHash || !matches) throw new AppError(401, 'invalid_credentials', 'wrong username or password')
  return { ...user, passwordHash: user.passwordHash }
}
