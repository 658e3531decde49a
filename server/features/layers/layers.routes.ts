import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import type { SiteScope } from '../../domain/roles.ts'
import type { SessionEnv } from '../auth/session.ts'
import { Bbox, featureRouter } from '../../validation.ts'
import { geojson, geojsonResponses as responses, siteColumnsKey, siteColumnsResponses, siteColumnsSender } from './layer-bodies.ts'
import * as repo from './layers.repo.ts'
import { refreshedSiteFilter, SiteQuery, siteFilterOf } from './site-query.ts'

const layerRoute = (path: string, summary: string) => createRoute({ method: 'get', path, summary, tags: ['layers'], responses })

// Footprints are for street zoom: a bounded box keeps one response small whatever the city's size.
const MAX_FOOTPRINT_SPAN_DEG = 0.1
const FootprintQuery = SiteQuery.extend({
  bbox: Bbox.refine((b) => b.maxLon - b.minLon <= MAX_FOOTPRINT_SPAN_DEG && b.maxLat - b.minLat <= MAX_FOOTPRINT_SPAN_DEG,
    `bbox may span at most ${MAX_FOOTPRINT_SPAN_DEG}° in each direction`),
})

export function layerRoutes({ db, refresher, tiles }: AppDeps) {
  const sendColumns = siteColumnsSender(tiles)
  const siteFilter = (scope: SiteScope, query: z.infer<typeof SiteQuery>) => siteFilterOf({ db, refresher }, scope, query)
  return featureRouter<SessionEnv>()
    .openapi(layerRoute('/districts', 'District boundaries (区/县级市) with names'), async (c) => geojson(c, await repo.districtsLayer(db, c.get('scope'))))
    .openapi(layerRoute('/grids', 'Grid responsibility zones (网格) with supervisors'), async (c) => geojson(c, await repo.gridsLayer(db, c.get('scope'))))
    .openapi(createRoute({ method: 'get', path: '/sites', summary: 'Project sites as points, filterable', tags: ['layers'], request: { query: SiteQuery }, responses }), async (c) =>
      geojson(c, await repo.sitesLayer(db, await siteFilter(c.get('scope'), c.req.valid('query')), 'point')))
    .openapi(createRoute({
      method: 'get', path: '/site-columns', tags: ['layers'], request: { query: SiteQuery }, responses: siteColumnsResponses,
      summary: 'The sites of /sites with the same filters and properties, as one array per property: what the map downloads',
    }), async (c) => {
      const [scope, query] = [c.get('scope'), c.req.valid('query')]
      const { filter, rescored } = await refreshedSiteFilter({ db, refresher }, scope, query)
      // Active 超危大 works are not among the changes the cache hears of: that filter is read afresh.
      const key = rescored > 0 || query.beyondScale !== undefined ? null : siteColumnsKey(query, scope)
      return sendColumns(c, key, () => repo.siteColumns(db, filter))
    })
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
