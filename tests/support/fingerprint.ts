import { type Kysely, sql } from 'kysely'
import type { DB } from '../../db/types.ts'

/**
 * Every row of these tables, as one comparable string (count and an md5 of the rows in id order): a refused
 * request must leave it unchanged.
 */
export async function tablesFingerprint(db: Kysely<DB>, tables: readonly string[]): Promise<string> {
  const parts = []
  for (const table of tables) {
    const { rows } = await sql<{ f: string }>`SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') AS f FROM ${sql.table(table)} t`.execute(db)
    parts.push(`${table}=${rows[0].f}`)
  }
  return parts.join(' ')
}
