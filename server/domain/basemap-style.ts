import type { StyleSpecification } from '@maplibre/maplibre-gl-style-spec'

/*
 * The offline basemap: drawn only from our own API (water, district boundaries and names, grids from zoom 10.5),
 * glyphs included (features/basemap/glyphs.ts), so MapLibre Native, Maputnik and QGIS draw its labels with no
 * internet. The portal's own map draws hanzi with the browser's fonts (its localIdeographFontFamily) and fetches
 * only the Latin and digit ranges.
 */

export type BasemapTheme = 'dark' | 'light'

const GRID_LINES_FROM_ZOOM = 10
const FONT_STACK = 'Noto Sans SC Regular'

const PALETTE: Record<BasemapTheme, Record<string, string>> = {
  dark: { background: '#0b1220', land: '#111b2e', water: '#12324f', river: '#1d4e7a', district: '#9fb8e0', grid: '#3a4d6b', label: '#dbe6f5', halo: '#0b1220' },
  light: { background: '#e8edf2', land: '#f7f7f2', water: '#a9cbe8', river: '#7fb0dc', district: '#50607a', grid: '#b8c2d0', label: '#223047', halo: '#ffffff' },
}

/**
 * `wallToken`: the style for a wall opened by its display token alone, with no session. Its water and districts
 * come through the wall's token-guarded routes, and it draws no grid lines (their tiles are a signed-in user's).
 */
export function basemapStyle(origin: string, theme: BasemapTheme = 'dark', wallToken?: string): StyleSpecification {
  const c = PALETTE[theme]
  const geojson = (layer: string) => ({
    type: 'geojson' as const,
    data: wallToken ? `${origin}/api/wall/layers/${layer}?token=${encodeURIComponent(wallToken)}` : `${origin}/api/layers/${layer}`,
  })
  // The grids come as vector tiles, from the zoom their lines start at: as GeoJSON the whole city's 5,008 grids were
  // fetched with the first map, beside the map's own fetch of them, for lines not drawn at city zoom.
  const grids = { type: 'vector' as const, tiles: [`${origin}/api/tiles/grids/{z}/{x}/{y}.mvt`], minzoom: GRID_LINES_FROM_ZOOM, maxzoom: 16 }
  const label = (field: string, size: number) => ({
    'text-field': ['get', field], 'text-font': [FONT_STACK], 'text-size': size, 'text-max-width': 8,
  })
  const style = {
    version: 8,
    name: `SiteGrid offline (${theme})`,
    glyphs: `${origin}/api/basemap/glyphs/{fontstack}/{range}.pbf`,
    sources: { water: geojson('water'), districts: geojson('districts'), ...(wallToken ? {} : { grids }) },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': c.background } },
      { id: 'district-land', type: 'fill', source: 'districts', paint: { 'fill-color': c.land } },
      { id: 'water-lake', type: 'fill', source: 'water', filter: ['==', ['get', 'kind'], 'lake'], paint: { 'fill-color': c.water } },
      { id: 'water-river', type: 'line', source: 'water', filter: ['==', ['get', 'kind'], 'river'], paint: { 'line-color': c.river, 'line-width': 2 } },
      { id: 'grid-line', type: 'line', source: 'grids', 'source-layer': 'grids', minzoom: GRID_LINES_FROM_ZOOM + 0.5, paint: { 'line-color': c.grid, 'line-width': 0.6 } },
      { id: 'district-line', type: 'line', source: 'districts', paint: { 'line-color': c.district, 'line-width': 1.4 } },
      { id: 'grid-label', type: 'symbol', source: 'grids', 'source-layer': 'grids', minzoom: 12.5, layout: label('name', 11),
        paint: { 'text-color': c.label, 'text-halo-color': c.halo, 'text-halo-width': 1, 'text-opacity': 0.75 } },
      { id: 'water-label', type: 'symbol', source: 'water', filter: ['==', ['get', 'kind'], 'lake'], layout: label('name', 13),
        paint: { 'text-color': c.river, 'text-halo-color': c.halo, 'text-halo-width': 1 } },
      { id: 'district-label', type: 'symbol', source: 'districts', maxzoom: 12.5, layout: label('name', 14),
        paint: { 'text-color': c.label, 'text-halo-color': c.halo, 'text-halo-width': 1.5 } },
    ],
  } as StyleSpecification
  return wallToken ? { ...style, layers: style.layers.filter((l) => !('source' in l) || l.source !== 'grids') } : style
}
