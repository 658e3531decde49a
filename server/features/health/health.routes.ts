import { createRoute, z } from '@hono/zod-openapi'
import { postgisVersion } from '../../../db/engine.ts'
import type { AppDeps } from '../../deps.ts'
import { errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { deepHealthCheck } from './health.checks.ts'

const Health = z.object({ ok: z.boolean(), engine: z.enum(['pglite', 'postgres']), postgis: z.string() }).openapi('Health')
const Check = z.object({ ok: z.boolean() })
const DeepHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.object({
    database: Check.extend({ ms: z.number().openapi({ description: 'time to answer a query, or to give up (2 s)' }) }),
    hj212: Check.optional().openapi({ description: 'the HJ 212 TCP listener is accepting connections' }),
    mqtt: Check.optional().openapi({ description: 'the MQTT subscriber is connected (only when MQTT_URL is set)' }),
  }),
}).openapi('DeepHealth')

const getHealth = createRoute({
  method: 'get',
  path: '/',
  summary: 'Liveness, database engine and PostGIS version; with deep=1, the database and the device listeners checked',
  tags: ['health'],
  request: { query: z.object({ deep: z.enum(['0', '1']).optional().openapi({ description: '1: check the database and the configured listeners' }) }) },
  responses: {
    200: jsonResponse('Healthy (deep: every check passed)', z.union([Health, DeepHealth])),
    503: jsonResponse('deep=1: a check failed', DeepHealth),
    400: errorResponses[400],
  },
})

export function healthRoutes({ db, engine, listeners }: AppDeps) {
  const deepHealth = deepHealthCheck(db, listeners)
  // Liveness asks the database nothing (it ran a query per call, which a load balancer's probe pays for): the
  // PostGIS version is read once per app, again only after a failed read. ?deep=1 is the check that asks.
  let postgis: Promise<string> | null = null
  const postgisOnce = () => (postgis ??= postgisVersion(db).catch((error: unknown) => { postgis = null; throw error }))
  return featureRouter().openapi(getHealth, async (c) => {
    if (c.req.valid('query').deep !== '1') return c.json({ ok: true, engine, postgis: await postgisOnce() }, 200)
    const health = await deepHealth()
    return health.status === 'ok' ? c.json(health, 200) : c.json(health, 503)
  })
}
