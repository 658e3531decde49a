import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { campaignStatus, checklistProblem, DEFAULT_CHECKLISTS, drawSample, MAX_SEED, progressShare, sampleSize, scoreSheet } from '../../server/domain/campaign.ts'
import { checklistMismatch, checklistFor } from '../../server/domain/inspection.ts'
import { boostedConfig, boostSignature, factorMultipliers, markBoosted, RISK_FACTORS } from '../../server/domain/risk-boost.ts'
import { type RiskFactor, scoreRisk, type RiskInputs } from '../../server/domain/risk.ts'
import { DEFAULT_RISK_CONFIG } from '../../server/domain/risk-config.ts'

const ids = fc.uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 300 })
const rule = fc.record({ seed: fc.integer({ min: 0, max: MAX_SEED }), count: fc.integer({ min: 1, max: 400 }) })

describe('双随机 draw', () => {
  it('is reproducible: the same seed and candidates, in any order, give the same sample', () => {
    fc.assert(fc.property(ids, rule, fc.integer(), (candidates, r, shuffleSeed) => {
      const shuffled = [...candidates].sort((a, b) => ((a * 7919 + shuffleSeed) % 101) - ((b * 7919 + shuffleSeed) % 101))
      expect(drawSample(shuffled, r)).toEqual(drawSample(candidates, r))
    }))
  })
  it('draws min(count, candidates) distinct candidates, sorted', () => {
    fc.assert(fc.property(ids, rule, (candidates, r) => {
      const sample = drawSample(candidates, r)
      expect(sample).toHaveLength(Math.min(r.count, candidates.length))
      expect(new Set(sample).size).toBe(sample.length)
      expect(sample.every((id) => candidates.includes(id))).toBe(true)
      expect([...sample].sort((a, b) => a - b)).toEqual(sample)
    }))
  })
  it('a ratio rounds up, so a small scope still gets one target', () => {
    expect(sampleSize({ seed: 1, ratio: 0.05 }, 3)).toBe(1)
    expect(sampleSize({ seed: 1, ratio: 0.1 }, 100)).toBe(10)
    expect(sampleSize({ seed: 1, ratio: 1 }, 7)).toBe(7)
    expect(sampleSize({ seed: 1, count: 50 }, 0)).toBe(0)
  })
  it('different seeds give different samples (almost always)', () => {
    const pool = Array.from({ length: 500 }, (_, i) => i + 1)
    expect(drawSample(pool, { seed: 1, count: 20 })).not.toEqual(drawSample(pool, { seed: 2, count: 20 }))
  })
})

describe('campaign sheet and period', () => {
  const checklist = DEFAULT_CHECKLISTS.hazardous_chemicals
  it('scores the points of the compliant lines and names the failed ones', () => {
    const answers = Object.fromEntries(checklist.map((i, k) => [i.key, k !== 0]))
    expect(scoreSheet(checklist, answers)).toEqual({ score: 100 - checklist[0].points, max: 100, failed: [checklist[0].key] })
  })
  it('refuses a sheet that skips a line or answers one not on the list', () => {
    const answers = Object.fromEntries(checklist.slice(1).map((i) => [i.key, true]))
    expect(scoreSheet(checklist, answers)).toMatch(/missing inventory/)
    expect(scoreSheet(checklist, { ...answers, inventory: true, extra: true })).toMatch(/not on the checklist: extra/)
  })
  it('every default checklist is usable, and a bad one says why', () => {
    for (const list of Object.values(DEFAULT_CHECKLISTS)) expect(checklistProblem(list)).toBeNull()
    expect(checklistProblem([])).toMatch(/at least one/)
    expect(checklistProblem([{ key: 'a', label: 'A', points: 60 }, { key: 'a', label: 'B', points: 10 }])).toMatch(/unique/)
    expect(checklistProblem([{ key: 'a', label: 'A', points: 60 }, { key: 'b', label: 'B', points: 60 }])).toMatch(/at most 100/)
  })
  it('runs from its first to its last day, both included', () => {
    expect(campaignStatus('2026-10-01', '2026-10-08', '2026-09-30')).toBe('planned')
    expect(campaignStatus('2026-10-01', '2026-10-08', '2026-10-01')).toBe('running')
    expect(campaignStatus('2026-10-01', '2026-10-08', '2026-10-08')).toBe('running')
    expect(campaignStatus('2026-10-01', '2026-10-08', '2026-10-09')).toBe('finished')
  })
  it('progress is the share of planned targets inspected; none planned has no share', () => {
    expect(progressShare({ planned: 4, inspected: 1 })).toBe(0.25)
    expect(progressShare({ planned: 0, inspected: 3 })).toBeNull()
  })
  it('small works answer their own checklist, the rest the dust one', () => {
    const small = Object.fromEntries(checklistFor('small_works').map((k) => [k, true]))
    expect(checklistMismatch('small_works', small)).toEqual([])
    expect(checklistMismatch('routine', small).map((m) => m.path)).toContain('checklist.enclosure')
    expect(checklistMismatch('routine', small).map((m) => m.path)).toContain('checklist.hoarding')
    expect(checklistFor('small_works')).toContain('temporary_power')
  })
})

