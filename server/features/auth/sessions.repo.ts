import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/*
 * A user's live sessions, as they and admins see them. A session is named by its id, never by its token or the
 * token's hash: the id can be shown, logged and put in a URL, and knowing it opens nothing. Every query is scoped
 * to one user, so an id of someone else's session finds nothing.
 */

export interface SessionRow {
  id: number; createdAt: string; lastSeenAt: string; expiresAt: string; ip: string | null; userAgent: string | null; current: boolean
}

/** Live sessions (neither past their expiry nor idle too long), newest first; `current` marks the one with this token hash. */
export async function listSessions(db: Kysely<DB>, userId: number, idleMinutes: number, currentSha256: string | null): Promise<SessionRow[]> {
  const rows = await db.selectFrom('sessions as s').where('s.user_id', '=', userId)
    .where('s.expires_at', '>', sql<Date>`now()`).where('s.last_seen_at', '>', sql<Date>`now() - make_interval(mins => ${idleMinutes}::int)`)
    .select(['s.id', beijingIso(sql`s.created_at`).as('createdAt'), beijingIso(sql`s.last_seen_at`).as('lastSeenAt'),
      beijingIso(sql`s.expires_at`).as('expiresAt'), 's.ip', 's.user_agent as userAgent',
      sql<boolean>`s.token_sha256 = ${currentSha256 ?? ''}`.as('current')])
    .orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').execute()
  return rows.map((row) => ({ ...row, id: Number(row.id) }))
}

/** Ends one of the user's sessions; what it was (for the audit log), or undefined when the user has no such session. */
export async function endSession(db: Kysely<DB>, userId: number, sessionId: number) {
  const row = await db.deleteFrom('sessions').where('user_id', '=', userId).where('id', '=', String(sessionId))
    .returning(['id', 'ip', 'user_agent as userAgent', 'token_sha256 as tokenSha256', beijingIso(sql`created_at`).as('createdAt')]).executeTakeFirst()
  return row && { ...row, id: Number(row.id) }
}

/** Ends all the user's sessions but the one with this token hash (none spared when null); how many ended. */
export async function endSessions(db: Kysely<DB>, userId: number, spareSha256: string | null): Promise<number> {
  let query = db.deleteFrom('sessions').where('user_id', '=', userId)
  if (spareSha256) query = query.where('token_sha256', '<>', spareSha256)
  const result = await query.executeTakeFirst()
  return Number(result.numDeletedRows)
}

/** Tells every server process's session cache (session-cache.ts) that sessions or accounts changed. */
export async function announceSessionChange(db: Kysely<DB>, channel: string): Promise<void> {
  await sql`SELECT pg_notify(${channel}, '')`.execute(db)
}
