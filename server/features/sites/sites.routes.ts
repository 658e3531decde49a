import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, IdParam, jsonResponse, SearchText } from '../../validation.ts'
import { pm10Series, siteExists } from './site-lookups.repo.ts'
import { searchSites } from './site-search.repo.ts'
import { findSiteDetail } from './sites.repo.ts'
import { Pm10Series, SearchHit, SiteDetail } from './sites.schemas.ts'

const search = createRoute({
  method: 'get', path: '/search', tags: ['sites'],
  summary: 'Sites whose name or code contains the text, best match first (for the search box)',
  request: { query: z.object({ q: SearchText, limit: z.coerce.number().int().min(1).max(50).default(10) }) },
  responses: { 200: jsonResponse('Matching sites', z.array(SearchHit)), ...errorResponses },
})

const getPm10 = createRoute({
  method: 'get', path: '/{id}/pm10', tags: ['sites'],
  summary: 'Hourly PM10 at the site, or at the nearest station when the site has no monitor',
  request: { params: IdParam, query: z.object({ hours: z.coerce.number().int().min(1).max(24 * 31).default(72) }) },
  responses: { 200: jsonResponse('PM10 series, times in Beijing time', Pm10Series), ...errorResponses },
})

const getSite = createRoute({
  method: 'get', path: '/{id}', tags: ['sites'],
  summary: 'One project site with parties, dangerous sub-projects, cranes, cameras, inspections and open hazards',
  request: { params: IdParam },
  responses: { 200: jsonResponse('The site', SiteDetail), ...errorResponses },
})

export function siteRoutes({ db, analytics, refresher }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(search, async (c) => {
      const { q, limit } = c.req.valid('query')
      await refresher.refresh()
      return c.json(await searchSites(db, c.get('scope'), q, limit), 200)
    })
    .openapi(getPm10, async (c) => {
      const { id } = c.req.valid('param')
      if (!(await siteExists(db, c.get('scope'), id))) throw new AppError(404, 'not_found', `no site with id ${id} in your zone`)
      const series = await pm10Series(db, id, c.req.valid('query').hours)
      return c.json({ ...series, limitUgM3: analytics.dust.limitUgM3 }, 200)
    })
    .openapi(getSite, async (c) => {
      const { id } = c.req.valid('param')
      await refresher.refresh()
      const site = await findSiteDetail(db, c.get('scope'), id)
      if (!site) throw new AppError(404, 'not_found', `no site with id ${id} in your zone`)
      return c.json(site, 200)
    })
}
