import { ScatterplotLayer } from '@deck.gl/layers'

/** A bright ring around the site whose panel is open, so the eye finds it again after reading. */
export function selectedSiteLayer(position: [number, number]) {
  return new ScatterplotLayer<[number, number]>({
    id: 'selected-site',
    data: [position],
    getPosition: (p) => p,
    filled: false,
    stroked: true,
    getLineColor: [0, 230, 255, 255],
    lineWidthUnits: 'pixels',
    getLineWidth: 3,
    radiusUnits: 'pixels',
    getRadius: 16,
  })
}
