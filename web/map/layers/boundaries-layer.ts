import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'

/** District outlines, with grids drawn finer underneath: the responsibility map the supervisors work by. */
export function boundariesLayers(districts?: FeatureCollection, grids?: FeatureCollection) {
  return [
    grids && new GeoJsonLayer({
      id: 'grids', data: grids, stroked: true, filled: false,
      getLineColor: [120, 140, 170, 90], lineWidthMinPixels: 0.5,
    }),
    districts && new GeoJsonLayer({
      id: 'districts', data: districts, stroked: true, filled: true,
      getFillColor: [40, 60, 90, 60], getLineColor: [170, 200, 240, 220], lineWidthMinPixels: 1.5,
    }),
  ].filter(Boolean)
}
