import { describe, expect, it } from 'vitest'
import { gradeOf, type RiskFactor, type RiskInputs, scoreRisk } from '../../server/domain/risk.ts'
import { DEFAULT_RISK_CONFIG } from '../../server/domain/risk-config.ts'

/** A well-run site in finishing stage: nothing adds risk. */
const calm: RiskInputs = {
  stage: 'finishing', beyondScaleWorks: 0, dangerousWorks: 0, demolitions: 0, pm10ExceedanceDays7: 0, pm10ExceedanceDays30: 0,
  openHazards: 0, overdueHazards: 0, majorOpenHazards: 0, rectificationNotices90: 0, stopWorkNotices90: 0, penalties365: 0,
  cameras: 4, offlineCameras: 0, coverageRatio: 0.95, towerCranes: 0, unmonitoredCranes: 0, standardizationScore: 90,
  certificateRate: 1, contractorCredit: 'AAA', craneFirmCredit: 'AA', sensitiveReceptors: 0, foundedComplaints90: 0,
}

const only = (change: Partial<RiskInputs>) => scoreRisk({ ...calm, ...change })

describe('risk score, factor by factor', () => {
  it('is 0 and 低 for a calm site', () => {
    expect(scoreRisk(calm)).toEqual({ score: 0, grade: 'blue', breakdown: [] })
  })

  // [change, factor, expected points] — each row moves one input and expects exactly one contribution.
  const cases: [Partial<RiskInputs>, RiskFactor, number][] = [
    [{ beyondScaleWorks: 1 }, 'beyondScaleWorks', 12],
    [{ beyondScaleWorks: 5 }, 'beyondScaleWorks', 24],
    [{ dangerousWorks: 2 }, 'dangerousWorks', 6],
    [{ demolitions: 1 }, 'demolition', 6],
    [{ pm10ExceedanceDays7: 2 }, 'pm10ExceedanceDays7', 8],
    [{ pm10ExceedanceDays30: 20 }, 'pm10ExceedanceDays30', 8],
    [{ openHazards: 3 }, 'openHazards', 6],
    [{ majorOpenHazards: 1 }, 'majorOpenHazards', 6],
    [{ rectificationNotices90: 9 }, 'rectificationNotices90', 4],
    [{ stopWorkNotices90: 1 }, 'stopWorkNotices90', 5],
    [{ penalties365: 1 }, 'penalties365', 6],
    [{ cameras: 0, coverageRatio: 0 }, 'noCamera', 10],
    [{ coverageRatio: 0.5 }, 'coverageGap', 4.5],
    [{ offlineCameras: 2 }, 'offlineCameras', 4],
    [{ towerCranes: 2 }, 'towerCranes', 2],
    [{ standardizationScore: null }, 'notEvaluated', 6],
    [{ standardizationScore: 60 }, 'lowStandardization', 5],
    [{ certificateRate: 0.9 }, 'certificateGap', 5],
    [{ contractorCredit: 'C' }, 'contractorCredit', 8],
    [{ contractorCredit: 'B' }, 'contractorCredit', 4],
    [{ craneFirmCredit: 'B' }, 'craneFirmCredit', 3],
    [{ craneFirmCredit: 'C' }, 'craneFirmCredit', 6],
  ]
  it.each(cases)('%j → %s adds %d points', (change, factor, points) => {
    const result = only(change)
    expect(result.breakdown).toEqual([{ factor, value: expect.any(Number), points }])
    expect(result.score).toBe(points)
  })

  it('counts overdue hazards as open too', () => {
    const result = only({ openHazards: 1, overdueHazards: 1 })
    expect(result.breakdown.map((b) => [b.factor, b.points])).toEqual([['overdueHazards', 4], ['openHazards', 2]])
  })

  it('adds earthworks, and nearby schools only while dust is being made', () => {
    expect(only({ stage: 'earthworks' }).breakdown).toEqual([{ factor: 'earthworksStage', value: 1, points: 6 }])
    expect(only({ stage: 'main_structure', sensitiveReceptors: 3 }).breakdown).toEqual([{ factor: 'sensitiveReceptors', value: 3, points: 6 }])
    expect(only({ sensitiveReceptors: 3 }).score).toBe(0)
  })

  it('flags an unmonitored crane, and ignores equipment on completed sites', () => {
    expect(only({ towerCranes: 1, unmonitoredCranes: 1 }).score).toBe(5)
    expect(only({ stage: 'completed', towerCranes: 1, unmonitoredCranes: 1, cameras: 0, standardizationScore: null }).score).toBe(0)
  })

  it('does not charge a coverage gap for a site without a footprint', () => {
    expect(only({ coverageRatio: null }).score).toBe(0)
  })

  it('caps at 100 and keeps the breakdown summing to the score', () => {
    const worst = scoreRisk({
      ...calm, stage: 'earthworks', beyondScaleWorks: 9, dangerousWorks: 9, demolitions: 2, pm10ExceedanceDays7: 7, pm10ExceedanceDays30: 30,
      openHazards: 9, overdueHazards: 9, majorOpenHazards: 9, stopWorkNotices90: 3, penalties365: 3, cameras: 0,
      standardizationScore: null, certificateRate: 0.7, contractorCredit: 'C',
    })
    expect(worst.score).toBe(100)
    expect(worst.grade).toBe('red')
    expect(worst.breakdown.reduce((s, b) => s + b.points, 0)).toBeCloseTo(100, 0)
    expect(worst.breakdown[0].points).toBeGreaterThanOrEqual(worst.breakdown.at(-1)!.points)
  })
})

describe('grades', () => {
  const { red, orange, yellow } = DEFAULT_RISK_CONFIG.grades
  it.each([[red, 'red'], [red - 0.1, 'orange'], [orange, 'orange'], [yellow, 'yellow'], [yellow - 0.1, 'blue'], [0, 'blue']] as const)(
    '%d → %s', (score, grade) => expect(gradeOf(score)).toBe(grade))
})
