import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import { demoZoneSummary, gridSummary, MAX_LISTED_SITES } from './zones.repo.ts'

const Counts = z.record(z.string(), z.number())
const Summary = z.object({
  id: z.number(), name: z.string(), areaKm2: z.number(), siteCount: z.number(),
  byGrade: Counts, byKind: Counts, byStage: Counts, keyProjects: z.number(), beyondScaleSites: z.number(),
  openHazards: z.number(), overdueHazards: z.number(), sitesWithoutCamera: z.number(), sitesWithOfflineCamera: z.number(),
  meanCoverageRatio: z.number().nullable(), meanStandardizationScore: z.number().nullable(),
  sites: z.array(z.object({
    id: z.number(), code: z.string(), name: z.string(), kind: z.string(), stage: z.string(),
    riskScore: z.number().nullable(), riskGrade: z.string().nullable(), coverageRatio: z.number().nullable(),
  })),
})
const GridSummary = Summary.extend({
  code: z.string(), district: z.string(), township: z.string(),
  supervisors: z.array(z.object({ name: z.string(), phone: z.string().nullable() })),
}).openapi('GridSummary')
const DemoZoneSummary = Summary.extend({ description: z.string() }).openapi('DemoZoneSummary')

const summaryRoute = <T extends z.ZodType>(summary: string, schema: T) => createRoute({
  method: 'get', path: '/{id}', tags: ['zones'], summary, request: { params: IdParam },
  responses: { 200: jsonResponse(`The summary, with up to ${MAX_LISTED_SITES} sites riskiest first`, schema), ...errorResponses },
})

export function gridRoutes({ db, refresher }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(summaryRoute('A grid responsibility zone: supervisors, how its sites stand, and its sites', GridSummary), async (c) => {
    const { id } = c.req.valid('param')
    await refresher.refresh()
    const grid = await gridSummary(db, c.get('scope'), id)
    if (!grid) throw new AppError(404, 'not_found', `no grid with id ${id} in your zone`)
    return c.json(grid, 200)
  })
}

export function demoZoneRoutes({ db, refresher }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(summaryRoute('The green-smart demonstration zone: how its projects stand, and its projects', DemoZoneSummary), async (c) => {
    const { id } = c.req.valid('param')
    await refresher.refresh()
    const zone = await demoZoneSummary(db, c.get('scope'), id)
    if (!zone) throw new AppError(404, 'not_found', `no demonstration zone with id ${id}`)
    return c.json(zone, 200)
  })
}
