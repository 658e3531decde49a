import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'

/**
 * Grid responsibility zones (网格): hovering highlights one, clicking selects it. Their outlines are MapLibre's
 * (grid-outlines.ts): as deck.gl paths they cost more than the rest of the map together.
 */
export function gridsLayer(grids: FeatureCollection, opacity: number) {
  return new GeoJsonLayer({
    id: 'grids',
    data: grids,
    opacity,
    stroked: false,
    filled: true,
    getFillColor: [90, 120, 170, 25],
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 60],
  })
}
