import { createRoute, z } from '@hono/zod-openapi'
import { asOf, LIVE } from '../../../db/sql.ts'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, PositiveId } from '../../validation.ts'
import { kpiReport } from './kpis.report.ts'
import { scopeExists } from './kpis.repo.ts'

const getKpis = createRoute({
  method: 'get',
  path: '/',
  summary: 'The plan\'s KPIs (三准确、一覆盖, 100% targets, key projects, hazards, PM10, district ranking), city-wide or for a district or grid',
  tags: ['analytics'],
  request: { query: z.object({ district: PositiveId.optional(), grid: PositiveId.optional() }) },
  responses: { 200: { description: 'KPIs computed from the records now', content: { 'application/json': { schema: z.object({}).passthrough().openapi('Kpis') } } }, ...errorResponses },
})

export function kpiRoutes({ db, analytics, refresher, clock }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(getKpis, async (c) => {
    const { district, grid } = c.req.valid('query')
    const scope = { districtId: district, gridId: grid, access: c.get('scope') }
    if (!(await scopeExists(db, scope))) throw new AppError(404, 'not_found', 'no such district or grid')
    await refresher.refresh()
    // The server's clock when one is given (tests freeze it); the database's otherwise.
    return c.json(await kpiReport(db, scope, analytics.dust, clock ? asOf(clock()) : LIVE), 200)
  })
}
