import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/* A user's own notifications (a report issued to them), newest first; nobody reads or marks another's. */

export interface Notification { id: number; kind: string; title: string; link: string | null; reportId: number | null; createdAt: string; readAt: string | null }

export async function listNotifications(db: Kysely<DB>, userId: number, f: { unread?: boolean; limit: number }) {
  const { rows } = await sql<Notification>`
    SELECT n.id, n.kind, n.title, n.link, n.report_id AS "reportId", ${beijingIso(sql`n.created_at`)} AS "createdAt",
      CASE WHEN n.read_at IS NOT NULL THEN ${beijingIso(sql`n.read_at`)} END AS "readAt"
    FROM notifications n WHERE n.user_id = ${userId} ${f.unread ? sql`AND n.read_at IS NULL` : sql``}
    ORDER BY n.created_at DESC, n.id DESC LIMIT ${f.limit}`.execute(db)
  const unread = await db.selectFrom('notifications').select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirstOrThrow()
  return { notifications: rows, unread: Number(unread.n) }
}

/** Marks one of the user's notifications read (the first reading stays); false when it is not theirs or does not exist. */
export async function markRead(db: Kysely<DB>, userId: number, id: number): Promise<boolean> {
  const found = await db.selectFrom('notifications').select('id').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst()
  if (!found) return false
  await db.updateTable('notifications').set({ read_at: sql`now()` }).where('id', '=', id).where('read_at', 'is', null).execute()
  return true
}

/** Marks every unread notification of the user read; the number marked. */
export async function markAllRead(db: Kysely<DB>, userId: number): Promise<number> {
  const done = await db.updateTable('notifications').set({ read_at: sql`now()` }).where('user_id', '=', userId).where('read_at', 'is', null).executeTakeFirst()
  return Number(done.numUpdatedRows)
}
