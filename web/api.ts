import { hc, type InferResponseType } from 'hono/client'
import type { AppType } from '../server/app.ts'

/**
 * The typed API client: request and response types come from the server's routes, so the two cannot drift.
 * `csrfToken` is read on every request because it is only known after signing in; the session cookie itself is
 * HttpOnly and travels by itself.
 */
export function createApiClient(baseUrl = window.location.origin, csrfToken: () => string = () => '') {
  return hc<AppType>(baseUrl, { headers: () => ({ 'x-csrf-token': csrfToken() }) })
}

export type ApiClient = ReturnType<typeof createApiClient>

/** What the server said went wrong: its status, code, message and (for validation) which fields. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly details?: { path: string; message: string }[]) {
    super(message)
  }
}

/** The body of a response's success branches (hono/client types 2xx responses with `ok: true`). */
type SuccessBody<R> = R extends { ok: true; json(): Promise<infer T> } ? T : never

/** Unwraps a hono/client response, turning the server's `{ error }` body into a thrown ApiError. */
export async function unwrap<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(response: Promise<R>): Promise<SuccessBody<R>> {
  const res = await response
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: unknown } } | null
    const details = Array.isArray(body?.error?.details) ? body.error.details as { path: string; message: string }[] : undefined
    throw new ApiError(res.status, body?.error?.code ?? 'http_error', body?.error?.message ?? `HTTP ${res.status}`, details)
  }
  // A 204 (a delete, a password set) has no body: reading one would fail after the server succeeded.
  if (res.status === 204) return undefined as SuccessBody<R>
  return res.json() as Promise<SuccessBody<R>>
}

/** Response types the panels share, read off the routes. */
export type SiteDetail = InferResponseType<ApiClient['api']['sites'][':id']['$get'], 200>
export type SessionUser = InferResponseType<ApiClient['api']['auth']['me']['$get'], 200>['user']
export type HazardDetail = InferResponseType<ApiClient['api']['hazards'][':id']['$get'], 200>
