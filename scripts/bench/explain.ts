import { createIngestWriter } from '../../server/features/ingest/ingest.writer.ts'
import { Kysely } from 'kysely'
import { PostgresJSDialect } from 'kysely-postgres-js'
import postgres from 'postgres'
import { countedDialect } from '../../db/pool-stats.ts'
import type { DB } from '../../db/types.ts'
import { createApp } from '../../server/app.ts'
import { parseConfig } from '../../server/config.ts'
import { createLiveHub } from '../../server/features/live/live.hub.ts'
import { createMetrics } from '../../server/features/ops/metrics.ts'
import { createAnalyticsRefresher, DEFAULT_ANALYTICS } from '../../server/features/risk/risk.service.ts'
import { createTileCache } from '../../server/features/tiles/tiles.cache.ts'

/*
 * PostgreSQL's own time for what one API request asks of it: the request is made once through an in-process copy
 * of the app whose Kysely records every statement with its parameters, and each statement is then run under
 * EXPLAIN ANALYZE (in a transaction that is rolled back, since signing in writes). The median over runs of the
 * statements' planning + execution time is what the API's latency is compared with.
 */

interface Statement { sql: string; parameters: readonly unknown[] }

export interface Explainer {
  /** Median PostgreSQL time (ms) of the statements behind `path`, and how many statements there were. */
  databaseTime(path: string, runs?: number): Promise<{ ms: number; statements: number }>
  /** The median of databaseTime over up to 10 of `paths`, spread evenly: tiles and details vary by path. */
  medianDatabaseTime(paths: string[]): Promise<number>
  close(): Promise<void>
}

export async function createExplainer(databaseUrl: string, username: string, password: string): Promise<Explainer> {
  const client = postgres(databaseUrl, { max: 2, onnotice: () => {} })
  let recording: Statement[] | null = null
  const counted = countedDialect(new PostgresJSDialect({ postgres: client }), 2)
  const db = new Kysely<DB>({
    dialect: counted.dialect,
    log: (event) => { if (event.level === 'query' && recording) recording.push({ sql: event.query.sql, parameters: event.query.parameters }) },
  })
  const database = { db, engine: 'postgres' as const, overlayGridSize: -1, readsReplicas: false, listen: async () => async () => {}, pool: counted.stats, close: () => db.destroy() }
  const app = createApp({
    db, engine: 'postgres', config: parseConfig({ NODE_ENV: 'development' }), analytics: DEFAULT_ANALYTICS,
    refresher: createAnalyticsRefresher(database, DEFAULT_ANALYTICS), live: createLiveHub(database), tiles: createTileCache(database),
    ingest: createIngestWriter(db, { lanes: 1, pm10LimitUgM3: DEFAULT_ANALYTICS.dust.limitUgM3 }), metrics: createMetrics(database),
  })
  const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) })
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]

  const explain = async (statement: Statement): Promise<number> => {
    let ms = 0
    await client.begin(async (tx) => {
      const [row] = await tx.unsafe(`EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${statement.sql}`, statement.parameters as never[])
      const plan = (row['QUERY PLAN'] as { 'Planning Time': number; 'Execution Time': number }[])[0]
      ms = plan['Planning Time'] + plan['Execution Time']
      throw new Rollback()
    }).catch((error) => { if (!(error instanceof Rollback)) throw error })
    return ms
  }

  const explainer: Explainer = {
    async databaseTime(path, runs = 7) {
      recording = []
      const res = await app.request(path, { headers: { cookie } })
      await res.arrayBuffer()
      // BEGIN/COMMIT and the like cannot be explained; their cost is in the statements between them.
      const statements = recording.filter((s) => /^\s*(select|with|insert|update|delete)\b/i.test(s.sql))
      recording = null
      const totals: number[] = []
      for (let i = 0; i < runs; i++) {
        let total = 0
        for (const statement of statements) total += await explain(statement)
        totals.push(total)
      }
      totals.sort((a, b) => a - b)
      return { ms: totals[Math.floor(totals.length / 2)], statements: statements.length }
    },
    async medianDatabaseTime(paths) {
      const unique = [...new Set(paths)]
      const sample = unique.filter((_, i) => i % Math.ceil(unique.length / 10) === 0)
      const times: number[] = []
      for (const path of sample) times.push((await explainer.databaseTime(path, 3)).ms)
      times.sort((a, b) => a - b)
      return times[Math.floor(times.length / 2)]
    },
    close: () => db.destroy(),
  }
  return explainer
}

class Rollback extends Error {}
