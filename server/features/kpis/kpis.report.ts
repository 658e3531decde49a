import type { Kysely } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { DustRule } from '../../domain/dust.ts'
import { HAZARD_AGE_BANDS } from '../../domain/hazard-flow.ts'
import { CITY_SCOPE } from '../../domain/roles.ts'
import { accountabilityWatch } from '../accountability/accountability.repo.ts'
import { runningCampaignTotals } from '../campaigns/campaign-progress.repo.ts'
import { lowestCreditFirms } from '../credit/credit.repo.ts'
import { readsStoredAreas, refreshKpiAreas } from './kpi-areas.repo.ts'
import { computeKpis, type KpiScope } from './kpis.repo.ts'

/**
 * The plan's KPIs as the API and the wall display show them, for the city or one district or grid, `at` now or a
 * past instant (computeKpis). The credit, campaign, chemicals and accountability blocks are read as they are.
 */
export async function kpiReport(db: Kysely<DB>, scope: KpiScope, dust: DustRule, at: AsOf = LIVE) {
  const { districtId: district, gridId: grid } = scope
  // Both the KPIs and the campaigns read the stored sums: brought up to date once, before either reads.
  if (readsStoredAreas(scope, at)) await refreshKpiAreas(db)
  const [k, lowestCredit, campaigns, accountability] = await Promise.all([
    computeKpis(db, scope, dust, at), lowestCreditFirms(db, scope), runningCampaignTotals(db, scope),
    accountabilityWatch(db, scope.access ?? CITY_SCOPE, scope),
  ])
  const byAge = HAZARD_AGE_BANDS.map((age) => ({
    ageDays: age,
    major: k.hazards.filter((h) => h.age === age && h.severity === 'major').reduce((n, h) => n + h.open, 0),
    general: k.hazards.filter((h) => h.age === age && h.severity === 'general').reduce((n, h) => n + h.open, 0),
  }))
  const bySeverity = (severity: string) => k.hazards.filter((h) => h.severity === severity).reduce((n, h) => n + h.open, 0)
  return {
    scope: { districtId: district ?? null, gridId: grid ?? null },
    threeAccurateOneCoverage: {
      supervisedProjectsToday: k.headline.supervised_today,
      noticesToday: { total: k.notices.reduce((n, t) => n + t.count, 0), byType: k.notices.map((t) => ({ type: t.type, name: t.name_zh, count: t.count })) },
      beyondScaleProjectsNow: k.headline.beyond_scale_projects,
      standardizationCoverage: k.headline.standardization_coverage,
    },
    targets: {
      target: 1,
      certificateRate: k.headline.certificate_rate,
      videoInstallationRate: k.headline.video_installation_rate,
      craneMonitoringRate: k.headline.crane_monitoring_rate,
      /** Not one of the plan's targets, but what the two rates above rest on: active devices heard from in time. */
      deviceOnlineRate: k.headline.device_online_rate,
      standardizationCoverage: k.headline.standardization_coverage,
    },
    keyProjects: {
      total: k.keyProjects.total, deadline: k.keyProjects.deadline,
      highEnclosure: k.keyProjects.enclosure, dustNet: k.keyProjects.dust_net, spraying: k.keyProjects.spraying,
      allThree: k.keyProjects.all_three, missingAfterDeadline: k.keyProjects.missing_after_deadline,
      byDistrict: k.keyByDistrict.map((d) => ({ districtId: d.district_id, name: d.name, total: d.total, allThree: d.all_three })),
    },
    hazards: {
      open: k.hazards.reduce((n, h) => n + h.open, 0),
      overdue: k.hazardsOverdue,
      bySeverity: { major: bySeverity('major'), general: bySeverity('general') },
      byAge,
    },
    pm10: { exceedingWindowsLast24h: k.pm10.windows, sitesExceedingLast24h: k.pm10.sites, rule: dust },
    /** The lowest-credit firms at work in the area (credit.job.ts), lowest first. */
    lowestCredit: lowestCredit.map(({ id, name, kinds, grade, score, activeSites }) => ({ id, name, kinds, grade, score, activeSites })),
    /** The campaigns running today (features/campaigns), with their progress in the area; empty when none runs. */
    campaigns,
    /** The hazardous-chemicals campaign: sites surveyed of those storing chemicals, open chemical dangers by age (features/chemicals). */
    chemicals: k.chemicals,
    /** Letters, talks and notices to districts, and the latest accidents (features/accountability). */
    accountability,
    districtRanking: k.ranking.map((r, i) => ({
      rank: i + 1, districtId: r.district_id, name: r.name, supervisedSites: r.supervised_sites,
      openHazards: r.open_hazards, overdueHazards: r.overdue_hazards, redSites: r.red_sites, meanRisk: r.mean_risk,
      accidents12m: r.accidents_12m, openActions: r.open_actions,
    })),
  }
}
