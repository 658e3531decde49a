import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import type { CampaignMaterial } from '../../../server/domain/testing.ts'
import type { Rgb } from './colors.ts'

export type TestingCampaignFeature = Feature<Point, { siteId: number; code: string; name: string; material: CampaignMaterial; reports: number; lastIssuedOn: string }>

/** 违规海砂 / 瘦身钢筋 / 劣质混凝土, one colour per campaign, shared with the legend. */
export const CAMPAIGN_COLORS: Record<CampaignMaterial, Rgb> = {
  sand: [0, 190, 200],
  rebar: [200, 90, 230],
  concrete: [150, 110, 70],
}

/**
 * Sites with non-conforming results, one dot per campaign. A site failing more than one campaign gets nested
 * dots (concrete outermost, sand innermost) rather than one hiding the others: drawn in the order
 * `outermostFirst` gives, which the data should be sorted in once, not at every view.
 */
const RADIUS: Record<CampaignMaterial, number> = { concrete: 11, rebar: 8, sand: 5 }

export const outermostFirst = (features: TestingCampaignFeature[]) =>
  [...features].sort((a, b) => RADIUS[b.properties.material] - RADIUS[a.properties.material])

/**
 * The dots' size at a zoom: full size from the street zoom 13 on, shrinking by √2 a zoom level below it to a third.
 * Software WebGL shades every pixel of every dot on every frame: at city zoom the 4,210 dots of a 100,000-site city
 * at full size cost more than the rest of the map (a pan's frame 150 → 267 ms), and overlapped into a smear.
 */
export const dotScale = (zoom: number) => Math.min(1, Math.max(0.35, 2 ** ((zoom - 13) / 2)))

export function testingCampaignsLayer(sorted: TestingCampaignFeature[], opacity: number, zoom: number) {
  return new ScatterplotLayer<TestingCampaignFeature>({
    id: 'testing-campaigns',
    data: sorted,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => CAMPAIGN_COLORS[f.properties.material],
    getRadius: (f) => RADIUS[f.properties.material],
    radiusUnits: 'pixels',
    radiusScale: dotScale(zoom),
    stroked: true,
    getLineColor: [255, 255, 255, 220],
    lineWidthMinPixels: 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
  })
}
