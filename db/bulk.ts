import { type Kysely, sql } from 'kysely'

// The wire protocol counts bind parameters in 16 bits; PGlite misreads counts above 32,767 (returns no rows
// afterwards), so stay under the signed limit on both engines.
const MAX_PARAMETERS = 30_000

/**
 * Inserts rows in as few statements as the parameter limit allows. Geometry columns take EWKT strings.
 * With `upsertKey`, a row whose key exists replaces the other columns of the existing one.
 */
export async function insertMany(db: Kysely<any>, table: string, rows: Record<string, unknown>[], upsertKey?: string): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0])
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length))
  for (let i = 0, size = 0; i < rows.length; i += size) {
    size = statementRows(rows.length - i, perStatement)
    const insert = db.insertInto(table).values(rows.slice(i, i + size))
    await (upsertKey
      ? insert.onConflict((oc) => oc.column(upsertKey).doUpdateSet(Object.fromEntries(
        columns.filter((c) => c !== upsertKey).map((c) => [c, sql.ref(`excluded.${c}`)]))))
      : insert
    ).execute()
  }
}

/**
 * Ids from `table`'s own sequence for rows written later with insertMany: for rows that refer to each other before
 * they exist (a finding and its hazard name one another), and for bulk rows whose ids the caller needs, which an
 * INSERT … RETURNING of them all cannot give past the parameter limit.
 */
export async function nextIds(db: Kysely<any>, table: string, n: number): Promise<number[]> {
  if (n === 0) return []
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence(${table}, 'id'))::int AS id FROM generate_series(1, ${n})`.execute(db)
  return rows.map((r) => r.id)
}

/**
 * How many rows the next statement takes: a full statement, else the largest power of two left. Every statement of
 * a new length is a new prepared statement, and the server keeps each one's plan (about 2 MB for a statement of
 * thousands of parameters) as long as the connection lives: a seed of a 100,000-site city left 2,129 of them, 1.9 GB,
 * in its backend, and a million sites ran the machine out of memory. In full statements and powers of two, a table
 * has at most 15 lengths.
 */
function statementRows(left: number, full: number): number {
  return left >= full ? full : 2 ** Math.floor(Math.log2(left))
}
