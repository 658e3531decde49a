import { GeoJsonLayer } from '@deck.gl/layers'
import type { Feature, Polygon } from 'geojson'
import type { SiteColouring } from '../layer-settings.ts'
import { type SiteProperties, siteColor } from './sites-layer.ts'

export type SiteFootprintFeature = Feature<Polygon, SiteProperties>

/**
 * At street zoom each site is its red-line boundary, filled in the same colour its dot has. The outline is drawn by
 * MapLibre (map-outlines.ts): as deck.gl paths it cost most of a street-zoom frame in software WebGL.
 */
export function siteFootprintsLayer(footprints: SiteFootprintFeature[], colouring: SiteColouring, opacity: number) {
  return new GeoJsonLayer<SiteProperties>({
    id: 'site-footprints',
    data: footprints,
    opacity,
    stroked: false,
    filled: true,
    getFillColor: (f) => [...siteColor(f.properties, colouring), 90],
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 70],
    updateTriggers: { getFillColor: colouring },
  })
}
