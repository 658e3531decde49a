import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import { KIND_COLORS } from './colors.ts'

export type SiteFeature = Feature<Point, { code: string; name: string; kind: string; stage: string; key: boolean; floorArea: number }>

/** One dot per site, sized by scale (floor area) so large works read at city zoom. */
export function sitesLayer(sites: SiteFeature[]) {
  return new ScatterplotLayer<SiteFeature>({
    id: 'sites',
    data: sites,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => [...(KIND_COLORS[f.properties.kind] ?? [200, 200, 200]), 220],
    getRadius: (f) => 40 + Math.sqrt(f.properties.floorArea) * 0.6,
    radiusMinPixels: 2,
    radiusMaxPixels: 12,
    stroked: true,
    getLineColor: (f) => (f.properties.key ? [255, 255, 255, 255] : [0, 0, 0, 0]),
    lineWidthMinPixels: 1,
    pickable: true,
  })
}
