import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type CreditCount, creditGradeOf, minimumAccidentGrade, scoreCredit } from '../../server/domain/credit.ts'
import { type CreditFactor, type CreditRole, DEFAULT_CREDIT_CONFIG as config } from '../../server/domain/credit-config.ts'
import { creditPeriods } from '../../server/features/credit/credit.job.ts'

const charged = (kind: 'deductions' | 'bonuses') => Object.entries(config[kind]).flatMap(([factor, roles]) =>
  Object.keys(roles).map((role) => ({ factor: factor as CreditFactor, role: role as CreditRole })))
const deductionSlots = charged('deductions')
const bonusSlots = charged('bonuses')
const counts = (slots: typeof deductionSlots) => fc.array(fc.record({ slot: fc.constantFrom(...slots), units: fc.integer({ min: 0, max: 30 }) }), { maxLength: 12 })
  .map((xs) => xs.map(({ slot, units }): CreditCount => ({ ...slot, units })))

describe('credit score, factor by factor', () => {
  it('is the base, AA, for a clean record', () => {
    expect(scoreCredit([])).toEqual({ score: 100, grade: 'AA', breakdown: [] })
  })

  it('charges each factor to the roles the table names, per unit up to the cap', () => {
    expect(scoreCredit([{ factor: 'majorHazards', role: 'contractor', units: 2 }]).score).toBe(94)
    expect(scoreCredit([{ factor: 'majorHazards', role: 'supervisor', units: 2 }]).score).toBe(98)
    expect(scoreCredit([{ factor: 'majorHazards', role: 'contractor', units: 50 }]).score).toBe(85)
    // Not charged to a testing institution: no deduction, no line.
    expect(scoreCredit([{ factor: 'majorHazards', role: 'testing', units: 3 }])).toEqual({ score: 100, grade: 'AA', breakdown: [] })
    expect(scoreCredit([{ factor: 'flightCheckFail', role: 'testing', units: 1 }]).breakdown).toEqual([{ factor: 'flightCheckFail', role: 'testing', units: 1, points: -10 }])
  })

  it('adds awards, all together capped', () => {
    expect(scoreCredit([{ factor: 'provincialAwards', role: 'awardee', units: 1 }])).toMatchObject({ score: 105, grade: 'AAA' })
    expect(scoreCredit([{ factor: 'nationalAwards', role: 'awardee', units: 2 }, { factor: 'provincialAwards', role: 'awardee', units: 2 }]).score).toBe(120)
  })

  it('grades by the thresholds', () => {
    expect([105, 104.9, 90, 75, 74.9, 60, 59.9, 0].map((s) => creditGradeOf(s))).toEqual(['AAA', 'AA', 'AA', 'A', 'B', 'B', 'C', 'C'])
  })

  it('stays within 0 … base + bonusCap, and its breakdown sums to the score', () => {
    fc.assert(fc.property(counts([...deductionSlots, ...bonusSlots]), (xs) => {
      const { score, breakdown } = scoreCredit(xs)
      expect(score).toBeGreaterThanOrEqual(0)
      expect(score).toBeLessThanOrEqual(config.base + config.bonusCap)
      expect(config.base + breakdown.reduce((sum, c) => sum + c.points, 0)).toBeCloseTo(score, 6)
    }))
  })

  it('never rises with more deductions', () => {
    fc.assert(fc.property(counts(deductionSlots), fc.constantFrom(...deductionSlots), fc.integer({ min: 1, max: 10 }), (xs, slot, more) => {
      expect(scoreCredit([...xs, { ...slot, units: more }]).score).toBeLessThanOrEqual(scoreCredit(xs).score)
    }))
  })
})

describe('credit periods', () => {
  it('are month ends in Beijing, newest first, the current one counted to today', () => {
    const periods = creditPeriods(new Date('2026-02-28T17:00:00Z'), 3) // 2026-03-01 01:00 in Beijing
    expect(periods).toEqual([
      { periodEnd: '2026-03-31', cutoff: '2026-03-01' }, { periodEnd: '2026-02-28', cutoff: '2026-02-28' }, { periodEnd: '2026-01-31', cutoff: '2026-01-31' },
    ])
  })
})

describe('accident grades', () => {
  it('follow the casualties: 3 deaths or 10 injured is 较大 at least', () => {
    expect([[0, 2], [2, 9], [3, 0], [0, 10], [10, 0], [0, 50], [30, 0], [0, 100]].map(([d, i]) => minimumAccidentGrade(d, i)))
      .toEqual(['general', 'general', 'larger', 'larger', 'major', 'major', 'especially_major', 'especially_major'])
  })
})
