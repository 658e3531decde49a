import { describe, expect, it } from 'vitest'
import { inArea, offsetMeters, rotatedRectangle, toArea } from '../../db/seed/geometry.ts'
import { uniqueValue } from '../../db/seed/enterprises.ts'
import { firmName } from '../../db/seed/names.ts'
import { createRng, forkRng } from '../../db/seed/random.ts'

describe('seeded randomness', () => {
  it('repeats exactly for the same seed and differs for another', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, createRng(seed).next)
    expect(draw(2021)).toEqual(draw(2021))
    expect(draw(2021)).not.toEqual(draw(2022))
    expect(forkRng(2021, 1).next()).not.toBe(forkRng(2021, 2).next())
  })

  it('draws within bounds and by weight', () => {
    const rng = createRng(7)
    const ints = Array.from({ length: 1000 }, () => rng.int(1, 8))
    expect(Math.min(...ints)).toBe(1)
    expect(Math.max(...ints)).toBe(8)
    const picks = Array.from({ length: 10_000 }, () => rng.weighted([['a', 9], ['b', 1]] as const))
    expect(picks.filter((p) => p === 'b').length / 10_000).toBeCloseTo(0.1, 1)
  })
})

describe('unique firm names', () => {
  it('gives as many distinct names as a million-site city wants, more than the names\' space holds', () => {
    const rng = createRng(2021)
    const taken = new Set<string>()
    // 166,667 owners at a million sites; about 12,700 names of this one place and role exist.
    const names = Array.from({ length: 20_000 }, () => uniqueValue(() => firmName(rng, 'owner', '姑苏'), taken))
    expect(new Set(names).size).toBe(20_000)
    expect(names.slice(0, 100).every((n) => !n.includes('（'))).toBe(true)
    expect(names.some((n) => /（\d+）$/.test(n))).toBe(true)
  })
})

describe('metric shapes near Suzhou', () => {
  it('offsets by metres', () => {
    const [lon, lat] = offsetMeters([120.6, 31.3], 1000, 1000)
    expect((lat - 31.3) * 111_320).toBeCloseTo(1000, -1)
    expect((lon - 120.6) * 111_320 * Math.cos((31.3 * Math.PI) / 180)).toBeCloseTo(1000, -1)
  })

  it('builds a closed rotated rectangle that contains its centre', () => {
    const ring = rotatedRectangle([120.6, 31.3], 200, 100, 30)
    expect(ring).toHaveLength(5)
    expect(ring[0]).toEqual(ring[4])
    const area = toArea({ type: 'Polygon', coordinates: [ring] })
    expect(inArea(area, [120.6, 31.3])).toBe(true)
    expect(inArea(area, offsetMeters([120.6, 31.3], 150, 150))).toBe(false)
  })
})
