import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { primaryReads } from '../../../db/replica-routing.ts'

/** A round trip to the primary through the pool, as every request makes: a replica answering is not the database up. */
export async function pingDatabase(db: Kysely<DB>): Promise<void> {
  await primaryReads(() => sql`SELECT 1`.execute(db))
}
