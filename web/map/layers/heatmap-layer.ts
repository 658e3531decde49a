import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import type { SiteColumns } from '../site-columns.ts'
import { columnData, sameColumns } from './sites-layer.ts'

/**
 * What the heatmap weighs: a position and a risk score each (NaN weighs nothing). Either every site's columns, or,
 * for a zone drawn from tiles, the cells in view with their sites' scores added up (site-tiles-layer.ts).
 */
export type RiskWeights = Pick<SiteColumns, 'length' | 'positions' | 'riskScore'>

/** Where the risk concentrates: each site weighs as much as its risk score. */
export function riskHeatmapLayer(weights: RiskWeights, opacity: number) {
  return new HeatmapLayer({
    id: 'risk-heatmap',
    data: columnData(weights),
    dataComparator: sameColumns,
    opacity,
    getWeight: (_: unknown, { index }: { index: number }) => (Number.isNaN(weights.riskScore[index]) ? 0 : weights.riskScore[index]),
    radiusPixels: 40,
    aggregation: 'SUM',
  })
}
