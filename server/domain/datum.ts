import gcoord from 'gcoord'

/*
 * Our coordinates are WGS-84. Chinese online basemaps (AMap, Tencent) draw in GCJ-02, which is WGS-84 pushed
 * through a deliberate, non-linear offset of a few hundred metres. To lay our layers on such a basemap we shift
 * them into GCJ-02 at the very edge (the drawing), and shift map clicks and view boxes back: nothing stored or
 * computed ever leaves WGS-84. The offset itself comes from gcoord, a tested library, not from our own formula.
 */
export type BasemapDatum = 'wgs84' | 'gcj02'
export type LonLat = [number, number]

type GeoJsonInput = Parameters<typeof gcoord.transform>[0]

/** The GeoJSON (or position) as it must be drawn on a basemap in `datum`. A new object; the input is untouched. */
export function toBasemapDatum<T>(geojson: T, datum: BasemapDatum): T {
  if (datum === 'wgs84') return geojson
  return gcoord.transform(structuredClone(geojson) as GeoJsonInput, gcoord.WGS84, gcoord.GCJ02) as T
}

/** A position read off a basemap in `datum` (a click, the view's centre) back in WGS-84. */
export function fromBasemapDatum(position: LonLat, datum: BasemapDatum): LonLat {
  if (datum === 'wgs84') return position
  return gcoord.transform(position, gcoord.GCJ02, gcoord.WGS84) as LonLat
}
