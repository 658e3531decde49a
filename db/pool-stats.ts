import type { DatabaseConnection, Dialect, DialectAdapter, Driver } from 'kysely'

/*
 * How busy the connection pool is, counted where Kysely takes and returns connections, since neither engine
 * says: postgres.js has no public pool figures, and PGlite has one connection. A query outside a transaction
 * holds its connection for that query; a transaction holds it to the end.
 *
 * For a single-connection dialect (PGlite) Kysely queues callers itself, above the driver, where nothing can
 * count them; here that queue is kept instead (first come, first served), and Kysely is told not to keep its own.
 */

export interface PoolStats {
  /** Connections handed out and not yet returned (on PGlite: the query or transaction running, 0 or 1). */
  inUse: number
  /** Queries and transactions waiting for a connection (on PGlite: queued behind the one running). */
  waiting: number
  /** Connections the pool may open. */
  max: number
}

/** Binds a wrapped object's own methods to it: drivers keep their state in private fields. */
const bound = (target: object, key: string | symbol) => {
  const value = Reflect.get(target, key, target)
  return typeof value === 'function' ? value.bind(target) : value
}

/** `dialect` with its connections counted; `stats` reads the counts at any time. */
export function countedDialect(dialect: Dialect, max: number): { dialect: Dialect; stats(): PoolStats } {
  let inUse = 0
  let waiting = 0
  const single = !dialect.createAdapter().supportsMultipleConnections
  // The single connection's queue: each caller waits for the one before it to release.
  let turn: Promise<void> = Promise.resolve()
  let endTurn = () => {}

  const counted = (driver: Driver): Driver => new Proxy(driver, {
    get(target, key) {
      if (key === 'acquireConnection') {
        return async (...args: Parameters<Driver['acquireConnection']>) => {
          waiting++
          let connection: DatabaseConnection
          try {
            if (single) {
              const previous = turn
              let done = () => {}
              turn = new Promise((resolve) => { done = resolve })
              await previous
              endTurn = done
            }
            connection = await target.acquireConnection(...args)
          } catch (error) {
            if (single) endTurn()
            throw error
          } finally { waiting-- }
          inUse++
          return connection
        }
      }
      if (key === 'releaseConnection') {
        return async (...args: Parameters<Driver['releaseConnection']>) => {
          inUse--
          try { return await target.releaseConnection(...args) } finally { if (single) endTurn() }
        }
      }
      return bound(target, key)
    },
  })
  const adapter = (inner: DialectAdapter): DialectAdapter => !single ? inner : new Proxy(inner, {
    get: (target, key) => (key === 'supportsMultipleConnections' ? true : bound(target, key)),
  })
  return {
    dialect: {
      createDriver: () => counted(dialect.createDriver()),
      createQueryCompiler: () => dialect.createQueryCompiler(),
      createAdapter: () => adapter(dialect.createAdapter()),
      createIntrospector: (db) => dialect.createIntrospector(db),
    },
    stats: () => ({ inUse, waiting, max }),
  }
}
