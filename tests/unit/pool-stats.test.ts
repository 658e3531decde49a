import { type DatabaseConnection, type Dialect, type Driver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { countedDialect } from '../../db/pool-stats.ts'

/*
 * The pool counts over a stand-in driver whose queries finish when the test says. A single-connection dialect
 * (PGlite's kind) gets its queue from countedDialect, so that queue must keep Kysely's promise: one holder at a
 * time, in arrival order, and a failed acquisition or a failed transaction never keeps the connection.
 */

function standIn(options: { multiple: boolean; failAcquire?: () => boolean }) {
  const running: { sql: string; finish: () => void }[] = []
  let holders = 0
  let mostHolders = 0
  const connection: DatabaseConnection = {
    executeQuery: (query) => new Promise((resolve) => running.push({ sql: query.sql, finish: () => resolve({ rows: [] }) })),
    streamQuery: () => { throw new Error('not used') },
  }
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => {
      if (options.failAcquire?.()) throw new Error('no connection')
      mostHolders = Math.max(mostHolders, ++holders)
      return connection
    },
    beginTransaction: async () => {}, commitTransaction: async () => {}, rollbackTransaction: async () => {},
    releaseConnection: async () => { holders-- },
    destroy: async () => {},
  }
  class Adapter extends PostgresAdapter { override get supportsMultipleConnections() { return options.multiple } }
  const dialect: Dialect = {
    createDriver: () => driver, createQueryCompiler: () => new PostgresQueryCompiler(),
    createAdapter: () => new Adapter(), createIntrospector: (db) => new PostgresIntrospector(db),
  }
  return { dialect, running, mostHolders: () => mostHolders }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('countedDialect', () => {
  it('counts connections in use on a pool of several', async () => {
    const fake = standIn({ multiple: true })
    const counted = countedDialect(fake.dialect, 10)
    const db = new Kysely({ dialect: counted.dialect })
    const queries = [sql`SELECT 1`.execute(db), sql`SELECT 2`.execute(db)]
    await settle()
    expect(counted.stats()).toEqual({ inUse: 2, waiting: 0, max: 10 })
    fake.running.forEach((q) => q.finish())
    await Promise.all(queries)
    expect(counted.stats()).toEqual({ inUse: 0, waiting: 0, max: 10 })
  })

  it('queues callers of a single connection in arrival order, one holder at a time', async () => {
    const fake = standIn({ multiple: false })
    const counted = countedDialect(fake.dialect, 1)
    const db = new Kysely({ dialect: counted.dialect })
    const queries = ['SELECT 1', 'SELECT 2', 'SELECT 3'].map((text) => sql.raw(text).execute(db))
    await settle()
    expect(counted.stats()).toEqual({ inUse: 1, waiting: 2, max: 1 })
    for (const expected of ['SELECT 1', 'SELECT 2', 'SELECT 3']) {
      await settle()
      expect(fake.running.map((q) => q.sql)).toEqual([expected])
      fake.running.shift()!.finish()
    }
    await Promise.all(queries)
    expect(fake.mostHolders()).toBe(1)
    expect(counted.stats()).toEqual({ inUse: 0, waiting: 0, max: 1 })
  })

  it('gives the single connection on after a failed acquisition and after a failed transaction', async () => {
    let fail = true
    const fake = standIn({ multiple: false, failAcquire: () => fail })
    const counted = countedDialect(fake.dialect, 1)
    const db = new Kysely({ dialect: counted.dialect })
    await expect(sql`SELECT 1`.execute(db)).rejects.toThrow('no connection')
    fail = false
    await expect(db.transaction().execute(async () => { throw new Error('rolled back') })).rejects.toThrow('rolled back')
    const after = sql`SELECT 2`.execute(db)
    await settle()
    expect(fake.running.map((q) => q.sql)).toEqual(['SELECT 2'])
    fake.running[0].finish()
    await after
    expect(counted.stats()).toEqual({ inUse: 0, waiting: 0, max: 1 })
  })
})
