import { type Kysely, sql } from 'kysely'

/**
 * Runs `work` in the caller's transaction when `db` already is one (the seed runs the registry's sweeps inside its
 * own), and in a transaction of its own otherwise (the server's periodic jobs run on the pool).
 */
export function inTransaction<D, T>(db: Kysely<D>, work: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work)
}

/**
 * Runs `work` under PostgreSQL settings of its own. In a transaction of its own they are local to it: set_config(...,
 * true) lapses at its end, so a pooled connection keeps its settings for the next request. In the caller's
 * transaction (a history capture runs the KPIs in one) they would outlive `work`, so the previous values are put
 * back after it; after a failure the caller's transaction is aborted, and its settings with it.
 */
export async function withLocalSettings<D, T>(db: Kysely<D>, settings: Record<string, string>, work: (trx: Kysely<D>) => Promise<T>): Promise<T> {
  if (!db.isTransaction) return db.transaction().execute(async (trx) => { await setLocally(trx, settings); return work(trx) })
  const names = Object.keys(settings)
  const { rows: [previous] } = await sql<Record<string, string>>`SELECT ${sql.join(names.map((name) => sql`current_setting(${name}) AS ${sql.ref(name)}`))}`.execute(db)
  await setLocally(db, settings)
  const result = await work(db)
  await setLocally(db, previous)
  return result
}

async function setLocally<D>(db: Kysely<D>, settings: Record<string, string>): Promise<void> {
  await sql`SELECT ${sql.join(Object.entries(settings).map(([name, value]) => sql`set_config(${name}, ${value}, true)`))}`.execute(db)
}
