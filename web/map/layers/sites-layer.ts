import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import type { SiteColouring } from '../layer-settings.ts'
import { GRADE_COLORS, KIND_COLORS, NO_DATA } from './colors.ts'

export type SiteFeature = Feature<Point, {
  code: string; name: string; kind: string; stage: string; key: boolean; floorArea: number
  riskScore: number | null; riskGrade: string | null; coverageRatio: number | null
}>

/** One dot per site, coloured by risk grade or kind and sized by scale (floor area) so large works read at city zoom. */
export function sitesLayer(sites: SiteFeature[], colouring: SiteColouring, opacity: number) {
  return new ScatterplotLayer<SiteFeature>({
    id: 'sites',
    data: sites,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => [...((colouring === 'risk' ? GRADE_COLORS[f.properties.riskGrade ?? ''] : KIND_COLORS[f.properties.kind]) ?? NO_DATA), 220],
    getRadius: (f) => 40 + Math.sqrt(f.properties.floorArea) * 0.6,
    radiusMinPixels: 2,
    radiusMaxPixels: 12,
    stroked: true,
    getLineColor: (f) => (f.properties.key ? [255, 255, 255, 255] : [0, 0, 0, 0]),
    lineWidthMinPixels: 1,
    pickable: true,
    updateTriggers: { getFillColor: colouring },
  })
}
