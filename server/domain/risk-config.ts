/*
 * The risk model's weights and grade thresholds: the one place to tune them (documented in the README).
 * Each factor adds `points` per unit of its measure, up to `cap`; the total is capped at 100.
 */
export interface FactorWeight { points: number; cap: number }

export interface RiskConfig {
  factors: {
    beyondScaleWorks: FactorWeight        // active 超危大 sub-projects
    dangerousWorks: FactorWeight          // active 危大 sub-projects below the beyond-scale threshold
    earthworksStage: FactorWeight         // 1 when the site is in earthworks/foundation
    demolition: FactorWeight              // 1 per active demolition
    pm10ExceedanceDays7: FactorWeight     // days with exceedances beyond the allowance, last 7 days
    pm10ExceedanceDays30: FactorWeight    // the same over the last 30 days
    openHazards: FactorWeight
    overdueHazards: FactorWeight
    majorOpenHazards: FactorWeight
    rectificationNotices90: FactorWeight  // 整改通知书 in the last 90 days
    stopWorkNotices90: FactorWeight       // 停工整改通知书 in the last 90 days
    penalties365: FactorWeight            // 行政处罚 in the last year
    noCamera: FactorWeight                // 1 when the site has no camera at all
    coverageGap: FactorWeight             // per 10 % of footprint below the coverage target
    offlineCameras: FactorWeight
    towerCranes: FactorWeight
    unmonitoredCranes: FactorWeight
    notEvaluated: FactorWeight            // 1 when no safety standardization evaluation
    lowStandardization: FactorWeight      // per point below the standardization pass mark
    certificateGap: FactorWeight          // per 1 % of certificates missing
    contractorCredit: FactorWeight        // the contractor's latest credit grade (credit.ts): B = 1 unit, C = 2 units
    craneFirmCredit: FactorWeight         // the worst grade among owners and installers of the site's live cranes, the same units
    sensitiveReceptors: FactorWeight      // schools, kindergartens, hospitals, care homes within the radius, while dust-generating
    foundedComplaints90: FactorWeight     // complaints (12345 …) found founded (属实) in the last 90 days
  }
  coverageTarget: number
  standardizationPassMark: number
  receptorRadiusM: number
  /** Lower bounds of 重大 / 较大 / 一般; below 一般 is 低. */
  grades: { red: number; orange: number; yellow: number }
}

export const DEFAULT_RISK_CONFIG: RiskConfig = {
  factors: {
    beyondScaleWorks: { points: 12, cap: 24 },
    dangerousWorks: { points: 3, cap: 9 },
    earthworksStage: { points: 6, cap: 6 },
    demolition: { points: 6, cap: 6 },
    pm10ExceedanceDays7: { points: 4, cap: 12 },
    pm10ExceedanceDays30: { points: 1, cap: 8 },
    openHazards: { points: 2, cap: 8 },
    overdueHazards: { points: 4, cap: 16 },
    majorOpenHazards: { points: 6, cap: 12 },
    rectificationNotices90: { points: 1, cap: 4 },
    stopWorkNotices90: { points: 5, cap: 10 },
    penalties365: { points: 6, cap: 12 },
    noCamera: { points: 10, cap: 10 },
    coverageGap: { points: 1.5, cap: 8 },
    offlineCameras: { points: 2, cap: 6 },
    towerCranes: { points: 1, cap: 4 },
    unmonitoredCranes: { points: 4, cap: 8 },
    notEvaluated: { points: 6, cap: 6 },
    lowStandardization: { points: 0.5, cap: 10 },
    certificateGap: { points: 0.5, cap: 8 },
    contractorCredit: { points: 4, cap: 8 },
    craneFirmCredit: { points: 3, cap: 6 },
    sensitiveReceptors: { points: 3, cap: 6 },
    foundedComplaints90: { points: 2, cap: 8 },
  },
  coverageTarget: 0.8,
  standardizationPassMark: 70,
  receptorRadiusM: 500,
  grades: { red: 38, orange: 26, yellow: 15 },
}
