import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { escalationOf, type HazardSeverity } from '../../domain/hazard-flow.ts'
import { authErrorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { recentExceedances } from '../dust/dust.repo.ts'
import * as repo from './my-zone.repo.ts'

const PM10_ALERT_HOURS = 24

const getZone = createRoute({
  method: 'get', path: '/', tags: ['zones'],
  summary: 'The signed-in supervisor\'s zone: its bounds and grids, its sites by risk, and today\'s tasks',
  responses: { 200: jsonResponse('My zone', z.object({}).passthrough().openapi('MyZone')), ...authErrorResponses },
})

/** PM10 alerts folded to one line per site: how many windows, the worst, the latest. */
function alertsBySite(alerts: Awaited<ReturnType<typeof recentExceedances>>) {
  const bySite = new Map<number, { siteId: number; siteName: string; windows: number; maxPm10: number; latest: string }>()
  for (const a of alerts) {
    const entry = bySite.get(a.siteId) ?? { siteId: a.siteId, siteName: a.name, windows: 0, maxPm10: 0, latest: a.windowStart }
    entry.windows += 1
    entry.maxPm10 = Math.max(entry.maxPm10, a.meanPm10)
    bySite.set(a.siteId, entry)
  }
  return [...bySite.values()]
}

export function myZoneRoutes({ db, analytics, refresher }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(getZone, async (c) => {
    const scope = c.get('scope')
    await refresher.refresh()
    const [frame, sites, overdue, reinspections, keyProjects, alerts] = await Promise.all([
      repo.zoneFrame(db, scope), repo.rankedSites(db, scope), repo.overdueHazards(db, scope), repo.reinspectionsDue(db, scope),
      repo.keyProjectsMissingMeasures(db, scope), recentExceedances(db, scope, analytics.dust, PM10_ALERT_HOURS),
    ])
    return c.json({
      user: c.get('principal'), scope, ...frame, sites,
      tasks: {
        overdueHazards: overdue.map((h) => ({ ...h, escalation: escalationOf(h.severity as HazardSeverity, h.daysOverdue) })),
        reinspections, keyProjectsMissingMeasures: keyProjects, pm10Alerts: alertsBySite(alerts),
      },
    }, 200)
  })
}
