import { type Kysely, sql } from 'kysely'
import { expect } from 'vitest'
import type { DB } from '../../db/types.ts'
import { TEST_PASSWORD } from './session.ts'

/* Requests to the OGC API – Features endpoint as QGIS makes them, for tests/api/ogc*.test.ts. */

export interface OgcLink { href: string; rel: string; type: string }
export interface OgcFeature { type: 'Feature'; id: number; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown>; links?: OgcLink[] }
export interface OgcPage { type: string; numberMatched: number; numberReturned: number; timeStamp: string; links: OgcLink[]; features: OgcFeature[] }

interface RequestingApp { request(path: string, init?: RequestInit): Response | Promise<Response> }

/** QGIS's "Basic" authentication configuration. */
export const basic = (username: string, password = TEST_PASSWORD) => `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`
export const linkOf = (links: OgcLink[], rel: string) => links.find((l) => l.rel === rel)
/** The path and query of an absolute link, to request it in-process. */
export const local = (href: string) => { const url = new URL(href); return url.pathname + url.search }
export const featureIds = (pages: OgcPage[]) => pages.flatMap((p) => p.features.map((f) => f.id))

/** The ids a query selects, in its order: what the API is compared with. */
export const idsWhere = async (db: Kysely<DB>, query: ReturnType<typeof sql>) => (await query.execute(db)).rows.map((r) => (r as { id: number }).id)
export const envelope = (b: number[]) => sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`

export function ogcClient(app: RequestingApp, defaultAuthorization: string) {
  /** A GET with Basic credentials (none when null) and the Accept header of QGIS's items requests. */
  const get = (path: string, authorization: string | null = defaultAuthorization, init: RequestInit = {}) => app.request(path, {
    ...init, headers: { accept: 'application/geo+json, application/json', ...(authorization ? { authorization } : {}), ...init.headers as object },
  })

  /** Every page of items from `first`, following next links until there is none, as QGIS does. */
  async function pageThrough(first: string, authorization?: string) {
    const pages: OgcPage[] = []
    for (let path: string | undefined = first; path; path = linkOf(pages.at(-1)!.links, 'next')?.href) {
      const res = await get(path.startsWith('http') ? local(path) : path, authorization)
      expect(res.status, await res.clone().text()).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/geo\+json/)
      pages.push(await res.json())
      expect(pages.length).toBeLessThan(100)
    }
    return pages
  }
  return { get, pageThrough }
}
