import type { Kysely } from 'kysely'
import type { DB } from './types.ts'

/** The ids among `ids` that have no row in `table`, in the order given: for naming unknown references in a 400. */
export async function missingIds(db: Kysely<DB>, table: 'grids' | 'districts' | 'patrol_contracts', ids: number[]): Promise<number[]> {
  if (!ids.length) return []
  const found = new Set((await db.selectFrom(table).select('id').where('id', 'in', ids).execute()).map((r) => r.id))
  return ids.filter((id) => !found.has(id))
}
