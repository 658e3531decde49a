import { ScatterplotLayer } from '@deck.gl/layers'

export interface CampaignSitePoint { id: number; name: string; position: [number, number]; inspected: boolean; openHazards: number }

/** The campaign's sites: inspected ones green (orange while a hazard found is open), those still to inspect hollow red. */
export function campaignTargetsLayer(points: CampaignSitePoint[]) {
  return new ScatterplotLayer<CampaignSitePoint>({
    id: 'campaign-targets', data: points, pickable: true, stroked: true, filled: true,
    getPosition: (p) => p.position,
    getFillColor: (p) => (!p.inspected ? [255, 255, 255, 40] : p.openHazards > 0 ? [255, 140, 0, 230] : [40, 170, 90, 230]),
    getLineColor: (p) => (p.inspected ? [255, 255, 255, 255] : [220, 40, 40, 255]), lineWidthUnits: 'pixels', getLineWidth: 2,
    radiusUnits: 'pixels', getRadius: 6,
  })
}
