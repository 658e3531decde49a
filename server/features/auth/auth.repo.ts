import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { Principal, Role } from '../../domain/roles.ts'

const principalColumns = ['u.id as userId', 'u.username', 'u.display_name as displayName', 'u.role', 'u.district_id as districtId', 'u.patrol_contract_id as patrolContractId'] as const

export async function findLoginUser(db: Kysely<DB>, username: string) {
  return db.selectFrom('users as u').where('u.username', '=', username).where('u.active', '=', true)
    .select([...principalColumns, 'u.password_hash as passwordHash', 'u.password_changed_at as passwordChangedAt', sql<boolean>`u.totp_enabled_at IS NOT NULL`.as('totpEnabled')])
    .executeTakeFirst()
}

export async function recordLoginAttempt(db: Kysely<DB>, username: string, ip: string, succeeded: boolean, userAgent: string | null = null) {
  await db.insertInto('login_attempts').values({ username, ip, succeeded, user_agent: userAgent }).execute()
}

/**
 * What the login throttle needs: attempts from this address in the window, and this user's failures in the
 * window since their last success, with the time of the latest one (the lock-out runs from it).
 */
export async function loginPressure(db: Kysely<DB>, username: string, ip: string, windowMinutes: number) {
  const since = sql<Date>`now() - make_interval(mins => ${windowMinutes}::int)`
  const { rows } = await sql<{ fromIp: number; failures: number; lastFailureAgeS: number | null }>`
    SELECT (SELECT count(*) FROM login_attempts WHERE ip = ${ip} AND at > ${since})::int AS "fromIp",
      count(*)::int AS failures, extract(epoch FROM now() - max(at))::float8 AS "lastFailureAgeS"
    FROM login_attempts
    WHERE username = ${username} AND NOT succeeded AND at > ${since}
      AND at > coalesce((SELECT max(at) FROM login_attempts WHERE username = ${username} AND succeeded), '-infinity')`.execute(db)
  return rows[0]
}

/**
 * Sessions past their expiry are dropped at each login. Login attempts are not: they are the sign-in log, kept for
 * AUDIT_RETENTION_DAYS and dropped a month at a time by the retention job (features/audit/retention.job.ts).
 */
export async function createSession(db: Kysely<DB>, session: {
  tokenSha256: string; userId: number; csrfToken: string; hours: number; ip: string | null; userAgent: string | null
}) {
  await db.deleteFrom('sessions').where('expires_at', '<', sql<Date>`now()`).execute()
  await db.insertInto('sessions').values({
    token_sha256: session.tokenSha256, user_id: session.userId, csrf_token: session.csrfToken, ip: session.ip, user_agent: session.userAgent,
    expires_at: sql`now() + make_interval(hours => ${session.hours}::int)`,
  }).execute()
}

/** Whether the session with this hash still stands (not ended, not expired, its user active); touches nothing. */
export async function sessionStands(db: Kysely<DB>, tokenSha256: string): Promise<boolean> {
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id').select('s.id')
    .where('s.token_sha256', '=', tokenSha256).where('u.active', '=', true).where('s.expires_at', '>', sql<Date>`now()`)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * The live session with this hash and its (still active) user; sessions past their expiry or idle too long are
 * not found. Its last-seen time is moved on at most once a minute, not on every request.
 */
export async function findSession(db: Kysely<DB>, tokenSha256: string, idleMinutes: number): Promise<{ principal: Principal; csrfToken: string; passwordChangedAt: Date | null; totpEnabled: boolean; liveMs: number } | undefined> {
  const idle = sql`make_interval(mins => ${idleMinutes}::int)`
  const row = await db.selectFrom('sessions as s').innerJoin('users as u', 'u.id', 's.user_id')
    .where('s.token_sha256', '=', tokenSha256).where('u.active', '=', true).where('s.expires_at', '>', sql<Date>`now()`)
    .where('s.last_seen_at', '>', sql<Date>`now() - ${idle}`)
    .select([...principalColumns, 's.csrf_token as csrfToken', 'u.password_changed_at as passwordChangedAt',
      sql<boolean>`u.totp_enabled_at IS NOT NULL`.as('totpEnabled'), sql<boolean>`s.last_seen_at < now() - interval '1 minute'`.as('stale'),
      // How long the session stands if nothing touches it: until its expiry or its idle deadline (a cache's bound).
      sql<number>`extract(epoch FROM least(s.expires_at, s.last_seen_at + ${idle}) - now())::float8 * 1000`.as('liveMs')])
    .executeTakeFirst()
  if (!row) return undefined
  if (row.stale) await db.updateTable('sessions').set({ last_seen_at: sql`now()` }).where('token_sha256', '=', tokenSha256).execute()
  const { csrfToken, passwordChangedAt, totpEnabled, liveMs, stale: _, ...principal } = row
  return { principal: { ...principal, role: principal.role as Role }, csrfToken, passwordChangedAt, totpEnabled, liveMs }
}

export async function deleteSession(db: Kysely<DB>, tokenSha256: string) {
  await db.deleteFrom('sessions').where('token_sha256', '=', tokenSha256).execute()
}

export async function deleteUserSessions(db: Kysely<DB>, userId: number) {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute()
}

export async function setPassword(db: Kysely<DB>, userId: number, passwordHash: string) {
  await db.updateTable('users').set({ password_hash: passwordHash, password_changed_at: sql`now()` }).where('id', '=', userId).execute()
}
