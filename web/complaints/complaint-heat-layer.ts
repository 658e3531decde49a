import { HeatmapLayer } from '@deck.gl/aggregation-layers'

export interface ComplaintPoint { position: [number, number]; category: string }

/** Where complaints come from: one unit of weight per complaint, so a site drawing complaint after complaint glows. */
export function complaintHeatLayer(points: ComplaintPoint[]) {
  return new HeatmapLayer<ComplaintPoint>({
    id: 'complaint-heat', data: points, getPosition: (p) => p.position, getWeight: 1, radiusPixels: 40, intensity: 1.2, threshold: 0.03,
  })
}
