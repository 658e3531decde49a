import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { Principal } from '../domain/roles.ts'
import { resolveClient, type TrustProxy } from './client.ts'
import type { LogSink } from './log.ts'

declare module 'hono' {
  interface ContextVariableMap { requestId: string }
}

export const REQUEST_ID_HEADER = 'X-Request-Id'
// What a proxy's id looks like (a UUID, nginx's $request_id): nothing that could break a log line or a header.
const SANE_REQUEST_ID = /^[A-Za-z0-9._:=-]{1,128}$/

/**
 * The first middleware of every request: who the client is (client.ts), a request id (a trusted proxy's, so that
 * its logs and ours join up, else a new one) echoed in X-Request-Id, and one log line when the response is ready.
 * Streamed responses (live events, import progress) are logged when they start.
 */
export function requestContext(trust: TrustProxy, log: LogSink): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now()
    const client = resolveClient(c, trust)
    const incoming = client.viaTrustedProxy ? c.req.header(REQUEST_ID_HEADER) : undefined
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set('client', client)
    c.set('requestId', requestId)
    await next()
    c.res.headers.set(REQUEST_ID_HEADER, requestId)
    const principal = c.get('principal' as never) as Principal | undefined
    log({
      time: new Date().toISOString(), level: 'info', requestId, method: c.req.method,
      // The path only: a query string may carry a token (display walls, shared links).
      path: c.req.path, route: routePattern(c), status: c.res.status,
      durationMs: Math.round((performance.now() - started) * 10) / 10, userId: principal?.userId ?? null, ip: client.address,
    })
  }
}

/**
 * The pattern of the route a request was for (`/api/sites/:id`), also when a middleware answered it (a 401 from
 * the session check); `/api/*` for an unknown API path. Low-cardinality, for logs and metrics.
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c)
  const answered = routes[c.req.routeIndex]
  if (answered && answered.method !== 'ALL') return answered.path
  return routes.find((r) => r.method !== 'ALL')?.path ?? answered?.path ?? c.req.path
}
