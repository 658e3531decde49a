import { describe, expect, it } from 'vitest'
import { fromBasemapDatum, toBasemapDatum } from '../../server/domain/datum.ts'

const SUZHOU_CENTRE: [number, number] = [120.585, 31.299]

// Equirectangular metres: good enough for offsets of a few hundred metres at Suzhou's latitude.
const metres = ([a, b]: number[], [c, d]: number[]) =>
  Math.hypot((c - a) * 111_320 * Math.cos((b * Math.PI) / 180), (d - b) * 110_574)

describe('basemap datum', () => {
  it('leaves WGS-84 as it is, the same object', () => {
    const point = { type: 'Point', coordinates: SUZHOU_CENTRE }
    expect(toBasemapDatum(point, 'wgs84')).toBe(point)
    expect(fromBasemapDatum(SUZHOU_CENTRE, 'wgs84')).toBe(SUZHOU_CENTRE)
  })

  it('shifts Suzhou east by the few hundred metres GCJ-02 adds', () => {
    const shifted = toBasemapDatum({ type: 'Point', coordinates: SUZHOU_CENTRE }, 'gcj02').coordinates
    const offset = metres(SUZHOU_CENTRE, shifted)
    expect(offset).toBeGreaterThan(300)
    expect(offset).toBeLessThan(700)
    expect(shifted[0]).toBeGreaterThan(SUZHOU_CENTRE[0])
  })

  it('shifts every vertex of a feature collection without touching the input', () => {
    const ring = [[120.5, 31.2], [120.6, 31.2], [120.6, 31.3], [120.5, 31.2]]
    const input = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '网格' }, geometry: { type: 'Polygon', coordinates: [ring] } }] }
    const before = JSON.stringify(input)
    const output = toBasemapDatum(input, 'gcj02')
    expect(JSON.stringify(input)).toBe(before)
    const shiftedRing = output.features[0].geometry.coordinates[0]
    shiftedRing.forEach((p, i) => expect(metres(ring[i], p)).toBeGreaterThan(300))
    expect(output.features[0].properties.name).toBe('网格')
  })

  it('reads a GCJ-02 position back to within a metre of where it was', () => {
    const shifted = toBasemapDatum({ type: 'Point', coordinates: SUZHOU_CENTRE }, 'gcj02').coordinates as [number, number]
    expect(metres(fromBasemapDatum(shifted, 'gcj02'), SUZHOU_CENTRE)).toBeLessThan(1)
  })
})
