import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/*
 * The sign-in history is the table the throttle already keeps (login_attempts): every attempt with a username and
 * password, from the login form or HTTP Basic, whether or not the account exists. Newest first, paged by id.
 */

export type SignInResult = 'success' | 'failure'

export interface SignInQuery { username?: string; result?: SignInResult; beforeId?: number; limit: number }

export async function listSignIns(db: Kysely<DB>, q: SignInQuery) {
  let query = db.selectFrom('login_attempts as a')
    .select(['a.id', beijingIso(sql`a.at`).as('at'), 'a.username', 'a.ip', 'a.user_agent as userAgent', 'a.succeeded'])
    .orderBy('a.id', 'desc').limit(q.limit)
  if (q.username) query = query.where('a.username', '=', q.username)
  if (q.result) query = query.where('a.succeeded', '=', q.result === 'success')
  if (q.beforeId) query = query.where(sql<boolean>`a.id < ${q.beforeId}`)
  const rows = await query.execute()
  return rows.map(({ succeeded, ...row }) => ({ ...row, id: Number(row.id), result: (succeeded ? 'success' : 'failure') as SignInResult }))
}
