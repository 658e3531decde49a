import { ScatterplotLayer } from '@deck.gl/layers'

export interface EnterpriseSitePoint { id: number; name: string; role: string; position: [number, number]; active: boolean }

/** A firm's sites as dots: active ones orange, completed ones grey. */
export function enterpriseSitesLayer(points: EnterpriseSitePoint[]) {
  return new ScatterplotLayer<EnterpriseSitePoint>({
    id: 'enterprise-sites', data: points, pickable: true,
    getPosition: (p) => p.position,
    getFillColor: (p) => (p.active ? [255, 140, 0, 230] : [150, 150, 150, 200]),
    getLineColor: [255, 255, 255, 255], stroked: true, lineWidthUnits: 'pixels', getLineWidth: 1,
    radiusUnits: 'pixels', getRadius: 7,
  })
}
