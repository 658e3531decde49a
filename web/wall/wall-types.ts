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
  districtRanking: { rank: number; name: string; openHazards: number; overdueHazards: number; redSites: number; meanRisk: number; accidents12m: number; openActions: number }[]
  accountability: {
    openActions: number; overdueReplies: number
    recentActions: { id: number; code: string; kind: string; district: string; issuedAt: string; deadline: string; replied: boolean }[]
    recentAccidents: { id: number; site: string; district: string; grade: string; deaths: number; injuries: number; occurredAt: string }[]
  }
  lowestCredit: { id: number; name: string; kinds: string[]; grade: string; score: number; activeSites: number }[]
  /** Campaigns running today with their progress (features/campaigns); empty when none runs. */
  campaigns: { id: number; name: string; kind: string; endsOn: string; planned: number; inspected: number; findings: number; closed: number; penalties: number }[]
}
