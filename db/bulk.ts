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
  for (let i = 0; i < rows.length; i += perStatement) {
    const insert = db.insertInto(table).values(rows.slice(i, i + perStatement))
    await (upsertKey
      ? insert.onConflict((oc) => oc.column(upsertKey).doUpdateSet(Object.fromEntries(
        columns.filter((c) => c !== upsertKey).map((c) => [c, sql.ref(`excluded.${c}`)]))))
      : insert
    ).execute()
  }
}
