import { type Kysely, sql } from 'kysely'

/**
 * Runs `work` in the caller's transaction when `db` already is one (the seed runs the registry's sweeps inside its
 * own), and in a transaction of its own otherwise (the server's periodic jobs run on the pool).
 */
export function inTransaction<D, T>(db: Kysely<D>, work: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}

/**
 * Runs `work` in a transaction (the caller's or its own) under PostgreSQL settings local to that transaction:
 * set_config(..., true) lapses at its end, so a pooled connection keeps its own settings for the next request.
 */
export function withLocalSettings<D, T>(db: Kysely<D>, settings: Record<string, string>, work: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  return inTransaction(db, async (trx) => {
    const assignments = Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`)
    await sql`SELECT ${sql.join(assignments)}`.execute(trx)
    return work(trx)
  })
}
