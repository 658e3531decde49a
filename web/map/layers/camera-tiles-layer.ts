import { TileLayer } from '@deck.gl/geo-layers'
import type { BasemapDatum } from '../../../server/domain/datum.ts'
import { CAMERA_POINTS_FROM_ZOOM, TILE_MIN_ZOOM } from '../../../server/domain/tiles.ts'
import { type CameraCellFeature, cameraCellsLayer } from './camera-cells-layer.ts'
import { type CameraFeature, camerasLayers } from './cameras-layer.ts'
import { tileFeatures } from './vector-tile.ts'

/*
 * The cameras from vector tiles, for a zone too large to send as one GeoJSON (a province has millions). Each tile
 * is decoded to WGS-84 GeoJSON here, on the main thread: loaders.gl's MVT worker would be fetched from a CDN, and
 * its local tile coordinates would not take the camera sectors, which are drawn from positions in degrees. Below
 * CAMERA_POINTS_FROM_ZOOM a tile holds cells of cameras, not cameras (camera-cells-layer.ts).
 */

export const CAMERA_TILES = '/api/tiles/cameras/{z}/{x}/{y}.mvt'

/** `outlined` follows the map's zoom (sectorsOutlined), not the tile's: tiles stop at 16 and are overzoomed past it. */
export function cameraTilesLayer(url: string, opacity: number, datum: BasemapDatum, outlined: boolean) {
  return new TileLayer<(CameraFeature | CameraCellFeature)[]>({
    id: 'camera-tiles',
    data: url,
    // The server's own first zoom for cameras (its TileJSON's minzoom).
    minZoom: TILE_MIN_ZOOM.cameras,
    maxZoom: 16,
    opacity,
    pickable: true,
    getTileData: async ({ url: tileUrl, index, signal }) => await tileFeatures(tileUrl ?? url, 'cameras', index, datum, signal) as (CameraFeature | CameraCellFeature)[],
    // The datum is known only once the basemap's settings arrive: tiles loaded before then are loaded again.
    updateTriggers: { getTileData: datum, renderSubLayers: outlined },
    renderSubLayers: ({ id, data, tile }) => (tile.index.z < CAMERA_POINTS_FROM_ZOOM
      ? cameraCellsLayer((data ?? []) as CameraCellFeature[], opacity, `${id}-cells`)
      : camerasLayers((data ?? []) as CameraFeature[], opacity, outlined, `${id}-`)),
  })
}
