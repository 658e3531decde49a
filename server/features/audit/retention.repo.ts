import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { type AuditLogName, monthOfPartition, partitionOf } from '../../domain/audit-retention.ts'

/* The audit logs' monthly partitions (migration 0017): which exist, what they hold, their exports, and dropping one. */

/** Creates the partitions of both logs for the Beijing months from `from`'s to `months` later; returns how many were new. */
export async function ensurePartitions(db: Kysely<DB>, from: Date, months: number): Promise<number> {
  const { rows } = await sql<{ made: number }>`
    SELECT sg_audit_partitions((${from}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date,
      ((${from}::timestamptz AT TIME ZONE 'Asia/Shanghai') + make_interval(months => ${months}::int))::date) AS made`.execute(db)
  return rows[0].made
}

export interface PartitionRows { log: AuditLogName; partition: string; month: string | null; rows: number; firstId: string | null; lastId: string | null }

/** Every partition of both logs, from the catalogue alone (no rows read); the default one has `month` null. */
export async function partitionMonths(db: Kysely<DB>): Promise<{ log: AuditLogName; partition: string; month: string | null }[]> {
  const { rows } = await sql<{ log: AuditLogName; partition: string }>`
    SELECT parent.relname AS log, child.relname AS partition FROM pg_inherits i
    JOIN pg_class child ON child.oid = i.inhrelid JOIN pg_class parent ON parent.oid = i.inhparent
    WHERE i.inhparent IN ('audit_log'::regclass, 'login_attempts'::regclass)`.execute(db)
  return rows.map((r) => ({ ...r, month: monthOfPartition(r.partition) }))
}

/** Every partition of both logs with its row count and id range; the default one has `month` null. */
export async function listPartitions(db: Kysely<DB>): Promise<PartitionRows[]> {
  const parts = await partitionMonths(db)
  // One pass over each log; partitions with no rows get no group and are counted 0.
  const { rows: counts } = await sql<{ partition: string; rows: number; firstId: string; lastId: string }>`
    SELECT tableoid::regclass::text AS partition, count(*)::int AS rows, min(id)::text AS "firstId", max(id)::text AS "lastId" FROM audit_log GROUP BY tableoid
    UNION ALL
    SELECT tableoid::regclass::text, count(*)::int, min(id)::text, max(id)::text FROM login_attempts GROUP BY tableoid`.execute(db)
  const byPartition = new Map(counts.map((c) => [c.partition, c]))
  return parts.map(({ log, partition, month }) => {
    const count = byPartition.get(partition)
    return { log, partition, month, rows: count?.rows ?? 0, firstId: count?.firstId ?? null, lastId: count?.lastId ?? null }
  }).sort((a, b) => a.log.localeCompare(b.log) || (a.month ?? '').localeCompare(b.month ?? ''))
}

export async function partitionExists(db: Kysely<DB>, log: AuditLogName, month: string): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`
    SELECT EXISTS (SELECT 1 FROM pg_inherits WHERE inhparent = ${log}::regclass AND inhrelid = to_regclass(${partitionOf(log, month)})) AS ok`.execute(db)
  return rows[0].ok
}

/** The latest export of each month, with who made it. */
export async function latestExports(db: Kysely<DB>) {
  return db.selectFrom('audit_exports as e').innerJoin('users as u', 'u.id', 'e.exported_by')
    .distinctOn(['e.log_name', 'e.month'])
    .select(['e.id', 'e.log_name as log', sql<string>`to_char(e.month, 'YYYY-MM')`.as('month'), 'e.row_count as rows', 'e.sha256',
      'u.username as exportedBy', beijingIso(sql`e.exported_at`).as('exportedAt')])
    .orderBy('e.log_name').orderBy('e.month').orderBy('e.exported_at', 'desc').orderBy('e.id', 'desc')
    .execute()
}

export type Cell = string | boolean | null

/**
 * A month's rows exactly as stored, oldest id first: every column of the log (whatever later migrations add), times
 * as Beijing wall-clock time to the millisecond, JSON as its text. The order and format are fixed, so the same rows
 * always make the same CSV bytes.
 */
export async function monthRows(db: Kysely<DB>, log: AuditLogName, month: string): Promise<{ columns: string[]; rows: Record<string, Cell>[] }> {
  const { rows: attributes } = await sql<{ name: string; type: string }>`
    SELECT attname AS name, format_type(atttypid, NULL) AS type FROM pg_attribute
    WHERE attrelid = ${log}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`.execute(db)
  const select = attributes.map(({ name, type }) => {
    const column = sql.ref(name)
    if (type === 'timestamp with time zone') return sql`to_char(${column} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI:SS.MS') AS ${sql.id(name)}`
    if (type === 'boolean') return sql`${column} AS ${sql.id(name)}`
    return sql`${column}::text AS ${sql.id(name)}`
  })
  const { rows } = await sql<Record<string, Cell>>`SELECT ${sql.join(select)} FROM ${sql.table(partitionOf(log, month))} ORDER BY id`.execute(db)
  return { columns: attributes.map((a) => a.name), rows }
}

export interface ExportRecord { log: AuditLogName; month: string; rows: number; firstId: string | null; lastId: string | null; sha256: string; userId: number }

export async function recordExport(trx: Kysely<DB>, e: ExportRecord): Promise<number> {
  const { id } = await trx.insertInto('audit_exports').values({
    log_name: e.log, month: `${e.month}-01`, row_count: e.rows, first_id: e.firstId, last_id: e.lastId, sha256: e.sha256, exported_by: e.userId,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

/**
 * Drops the month's partition if the database agrees it may go (sg_drop_audit_month: ended before `cutoff` and 180
 * days ago, and an export holds exactly its rows). Returns the rows dropped, or null when it stays.
 */
export async function dropMonth(trx: Kysely<DB>, log: AuditLogName, month: string, cutoff: Date): Promise<number | null> {
  const { rows } = await sql<{ dropped: string | null }>`SELECT sg_drop_audit_month(${log}, ${`${month}-01`}::date, ${cutoff}::timestamptz)::text AS dropped`.execute(trx)
  return rows[0].dropped === null ? null : Number(rows[0].dropped)
}
