import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { errorResponses, featureRouter, PositiveId } from '../../validation.ts'
import { recentExceedances } from './dust.repo.ts'

const getAlerts = createRoute({
  method: 'get', path: '/alerts', tags: ['analytics'],
  summary: 'PM10 alerts: averaged windows over the configured limit in the last hours, newest first (at most 500)',
  request: {
    query: z.object({
      hours: z.coerce.number().int().min(1).max(720).default(24),
      district: PositiveId.optional(),
    }),
  },
  responses: { 200: { description: 'Alerts', content: { 'application/json': { schema: z.object({}).passthrough() } } }, ...errorResponses },
})

export function dustRoutes({ db, analytics }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(getAlerts, async (c) => {
    const { hours, district } = c.req.valid('query')
    return c.json({ rule: analytics.dust, alerts: await recentExceedances(db, c.get('scope'), analytics.dust, hours, district) }, 200)
  })
}
