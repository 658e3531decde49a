import type { Kysely } from 'kysely'
import type { EngineName } from '../db/engine.ts'
import type { DB } from '../db/types.ts'
import type { Config } from './config.ts'
import type { LogSink } from './http/log.ts'
import type { IngestWriter } from './features/ingest/ingest.writer.ts'
import type { LiveHub } from './features/live/live.hub.ts'
import type { SessionCache } from './features/auth/session-cache.ts'
import type { Metrics } from './features/ops/metrics.ts'
import type { AnalyticsConfig, AnalyticsRefresher } from './features/risk/risk.service.ts'
import type { TileCache } from './features/tiles/tiles.cache.ts'

/** What every feature is built from; passed in, never imported as a singleton. */
export interface AppDeps {
  db: Kysely<DB>
  engine: EngineName
  /** The database routes plain reads to replicas, so requests mark which may go there (server/read-routing.ts). */
  readsReplicas?: boolean
  config: Config
  analytics: AnalyticsConfig
  refresher: AnalyticsRefresher
  live: LiveHub
  tiles: TileCache
  /** Sessions validated a moment ago, so that a signed-in request need not ask the database; without it, every one does. */
  sessions?: SessionCache
  /** Where every device protocol commits its readings. */
  ingest: IngestWriter
  /** Where the request and error log lines go; defaults to stdout / stderr (tests drop or capture them). */
  log?: LogSink
  /** This app's Prometheus registry and the counters features feed (GET /api/metrics). */
  metrics: Metrics
  /** Whether each configured device listener is up, for GET /api/health?deep=1; one not configured is left out. */
  listeners?: ListenerStatus
  /**
   * The time one-time codes are checked against, and the KPIs read as of; tests pass a fixed clock. Defaults to the
   * system clock (and, for the KPIs, the database's).
   */
  clock?: () => Date
}

export interface ListenerStatus {
  /** The HJ 212 TCP listener is accepting connections. */
  hj212?: () => boolean
  /** The MQTT subscriber is connected to its broker. */
  mqtt?: () => boolean
}
