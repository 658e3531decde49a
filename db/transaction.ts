import type { Kysely } from 'kysely'

/**
 * Runs `work` in the caller's transaction when `db` already is one (the seed runs the registry's sweeps inside its
 * own), and in a transaction of its own otherwise (the server's periodic jobs run on the pool).
 */
export function inTransaction<D, T>(db: Kysely<D>, work: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}
