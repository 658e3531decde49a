import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import { OFFLINE, ONLINE } from './cameras-layer.ts'

export type CameraCellFeature = Feature<Point, { count: number; onlineCount: number }>

/**
 * Cameras gathered into cells, as camera tiles hold them below CAMERA_POINTS_FROM_ZOOM: a dot that grows with how
 * many cameras it stands for, blue when all are online and redder with each offline one, so a dark corner of a
 * district shows at city zoom where single sectors would be a smudge.
 */
export function cameraCellsLayer(cells: CameraCellFeature[], opacity: number, id: string) {
  const mix = (f: CameraCellFeature) => {
    const offline = 1 - f.properties.onlineCount / Math.max(1, f.properties.count)
    return ONLINE.map((c, i) => Math.round(c + (OFFLINE[i] - c) * Math.min(1, offline * 3))) as [number, number, number]
  }
  return new ScatterplotLayer<CameraCellFeature>({
    id,
    data: cells,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getRadius: (f) => Math.min(14, 2 + Math.sqrt(f.properties.count)),
    radiusUnits: 'pixels',
    getFillColor: (f) => [...mix(f), 200],
    getLineColor: [255, 255, 255, 200],
    lineWidthMinPixels: 0.5,
    stroked: true,
  })
}
