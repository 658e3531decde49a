import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Database, openDatabase } from '../../db/engine.ts'
import { isPlainRead } from '../../db/replica-routing.ts'
import { migrateToLatest } from '../../db/migrate.ts'
import { seedCity } from '../../db/seed/index.ts'
import { provisionAccounts } from '../../server/features/auth/accounts.bootstrap.ts'
import { createAnalyticsRefresher } from '../../server/features/risk/risk.service.ts'
import { createTestApp, GEODATA_DIR, TEST_NOW } from '../support/database.ts'
import { replicationAvailable, type ReplicatedPair, startReplicatedPair } from '../support/replication.ts'
import { type ApiSession, signIn, TEST_PASSWORD } from '../support/session.ts'
import { settleSeededCity } from '../../server/features/registry/registry.job.ts'

/*
 * Reads on a streaming replica, writes on the primary, against a real primary and replica on loopback. With the
 * replica's replay paused, what a GET sees tells where it was served: a new pick list is invisible to another
 * user (replica) but visible to the planner who just saved it (their GETs stay on the primary for a few seconds).
 */

describe('statements against the routing rules', () => {
  it('sends only plain SELECTs to a replica', () => {
    expect(isPlainRead('select id from sites where code = $1')).toBe(true)
    expect(isPlainRead('  WITH x AS (SELECT 1) SELECT * FROM x')).toBe(true)
    expect(isPlainRead('update sessions set last_seen_at = now()')).toBe(false)
    expect(isPlainRead('select * from sites for update')).toBe(false)
    expect(isPlainRead('with moved as (delete from a returning *) select * from moved')).toBe(false)
    expect(isPlainRead('begin')).toBe(false)
  })
})

describe.skipIf(!replicationAvailable || process.env.DATABASE_URL === undefined)('a primary and a streaming replica', () => {
  let pair: ReplicatedPair
  let database: Database
  let planner: ApiSession
  let command: ApiSession

  beforeAll(async () => {
    // Below Linux's ephemeral range (32768–60999): a port in it can be the local end of any outgoing connection of
    // the run, and then the postmaster cannot bind it (CI once found 54432 taken as the replica started).
    pair = await startReplicatedPair(25_431, 25_432)
    database = await openDatabase({ databaseUrl: pair.primaryUrl, replicaUrls: [pair.replicaUrl], dataDir: '', maxConnections: 4 })
    await migrateToLatest(database.db)
    await seedCity(database.db, { settle: settleSeededCity, sites: 100, seed: 2021, now: TEST_NOW, geodataDir: GEODATA_DIR })
    await createAnalyticsRefresher(database).refresh()
    await provisionAccounts(database.db, { NODE_ENV: 'test', DEMO_PASSWORD: TEST_PASSWORD })
    await pair.waitForReplay()
    const app = createTestApp(database)
    planner = await signIn(app, 'planner')
    command = await signIn(app, 'command')
    await new Promise((r) => setTimeout(r, 5_100)) // past the sign-ins' stickiness
  }, 120_000)
  afterAll(async () => { await database?.close(); pair?.stop() })

  const versions = async (session: ApiSession) => ((await (await session.request('/api/planning/pick-lists')).json()).versions as { name: string }[]).map((v) => v.name)

  it('serves a GET from the replica, writes on the primary, and the writer reads its own write', async () => {
    await pair.pauseReplay()
    const saved = await planner.request('/api/planning/pick-lists', { method: 'POST', body: JSON.stringify({ name: '复制测试清单', siteIds: [1, 2, 3] }) })
    expect(saved.status).toBe(201)
    expect(await versions(command)).not.toContain('复制测试清单')
    expect(await versions(planner)).toContain('复制测试清单')
    await pair.resumeReplay()
    await pair.waitForReplay()
    expect(await versions(command)).toContain('复制测试清单')
  })

  it('finds sessions on the primary: one made while the replica lags works at once and after the sticky window', async () => {
    await pair.pauseReplay()
    const admin = await signIn(createTestApp(database), 'admin')
    expect((await admin.request('/api/auth/me')).status).toBe(200)
    await new Promise((r) => setTimeout(r, 5_100))
    expect((await admin.request('/api/auth/me')).status).toBe(200)
    await pair.resumeReplay()
  })

  it('keeps a transaction on the primary even when it starts by reading', async () => {
    await pair.pauseReplay()
    const published = await planner.request('/api/planning/pick-lists', { method: 'POST', body: JSON.stringify({ name: '事务清单', siteIds: [4, 5] }) })
    const { id } = await published.json()
    const res = await planner.request(`/api/planning/pick-lists/${id}/publish`, { method: 'POST' })
    expect(res.status).toBe(200)
    await pair.resumeReplay()
  })
})
