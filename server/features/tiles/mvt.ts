import vtpbf from 'vt-pbf'
import { TILE_EXTENT } from '../../domain/tiles.ts'
import type { TileFeature } from './tiles.repo.ts'

/*
 * Mapbox Vector Tile encoding in Node, for the embedded engine (its PostGIS has no protobuf, so no ST_AsMVT).
 * vt-pbf writes the protobuf from features already in tile units; the tests decode this and ST_AsMVT's output of
 * the same rows and require the same features.
 */

type Ring = [number, number][]
const MVT_TYPE = { Point: 1, MultiPoint: 1, Polygon: 3, MultiPolygon: 3 } as const

/** GeoJSON in tile units → vt-pbf's shape: points as a list, polygons as all their rings in order. */
function rings(geometry: TileFeature['geometry']): Ring[] | Ring {
  const c = geometry.coordinates as never
  switch (geometry.type) {
    case 'Point': return [c] as Ring
    case 'MultiPoint': return c as Ring
    case 'Polygon': return c as Ring[]
    case 'MultiPolygon': return (c as Ring[][]).flat()
    default: throw new Error(`no MVT encoding for ${geometry.type}`)
  }
}

export function encodeTile(layer: string, features: TileFeature[]): Uint8Array {
  // An empty tile is zero bytes, as ST_AsMVT gives it: no layer at all rather than an empty one.
  if (features.length === 0) return new Uint8Array()
  const encoded = features.map((f) => ({
    id: f.id,
    type: MVT_TYPE[f.geometry.type as keyof typeof MVT_TYPE],
    geometry: rings(f.geometry),
    // Nulls are left out, as ST_AsMVT leaves them out.
    tags: Object.fromEntries(Object.entries(f.properties).filter(([, v]) => v !== null && v !== undefined)),
  }))
  return vtpbf.fromGeojsonVt({ [layer]: { features: encoded } }, { version: 2, extent: TILE_EXTENT })
}
