import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
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

/** The client's address (the peer, or what a TRUST_PROXY proxy says); in-process requests (tests) have none. */
export function clientIp(c: Context): string {
  return requestClient(c).address ?? 'unknown'
}

const MAX_USER_AGENT = 300

/** The client's own description, kept with sessions and sign-ins: shortened, without control characters (NUL reaches PostgreSQL). */
export function userAgentOf(c: Context): string | null {
  return c.req.header('user-agent')?.replace(/[\u0000-\u001f\u007f]/g, '').slice(0, MAX_USER_AGENT) || null
}

export type LoginUser = NonNullable<Awaited<ReturnType<typeof repo.findLoginUser>>> & { passwordHash: string }

/**
 * What a second factor says once the password is right: go on (null), or a refusal. A wrong code is a failed
 * attempt, counted toward the lock-out like a wrong password; being asked for a code is not (nothing was guessed).
 */
export type SecondFactor = (user: LoginUser) => Promise<{ error: AppError; failedAttempt: boolean } | null>

/**
 * The active account these credentials belong to. Refused with 429 (and Retry-After) while the address or the
 * account is throttled, with 401 for a wrong username or password, and as `secondFactor` says; every attempt is recorded.
 */
export async function verifyCredentials(c: Context, db: Kysely<DB>, username: string, password: string, secondFactor?: SecondFactor): Promise<LoginUser> {
  const ip = clientIp(c)
  await refuseWhileThrottled(c, db, username, ip)
  const user = await repo.findLoginUser(db, username)
  // Verified even for unknown users, against a decoy, so that the answer takes as long either way.
  const matches = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH)
  const known = user?.passwordHash && matches ? { ...user, passwordHash: user.passwordHash } : null
  const refusal = known && secondFactor ? await secondFactor(known) : null
  if (!refusal || refusal.failedAttempt) await repo.recordLoginAttempt(db, username, ip, Boolean(known && !refusal), userAgentOf(c))
  if (!known) throw new AppError(401, 'invalid_credentials', 'wrong username or password')
  if (refusal) throw refusal.error
  return known
}

/** Refused with 429 (and Retry-After) while the address or the account is throttled. */
export async function refuseWhileThrottled(c: Context, db: Kysely<DB>, username: string, ip = clientIp(c)) {
  const pressure = await repo.loginPressure(db, username, ip, THROTTLE_WINDOW_MINUTES)
  if (pressure.fromIp >= MAX_ATTEMPTS_PER_IP) {
    c.header('Retry-After', String(THROTTLE_WINDOW_MINUTES * 60))
    throw new AppError(429, 'too_many_attempts', 'too many sign-in attempts from this address; wait and try again')
  }
  if (pressure.failures >= MAX_FAILURES_PER_ACCOUNT) {
    c.header('Retry-After', String(Math.max(1, Math.ceil(THROTTLE_WINDOW_MINUTES * 60 - (pressure.lastFailureAgeS ?? 0)))))
    throw new AppError(429, 'account_locked', `account locked for ${THROTTLE_WINDOW_MINUTES} minutes after ${MAX_FAILURES_PER_ACCOUNT} failed sign-ins`)
  }
}

/** A wrong code from a signed-in user (turning two factors off, new recovery codes) counts as a failed sign-in. */
export async function recordFailedCode(c: Context, db: Kysely<DB>, username: string) {
  await repo.recordLoginAttempt(db, username, clientIp(c), false, userAgentOf(c))
}
