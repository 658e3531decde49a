import { z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { SiteColumnsBody } from '../../domain/site-columns.ts'
import { primaryReads } from '../../../db/replica-routing.ts'
import { acceptsGzip, gunzipped, gzipped } from '../../gzip.ts'
import { type CachedBody, singleFlight, type TileCache } from '../tiles/tiles.cache.ts'
import { errorResponses } from '../../validation.ts'

/*
 * How the layers' bodies go out, for the map's routes and the wall's: text PostgreSQL assembled, typed for
 * hono/client and the API definition.
 */

const Feature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.any()) }),
  properties: z.record(z.string(), z.any()),
}).openapi('Feature')
const FeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(Feature) }).openapi('FeatureCollection')

export const geojsonResponses = {
  200: { description: 'GeoJSON FeatureCollection, WGS-84', content: { 'application/geo+json': { schema: FeatureCollection } } },
  ...errorResponses,
}

/**
 * A body PostgreSQL assembled as text, gzipped here when the client takes it (compressApi would otherwise read it
 * back to do so); the cast tells hono/client what it parses to.
 */
async function assembledText<T>(c: Context, text: string, contentType: string) {
  const headers = { 'content-type': contentType, vary: 'Accept-Encoding' }
  const response = acceptsGzip(c.req.header('accept-encoding'))
    ? c.body(await gzipped(text) as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-encoding': 'gzip' })
    : c.body(text, 200, headers)
  return response as unknown as TypedResponse<T, 200, 'json'>
}

export const geojson = (c: Context, text: string) =>
  assembledText<z.infer<typeof FeatureCollection>>(c, text, 'application/geo+json; charset=utf-8')

const SiteColumns = z.object({
  count: z.number().int(),
  id: z.array(z.number().int()),
  lon: z.array(z.number()),
  lat: z.array(z.number()),
  code: z.array(z.string()),
  name: z.array(z.string()),
  kind: z.array(z.string()),
  stage: z.array(z.string()),
  key: z.array(z.number().int()).openapi({ description: '1 for a key dust-control project, else 0' }),
  floorArea: z.array(z.number()),
  riskScore: z.array(z.number().nullable()),
  riskGrade: z.array(z.string().nullable()),
  coverageRatio: z.array(z.number().nullable()),
  cameras: z.array(z.number().int()),
  onlineCameras: z.array(z.number().int()),
}).openapi('SiteColumns', { description: 'The sites layer as one array per property, all of length count, ordered by site id; WGS-84, 6 decimals' }) satisfies z.ZodType<SiteColumnsBody>

export const siteColumnsResponses = {
  200: { description: 'The sites layer in columns', content: { 'application/json': { schema: SiteColumns } } },
  ...errorResponses,
}

/** Gzip as kept, or unpacked for the rare client that does not take it. */
async function keptGzip<T>(c: Context, gzip: Uint8Array, contentType: string) {
  const headers = { 'content-type': contentType, vary: 'Accept-Encoding' }
  const response = acceptsGzip(c.req.header('accept-encoding'))
    ? c.body(gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-encoding': 'gzip' })
    : c.body(await gunzipped(gzip) as Uint8Array<ArrayBuffer>, 200, headers)
  return response as unknown as TypedResponse<T, 200, 'json'>
}

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * Sends site columns, kept in the layer cache (tiles.cache.ts) under `key` until a change to the sites, their risk,
 * coverage or key-project status arrives: at 100,000 sites the statement takes 0.6 s and its gzip 3.5 MB, the same
 * for every user of a zone until something changes. `key` null renders afresh and keeps nothing: for a filter that
 * reads what no change notice covers, or right after a refresh that rescored sites, whose notices are on their way.
 */
export function siteColumnsSender(tiles: TileCache) {
  const once = singleFlight<CachedBody>()
  return async (c: Context, key: string | null, render: () => Promise<string>) => {
    if (key === null) return assembledText<SiteColumnsBody>(c, await render(), JSON_TYPE)
    const body = tiles.getBody(key) ?? await once(key, async () => {
      await tiles.ready()
      const renderedAt = tiles.generation()
      // From the primary: kept until the primary says the rows changed, so never a replica's older copy.
      const value = { gzip: await gzipped(await primaryReads(render)) }
      tiles.setBody(key, 'sites', value, renderedAt)
      return value
    })
    return keptGzip<SiteColumnsBody>(c, body.gzip, JSON_TYPE)
  }
}
