import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** The one error type: anything thrown as AppError reaches the client as `{ error: { code, message, details? } }`. */
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

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}

/** Known errors keep their status; anything else is logged and becomes a 500 with no internals. */
export function handleError(error: Error, c: Context) {
  if (error instanceof AppError) return c.json(errorBody(error.code, error.message, error.details), error.status)
  if (error instanceof HTTPException && error.status < 500) {
    return c.json(errorBody(httpCode(error.status), error.message || 'request rejected'), error.status)
  }
  console.error(`[${new Date().toISOString()}] ${c.req.method} ${c.req.path}:`, error)
  return c.json(errorBody('internal_error', 'internal server error'), 500)
}

function httpCode(status: number): string {
  return ({ 401: 'unauthorized', 403: 'forbidden', 413: 'payload_too_large', 415: 'unsupported_media_type' } as Record<number, string>)[status] ?? 'bad_request'
}
