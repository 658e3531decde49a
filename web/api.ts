import { hc, type InferResponseType } from 'hono/client'
import type { AppType } from '../server/app.ts'

/** The typed API client: request and response types come from the server's routes, so the two cannot drift. */
export function createApiClient(baseUrl = window.location.origin) {
  return hc<AppType>(baseUrl)
}

export type ApiClient = ReturnType<typeof createApiClient>

/** Unwraps a hono/client response, turning the server's `{ error }` body into a thrown Error. */
export async function unwrap<T>(response: Promise<{ ok: boolean; status: number; json(): Promise<T> }>): Promise<T> {
  const res = await response
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null
    throw new Error(body?.error?.message ?? `HTTP ${res.status}`)
  }
  return res.json()
}

/** Response types the panels share, read off the routes. */
export type SiteDetail = InferResponseType<ApiClient['api']['sites'][':id']['$get'], 200>
