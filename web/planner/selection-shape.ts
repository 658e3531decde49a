import { type BasemapDatum, fromBasemapDatum, type LonLat } from '../../server/domain/datum.ts'

/*
 * Turns what was drawn on the map (in the basemap's datum) into the selection shape the API takes (WGS-84).
 * Pure, so the conversion is tested without a map.
 */

export type DrawTool = 'polygon' | 'freehand' | 'circle' | 'road' | 'receptor'
export type SelectionShape =
  | { type: 'polygon'; coordinates: LonLat[][] }
  | { type: 'circle'; center: LonLat; radiusM: number }
  | { type: 'buffer'; line: LonLat[]; distanceM: number }
  | { type: 'grid' | 'district'; id: number }

export interface Drawing {
  geometry: { type: 'Polygon'; coordinates: number[][][] } | { type: 'LineString'; coordinates: number[][] } | { type: 'Point'; coordinates: number[] }
  properties: { radiusKilometers?: unknown }
}

const MAX_VERTICES = 5_000
const round6 = (n: number) => Math.round(n * 1e6) / 1e6
const toWgs84 = (p: number[], datum: BasemapDatum): LonLat => {
  const [lon, lat] = fromBasemapDatum([p[0], p[1]], datum)
  return [round6(lon), round6(lat)]
}
/** A lasso can carry thousands of points; every n-th keeps its outline within the API's limit. */
const thin = (ring: number[][]) => {
  if (ring.length <= MAX_VERTICES) return ring
  const step = Math.ceil(ring.length / (MAX_VERTICES - 1))
  const kept = ring.filter((_, i) => i % step === 0)
  return [...kept, ring[0]]
}

export function shapeFromDrawing(tool: DrawTool, drawing: Drawing, bufferM: number, datum: BasemapDatum): SelectionShape | null {
  const g = drawing.geometry
  if (tool === 'circle' && g.type === 'Polygon' && typeof drawing.properties.radiusKilometers === 'number') {
    const ring = g.coordinates[0].slice(0, -1)
    const centre = [ring.reduce((s, p) => s + p[0], 0) / ring.length, ring.reduce((s, p) => s + p[1], 0) / ring.length]
    return { type: 'circle', center: toWgs84(centre, datum), radiusM: Math.round(drawing.properties.radiusKilometers * 1000) }
  }
  if (g.type === 'Polygon') {
    const ring = thin(g.coordinates[0]).map((p) => toWgs84(p, datum))
    // Rounding can move the closing vertex off the first; the API wants a closed ring.
    ring[ring.length - 1] = ring[0]
    return ring.length >= 4 ? { type: 'polygon', coordinates: [ring] } : null
  }
  if (g.type === 'LineString') return g.coordinates.length >= 2 ? { type: 'buffer', line: thin(g.coordinates).map((p) => toWgs84(p, datum)), distanceM: bufferM } : null
  return { type: 'buffer', line: [toWgs84(g.coordinates, datum)], distanceM: bufferM }
}