const inputs: RiskInputs = {
  stage: 'main_structure', beyondScaleWorks: 0, dangerousWorks: 1, demolitions: 0, pm10ExceedanceDays7: 0, pm10ExceedanceDays30: 0,
  openHazards: 2, overdueHazards: 1, majorOpenHazards: 1, rectificationNotices90: 0, stopWorkNotices90: 0, penalties365: 0, cameras: 2,
  offlineCameras: 0, coverageRatio: 0.9, towerCranes: 1, unmonitoredCranes: 0, standardizationScore: 80, certificateRate: 1,
  contractorCredit: 'A', craneFirmCredit: 'A', sensitiveReceptors: 0, foundedComplaints90: 0,
}

describe('holiday risk boost', () => {
  const running = [{ campaignId: 7, boost: { factors: ['overdueHazards', 'majorOpenHazards'] as RiskFactor[], multiplier: 2 } }]
  it('raises the chosen factors\' points and caps, and the breakdown says so', () => {
    const m = factorMultipliers(running)
    const plain = scoreRisk(inputs)
    const boosted = markBoosted(scoreRisk(inputs, boostedConfig(DEFAULT_RISK_CONFIG, m)), m)
    expect(boosted.score).toBeGreaterThan(plain.score)
    const overdue = boosted.breakdown.find((c) => c.factor === 'overdueHazards')!
    expect(overdue).toMatchObject({ points: 2 * DEFAULT_RISK_CONFIG.factors.overdueHazards.points, boosted: 2 })
    expect(boosted.breakdown.find((c) => c.factor === 'openHazards')).not.toHaveProperty('boosted')
  })
  it('overlapping periods take the larger multiplier rather than compounding', () => {
    const m = factorMultipliers([...running, { campaignId: 8, boost: { factors: ['overdueHazards'], multiplier: 1.5 } }])
    expect(m).toEqual({ overdueHazards: 2, majorOpenHazards: 2 })
  })
  it('the signature does not depend on the order of periods or factors', () => {
    fc.assert(fc.property(fc.uniqueArray(fc.constantFrom(...RISK_FACTORS), { minLength: 1, maxLength: 5 }), fc.double({ min: 1, max: 3, noNaN: true }), (factors, multiplier) => {
      const a = [{ campaignId: 1, boost: { factors, multiplier } }, { campaignId: 2, boost: { factors: ['noCamera' as const], multiplier: 1.2 } }]
      const b = [{ campaignId: 2, boost: { factors: ['noCamera' as const], multiplier: 1.2 } }, { campaignId: 1, boost: { factors: [...factors].reverse(), multiplier } }]
      expect(boostSignature(a)).toBe(boostSignature(b))
    }))
    expect(boostSignature([])).toBe('')
  })
})
