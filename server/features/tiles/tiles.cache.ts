import type { Database } from '../../../db/engine.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { type Bounds, boundsIntersect, type Tile, TILE_BUFFER, type TileLayer, tileLonLatBounds } from '../../domain/tiles.ts'

/*
 * Encoded tiles, and whole-layer bodies (the map's site columns, the layers' counts), kept in the server process,
 * least recently used first out, bounded by bytes. Keys carry the caller's zone, so a district's tile is never
 * served to another district. Entries leave when the database says rows under them changed (migration 0008's
 * NOTIFY: the layers and the WGS-84 extent of the change), so a cached tile is never older than the last commit plus
 * the notification's trip, a few milliseconds.
 */

export const TILES_CHANNEL = 'sitegrid_tiles'
const ENTRY_OVERHEAD_BYTES = 200

/** A body as sent: gzipped once. */
export interface CachedBody { gzip: Uint8Array }
/** A tile as sent, with a digest of its uncompressed bytes (its ETags'). `gzip` is empty for a tile with nothing in it. */
export interface CachedTile extends CachedBody { digest: string }
interface Entry extends CachedBody { digest?: string; layers: readonly TileLayer[]; bounds: Bounds }
/** A body's extent: any change to its layer, wherever it is, touches it. */
const WORLD: Bounds = { minX: -180, minY: -90, maxX: 180, maxY: 90 }

export interface TileCache {
  get(layer: TileLayer, tile: Tile, zone: string): CachedTile | undefined
  /** Counts applied changes: a tile rendered while one arrived may be stale, and is not kept. */
  generation(): number
  set(layer: TileLayer, tile: Tile, zone: string, value: CachedTile, renderedAt: number): void
  /** A whole layer's body under `key` (which names its zone, as `@<zone>`): dropped by any change to one of its layers. */
  getBody(key: string): CachedBody | undefined
  /**
   * The body under `key`, or `render`'s, kept unless a change arrived while it rendered; rendered once however many
   * ask at the same moment (a route and the warmer, say).
   */
  keepBody(key: string, layers: readonly TileLayer[], render: () => Promise<CachedBody>): Promise<CachedBody>
  /** Calls `listener` with the key of each body a change notice drops (not those evicted for room); returns the unsubscribe. */
  onBodyDropped(listener: (key: string) => void): () => void
  /** Applies one notification payload: `scopes`, or `<layers…> minLon minLat maxLon maxLat`. */
  applyChange(payload: string): void
  /** Starts listening (once); until then nothing is cached, so nothing can go stale unseen. */
  ready(): Promise<boolean>
  stats(): { tiles: number; bytes: number }
  stop(): Promise<void>
}

export function createTileCache(database: Pick<Database, 'listen'>, maxBytes = 64 * 1024 * 1024): TileCache {
  const entries = new Map<string, Entry>()
  let bytes = 0
  let listening: Promise<() => Promise<void>> | null = null
  let live = false
  let changes = 0
  const dropListeners = new Set<(key: string) => void>()
  const renderOnce = singleFlight<CachedBody>()
  const keyOf = (layer: TileLayer, { z, x, y }: Tile, zone: string) => `${layer}/${z}/${x}/${y}@${zone}`
  const BODY = 'body:'
  const bodyKey = (key: string) => `${BODY}${key}`
  // An entry's own cost besides its body (key, bounds, map slot): an empty tile is kept too, and must count.
  const sizeOf = (key: string, entry: Entry) => entry.gzip.length + key.length + ENTRY_OVERHEAD_BYTES
  const drop = (key: string) => {
    const entry = entries.get(key)
    if (entry) { bytes -= sizeOf(key, entry); entries.delete(key) }
  }

  const lookup = (key: string) => {
    const entry = entries.get(key)
    if (!entry) return undefined
    entries.delete(key)
    entries.set(key, entry) // most recently used goes to the back
    return entry
  }
  const store = (key: string, entry: Entry, renderedAt: number, largest: number) => {
    if (!live || renderedAt !== changes || entry.gzip.length > largest) return
    drop(key)
    entries.set(key, entry)
    bytes += sizeOf(key, entry)
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break
      drop(oldest)
    }
  }

  /** The keys under a `<layers…> minLon minLat maxLon maxLat` change. */
  const changedKeys = (payload: string) => {
    const parts = payload.split(' ')
    const numbers = parts.slice(-4).map(Number)
    const layers = new Set(parts.slice(0, -4))
    const changed = { minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3] }
    return [...entries].filter(([, entry]) => entry.layers.some((layer) => layers.has(layer)) && boundsIntersect(entry.bounds, changed)).map(([key]) => key)
  }

  const cache: TileCache = {
    get: (layer, tile, zone) => lookup(keyOf(layer, tile, zone)) as CachedTile | undefined,
    generation: () => changes,
    set: (layer, tile, zone, value, renderedAt) =>
      store(keyOf(layer, tile, zone), { ...value, layers: [layer], bounds: tileLonLatBounds(tile, TILE_BUFFER) }, renderedAt, maxBytes / 16),
    getBody: (key) => lookup(bodyKey(key)),
    keepBody: async (key, layers, render) => lookup(bodyKey(key)) ?? renderOnce(key, async () => {
      await cache.ready()
      const renderedAt = changes
      const value = await render()
      // A whole city's sites are a few MB: a body may take a quarter of the budget, a tile a sixteenth.
      store(bodyKey(key), { ...value, layers, bounds: WORLD }, renderedAt, maxBytes / 4)
      return value
    }),
    onBodyDropped(listener) {
      dropListeners.add(listener)
      return () => { dropListeners.delete(listener) }
    },
    applyChange(payload) {
      changes += 1
      const dropped = payload === 'scopes' ? [...entries.keys()].filter((key) => key.includes('@u')) : changedKeys(payload)
      for (const key of dropped) {
        drop(key)
        if (key.startsWith(BODY)) for (const listener of dropListeners) listener(key.slice(BODY.length))
      }
    },
    async ready() {
      listening ??= database.listen(TILES_CHANNEL, (payload) => cache.applyChange(payload)).then((stop) => { live = true; return stop })
      await listening.catch(() => null)
      return live
    },
    stats: () => ({ tiles: entries.size, bytes }),
    async stop() {
      entries.clear()
      bytes = 0
      if (listening) await (await listening)()
    },
  }
  return cache
}

/** Who else may be given the same scoped tile or body: the whole city, a district, a patrol contract or one user. */
export function scopeZone(scope: SiteScope): string {
  if (scope.kind === 'city') return 'city'
  if (scope.kind === 'contract') return `c${scope.contractId}`
  return scope.kind === 'district' ? `d${scope.districtId}` : `u${scope.userId}`
}

/**
 * Runs `work` once for a key however many ask at the same moment: a wall's screens, or a morning's users, start
 * together and ask for the same cold tile or layer.
 */
export function singleFlight<T>() {
  const running = new Map<string, Promise<T>>()
  return (key: string, work: () => Promise<T>): Promise<T> => {
    let pending = running.get(key)
    if (!pending) {
      pending = work().finally(() => running.delete(key))
      running.set(key, pending)
    }
    return pending
  }
}
