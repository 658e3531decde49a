import type { FeatureCollection } from 'geojson'
import type maplibregl from 'maplibre-gl'

/*
 * The grids layer's outlines, drawn by MapLibre rather than deck.gl. deck.gl's path shader runs for every segment
 * of every grid on every frame, on screen or not: in software WebGL the 5,008 grids of a 100,000-site city (35,605
 * points) took a city-zoom frame from 117 ms to 883 ms. MapLibre tiles the same lines in its worker, simplifies them
 * to the zoom and draws only the tiles in view. The grids' fill, hover and click stay in deck.gl (layers/grids-layer.ts).
 */

const SOURCE = 'sitegrid-grid-outlines'
const LAYER = 'sitegrid-grid-outlines'
const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] }

/** Shows `grids` (in the basemap's datum) as outlines at `opacity`, or hides them (null); after each style load too. */
export function applyGridOutlines(map: maplibregl.Map, grids: FeatureCollection | null, opacity: number) {
  // Sources still loading (a new style, tiles in a pan): apply once the map is idle; calls keep their order.
  if (!map.isStyleLoaded()) { map.once('idle', () => applyGridOutlines(map, grids, opacity)); return }
  const source = map.getSource(SOURCE) as maplibregl.GeoJSONSource | undefined
  if (!source) map.addSource(SOURCE, { type: 'geojson', data: grids ?? EMPTY })
  else source.setData(grids ?? EMPTY)
  if (!map.getLayer(LAYER)) map.addLayer({ id: LAYER, type: 'line', source: SOURCE, paint: { 'line-color': 'rgb(150, 180, 230)', 'line-width': 1 } })
  map.setPaintProperty(LAYER, 'line-opacity', 0.8 * opacity)
  map.setLayoutProperty(LAYER, 'visibility', grids ? 'visible' : 'none')
}
