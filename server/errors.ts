import type { ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { LogSink } from './http/log.ts'

/** The one error type: anything thrown as AppError reaches the client as `{ error: { code, message, details?, requestId } }`. */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** The one error shape; `requestId` is the request's X-Request-Id, to find its log lines by. */
export function errorBody(code: string, message: string, details?: unknown, requestId?: string) {
  return { error: { code, message, ...(details === undefined ? {} : { details }), ...(requestId === undefined ? {} : { requestId }) } }
}

/** Known errors keep their status; anything else is logged (to `log`, with its stack) and becomes a 500 with no internals. */
export function errorHandler(log: LogSink): ErrorHandler {
  return (error, c) => {
    const requestId = c.get('requestId') as string | undefined
    if (error instanceof AppError) return c.json(errorBody(error.code, error.message, error.details, requestId), error.status)
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(errorBody(httpCode(error.status), error.message || 'request rejected', undefined, requestId), error.status)
    }
    // A unique key a concurrent request took first, after the route's own check passed: the same 409 that check
    // gives, not a 500.
    if (isUniqueViolation(error)) return c.json(errorBody('conflict', 'a record with the same identity already exists', undefined, requestId), 409)
    log({ time: new Date().toISOString(), level: 'error', requestId, method: c.req.method, path: c.req.path, message: error.message, stack: error.stack })
    return c.json(errorBody('internal_error', 'internal server error', undefined, requestId), 500)
  }
}

function httpCode(status: number): string {
  return ({ 401: 'unauthorized', 403: 'forbidden', 413: 'payload_too_large', 415: 'unsupported_media_type' } as Record<number, string>)[status] ?? 'bad_request'
}

/** PostgreSQL's unique_violation, as both drivers (postgres.js, PGlite) report it. */
function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505'
}
