import { HeatmapLayer } from '@deck.gl/aggregation-layers'
import type { SiteColumns } from '../site-columns.ts'
import { columnData, sameColumns } from './sites-layer.ts'

/** Where the risk concentrates: each site weighs as much as its risk score. */
export function riskHeatmapLayer(columns: SiteColumns, opacity: number) {
  return new HeatmapLayer({
    id: 'risk-heatmap',
    data: columnData(columns),
    dataComparator: sameColumns,
    opacity,
    getWeight: (_: unknown, { index }: { index: number }) => (Number.isNaN(columns.riskScore[index]) ? 0 : columns.riskScore[index]),
    radiusPixels: 40,
    aggregation: 'SUM',
  })
}
