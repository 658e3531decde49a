import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'
import type { EngineName } from '../../../db/engine.ts'
import { DEVICE_PROTOCOLS } from '../../domain/device-readings.ts'
import type { PoolStats } from '../../../db/pool-stats.ts'
import type { IngestCounters } from '../ingest/ingest.writer.ts'
import type { LiveStreamCounter } from '../live/live.stream.ts'

/*
 * What GET /api/metrics shows, in one prom-client Registry per app: two apps in one process (tests) never share a
 * count. Features are handed the narrow counters they need (a stream's open/close, the writer's outcomes), never
 * the registry. Labels are bounded sets: route patterns, not paths; status classes, not codes.
 */

const LIVE_FEEDS = ['wall', 'alarms'] as const
export type LiveFeed = (typeof LIVE_FEEDS)[number]

export interface Metrics {
  readonly registry: Registry
  /** One answered API request, under its route pattern (`/api/sites/:id`). */
  request(method: string, route: string, status: number, seconds: number): void
  liveStream(feed: LiveFeed): LiveStreamCounter
  /** A tile looked up in the tile cache: found, or rendered (or waited for a render already running). */
  tileLookup(hit: boolean): void
  ingest: IngestCounters
}

export interface MetricSources {
  engine: EngineName
  pool(): PoolStats
  tileCache?(): { tiles: number; bytes: number }
}

const HTTP_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
// From a cached tile (~1 ms) to a whole-city export (seconds).
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry()
  const registers = [registry]
  collectDefaultMetrics({ register: registry })

  const httpLabels = ['method', 'route', 'status'] as const
  const requests = new Counter({ name: 'sitegrid_http_requests_total', help: 'API requests answered, by method, route pattern and status class', labelNames: httpLabels, registers })
  const latency = new Histogram({
    name: 'sitegrid_http_request_duration_seconds', help: 'Time to the response headers (an event stream counts until it opens)',
    labelNames: httpLabels, buckets: LATENCY_BUCKETS, registers,
  })

  new Gauge({
    name: 'sitegrid_db_connections', help: 'Connections of the primary pool in use, and queries or transactions waiting for one (PGlite: one connection)',
    labelNames: ['engine', 'state'], registers,
    collect() {
      const { inUse, waiting } = sources.pool()
      this.set({ engine: sources.engine, state: 'in_use' }, inUse)
      this.set({ engine: sources.engine, state: 'waiting' }, waiting)
    },
  })
  new Gauge({ name: 'sitegrid_db_connections_max', help: 'Connections the primary pool may open', labelNames: ['engine'], registers,
    collect() { this.set({ engine: sources.engine }, sources.pool().max) } })

  const streamsOpen = new Gauge({ name: 'sitegrid_live_streams_open', help: 'Server-Sent Events streams open now, by feed', labelNames: ['feed'], registers })
  const streamsOpened = new Counter({ name: 'sitegrid_live_streams_opened_total', help: 'Server-Sent Events streams opened, by feed (reconnect storms show here)', labelNames: ['feed'], registers })

  const tileLookups = new Counter({ name: 'sitegrid_tile_cache_lookups_total', help: 'Vector tiles asked of the tile cache, by result (hit, miss)', labelNames: ['result'], registers })
  if (sources.tileCache) {
    const tileCache = sources.tileCache
    new Gauge({ name: 'sitegrid_tile_cache_tiles', help: 'Tiles held in the tile cache', registers, collect() { this.set(tileCache().tiles) } })
    new Gauge({ name: 'sitegrid_tile_cache_bytes', help: 'Gzipped bytes held in the tile cache', registers, collect() { this.set(tileCache().bytes) } })
  }

  const received = new Counter({ name: 'sitegrid_ingest_received_total', help: 'Device readings handed to the ingest writer, by protocol (one per HJ 212 frame or MQTT message)', labelNames: ['protocol'], registers })
  const readings = new Counter({
    name: 'sitegrid_ingest_readings_total', help: 'Device readings by protocol and outcome: stored (committed), duplicate, refused, failed (commit failed; the device resends)',
    labelNames: ['protocol', 'outcome'], registers,
  })
  const batches = new Histogram({
    name: 'sitegrid_ingest_batch_seconds', help: 'Time to commit one ingest batch (group commit), by result',
    labelNames: ['result'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers,
  })

  // Every known series from zero, so that a rate() or an alert sees the first reading, stream or miss.
  for (const feed of LIVE_FEEDS) { streamsOpen.set({ feed }, 0); streamsOpened.inc({ feed }, 0) }
  for (const result of ['hit', 'miss']) tileLookups.inc({ result }, 0)
  for (const protocol of DEVICE_PROTOCOLS) {
    received.inc({ protocol }, 0)
    for (const outcome of ['stored', 'duplicate', 'refused', 'failed']) readings.inc({ protocol, outcome }, 0)
  }

  return {
    registry,
    request(method, route, status, seconds) {
      const labels = { method: HTTP_METHODS.has(method) ? method : 'OTHER', route, status: `${Math.floor(status / 100)}xx` }
      requests.inc(labels)
      latency.observe(labels, seconds)
    },
    liveStream: (feed) => ({
      opened() { streamsOpen.inc({ feed }); streamsOpened.inc({ feed }) },
      closed() { streamsOpen.dec({ feed }) },
    }),
    tileLookup: (hit) => tileLookups.inc({ result: hit ? 'hit' : 'miss' }),
    ingest: {
      received: (protocol) => received.inc({ protocol }),
      settled: (protocol, outcome) => readings.inc({ protocol, outcome }),
      batch: (seconds, committed) => batches.observe({ result: committed ? 'committed' : 'failed' }, seconds),
    },
  }
}
