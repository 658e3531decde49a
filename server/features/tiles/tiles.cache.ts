import type { Database } from '../../../db/engine.ts'
import { type Bounds, boundsIntersect, type Tile, TILE_BUFFER, type TileLayer, tileLonLatBounds } from '../../domain/tiles.ts'

/*
 * Encoded tiles kept in the server process, least recently used first out, bounded by bytes. Keys carry the
 * caller's zone, so a district's tile is never served to another district. Entries leave when the database says
 * rows under them changed (migration 0008's NOTIFY: the layers and the WGS-84 extent of the change), so a cached
 * tile is never older than the last commit plus the notification's trip, a few milliseconds.
 */

export const TILES_CHANNEL = 'sitegrid_tiles'

/** A tile as sent: gzipped once, with the ETag of its uncompressed bytes. */
export interface CachedTile { gzip: Uint8Array; etag: string }
interface Entry extends CachedTile { layer: TileLayer; bounds: Bounds }

export interface TileCache {
  get(layer: TileLayer, tile: Tile, zone: string): CachedTile | undefined
  /** Counts applied changes: a tile rendered while one arrived may be stale, and is not kept. */
  generation(): number
  set(layer: TileLayer, tile: Tile, zone: string, value: CachedTile, renderedAt: number): void
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
  const keyOf = (layer: TileLayer, { z, x, y }: Tile, zone: string) => `${layer}/${z}/${x}/${y}@${zone}`
  const drop = (key: string) => {
    const entry = entries.get(key)
    if (entry) { bytes -= entry.gzip.length; entries.delete(key) }
  }

  const cache: TileCache = {
    get(layer, tile, zone) {
      const key = keyOf(layer, tile, zone)
      const entry = entries.get(key)
      if (!entry) return undefined
      entries.delete(key)
      entries.set(key, entry) // most recently used goes to the back
      return entry
    },
    generation: () => changes,
    set(layer, tile, zone, value, renderedAt) {
      if (!live || renderedAt !== changes || value.gzip.length > maxBytes / 16) return
      const key = keyOf(layer, tile, zone)
      drop(key)
      entries.set(key, { ...value, layer, bounds: tileLonLatBounds(tile, TILE_BUFFER) })
      bytes += value.gzip.length
      for (const oldest of entries.keys()) {
        if (bytes <= maxBytes) break
        drop(oldest)
      }
    },
    applyChange(payload) {
      changes += 1
      if (payload === 'scopes') { for (const key of [...entries.keys()]) if (key.includes('@u')) drop(key); return }
      const parts = payload.split(' ')
      const numbers = parts.slice(-4).map(Number)
      const layers = new Set(parts.slice(0, -4))
      const changed = { minX: numbers[0], minY: numbers[1], maxX: numbers[2], maxY: numbers[3] }
      for (const [key, entry] of [...entries]) if (layers.has(entry.layer) && boundsIntersect(entry.bounds, changed)) drop(key)
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
