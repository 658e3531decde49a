import { ScatterplotLayer } from '@deck.gl/layers'

export interface ReceptorPoint { id: number; name: string; kind: string; position: [number, number] }

/** Schools, hospitals and care homes within the chosen radius of a chemical store: hollow red rings. */
export function chemicalReceptorsLayer(points: ReceptorPoint[]) {
  return new ScatterplotLayer<ReceptorPoint>({
    id: 'chemical-receptors', data: points, pickable: true,
    getPosition: (p) => p.position, filled: true, getFillColor: [255, 0, 80, 60],
    stroked: true, lineWidthUnits: 'pixels', getLineWidth: 2, getLineColor: [255, 0, 80, 255],
    radiusUnits: 'pixels', getRadius: 8,
  })
}
