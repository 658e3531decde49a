import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import type { SiteColouring } from '../layer-settings.ts'
import { coverageColor, GRADE_COLORS, KIND_COLORS, NO_DATA, type Rgb } from './colors.ts'

export type SiteProperties = {
  code: string; name: string; kind: string; stage: string; key: boolean; floorArea: number
  riskScore: number | null; riskGrade: string | null; coverageRatio: number | null; cameras: number; onlineCameras: number
  /** Only on a replayed day (playback/day-frame.ts): the hazards open and overdue that day. */
  openHazards?: number; overdueHazards?: number
}
export type SiteFeature = Feature<Point, SiteProperties>

/** A site's colour under the chosen colouring; footprints and dots share it. */
export function siteColor(p: SiteProperties, colouring: SiteColouring): Rgb {
  if (colouring === 'coverage') return p.cameras === 0 ? coverageColor(0) : coverageColor(p.coverageRatio)
  return (colouring === 'risk' ? GRADE_COLORS[p.riskGrade ?? ''] : KIND_COLORS[p.kind]) ?? NO_DATA
}

/** One dot per site, coloured by risk grade, kind or coverage and sized by scale (floor area). */
export function sitesLayer(sites: SiteFeature[], colouring: SiteColouring, opacity: number, idPrefix = '') {
  return new ScatterplotLayer<SiteFeature>({
    id: `${idPrefix}sites`,
    data: sites,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => [...siteColor(f.properties, colouring), 220],
    getRadius: (f) => 40 + Math.sqrt(f.properties.floorArea) * 0.6,
    radiusMinPixels: 2.5,
    radiusMaxPixels: 12,
    stroked: true,
    // Key dust-control projects carry a white ring in every colouring.
    getLineColor: (f) => (f.properties.key ? [255, 255, 255, 255] : [0, 0, 0, 90]),
    lineWidthMinPixels: 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
    updateTriggers: { getFillColor: colouring },
  })
}
