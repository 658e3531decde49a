import { describe, expect, it } from 'vitest'
import { DEFAULT_DUST_RULE, exceedanceDays } from '../../server/domain/dust.ts'

describe('PM10 exceedance days', () => {
  it('tolerates the allowed windows per day and counts the days beyond', () => {
    expect(DEFAULT_DUST_RULE.allowedExceedancesPerDay).toBe(2)
    expect(exceedanceDays([1, 2, 3, 0, 7])).toBe(2)
    expect(exceedanceDays([])).toBe(0)
  })

  it('follows a stricter rule', () => {
    expect(exceedanceDays([1, 2, 3], { ...DEFAULT_DUST_RULE, allowedExceedancesPerDay: 0 })).toBe(3)
  })
})
