import { describe, expect, it } from 'vitest'
import { dustPriority, type DustPriorityInputs } from '../../server/domain/dust-priority.ts'

const base: DustPriorityInputs = { inKeyArea: false, floorAreaM2: 5_000, stage: 'finishing', pm10ExceedanceDays30: 0, nearestReceptorM: null, riskGrade: null }

describe('dust priority', () => {
  it('is 0 with nothing dusty about the site, and lists no factors', () => {
    expect(dustPriority(base)).toEqual({ score: 0, breakdown: [] })
  })

  it('adds each factor\'s points, capped, and the breakdown sums to the score', () => {
    const top = dustPriority({ inKeyArea: true, floorAreaM2: 500_000, stage: 'earthworks', pm10ExceedanceDays30: 30, nearestReceptorM: 50, riskGrade: 'red' })
    expect(top.score).toBe(100)
    expect(top.breakdown.map((b) => [b.factor, b.points])).toEqual([['keyArea', 20], ['size', 25], ['earthworks', 15], ['pm10', 20], ['receptor', 15], ['risk', 5]])
  })

  it('grows with size on a log scale and fades with distance to the nearest receptor', () => {
    const points = (s: Partial<DustPriorityInputs>) => dustPriority({ ...base, ...s }).score
    expect(points({ floorAreaM2: 10_000 })).toBe(0)
    expect(points({ floorAreaM2: Math.sqrt(10_000 * 200_000) })).toBeCloseTo(12.5, 1)
    expect(points({ nearestReceptorM: 200 })).toBe(15)
    expect(points({ nearestReceptorM: 600 })).toBe(7.5)
    expect(points({ nearestReceptorM: 1_000 })).toBe(0)
    expect(points({ pm10ExceedanceDays30: 4 })).toBe(8)
  })
})
