import { PolygonLayer, ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import { type LonLat, sectorRing } from '../../../server/domain/camera-sector.ts'

export type CameraFeature = Feature<Point, { siteId: number; purpose: string; heading: number; fov: number; range: number; online: boolean }>

export const ONLINE: [number, number, number] = [80, 200, 255]
export const OFFLINE: [number, number, number] = [255, 70, 70]

/**
 * Below this zoom sectors are drawn without outlines. A 50 m sector is about 12 pixels across at zoom 15, where a
 * dense view holds 14,000 cameras: their outlines were 250,000 deck.gl path segments, the shader that costs most in
 * software WebGL, and held a street-zoom pan at 4.5 s a frame for edges nobody could tell apart. At 17 a sector is
 * about 50 pixels and a view a few hundred cameras.
 */
const SECTOR_OUTLINES_FROM_ZOOM = 17

export const sectorsOutlined = (zoom: number) => zoom >= SECTOR_OUTLINES_FROM_ZOOM

/** Each camera's field of view as drawn by the coverage computation, and the camera itself; offline ones in red. */
export function camerasLayers(cameras: CameraFeature[], opacity: number, outlined: boolean, idPrefix = '') {
  const at = (f: CameraFeature) => f.geometry.coordinates as LonLat
  return [
    new PolygonLayer<CameraFeature>({
      id: `${idPrefix}camera-sectors`,
      data: cameras,
      opacity,
      getPolygon: (f) => sectorRing(at(f), f.properties.heading, f.properties.fov, f.properties.range),
      getFillColor: (f) => [...(f.properties.online ? ONLINE : OFFLINE), 50],
      getLineColor: (f) => [...(f.properties.online ? ONLINE : OFFLINE), 160],
      lineWidthMinPixels: 0.5,
      stroked: outlined,
    }),
    new ScatterplotLayer<CameraFeature>({
      id: `${idPrefix}cameras`,
      data: cameras,
      opacity,
      getPosition: at,
      getFillColor: (f) => (f.properties.online ? ONLINE : OFFLINE),
      getRadius: 6,
      radiusMinPixels: 1.5,
      radiusMaxPixels: 6,
      pickable: true,
    }),
  ]
}
