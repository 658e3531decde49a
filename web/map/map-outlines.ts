import type { ExpressionSpecification } from '@maplibre/maplibre-gl-style-spec'
import type { FeatureCollection } from 'geojson'
import type maplibregl from 'maplibre-gl'
import type { SiteColouring } from './layer-settings.ts'
import { FOOTPRINT_ZOOM } from './layers/index.ts'
import type { SiteFootprintFeature } from './layers/site-footprints-layer.ts'
import { rgb } from './layers/colors.ts'
import { siteColor } from './layers/sites-layer.ts'

/*
 * Outlines drawn by MapLibre rather than deck.gl: the grids' boundaries and the sites' red lines. deck.gl's path
 * shader runs for every segment of every outline on every frame, on screen or not: in software WebGL the 5,008 grids
 * of a 100,000-site city (35,605 points) took a city-zoom frame from 117 ms to 883 ms, and a street-zoom view's 4,000
 * footprints cost most of its 417 ms. MapLibre tiles the same lines in its worker, simplifies them to the zoom and
 * draws only the tiles in view. The fills, hover and click stay in deck.gl (layers/grids-layer.ts,
 * layers/site-footprints-layer.ts).
 */

export interface Outlines {
  /** The MapLibre source's and layer's id. */
  id: string
  color: string | ExpressionSpecification
  width: number
  /** The line's opacity at the layer panel's full opacity. */
  opacity: number
  minzoom?: number
}

export const GRID_OUTLINES: Outlines = { id: 'sitegrid-grid-outlines', color: 'rgb(150, 180, 230)', width: 1, opacity: 0.8 }
/** Each footprint in its site's colour, which outlinedFootprints puts in the feature. */
export const FOOTPRINT_OUTLINES: Outlines = { id: 'sitegrid-footprint-outlines', color: ['get', 'outline'], width: 1.5, opacity: 1, minzoom: FOOTPRINT_ZOOM }

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Shows `data` (in the basemap's datum) as `outlines` at the panel's `opacity`, or hides them (null); after each style load too. */
export function applyOutlines(map: maplibregl.Map, outlines: Outlines, data: FeatureCollection | null, opacity: number) {
  // Sources still loading (a new style, tiles in a pan): apply once the map is idle; calls keep their order.
  if (!map.isStyleLoaded()) { map.once('idle', () => applyOutlines(map, outlines, data, opacity)); return }
  const { id } = outlines
  const source = map.getSource(id) as maplibregl.GeoJSONSource | undefined
  if (!source) map.addSource(id, { type: 'geojson', data: data ?? EMPTY })
  else source.setData(data ?? EMPTY)
  if (!map.getLayer(id)) {
    map.addLayer({ id, type: 'line', source: id, ...(outlines.minzoom ? { minzoom: outlines.minzoom } : {}), paint: { 'line-color': outlines.color, 'line-width': outlines.width } })
  }
  map.setPaintProperty(id, 'line-opacity', outlines.opacity * opacity)
  map.setLayoutProperty(id, 'visibility', data ? 'visible' : 'none')
}

/** The footprints with nothing but their outline's colour, for FOOTPRINT_OUTLINES. */
export function outlinedFootprints(footprints: SiteFootprintFeature[], colouring: SiteColouring): FeatureCollection {
  return {
    type: 'FeatureCollection',
    features: footprints.map((f) => ({ type: 'Feature', id: f.id, geometry: f.geometry, properties: { outline: rgb(siteColor(f.properties, colouring)) } })),
  }
}
