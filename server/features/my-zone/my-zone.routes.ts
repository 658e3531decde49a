import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { escalationOf, type HazardSeverity } from '../../domain/hazard-flow.ts'
import { authErrorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { AlarmSchema } from '../alarms/alarms.routes.ts'
import { listAlarms } from '../alarms/alarms.repo.ts'
import type { SessionEnv } from '../auth/session.ts'
import { recentExceedances } from '../dust/dust.repo.ts'
import { EXPIRING_WITHIN_DAYS } from '../people/people.repo.ts'
import { expiringOnSites } from '../people/staff.repo.ts'
import * as repo from './my-zone.repo.ts'

const PM10_ALERT_HOURS = 24

const MyZone = z.object({
  bounds: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().openapi({ description: 'west, south, east, north of the grids in scope' }),
  grids: z.array(z.object({ id: z.number(), code: z.string(), name: z.string() })),
  sites: z.array(z.object({
    id: z.number(), code: z.string(), name: z.string(), kind: z.string(), riskScore: z.number().nullable(), riskGrade: z.string().nullable(),
    location: z.tuple([z.number(), z.number()]), openHazards: z.number(), lastInspectedAt: z.string().nullable(),
  })),
  tasks: z.object({
    overdueHazards: z.array(z.object({
      id: z.number(), siteId: z.number(), siteName: z.string(), severity: z.string(), category: z.string(), status: z.string(),
      deadline: z.string(), daysOverdue: z.number(), escalation: z.enum(['none', 'grid', 'district', 'city']),
    })),
    reinspections: z.array(z.object({
      siteId: z.number(), siteName: z.string(), reason: z.enum(['verify_rectification', 'risk_revisit']), hazardId: z.number().nullable(),
      detail: z.string(), since: z.string(),
    })),
    keyProjectsMissingMeasures: z.array(z.object({
      siteId: z.number(), siteName: z.string(), rank: z.number(), deadline: z.string(), pastDeadline: z.boolean(), missing: z.array(z.string()),
    })),
    pm10Alerts: z.array(z.object({ siteId: z.number(), siteName: z.string(), windows: z.number(), maxPm10: z.number(), latest: z.string() })),
    /** Certificates of people on duty that expire within 30 days: the supervisor asks for the renewal before they lapse. */
    expiringCertificates: z.array(z.object({
      certificateId: z.number(), personId: z.number(), personName: z.string(), siteId: z.number(), siteName: z.string(), role: z.string(),
      kind: z.string(), specialty: z.string(), expiresOn: z.string(), daysLeft: z.number(),
    })),
  }),
  /** Device alarms not yet closed, overdue first: each needs acknowledging, disposing and closing. */
  alarms: z.array(AlarmSchema),
}).openapi('MyZone')

const getZone = createRoute({
  method: 'get', path: '/', tags: ['zones'],
  summary: 'The signed-in supervisor\'s zone: its bounds and grids, its sites by risk, and today\'s tasks',
  responses: { 200: jsonResponse('My zone', MyZone), ...authErrorResponses },
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
    const [frame, sites, overdue, reinspections, keyProjects, alerts, alarms, expiring] = await Promise.all([
      repo.zoneFrame(db, scope), repo.rankedSites(db, scope), repo.overdueHazards(db, scope), repo.reinspectionsDue(db, scope),
      repo.keyProjectsMissingMeasures(db, scope), recentExceedances(db, scope, analytics.dust, PM10_ALERT_HOURS),
      listAlarms(db, scope, { state: 'unclosed', limit: 100 }), expiringOnSites(db, scope, EXPIRING_WITHIN_DAYS, 100),
    ])
    return c.json({
      ...frame, sites, alarms: alarms as z.infer<typeof AlarmSchema>[],
      tasks: {
        overdueHazards: overdue.map((h) => ({ ...h, escalation: escalationOf(h.severity as HazardSeverity, h.daysOverdue) })),
        reinspections, keyProjectsMissingMeasures: keyProjects, pm10Alerts: alertsBySite(alerts), expiringCertificates: expiring,
      },
    }, 200)
  })
}
