import { createRoute, z } from '@hono/zod-openapi'
import { postgisVersion } from '../../../db/engine.ts'
import type { AppDeps } from '../../deps.ts'
import { featureRouter } from '../../validation.ts'

const Health = z.object({ ok: z.boolean(), engine: z.enum(['pglite', 'postgres']), postgis: z.string() }).openapi('Health')

const getHealth = createRoute({
  method: 'get',
  path: '/',
  summary: 'Liveness, database engine and PostGIS version',
  tags: ['health'],
  responses: { 200: { description: 'Healthy', content: { 'application/json': { schema: Health } } } },
})

export function healthRoutes({ db, engine }: AppDeps) {
  return featureRouter().openapi(getHealth, async (c) => c.json({ ok: true, engine, postgis: await postgisVersion(db) }, 200))
}
