import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, IdParam } from '../../validation.ts'
import { demoZoneSummary, gridSummary, MAX_LISTED_SITES } from './zones.repo.ts'

const ZoneSummary = z.object({
  id: z.number(), name: z.string(), siteCount: z.number(), areaKm2: z.number(),
  byGrade: z.record(z.string(), z.number()), sites: z.array(z.object({ id: z.number(), name: z.string() }).passthrough()),
}).passthrough().openapi('ZoneSummary')

const summaryRoute = (summary: string) => createRoute({
  method: 'get', path: '/{id}', tags: ['zones'], summary, request: { params: IdParam },
  responses: { 200: { description: `The summary, with up to ${MAX_LISTED_SITES} sites riskiest first`, content: { 'application/json': { schema: ZoneSummary } } }, ...errorResponses },
})

export function gridRoutes({ db, refresher }: AppDeps) {
  return featureRouter().openapi(summaryRoute('A grid responsibility zone: supervisors, how its sites stand, and its sites'), async (c) => {
    const { id } = c.req.valid('param')
    await refresher.refresh()
    const grid = await gridSummary(db, id)
    if (!grid) throw new AppError(404, 'not_found', `no grid with id ${id}`)
    return c.json(grid as z.infer<typeof ZoneSummary> & typeof grid, 200)
  })
}

export function demoZoneRoutes({ db, refresher }: AppDeps) {
  return featureRouter().openapi(summaryRoute('The green-smart demonstration zone: how its projects stand, and its projects'), async (c) => {
    const { id } = c.req.valid('param')
    await refresher.refresh()
    const zone = await demoZoneSummary(db, id)
    if (!zone) throw new AppError(404, 'not_found', `no demonstration zone with id ${id}`)
    return c.json(zone as z.infer<typeof ZoneSummary> & typeof zone, 200)
  })
}
