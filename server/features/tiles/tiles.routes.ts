import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { primaryReads } from '../../../db/replica-routing.ts'
import type { AppDeps } from '../../deps.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { CITY_BOUNDS } from '../../domain/import-crs.ts'
import { isTileLayer, isValidTile, MAX_TILE_ZOOM, type Tile, TILE_LAYERS, TILE_MIN_ZOOM, type TileLayer } from '../../domain/tiles.ts'
import { AppError } from '../../errors.ts'
import { acceptsGzip, gzipped, sendBody } from '../../gzip.ts'
import { holdsCurrent } from '../../http/etag.ts'
import { authErrorResponses, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { keptLayerCounts } from './layer-counts.ts'
import { encodeTile } from './mvt.ts'
import { type CachedTile, scopeZone, singleFlight } from './tiles.cache.ts'
import { layerIsScoped, postgisTile, prepareTile, tileFeatures } from './tiles.repo.ts'

/*
 * Vector tiles in the maplibre/martin shape: a catalog, a TileJSON per layer, and `/{layer}/{z}/{x}/{y}.mvt`.
 * Tiles hold only the caller's zone; they are cached per zone, carry an ETag per encoding (a repeat request costs
 * a 304) and are `private`, so no shared cache between the portal and a browser may hand one zone's tile to another.
 * As martin answers: 404 for a layer we do not serve or a zoom below the layer's first, 204 for a tile with nothing in it.
 */

const MVT = 'application/vnd.mapbox-vector-tile'
// Any name is taken, so that one we do not serve is a 404 (no such resource), not a 400.
const Layer = z.string().max(64).openapi({ param: { name: 'layer', in: 'path' }, description: `One of ${TILE_LAYERS.join(', ')}`, example: 'sites' })
const Int = (name: string) => z.string().regex(/^\d{1,8}$/, 'must be a whole number').transform(Number).openapi({ param: { name, in: 'path' } })
const TileParams = z.object({
  layer: Layer, z: Int('z'), x: Int('x'),
  file: z.string().regex(/^\d{1,8}\.mvt$/, 'must be {y}.mvt').transform((f) => Number(f.slice(0, -4))).openapi({ param: { name: 'file', in: 'path' }, example: '1670.mvt' }),
})
const TileJson = z.object({
  tilejson: z.literal('3.0.0'), name: z.string(), tiles: z.array(z.string()), minzoom: z.number(), maxzoom: z.number(),
  bounds: z.array(z.number()), center: z.array(z.number()), attribution: z.string(),
  vector_layers: z.array(z.object({ id: z.string(), fields: z.record(z.string(), z.string()), minzoom: z.number(), maxzoom: z.number() })),
})

const CatalogEntry = z.object({ tilejson: z.string(), content_type: z.string(), features: z.number() })
const catalog = createRoute({ method: 'get', path: '/', tags: ['tiles'], summary: 'The tile layers, their TileJSON addresses and how many features each holds in your zone',
  responses: { 200: jsonResponse('Catalog', z.object({ tiles: z.object(Object.fromEntries(TILE_LAYERS.map((l) => [l, CatalogEntry])) as Record<TileLayer, typeof CatalogEntry>) })), ...authErrorResponses } })
const tileJson = createRoute({ method: 'get', path: '/{layer}', tags: ['tiles'], summary: 'TileJSON 3.0 for a layer', request: { params: z.object({ layer: Layer }) },
  responses: { 200: jsonResponse('TileJSON', TileJson), ...errorResponses, ...authErrorResponses } })
const tile = createRoute({ method: 'get', path: '/{layer}/{z}/{x}/{file}', tags: ['tiles'], summary: 'One Mapbox Vector Tile of a layer, within your zone',
  request: { params: TileParams },
  responses: {
    200: { description: 'The tile', content: { [MVT]: { schema: z.string().openapi({ format: 'binary' }) } } }, 204: { description: 'Nothing is in the tile' },
    304: { description: 'Unchanged since the ETag given' }, ...errorResponses, ...authErrorResponses,
  } })

const FIELDS: Record<TileLayer, Record<string, string>> = {
  // Below SITE_POINTS_FROM_ZOOM a feature is a cell of sites: `count`, `keyCount`, `redCount`, the typical `riskGrade`
  // and `riskSum`, its sites' scores added up (the heatmap's weight).
  sites: {
    code: 'String', kind: 'String', stage: 'String', key: 'Boolean', riskGrade: 'String', riskScore: 'Number',
    count: 'Number', keyCount: 'Number', redCount: 'Number', riskSum: 'Number',
  },
  // Below CAMERA_POINTS_FROM_ZOOM a feature is a cell of cameras: `count` and `onlineCount`.
  cameras: { siteId: 'Number', purpose: 'String', heading: 'Number', fov: 'Number', range: 'Number', online: 'Boolean', count: 'Number', onlineCount: 'Number' },
  'key-projects': { siteId: 'Number', code: 'String', name: 'String', rank: 'Number', measuresDone: 'Number' },
  grids: { code: 'String', name: 'String', districtId: 'Number' },
}

const CITY_CENTER = [(CITY_BOUNDS.minLon + CITY_BOUNDS.maxLon) / 2, (CITY_BOUNDS.minLat + CITY_BOUNDS.maxLat) / 2, 10]
const ATTRIBUTION = '苏州市建设工程质量安全监督 SiteGrid'

const servedLayer = (name: string): TileLayer => {
  if (!isTileLayer(name)) throw new AppError(404, 'not_found', `no tile layer ${name}: the layers are ${TILE_LAYERS.join(', ')}`)
  return name
}

/** The cache key's zone: who else may be given the same tile. */
const zoneOf = (layer: TileLayer, scope: SiteScope) => (layerIsScoped(layer) ? scopeZone(scope) : 'all')

/** Where the tiles' addresses start, as the caller reached this router (`/api/tiles` or the wall's), and its query (the wall's token). */
function tilesHere(c: Context, suffix: string) {
  const url = new URL(c.req.url)
  const prefix = url.pathname.slice(0, url.pathname.length - suffix.length).replace(/\/$/, '')
  return { prefix: `${url.origin}${prefix}`, query: url.search }
}

export interface TileRouteOptions {
  /** Whose zone the tiles are cut to: the signed-in user's, or the whole city for the wall's display token. */
  scopeOf?: (c: Context<SessionEnv>) => SiteScope
}

export function tileRoutes({ db, engine, tiles, metrics }: AppDeps, { scopeOf = (c) => c.get('scope') }: TileRouteOptions = {}) {
  // On the primary: a tile is cached until the primary says its rows changed, so it must not be a replica's older copy.
  const render = (layer: TileLayer, scope: SiteScope, at: Tile) => primaryReads(async () => {
    await prepareTile(db, layer, scope, at)
    return engine === 'postgres' ? postgisTile(db, layer, scope, at) : encodeTile(layer, await tileFeatures(db, layer, scope, at))
  })
  const once = singleFlight<CachedTile>()
  const renderOnce = (layer: TileLayer, scope: SiteScope, at: Tile, zone: string) =>
    once(`${layer}/${at.z}/${at.x}/${at.y}@${zone}`, async () => {
      await tiles.ready()
      const renderedAt = tiles.generation()
      const body = await render(layer, scope, at)
      // Gzip is the tile's stored form: compressed once when rendered (hono's compress() skips MVT anyway).
      const rendered = { gzip: body.length ? await gzipped(body) : new Uint8Array(), digest: createHash('sha1').update(body).digest('base64url') }
      tiles.set(layer, at, zone, rendered, renderedAt)
      return rendered
    })
  return featureRouter<SessionEnv>()
    .openapi(catalog, async (c) => {
      const { prefix, query } = tilesHere(c, '')
      const counts = await keptLayerCounts(db, tiles, scopeOf(c))
      const entries = TILE_LAYERS.map((l) => [l, { tilejson: `${prefix}/${l}${query}`, content_type: MVT, features: counts[l] }] as const)
      return c.json({ tiles: Object.fromEntries(entries) as Record<TileLayer, z.infer<typeof CatalogEntry>> }, 200)
    })
    .openapi(tileJson, (c) => {
      const layer = servedLayer(c.req.valid('param').layer)
      const { prefix, query } = tilesHere(c, `/${layer}`)
      const zooms = { minzoom: TILE_MIN_ZOOM[layer], maxzoom: MAX_TILE_ZOOM }
      return c.json({
        tilejson: '3.0.0' as const, name: layer, tiles: [`${prefix}/${layer}/{z}/{x}/{y}.mvt${query}`], ...zooms,
        bounds: [CITY_BOUNDS.minLon, CITY_BOUNDS.minLat, CITY_BOUNDS.maxLon, CITY_BOUNDS.maxLat], center: CITY_CENTER, attribution: ATTRIBUTION,
        vector_layers: [{ id: layer, fields: FIELDS[layer], ...zooms }],
      }, 200)
    })
    .openapi(tile, async (c) => {
      const { layer: name, z: zoom, x, file: y } = c.req.valid('param')
      const layer = servedLayer(name)
      const at = { z: zoom, x, y }
      if (!isValidTile(at)) throw new AppError(400, 'invalid_tile', `no tile ${zoom}/${x}/${y}: x and y must be below 2^z, z at most ${MAX_TILE_ZOOM}`)
      if (zoom < TILE_MIN_ZOOM[layer]) throw new AppError(404, 'not_found', `the ${layer} tiles start at zoom ${TILE_MIN_ZOOM[layer]}`)
      const scope = scopeOf(c)
      const zone = zoneOf(layer, scope)
      const cached = tiles.get(layer, at, zone)
      metrics.tileLookup(cached !== undefined)
      const found = cached ?? await renderOnce(layer, scope, at, zone)
      if (found.gzip.length === 0) return c.body(null, 204, { 'cache-control': 'private, no-cache' }) as never
      // Gzip and identity are two representations, so two strong ETags (RFC 9110 §8.8.3).
      const etag = acceptsGzip(c.req.header('accept-encoding')) ? `"${found.digest}-gz"` : `"${found.digest}"`
      const validators = { etag, 'cache-control': 'private, no-cache' }
      if (holdsCurrent(c.req.header('if-none-match'), etag)) return c.body(null, 304, { ...validators, 'content-type': MVT, vary: 'Accept-Encoding' }) as never
      return await sendBody(c, MVT, found, validators) as never
    })
}
