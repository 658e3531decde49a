import turfArea from '@turf/area'
import { polygon } from '@turf/helpers'
import { describe, expect, it } from 'vitest'
import { sectorRing } from '../../server/domain/camera-sector.ts'

describe('camera sector ring', () => {
  it('has the area of a 90° sector of the given range', () => {
    const ring = sectorRing([120.6, 31.3], 45, 90, 100)
    expect(ring[0]).toEqual(ring.at(-1))
    expect(turfArea(polygon([ring]))).toBeCloseTo((Math.PI * 100 ** 2) / 4, -2)
  })

  it('points along the compass heading', () => {
    const [, ...arc] = sectorRing([120.6, 31.3], 90, 10, 100)
    const tip = arc[Math.floor(arc.length / 2) - 1]
    expect(tip[0]).toBeGreaterThan(120.6)
    expect(Math.abs(tip[1] - 31.3)).toBeLessThan(0.0001)
  })

  it('is a closed circle for a 360° camera', () => {
    const ring = sectorRing([120.6, 31.3], 0, 360, 50)
    expect(ring[0]).toEqual(ring.at(-1))
    // A 32-gon has 99.4 % of its circle's area.
    expect(turfArea(polygon([ring])) / (Math.PI * 50 ** 2)).toBeCloseTo(0.994, 2)
  })
})
