import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import type { SiteFeature } from './sites-layer.ts'

/** Where the risk concentrates: each site weighs as much as its risk score. */
export function riskHeatmapLayer(sites: SiteFeature[], opacity: number) {
  return new HeatmapLayer<SiteFeature>({
    id: 'risk-heatmap',
    data: sites,
    opacity,
    getPosition: (f) => f.geometry.coordinates as [number, number],
    getWeight: (f) => f.properties.riskScore ?? 0,
    radiusPixels: 40,
    aggregation: 'SUM',
  })
}
