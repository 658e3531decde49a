/*
 * The map view in the URL hash (`#map=zoom/lat/lon[/bearing]`), so links are shareable and a reload keeps the view.
 * Our own rather than MapLibre's `hash` option: that one's throttled writer outlives a removed map and, under
 * React's double-mounting in development, overwrote the hash with 0/0/0 before the second map could read it.
 */
export interface MapView { zoom: number; lat: number; lon: number; bearing: number }

export function parseViewHash(hash: string): MapView | null {
  const part = hash.replace(/^#/, '').split('&').find((p) => p.startsWith('map='))
  if (!part) return null
  const [zoom, lat, lon, bearing = 0] = part.slice(4).split('/').map(Number)
  const valid = [zoom, lat, lon, bearing].every(Number.isFinite) && zoom >= 0 && zoom <= 24 && Math.abs(lat) <= 85 && Math.abs(lon) <= 180
  return valid ? { zoom, lat, lon, bearing } : null
}

export function formatViewHash(hash: string, view: MapView): string {
  const value = `map=${round(view.zoom, 2)}/${round(view.lat, 5)}/${round(view.lon, 5)}${view.bearing ? `/${round(view.bearing, 1)}` : ''}`
  const others = hash.replace(/^#/, '').split('&').filter((p) => p && !p.startsWith('map='))
  return `#${[value, ...others].join('&')}`
}

function round(n: number, digits: number): number {
  return Math.round(n * 10 ** digits) / 10 ** digits
}
