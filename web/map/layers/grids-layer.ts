import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'

/** Grid responsibility zones (网格): hovering highlights one, clicking selects it. */
export function gridsLayer(grids: FeatureCollection, opacity: number) {
  return new GeoJsonLayer({
    id: 'grids',
    data: grids,
    opacity,
    stroked: true,
    filled: true,
    getFillColor: [90, 120, 170, 25],
    getLineColor: [150, 180, 230, 200],
    lineWidthMinPixels: 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
  })
}
