import { z } from 'zod'
import type { LonLat } from './datum.ts'

/*
 * The repairs a boundary from another office can safely get before the database sees it: rings closed, rings
 * wound as RFC 7946 says (outer counter-clockwise, holes clockwise), polygons gathered into one MultiPolygon.
 * Self-intersections are PostGIS's to judge and repair (ST_MakeValid); that happens in the repository.
 */

const Position = z.array(z.number()).min(2)
const Ring = z.array(Position)
export const PolygonalGeometry = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: z.array(Ring) }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(Ring)) }),
])
export const PointGeometry = z.object({ type: z.literal('Point'), coordinates: Position })

export type MultiPolygonCoordinates = LonLat[][][]
export interface PolygonRepair { coordinates: MultiPolygonCoordinates; closed: boolean; rewound: boolean; degenerate: boolean }

/** The polygon or multipolygon's positions through `convert` (a CRS change), closed and rewound. */
export function normalizePolygons(geometry: z.infer<typeof PolygonalGeometry>, convert: (p: LonLat) => LonLat): PolygonRepair {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates
  const result: PolygonRepair = { coordinates: [], closed: false, rewound: false, degenerate: false }
  for (const polygon of polygons) {
    const rings = polygon.map((ring, i) => {
      const converted = ring.map((p) => convert([p[0], p[1]]))
      const closed = closeRing(converted)
      if (closed.length !== converted.length) result.closed = true
      if (closed.length < 4) result.degenerate = true
      const wanted = i === 0 ? 1 : -1
      if (Math.sign(signedArea(closed)) === -wanted) {
        result.rewound = true
        return closed.reverse()
      }
      return closed
    })
    if (rings.length > 0) result.coordinates.push(rings)
  }
  if (result.coordinates.length === 0) result.degenerate = true
  return result
}

function closeRing(ring: LonLat[]): LonLat[] {
  if (ring.length === 0) return ring
  const [first, last] = [ring[0], ring[ring.length - 1]]
  return first[0] === last[0] && first[1] === last[1] ? ring : [...ring, first]
}

/** Twice the ring's signed area in degrees²: positive when counter-clockwise. Only its sign is used. */
export function signedArea(ring: LonLat[]): number {
  let sum = 0
  for (let i = 0; i + 1 < ring.length; i += 1) sum += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1]
  return sum
}

export function allPositions(coordinates: MultiPolygonCoordinates): LonLat[] {
  return coordinates.flat(2)
}
