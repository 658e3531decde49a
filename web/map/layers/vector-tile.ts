import { VectorTile } from '@mapbox/vector-tile'
import type { Feature, FeatureCollection } from 'geojson'
import { PbfReader } from 'pbf'
import { type BasemapDatum, toBasemapDatum } from '../../../server/domain/datum.ts'

export interface TileIndex { x: number; y: number; z: number }

/**
 * One layer of one of our vector tiles as GeoJSON in the basemap's datum (deck.gl gives the tile's URL, its
 * template filled in). Decoded here, on the main thread: loaders.gl's MVT worker would be fetched from a CDN.
 */
export async function tileFeatures(url: string, layerName: string, { x, y, z }: TileIndex, datum: BasemapDatum, signal?: AbortSignal): Promise<Feature[]> {
  const res = await fetch(url, { signal, credentials: 'same-origin' })
  if (!res.ok) throw new Error(`${layerName} tile ${z}/${x}/${y}: HTTP ${res.status}`)
  const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers[layerName]
  if (!layer) return []
  const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i).toGeoJSON(x, y, z))
  return toBasemapDatum({ type: 'FeatureCollection', features } as FeatureCollection, datum).features
}
