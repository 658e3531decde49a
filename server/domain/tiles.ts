/*
 * Web-Mercator tile arithmetic (EPSG:3857, the XYZ scheme MapLibre and deck.gl request). Pure, so the server's
 * queries, its cache and the tests agree on which ground a tile covers.
 */

export const TILE_EXTENT = 4096
/** Tile units drawn beyond each edge, so that symbols and strokes cut at a tile edge join up with the next tile. */
export const TILE_BUFFER = 64
export const MAX_TILE_ZOOM = 22
export const TILE_LAYERS = ['sites', 'grids', 'cameras', 'key-projects'] as const
export type TileLayer = (typeof TILE_LAYERS)[number]

export const isTileLayer = (name: string): name is TileLayer => (TILE_LAYERS as readonly string[]).includes(name)

/**
 * The zoom a layer's tiles start at (they go on to MAX_TILE_ZOOM). Cameras from 10: below it a district's cameras
 * are one smudge even as cells, and a cell tile would add up a whole district's cameras at every request.
 */
export const TILE_MIN_ZOOM: Record<TileLayer, number> = { sites: 0, grids: 0, cameras: 10, 'key-projects': 0 }

/*
 * Below this zoom a sites tile holds one point per cell of CLUSTER_CELL × CLUSTER_CELL tile units (at most 256 per
 * tile) with how many sites it stands for: a province's million points would otherwise make a city-zoom tile
 * megabytes, and no screen shows more dots than it has pixels for. From here on, every site is its own point.
 */
export const SITE_POINTS_FROM_ZOOM = 14
export const CLUSTER_CELL = 256
/**
 * Below this zoom a cameras tile holds cells as well, with how many cameras and how many online: at zoom 10 a tile
 * of the 100,000-site city held 130,000 sectors, 4.5 MB (bench:gis). From here on a camera is its own sector.
 */
export const CAMERA_POINTS_FROM_ZOOM = 14

const EARTH_HALF = 20037508.342789244 // half the Web-Mercator world, in metres
const RAD = 180 / Math.PI

export interface Tile { z: number; x: number; y: number }
export interface Bounds { minX: number; minY: number; maxX: number; maxY: number }

export function isValidTile({ z, x, y }: Tile): boolean {
  const n = 2 ** z
  return Number.isInteger(z) && Number.isInteger(x) && Number.isInteger(y) && z >= 0 && z <= MAX_TILE_ZOOM && x >= 0 && y >= 0 && x < n && y < n
}

/** The tile's square in Web-Mercator metres, grown by `buffer` tile units on every side. */
export function tileBounds({ z, x, y }: Tile, buffer = 0): Bounds {
  const size = (2 * EARTH_HALF) / 2 ** z
  const pad = (size * buffer) / TILE_EXTENT
  return {
    minX: -EARTH_HALF + x * size - pad, maxX: -EARTH_HALF + (x + 1) * size + pad,
    minY: EARTH_HALF - (y + 1) * size - pad, maxY: EARTH_HALF - y * size + pad,
  }
}

/** The same square in WGS-84 degrees: what the 4326 spatial indexes are searched with. */
export function tileLonLatBounds(tile: Tile, buffer = 0): Bounds {
  const b = tileBounds(tile, buffer)
  const lon = (m: number) => Math.max(-180, Math.min(180, (m / EARTH_HALF) * 180))
  const lat = (m: number) => Math.max(-85.0511, Math.min(85.0511, RAD * (2 * Math.atan(Math.exp((m / EARTH_HALF) * Math.PI)) - Math.PI / 2)))
  return { minX: lon(b.minX), minY: lat(b.minY), maxX: lon(b.maxX), maxY: lat(b.maxY) }
}

/** Simplification tolerance in metres: a quarter of a tile unit, below what the tile can show. */
export function simplifyTolerance(z: number): number {
  return (2 * EARTH_HALF) / 2 ** z / TILE_EXTENT / 4
}

/** Whether two squares overlap (edges touching count): which cached tiles a change touches. */
export function boundsIntersect(a: Bounds, b: Bounds): boolean {
  return a.minX <= b.maxX && b.minX <= a.maxX && a.minY <= b.maxY && b.minY <= a.maxY
}

/** The tile at zoom `z` that holds a WGS-84 position. */
export function tileAt(lon: number, lat: number, z: number): Tile {
  const n = 2 ** z
  const φ = (lat * Math.PI) / 180
  const x = Math.floor(((lon + 180) / 360) * n)
  const y = Math.floor(((1 - Math.log(Math.tan(φ) + 1 / Math.cos(φ)) / Math.PI) / 2) * n)
  return { z, x: Math.min(n - 1, Math.max(0, x)), y: Math.min(n - 1, Math.max(0, y)) }
}
