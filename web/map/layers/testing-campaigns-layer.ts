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
 * dots (concrete outermost, sand innermost) rather than one hiding the others.
 */
const RADIUS: Record<CampaignMaterial, number> = { concrete: 11, rebar: 8, sand: 5 }

export function testingCampaignsLayer(features: TestingCampaignFeature[], opacity: number) {
  const outermostFirst = [...features].sort((a, b) => RADIUS[b.properties.material] - RADIUS[a.properties.material])
  return new ScatterplotLayer<TestingCampaignFeature>({
    id: 'testing-campaigns',
    data: outermostFirst,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getFillColor: (f) => CAMPAIGN_COLORS[f.properties.material],
    getRadius: (f) => RADIUS[f.properties.material],
    radiusUnits: 'pixels',
    stroked: true,
    getLineColor: [255, 255, 255, 220],
    lineWidthMinPixels: 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
  })
}
