import { ScatterplotLayer } from '@deck.gl/layers'

export interface ChemicalSitePoint { siteId: number; name: string; primaryClass: string | null; nearReceptors: number; openDangers: number; position: [number, number] }

/** GB 6944 classes as the placards colour them, near enough: gases red/green, flammable liquids red, corrosives black-white grey … */
export const CLASS_COLORS: Record<string, [number, number, number]> = {
  '1': [255, 140, 0], '2.1': [220, 40, 40], '2.2': [40, 160, 80], '2.3': [240, 240, 240], '3': [255, 90, 60], '4.1': [200, 60, 60],
  '4.2': [230, 120, 120], '4.3': [40, 90, 220], '5.1': [250, 210, 0], '5.2': [250, 180, 0], '6.1': [180, 180, 180], '6.2': [150, 150, 150],
  '7': [240, 220, 60], '8': [90, 90, 90], '9': [160, 120, 200],
}

/** Sites storing chemicals, coloured by their most dangerous class; one with receptors nearby gets a thick ring, one with open dangers a larger dot. */
export function chemicalSitesLayer(points: ChemicalSitePoint[]) {
  return new ScatterplotLayer<ChemicalSitePoint>({
    id: 'chemical-sites', data: points, pickable: true, autoHighlight: true, highlightColor: [255, 255, 255, 120],
    getPosition: (p) => p.position,
    getFillColor: (p) => [...(CLASS_COLORS[p.primaryClass ?? ''] ?? [128, 128, 128]), 230] as [number, number, number, number],
    stroked: true, lineWidthUnits: 'pixels', getLineWidth: (p) => (p.nearReceptors > 0 ? 3 : 1),
    getLineColor: (p) => (p.nearReceptors > 0 ? [255, 0, 80, 255] : [255, 255, 255, 220]),
    radiusUnits: 'pixels', getRadius: (p) => (p.openDangers > 0 ? 9 : 6),
  })
}
