import { z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { SiteScope } from '../../domain/roles.ts'
import type { SiteColumnsBody } from '../../domain/site-columns.ts'
import { primaryReads } from '../../../db/replica-routing.ts'
import { gzipped, sendBody } from '../../gzip.ts'
import { scopeZone, type TileCache } from '../tiles/tiles.cache.ts'
import { errorResponses } from '../../validation.ts'
import type { SiteQuery } from './site-query.ts'

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
 * A body PostgreSQL assembled, sent by sendBody (which gzips it here: compressApi would otherwise read it back to do
 * so); the cast tells hono/client what it parses to.
 */
const typed = <T>(response: Promise<Response>) => response as unknown as Promise<TypedResponse<T, 200, 'json'>>

export const geojson = (c: Context, text: string) =>
  typed<z.infer<typeof FeatureCollection>>(sendBody(c, 'application/geo+json; charset=utf-8', { text }))

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

const JSON_TYPE = 'application/json; charset=utf-8'

/**
 * Where the site columns of `query` for `scope` are kept: the query as parsed (filters in any order share a key)
 * and the zone of those who may be given the same body. The city's unfiltered map and the wall share one.
 */
export const siteColumnsKey = (query: z.infer<typeof SiteQuery>, scope: SiteScope) => `site-columns?${JSON.stringify(query)}@${scopeZone(scope)}`

/** The columns kept under `key`, or rendered and kept: from the primary, as kept until the primary says the rows changed. */
export const keptSiteColumns = (tiles: TileCache, key: string, render: () => Promise<string>) =>
  tiles.keepBody(key, ['sites'], async () => ({ gzip: await gzipped(await primaryReads(render)) }))

/**
 * Sends site columns, kept in the layer cache (tiles.cache.ts) under `key` until a change to the sites, their risk,
 * coverage or key-project status arrives: at 100,000 sites the statement takes 0.6 s and its gzip 3.5 MB, the same
 * for every user of a zone until something changes. `key` null renders afresh and keeps nothing: for a filter that
 * reads what no change notice covers, or right after a refresh that rescored sites, whose notices are on their way.
 */
export function siteColumnsSender(tiles: TileCache) {
  return async (c: Context, key: string | null, render: () => Promise<string>) =>
    typed<SiteColumnsBody>(sendBody(c, JSON_TYPE, key === null ? { text: await render() } : await keptSiteColumns(tiles, key, render)))
}
