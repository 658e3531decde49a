import type { Kysely } from 'kysely'

// The wire protocol counts bind parameters in 16 bits; PGlite misreads counts above 32,767 (returns no rows
// afterwards), so stay under the signed limit on both engines.
const MAX_PARAMETERS = 30_000

/** Inserts rows in as few statements as the parameter limit allows. Geometry columns take EWKT strings. */
export async function insertMany(db: Kysely<any>, table: string, rows: Record<string, unknown>[]): Promise<void> {
  if (rows.length === 0) return
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Object.keys(rows[0]).length))
  for (let i = 0; i < rows.length; i += perStatement) {
    await db.insertInto(table).values(rows.slice(i, i + perStatement)).execute()
  }
}
