import { createRoute, z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { AppDeps } from '../../deps.ts'
import type { SiteScope } from '../../domain/roles.ts'
import type { SessionEnv } from '../auth/session.ts'
import { acceptsGzip, gzipped } from '../../gzip.ts'
import { Bbox, errorResponses, featureRouter } from '../../validation.ts'
import * as repo from './layers.repo.ts'
import { SiteQuery, siteFilterOf } from './site-query.ts'

const Feature = z.object({
  type: z.literal('Feature'),
  id: z.number().int(),
  geometry: z.object({ type: z.string(), coordinates: z.array(z.any()) }),
  properties: z.record(z.string(), z.any()),
}).openapi('Feature')
const FeatureCollection = z.object({ type: z.literal('FeatureCollection'), features: z.array(Feature) }).openapi('FeatureCollection')

const responses = {
  200: { description: 'GeoJSON FeatureCollection, WGS-84', content: { 'application/geo+json': { schema: FeatureCollection } } },
  ...errorResponses,
}

const layerRoute = (path: string, summary: string) => createRoute({ method: 'get', path, summary, tags: ['layers'], responses })

// Footprints are for street zoom: a bounded box keeps one response small whatever the city's size.
const MAX_FOOTPRINT_SPAN_DEG = 0.1
const FootprintQuery = SiteQuery.extend({
  bbox: Bbox.refine((b) => b.maxLon - b.minLon <= MAX_FOOTPRINT_SPAN_DEG && b.maxLat - b.minLat <= MAX_FOOTPRINT_SPAN_DEG,
    `bbox may span at most ${MAX_FOOTPRINT_SPAN_DEG}° in each direction`),
})

/** The body is GeoJSON text assembled by PostgreSQL; the cast tells hono/client what it parses to. */
async function geojson(c: Context, text: string) {
  const headers = { 'content-type': 'application/geo+json; charset=utf-8', vary: 'Accept-Encoding' }
  const response = acceptsGzip(c.req.header('accept-encoding'))
    ? c.body(await gzipped(text) as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-encoding': 'gzip' })
    : c.body(text, 200, headers)
  return response as unknown as TypedResponse<z.infer<typeof FeatureCollection>, 200, 'json'>
}

export function layerRoutes({ db, refresher }: AppDeps) {
  const siteFilter = (scope: SiteScope, query: z.infer<typeof SiteQuery>) => siteFilterOf({ db, refresher }, scope, query)
  return featureRouter<SessionEnv>()
    .openapi(layerRoute('/districts', 'District boundaries (区/县级市) with names'), async (c) => geojson(c, await repo.districtsLayer(db, c.get('scope'))))
    .openapi(layerRoute('/grids', 'Grid responsibility zones (网格) with supervisors'), async (c) => geojson(c, await repo.gridsLayer(db, c.get('scope'))))
    .openapi(createRoute({ method: 'get', path: '/sites', summary: 'Project sites as points, filterable', tags: ['layers'], request: { query: SiteQuery }, responses }), async (c) =>
      geojson(c, await repo.sitesLayer(db, await siteFilter(c.get('scope'), c.req.valid('query')), 'point')))
    .openapi(createRoute({
      method: 'get', path: '/site-footprints', tags: ['layers'], request: { query: FootprintQuery }, responses,
      summary: 'Site footprints (red-line boundaries) within a bbox of at most 0.1° × 0.1°, with the same filters as /sites',
    }), async (c) => geojson(c, await repo.sitesLayer(db, await siteFilter(c.get('scope'), c.req.valid('query')), 'footprint')))
    .openapi(layerRoute('/key-areas', 'Key dust-control areas (重点区域)'), async (c) => geojson(c, await repo.keyAreasLayer(db, c.get('scope'))))
    .openapi(layerRoute('/key-projects', 'The 150 key high-standard dust-control projects'), async (c) => geojson(c, await repo.keyProjectsLayer(db, c.get('scope'))))
    .openapi(layerRoute('/water', 'Lakes and rivers (Natural Earth 1:10m) for the offline basemap'), async (c) => geojson(c, await repo.waterLayer(db)))
    .openapi(layerRoute('/demo-zone', 'The green-smart demonstration zone (绿色智慧示范片区)'), async (c) => geojson(c, await repo.demoZoneLayer(db, c.get('scope'))))
    .openapi(createRoute({ method: 'get', path: '/cameras', summary: 'Site video and crane-monitoring cameras', tags: ['layers'], request: { query: z.object({ bbox: Bbox.optional() }) }, responses }), async (c) =>
      geojson(c, await repo.camerasLayer(db, c.get('scope'), c.req.valid('query').bbox)))
}
