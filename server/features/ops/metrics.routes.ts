import { createRoute, z } from '@hono/zod-openapi'
import { every } from 'hono/combine'
import proxyaddr from 'proxy-addr'
import type { AppDeps } from '../../deps.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, featureRouter } from '../../validation.ts'
import { requireRole, requireSession, type SessionEnv } from '../auth/session.ts'

/*
 * The Prometheus scrape target. A scraper has no session: it is let in by its address (METRICS_ALLOW), which is
 * the TCP peer's. X-Forwarded-For is not consulted here even from a trusted proxy: a scraper reaches the portal
 * directly, and a header relayed by the public-facing proxy should never be what opens the metrics. Anyone else
 * needs an admin's session.
 */

const getMetrics = createRoute({
  method: 'get', path: '/', tags: ['ops'],
  summary: 'Prometheus metrics: requests and latency by route, database pool, live streams, tile cache, ingest, process',
  description: 'Text exposition format 0.0.4. Open to addresses in METRICS_ALLOW without a session; otherwise admins only.',
  responses: {
    200: { description: 'The metrics', content: { 'text/plain': { schema: z.string().openapi({ example: 'sitegrid_http_requests_total{method="GET",route="/api/kpis",status="2xx"} 3' }) } } },
    ...authErrorResponses,
  },
})

export function metricsRoutes({ db, config, metrics }: AppDeps) {
  const isScraper = proxyaddr.compile(config.METRICS_ALLOW)
  const admin = every(requireSession(db, config), requireRole('admin'))
  const router = featureRouter<SessionEnv>()
  router.use('*', async (c, next) => {
    // The TCP peer (never a forwarded address); in-process requests have none, and so are never a scraper.
    const { peer } = requestClient(c)
    return peer && isScraper(peer, 0) ? next() : admin(c, next)
  })
  return router.openapi(getMetrics, async (c) => c.body(await metrics.registry.metrics(), 200, {
    'content-type': metrics.registry.contentType, 'cache-control': 'no-store',
  }) as never)
}
