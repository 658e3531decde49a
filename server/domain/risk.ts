import type { CreditGrade } from './credit-config.ts'
import { DEFAULT_RISK_CONFIG, type RiskConfig } from './risk-config.ts'

/** Everything the score depends on, as counted from a site's records. */
export interface RiskInputs {
  stage: 'earthworks' | 'main_structure' | 'finishing' | 'completed'
  beyondScaleWorks: number
  dangerousWorks: number
  demolitions: number
  pm10ExceedanceDays7: number
  pm10ExceedanceDays30: number
  openHazards: number
  overdueHazards: number
  majorOpenHazards: number
  rectificationNotices90: number
  stopWorkNotices90: number
  penalties365: number
  cameras: number
  offlineCameras: number
  /** Share of the footprint inside online camera sectors; null when the site has no footprint. */
  coverageRatio: number | null
  towerCranes: number
  unmonitoredCranes: number
  standardizationScore: number | null
  certificateRate: number
  /** The contractor's latest credit grade; 'A' (neutral) when the contractor is unmatched or not yet rated. */
  contractorCredit: CreditGrade
  /** The worst latest grade among owners and installers of live cranes; 'A' when none is rated or there is no crane. */
  craneFirmCredit: CreditGrade
  sensitiveReceptors: number
  /** Complaints closed as founded in the last 90 days. */
  foundedComplaints90: number
}

export type RiskFactor = keyof RiskConfig['factors']
export type RiskGrade = 'red' | 'orange' | 'yellow' | 'blue'

export interface RiskContribution { factor: RiskFactor; value: number; points: number }
export interface RiskScore { score: number; grade: RiskGrade; breakdown: RiskContribution[] }

/** The chinese names of the four grades, as the plan uses them. */
export const GRADE_NAMES: Record<RiskGrade, string> = { red: '重大', orange: '较大', yellow: '一般', blue: '低' }

/** A weak credit grade adds risk; the grades at or above the neutral A add none. */
const CREDIT_UNITS: Record<CreditGrade, number> = { AAA: 0, AA: 0, A: 0, B: 1, C: 2 }

/** How many units of each factor a site has. A completed site keeps only its unresolved hazards and penalties. */
export function riskUnits(s: RiskInputs, config: RiskConfig = DEFAULT_RISK_CONFIG): Record<RiskFactor, number> {
  const live = s.stage !== 'completed'
  const dustGenerating = s.stage === 'earthworks' || s.stage === 'main_structure'
  const coverageGapTenths = s.coverageRatio === null ? 0 : Math.max(0, config.coverageTarget - s.coverageRatio) * 10
  return {
    beyondScaleWorks: s.beyondScaleWorks,
    dangerousWorks: s.dangerousWorks,
    earthworksStage: s.stage === 'earthworks' ? 1 : 0,
    demolition: s.demolitions,
    pm10ExceedanceDays7: s.pm10ExceedanceDays7,
    pm10ExceedanceDays30: s.pm10ExceedanceDays30,
    openHazards: s.openHazards,
    overdueHazards: s.overdueHazards,
    majorOpenHazards: s.majorOpenHazards,
    rectificationNotices90: s.rectificationNotices90,
    stopWorkNotices90: s.stopWorkNotices90,
    penalties365: s.penalties365,
    noCamera: live && s.cameras === 0 ? 1 : 0,
    coverageGap: live && s.cameras > 0 ? coverageGapTenths : 0,
    offlineCameras: live ? s.offlineCameras : 0,
    towerCranes: live ? s.towerCranes : 0,
    unmonitoredCranes: live ? s.unmonitoredCranes : 0,
    notEvaluated: live && s.standardizationScore === null ? 1 : 0,
    lowStandardization: live && s.standardizationScore !== null ? Math.max(0, config.standardizationPassMark - s.standardizationScore) : 0,
    certificateGap: live ? Math.max(0, 1 - s.certificateRate) * 100 : 0,
    contractorCredit: live ? CREDIT_UNITS[s.contractorCredit] : 0,
    craneFirmCredit: live ? CREDIT_UNITS[s.craneFirmCredit] : 0,
    sensitiveReceptors: dustGenerating ? s.sensitiveReceptors : 0,
    foundedComplaints90: s.foundedComplaints90,
  }
}

/** A score of 0–100 whose breakdown says which factor added how many points; the points sum to the score. */
export function scoreRisk(inputs: RiskInputs, config: RiskConfig = DEFAULT_RISK_CONFIG): RiskScore {
  const units = riskUnits(inputs, config)
  const breakdown: RiskContribution[] = []
  for (const factor of Object.keys(config.factors) as RiskFactor[]) {
    const { points, cap } = config.factors[factor]
    const earned = round1(Math.min(cap, units[factor] * points))
    if (earned > 0) breakdown.push({ factor, value: round1(units[factor]), points: earned })
  }
  breakdown.sort((a, b) => b.points - a.points)
  let total = breakdown.reduce((sum, c) => sum + c.points, 0)
  if (total > 100) {
    // Scale down so the explanation still adds up to the score shown.
    const scale = 100 / total
    for (const c of breakdown) c.points = round1(c.points * scale)
    total = 100
  }
  const score = round1(total)
  return { score, grade: gradeOf(score, config), breakdown }
}

export function gradeOf(score: number, config: RiskConfig = DEFAULT_RISK_CONFIG): RiskGrade {
  const { red, orange, yellow } = config.grades
  return score >= red ? 'red' : score >= orange ? 'orange' : score >= yellow ? 'yellow' : 'blue'
}

function round1(n: number): number {
  return Math.round(n * 10) / 10
}
