import { type AddressInfo, createServer, type Socket } from 'node:net'
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DB } from '../../db/types.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { ingestDatabase, startTestIngest } from '../support/devices.ts'

/*
 * GET /api/health stays the cheap liveness answer, which asks the database nothing after its first call; ?deep=1
 * asks the database a real query and each configured device listener whether it is up, and answers 503 when one is not.
 */

let database: TestDatabase
let disposed = false
beforeAll(async () => { database = await createMigratedDatabase() })
afterAll(async () => { if (!disposed) await database?.dispose() })

const deep = async (app: ReturnType<typeof createTestApp>) => {
  const res = await app.request('/api/health?deep=1')
  return { status: res.status, body: await res.json() }
}

describe('GET /api/health', () => {
  it('without deep: liveness, the engine and PostGIS, as before', async () => {
    const res = await createTestApp(database).request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true, engine: database.engine, postgis: expect.stringMatching(/^3\./) })
  })

  it('deep, with no listener configured: the database checked by a query, nothing else claimed', async () => {
    const { status, body } = await deep(createTestApp(database))
    expect(status).toBe(200)
    expect(body).toEqual({ status: 'ok', checks: { database: { ok: true, ms: expect.any(Number) } } })
    expect(body.checks.database.ms).toBeGreaterThanOrEqual(0)
  })

  it('deep, with the real HJ 212 listener: ok while it listens, 503 once it has stopped', async () => {
    const ingest = await ingestDatabase(database)
    const field = await startTestIngest(ingest.database)
    let stopped = false
    try {
      const app = createTestApp(database, {}, { listeners: { hj212: field.hj212.listening } })
      expect(await deep(app)).toEqual({ status: 200, body: { status: 'ok', checks: { database: { ok: true, ms: expect.any(Number) }, hj212: { ok: true } } } })
      await field.stop()
      stopped = true
      expect(await deep(app)).toEqual({ status: 503, body: { status: 'degraded', checks: { database: { ok: true, ms: expect.any(Number) }, hj212: { ok: false } } } })
    } finally {
      if (!stopped) await field.stop()
      await ingest.close()
    }
  })

  it('deep: 503 when the MQTT subscriber reports itself disconnected, or its status cannot be read', async () => {
    let connected = true
    const app = createTestApp(database, {}, { listeners: { hj212: () => true, mqtt: () => connected } })
    expect((await deep(app)).status).toBe(200)
    connected = false
    expect(await deep(app)).toEqual({ status: 503, body: { status: 'degraded', checks: { database: { ok: true, ms: expect.any(Number) }, hj212: { ok: true }, mqtt: { ok: false } } } })
    const broken = createTestApp(database, {}, { listeners: { mqtt: () => { throw new Error('no client') } } })
    expect((await deep(broken)).body.checks.mqtt).toEqual({ ok: false })
  })

  it('deep: 503 after 2 s when the database hangs, and requests meanwhile share the one check', async () => {
    // A server that accepts the connection and never says a word: the query neither answers nor fails.
    const sockets = new Set<Socket>()
    const silent = createServer((socket) => { sockets.add(socket) })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const client = postgres(`postgres://nobody@127.0.0.1:${(silent.address() as AddressInfo).port}/none`, { max: 1, connect_timeout: 30 })
    const hung = new Kysely<DB>({ dialect: new PostgresJSDialect({ postgres: client }) })
    try {
      const app = createTestApp(database, {}, { db: hung })
      const started = performance.now()
      const [first, second] = await Promise.all([deep(app), deep(app)])
      expect(performance.now() - started).toBeLessThan(4_000)
      expect(first).toEqual({ status: 503, body: { status: 'degraded', checks: { database: { ok: false, ms: expect.any(Number) } } } })
      expect(first.body.checks.database.ms).toBeGreaterThanOrEqual(1_900)
      expect(second.body.checks.database.ms).toBe(first.body.checks.database.ms)
    } finally {
      for (const socket of sockets) socket.destroy()
      await client.end({ timeout: 0 })
      await new Promise((resolve) => silent.close(resolve))
    }
  })

  it('refuses a deep value other than 0 or 1', async () => {
    const res = await createTestApp(database).request('/api/health?deep=yes')
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
  })

  // Last: it closes this file's database.
  it('deep: 503 when the database is gone; liveness, which asks it nothing, still answers', async () => {
    const app = createTestApp(database)
    expect((await deep(app)).status).toBe(200)
    const live = await (await app.request('/api/health')).json()
    await database.dispose()
    disposed = true
    const { status, body } = await deep(app)
    expect(status).toBe(503)
    expect(body).toEqual({ status: 'degraded', checks: { database: { ok: false, ms: expect.any(Number) } } })
    const res = await app.request('/api/health')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(live)
  })
})
