/*
 * A camera's field of view as a lon/lat ring, for drawing. It follows the database's sg_camera_sector: compass
 * heading, the arc drawn every ≤ 6°, a full circle for 360°. Local tangent-plane maths: a camera sees at most a few
 * hundred metres, where the error is far below a pixel.
 */
export type LonLat = [number, number]

const METERS_PER_DEGREE = 111_320

export function sectorRing([lon, lat]: LonLat, headingDeg: number, fovDeg: number, rangeM: number): LonLat[] {
  const metersPerLon = METERS_PER_DEGREE * Math.cos((lat * Math.PI) / 180)
  const full = fovDeg >= 360
  const steps = full ? 32 : Math.max(2, Math.ceil(fovDeg / 6))
  const start = full ? 0 : headingDeg - fovDeg / 2
  const sweep = full ? 360 : fovDeg
  const arc: LonLat[] = []
  for (let i = 0; i <= steps; i++) {
    const bearing = ((start + (sweep * i) / steps) * Math.PI) / 180
    arc.push([lon + (rangeM * Math.sin(bearing)) / metersPerLon, lat + (rangeM * Math.cos(bearing)) / METERS_PER_DEGREE])
  }
  if (full) return [...arc.slice(0, -1), arc[0]] // closed exactly, not to within a rounding error
  return [[lon, lat], ...arc, [lon, lat]]
}
