import type { Kysely } from 'kysely'
import type { EngineName } from '../db/engine.ts'
import type { DB } from '../db/types.ts'
import type { Config } from './config.ts'
import type { IngestWriter } from './features/ingest/ingest.writer.ts'
import type { LiveHub } from './features/live/live.hub.ts'
import type { AnalyticsConfig, AnalyticsRefresher } from './features/risk/risk.service.ts'
import type { TileCache } from './features/tiles/tiles.cache.ts'

/** What every feature is built from; passed in, never imported as a singleton. */
export interface AppDeps {
  db: Kysely<DB>
  engine: EngineName
  config: Config
  analytics: AnalyticsConfig
  refresher: AnalyticsRefresher
  live: LiveHub
  tiles: TileCache
  /** Where every device protocol commits its readings. */
  ingest: IngestWriter
}
