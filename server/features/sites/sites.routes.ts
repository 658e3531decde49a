import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, IdParam } from '../../validation.ts'
import { findSiteDetail } from './sites.repo.ts'

const SiteDetail = z.object({
  id: z.number(), code: z.string(), name: z.string(), kind: z.string(), stage: z.string(),
  district: z.object({ id: z.number(), name: z.string() }),
}).passthrough().openapi('SiteDetail')

const getSite = createRoute({
  method: 'get',
  path: '/{id}',
  summary: 'One project site with parties, dangerous sub-projects, cranes, cameras, inspections and open hazards',
  tags: ['sites'],
  request: { params: IdParam },
  responses: { 200: { description: 'The site', content: { 'application/json': { schema: SiteDetail } } }, ...errorResponses },
})

export function siteRoutes({ db, refresher }: AppDeps) {
  return featureRouter().openapi(getSite, async (c) => {
    const { id } = c.req.valid('param')
    await refresher.refresh()
    const site = await findSiteDetail(db, id)
    if (!site) throw new AppError(404, 'not_found', `no site with id ${id}`)
    return c.json(site as z.infer<typeof SiteDetail> & typeof site, 200)
  })
}
