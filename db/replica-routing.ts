import { AsyncLocalStorage } from 'node:async_hooks'
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, Kysely, QueryResult, TransactionSettings } from 'kysely'

/*
 * Reads to PostgreSQL streaming replicas, everything else to the primary, under one Kysely: features never know.
 * A statement may go to a replica only when the caller said so for the work in hand (`replicaReads`), it is a
 * plain SELECT, and it is not part of a transaction (a transaction begins on the primary and stays there). Work
 * nobody marked — migrations, the analytics refresher, writes — runs on the primary.
 */

interface RoutingContext { replicaOk: boolean }
const context = new AsyncLocalStorage<RoutingContext>()

/** Runs `work` with its plain reads allowed on a replica (a GET from a session that has not just written). */
export function replicaReads<T>(work: () => T): T {
  return context.run({ replicaOk: true }, work)
}

/**
 * Runs `work` on the primary whatever the request allows: reads that must be current (sessions, tiles to cache).
 * Outside work that replicaReads marked, everything runs on the primary already, and not entering a context then
 * keeps Node's promise hooks off for a portal without replicas.
 */
export function primaryReads<T>(work: () => T): T {
  return context.getStore()?.replicaOk ? context.run({ replicaOk: false }, work) : work()
}

// SELECT or WITH … SELECT, and nothing in it that writes or locks.
const READ = /^\s*(select|with)\b/i
const NOT_READ = /\b(insert|update|delete|for\s+update|for\s+share|nextval|setval|pg_notify|set_config|pg_advisory\w*)\b/i
export const isPlainRead = (sql: string) => READ.test(sql) && !NOT_READ.test(sql)

class RoutingConnection implements DatabaseConnection {
  primaryConnection: DatabaseConnection | null = null
  constructor(private readonly driver: RoutingDriver) {}

  async primary(): Promise<DatabaseConnection> {
    this.primaryConnection ??= await this.driver.primary.acquireConnection()
    return this.primaryConnection
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const store = context.getStore()
    if (this.primaryConnection === null && store?.replicaOk && isPlainRead(query.sql)) {
      const replica = this.driver.nextReplica()
      const connection = await replica.acquireConnection()
      try { return await connection.executeQuery<R>(query) } finally { await replica.releaseConnection(connection) }
    }
    // Once a request has written (a GET may refresh stale analytics first), the rest of it reads what it wrote.
    if (store && !isPlainRead(query.sql)) store.replicaOk = false
    return (await this.primary()).executeQuery<R>(query)
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.primary()).streamQuery<R>(query, chunkSize)
  }
}

class RoutingDriver implements Driver {
  private turn = 0
  constructor(readonly primary: Driver, private readonly replicas: Driver[]) {}

  nextReplica(): Driver {
    this.turn = (this.turn + 1) % this.replicas.length
    return this.replicas[this.turn]
  }

  async init() { await Promise.all([this.primary, ...this.replicas].map((d) => d.init())) }
  async acquireConnection() { return new RoutingConnection(this) }
  async beginTransaction(c: DatabaseConnection, settings: TransactionSettings) { await this.primary.beginTransaction(await (c as RoutingConnection).primary(), settings) }
  async commitTransaction(c: DatabaseConnection) { await this.primary.commitTransaction(await (c as RoutingConnection).primary()) }
  async rollbackTransaction(c: DatabaseConnection) { await this.primary.rollbackTransaction(await (c as RoutingConnection).primary()) }
  async releaseConnection(c: DatabaseConnection) {
    const { primaryConnection } = c as RoutingConnection
    if (primaryConnection) await this.primary.releaseConnection(primaryConnection)
  }
  async destroy() { await Promise.all([this.primary, ...this.replicas].map((d) => d.destroy())) }
}

/** A dialect that is `primary` for compiling and introspection and routes statements as above. */
export function routingDialect(primary: Dialect, replicas: Dialect[]): Dialect {
  return {
    createDriver: () => new RoutingDriver(primary.createDriver(), replicas.map((r) => r.createDriver())),
    createQueryCompiler: () => primary.createQueryCompiler(),
    createAdapter: () => primary.createAdapter(),
    createIntrospector: (db: Kysely<any>) => primary.createIntrospector(db),
  }
}
