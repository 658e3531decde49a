import { GeoJsonLayer } from '@deck.gl/layers'
import type { FeatureCollection } from 'geojson'

/** The green-smart demonstration zone (绿色智慧示范片区): a green outline over everything else. */
export function demoZoneLayer(zone: FeatureCollection, opacity: number) {
  return new GeoJsonLayer({
    id: 'demo-zone',
    data: zone,
    opacity,
    stroked: true,
    filled: true,
    getFillColor: [63, 185, 80, 35],
    getLineColor: [90, 220, 110, 255],
    lineWidthMinPixels: 2.5,
    pickable: true,
  })
}
