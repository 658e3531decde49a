import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Geometry } from 'geojson'

export interface DistrictProgressFeature extends Feature<Geometry, { name: string; share: number | null }> {}

/** Districts coloured by the share of planned targets inspected: red (none) through amber to green (all); grey when none planned. */
export function campaignDistrictsLayer(features: DistrictProgressFeature[]) {
  return new GeoJsonLayer<DistrictProgressFeature['properties']>({
    id: 'campaign-districts', data: { type: 'FeatureCollection', features } as never, pickable: true, stroked: true, filled: true,
    getFillColor: (f) => {
      const share = f.properties.share
      if (share === null) return [150, 150, 150, 60]
      return [Math.round(220 * (1 - share)), Math.round(60 + 140 * share), 60, 110]
    },
    getLineColor: [255, 255, 255, 200], lineWidthUnits: 'pixels', getLineWidth: 1.5,
  })
}
