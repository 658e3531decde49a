import { type Kysely, sql } from 'kysely'
import { beijingIso, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

export interface AuditEntry {
  /** Null for what the system does by itself (an alarm escalating). */
  userId: number | null
  action: string
  entity: string
  entityId: number | string
  before?: unknown
  after?: unknown
  /** The client's address (requestClient) when the action came over HTTP; absent for the system's own. */
  ip?: string | null
}

/** Appends one entry; call it with the transaction that makes the change, so that both land or neither does. */
export async function writeAudit(trx: Kysely<DB>, entry: AuditEntry): Promise<void> {
  const json = (value: unknown) => (value === undefined ? null : jsonb(value))
  await trx.insertInto('audit_log').values({
    user_id: entry.userId, action: entry.action, entity: entry.entity, entity_id: String(entry.entityId),
    before: json(entry.before), after: json(entry.after), ip: entry.ip ?? null,
  }).execute()
}

export interface AuditQuery { entity?: string; entityId?: string; userId?: number; beforeId?: number; limit: number }

/** Newest first, paged by id (`beforeId`), since the log only grows. */
export async function listAudit(db: Kysely<DB>, q: AuditQuery) {
  let query = db.selectFrom('audit_log as a').leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.id', beijingIso(sql`a.at`).as('at'), 'a.user_id as userId', 'u.username', 'u.display_name as displayName', 'a.ip',
      'a.action', 'a.entity', 'a.entity_id as entityId', 'a.before', 'a.after'])
    .orderBy('a.id', 'desc').limit(q.limit)
  if (q.entity) query = query.where('a.entity', '=', q.entity)
  if (q.entityId) query = query.where('a.entity_id', '=', q.entityId)
  if (q.userId) query = query.where('a.user_id', '=', q.userId)
  if (q.beforeId) query = query.where(sql<boolean>`a.id < ${q.beforeId}`)
  return query.execute()
}
