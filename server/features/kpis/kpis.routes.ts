import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, PositiveId } from '../../validation.ts'
import { computeKpis, scopeExists } from './kpis.repo.ts'

const getKpis = createRoute({
  method: 'get',
  path: '/',
  summary: 'The plan\'s KPIs (三准确、一覆盖, 100% targets, key projects, hazards, PM10, district ranking), city-wide or for a district or grid',
  tags: ['analytics'],
  request: { query: z.object({ district: PositiveId.optional(), grid: PositiveId.optional() }) },
  responses: { 200: { description: 'KPIs computed from the records now', content: { 'application/json': { schema: z.object({}).passthrough().openapi('Kpis') } } }, ...errorResponses },
})

export function kpiRoutes({ db, analytics, refresher }: AppDeps) {
  return featureRouter().openapi(getKpis, async (c) => {
    const { district, grid } = c.req.valid('query')
    const scope = { districtId: district, gridId: grid }
    if (!(await scopeExists(db, scope))) throw new AppError(404, 'not_found', 'no such district or grid')
    await refresher.refresh()
    const k = await computeKpis(db, scope, analytics.dust)
    const byAge = ['0-7', '8-30', '31+'].map((age) => ({
      ageDays: age,
      major: k.hazards.filter((h) => h.age === age && h.severity === 'major').reduce((n, h) => n + h.open, 0),
      general: k.hazards.filter((h) => h.age === age && h.severity === 'general').reduce((n, h) => n + h.open, 0),
    }))
    const bySeverity = (severity: string) => k.hazards.filter((h) => h.severity === severity).reduce((n, h) => n + h.open, 0)
    return c.json({
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
        overdue: k.hazards.reduce((n, h) => n + h.overdue, 0),
        bySeverity: { major: bySeverity('major'), general: bySeverity('general') },
        byAge,
      },
      pm10: { exceedingWindowsLast24h: k.pm10.windows, sitesExceedingLast24h: k.pm10.sites, rule: analytics.dust },
      districtRanking: k.ranking.map((r, i) => ({
        rank: i + 1, districtId: r.district_id, name: r.name, supervisedSites: r.supervised_sites,
        openHazards: r.open_hazards, overdueHazards: r.overdue_hazards, redSites: r.red_sites, meanRisk: r.mean_risk,
      })),
    }, 200)
  })
}
