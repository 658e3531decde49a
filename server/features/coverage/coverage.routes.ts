import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { errorResponses, featureRouter, PositiveId } from '../../validation.ts'
import { coverageBy } from './coverage.repo.ts'

const getCoverage = createRoute({
  method: 'get', path: '/', tags: ['analytics'],
  summary: 'Camera coverage ratio per grid or per district (online cameras\' sectors over site footprints)',
  request: {
    query: z.object({
      by: z.enum(['grid', 'district']).default('district'),
      district: PositiveId.optional(),
    }),
  },
  responses: { 200: { description: 'Rows by area', content: { 'application/json': { schema: z.array(z.object({}).passthrough()) } } }, ...errorResponses },
})

export function coverageRoutes({ db, refresher }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(getCoverage, async (c) => {
    const { by, district } = c.req.valid('query')
    await refresher.refresh()
    return c.json(await coverageBy(db, c.get('scope'), by, district), 200)
  })
}
