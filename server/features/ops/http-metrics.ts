import type { MiddlewareHandler } from 'hono'
import { routePattern } from '../../http/request-context.ts'
import type { Metrics } from './metrics.ts'

/**
 * Counts and times every API request under its route pattern (the same as the request log's), never its path:
 * one series per route, whatever ids are asked for. First in the API's chain, so that it sees the final status of
 * every later layer: hono turns a thrown error into its error response inside next().
 */
export function httpMetrics(metrics: Pick<Metrics, 'request'>): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    await next()
    metrics.request(c.req.method, routePattern(c), c.res.status, (performance.now() - started) / 1_000)
  }
}
