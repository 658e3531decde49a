import { TileLayer } from '@deck.gl/geo-layers'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { type BasemapDatum, toBasemapDatum } from '../../../server/domain/datum.ts'
import { type CameraFeature, camerasLayers } from './cameras-layer.ts'

/*
 * The cameras from vector tiles, for a zone too large to send as one GeoJSON (a province has millions). Each tile
 * is decoded to WGS-84 GeoJSON here, on the main thread: loaders.gl's MVT worker would be fetched from a CDN, and
 * its local tile coordinates would not take the camera sectors, which are drawn from positions in degrees.
 */

export const CAMERA_TILES = '/api/tiles/cameras/{z}/{x}/{y}.mvt'

/** One tile's cameras as GeoJSON in the basemap's datum (deck.gl gives the tile's URL, its template filled in). */
async function cameraTile(url: string, { x, y, z }: { x: number; y: number; z: number }, datum: BasemapDatum, signal?: AbortSignal): Promise<CameraFeature[]> {
  const res = await fetch(url, { signal, credentials: 'same-origin' })
  if (!res.ok) throw new Error(`camera tile ${z}/${x}/${y}: HTTP ${res.status}`)
  const layer = new VectorTile(new PbfReader(new Uint8Array(await res.arrayBuffer()))).layers.cameras
  if (!layer) return []
  const features = Array.from({ length: layer.length }, (_, i) => layer.feature(i).toGeoJSON(x, y, z))
  return toBasemapDatum({ type: 'FeatureCollection', features }, datum).features as unknown as CameraFeature[]
}

export function cameraTilesLayer(url: string, opacity: number, datum: BasemapDatum) {
  return new TileLayer<CameraFeature[]>({
    id: 'camera-tiles',
    data: url,
    // Below zoom 10 a camera's sector is under a pixel and a tile holds a whole district's cameras.
    minZoom: 10,
    maxZoom: 16,
    opacity,
    getTileData: ({ url: tileUrl, index, signal }) => cameraTile(tileUrl ?? url, index, datum, signal),
    // The datum is known only once the basemap's settings arrive: tiles loaded before then are loaded again.
    updateTriggers: { getTileData: datum },
    renderSubLayers: ({ id, data }) => camerasLayers(data ?? [], opacity, id),
  })
}
