import type { InferResponseType } from 'hono/client'
import type { ApiClient } from '../api.ts'

export type WallSnapshot = InferResponseType<ApiClient['api']['wall']['snapshot']['$get'], 200>
export type WallEvent = WallSnapshot['alerts'][number]
/** The KPI report (kpis.report.ts) as the wall reads it. */
export interface WallKpis {
  threeAccurateOneCoverage: { supervisedProjectsToday: number; noticesToday: { total: number }; beyondScaleProjectsNow: number; standardizationCoverage: number }
  targets: { target: number; certificateRate: number; videoInstallationRate: number; craneMonitoringRate: number; standardizationCoverage: number }
  keyProjects: { total: number; deadline: string; highEnclosure: number; dustNet: number; spraying: number; allThree: number }
  hazards: { open: number; overdue: number; bySeverity: { major: number; general: number } }
  pm10: { exceedingWindowsLast24h: number; sitesExceedingLast24h: number }
  districtRanking: { rank: number; name: string; openHazards: number; overdueHazards: number; redSites: number; meanRisk: number }[]
  lowestCredit: { id: number; name: string; kinds: string[]; grade: string; score: number; activeSites: number }[]
}
