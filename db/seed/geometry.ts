import booleanPointInPolygon from '@turf/boolean-point-in-polygon'
import type { MultiPolygon, Polygon, Position } from 'geojson'

/* Small metric helpers for generating shapes near Suzhou (31°N): local tangent-plane maths is
   accurate to well under a metre over the few kilometres a site or camera spans. */

const METERS_PER_DEGREE_LAT = 111_320

export function offsetMeters([lon, lat]: Position, dx: number, dy: number): Position {
  const metersPerDegreeLon = METERS_PER_DEGREE_LAT * Math.cos((lat * Math.PI) / 180)
  return [round6(lon + dx / metersPerDegreeLon), round6(lat + dy / METERS_PER_DEGREE_LAT)]
}

/** Rectangle of width × height metres centred on `center`, rotated `angleDeg` anticlockwise; closed ring. */
export function rotatedRectangle(center: Position, width: number, height: number, angleDeg: number): Position[] {
  const a = (angleDeg * Math.PI) / 180
  const corners = [[-1, -1], [1, -1], [1, 1], [-1, 1], [-1, -1]]
  return corners.map(([sx, sy]) => {
    const x = (sx * width) / 2
    const y = (sy * height) / 2
    return offsetMeters(center, x * Math.cos(a) - y * Math.sin(a), x * Math.sin(a) + y * Math.cos(a))
  })
}

export function round6(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

export function pointWkt([lon, lat]: Position): string {
  return `SRID=4326;POINT(${lon} ${lat})`
}

export function polygonWkt(ring: Position[]): string {
  return `SRID=4326;POLYGON((${ring.map(([x, y]) => `${x} ${y}`).join(',')}))`
}

export interface Area {
  geometry: Polygon | MultiPolygon
  bbox: [number, number, number, number]
}

export function toArea(geometry: Polygon | MultiPolygon): Area {
  const rings = geometry.type === 'Polygon' ? [geometry.coordinates[0]] : geometry.coordinates.map((p) => p[0])
  const bbox: Area['bbox'] = [Infinity, Infinity, -Infinity, -Infinity]
  for (const ring of rings) {
    for (const [x, y] of ring) {
      bbox[0] = Math.min(bbox[0], x); bbox[1] = Math.min(bbox[1], y)
      bbox[2] = Math.max(bbox[2], x); bbox[3] = Math.max(bbox[3], y)
    }
  }
  return { geometry, bbox }
}

/** Bounding-box test first: most candidate points are rejected without touching the ring. */
export function inArea(area: Area, point: Position): boolean {
  const [minX, minY, maxX, maxY] = area.bbox
  if (point[0] < minX || point[0] > maxX || point[1] < minY || point[1] > maxY) return false
  return booleanPointInPolygon(point, area.geometry)
}
