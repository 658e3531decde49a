import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { roleBoundary, type SessionEnv } from '../auth/session.ts'
import { isRead } from '../../http/methods.ts'
import { CqlError, parseCql2Text } from '../../domain/cql2.ts'
import { checkCql2Json } from '../../domain/cql2-json.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { bboxIn, CRS84, crsOf, OgcBbox, OgcBboxCrsParam, OgcCrsParam, OgcFilterCrsParam, SUPPORTED_CRS } from './ogc.crs.ts'
import { cqlCondition, type FilterCrs } from './ogc.filter.ts'
import { DEFAULT_LIMIT, LIMIT_PARAMETER, NEXT_PAGE_MIN_LIMIT, OgcDatetime, OgcLimit, OgcOffset, OgcProperties, OgcSortby } from './ogc.params.ts'
import { COLLECTION_IDS, type CollectionId, type Source, SOURCES } from './ogc.collections.repo.ts'
import { isQueryable, queryablesOf } from './ogc.queryables.ts'
import * as html from './ogc.html.ts'
import * as repo from './ogc.repo.ts'

/*
 * OGC API – Features (Part 1: Core, GeoJSON, OpenAPI 3.0; Part 2: CRS) over every map layer, so that QGIS, GDAL and
 * other GIS tools read the portal's layers directly, each user within their zone. Read-only: GET and HEAD.
 */

/** Where app.ts mounts this router; links are absolute because GIS clients do not resolve relative ones. */
const MOUNT = '/api/ogc'
const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian'
const CONFORMANCE = [...['core', 'geojson', 'oas30'].map((c) => `http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/${c}`),
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  ...['queryables', 'filter', 'features-filter'].map((c) => `http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/${c}`),
  ...['cql2-text', 'cql2-json', 'basic-cql2', 'advanced-comparison-operators', 'basic-spatial-functions', 'basic-spatial-functions-plus']
    .map((c) => `http://www.opengis.net/spec/cql2/1.0/conf/${c}`)]
const MEDIA = { json: 'application/json', geojson: 'application/geo+json', openapi: 'application/vnd.oai.openapi+json;version=3.0', schema: 'application/schema+json' }
// A filter comes in the URL, whose whole length is capped at 4,096 by app.ts.
const MAX_URL_FILTER = 4_000
const HTML_LIMIT = 100
const QUERYABLES_REL = 'http://www.opengis.net/def/rel/ogc/1.0/queryables'

const Link = z.object({ href: z.string(), rel: z.string(), type: z.string(), title: z.string().optional() }).openapi('OgcLink')
const Collection = z.object({
  id: z.string(), title: z.string(), description: z.string(), itemType: z.literal('feature'), crs: z.array(z.string()), storageCrs: z.string(),
  extent: z.object({
    spatial: z.object({ bbox: z.array(z.array(z.number())), crs: z.string() }),
    temporal: z.object({ interval: z.array(z.array(z.string().nullable())), trs: z.string() }).optional(),
  }),
  links: z.array(Link),
}).openapi('OgcCollection')
const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'), timeStamp: z.string(), numberMatched: z.number().int(), numberReturned: z.number().int(),
  links: z.array(Link), features: z.array(z.record(z.string(), z.unknown())),
}).openapi('OgcFeatureCollection')

// Unknown parameters are refused (400), as the standard requires: a misspelt filter must not silently match everything.
const JsonOnly = z.object({ f: z.enum(['json', 'html']).optional() }).strict()
const Format = z.enum(['json', 'geojson', 'html']).optional().openapi({ description: 'Served as application/json, (the default) application/geo+json, or a page for people' })
const ItemsQuery = z.object({
  bbox: OgcBbox.optional(), 'bbox-crs': OgcBboxCrsParam, datetime: OgcDatetime.optional(), limit: OgcLimit.optional(), offset: OgcOffset.optional(),
  crs: OgcCrsParam, sortby: OgcSortby.optional(), properties: OgcProperties.optional(),
  filter: z.string().max(MAX_URL_FILTER).optional().openapi({ example: "riskGrade = 'red' AND startDate > DATE('2026-01-01')", description: 'A CQL2 filter over the queryables' }),
  'filter-lang': z.enum(['cql2-text', 'cql2-json']).optional().openapi({ description: 'The encoding of filter (cql2-text by default)' }),
  'filter-crs': OgcFilterCrsParam, f: Format,
}).strict()
const CollectionParams = z.object({ collectionId: z.string().max(40).openapi({ param: { name: 'collectionId', in: 'path' }, example: 'sites' }) })
const FeatureParams = CollectionParams.extend({ featureId: z.string().max(40).openapi({ param: { name: 'featureId', in: 'path' }, example: '42' }) })

const errors = { ...errorResponses, ...authErrorResponses, 429: errorResponse('Too many sign-in attempts (Basic)') }
const geojsonResponse = <T extends z.ZodType>(description: string, schema: T) =>
  ({ description, content: { [MEDIA.geojson]: { schema }, [MEDIA.json]: { schema } } })
const get = <P extends string, R extends object, S extends object>(path: P, summary: string, request: R, ok: S) =>
  createRoute({ method: 'get', path, summary, tags: ['ogc'], request, responses: { 200: ok, ...errors } })

const landing = get('/', 'OGC API – Features landing page', { query: JsonOnly },
  jsonResponse('Links to the API definition, conformance and collections', z.object({ title: z.string(), description: z.string(), links: z.array(Link) })))
const apiDefinition = get('/api', 'This API’s OpenAPI 3.0 definition (what QGIS reads its page size from)', { query: JsonOnly },
  { description: 'OpenAPI 3.0', content: { [MEDIA.openapi]: { schema: z.record(z.string(), z.unknown()) } } })
const conformance = get('/conformance', 'The conformance classes implemented', { query: JsonOnly },
  jsonResponse('Conformance declaration', z.object({ conformsTo: z.array(z.string()) })))
const collections = get('/collections', 'The feature collections: every map layer you may read', { query: JsonOnly },
  jsonResponse('Collections', z.object({ links: z.array(Link), collections: z.array(Collection) })))
const collection = get('/collections/{collectionId}', 'One collection', { params: CollectionParams, query: JsonOnly }, jsonResponse('Collection', Collection))
const items = get('/collections/{collectionId}/items', 'A page of features, by id, filtered by bbox and datetime',
  { params: CollectionParams, query: ItemsQuery }, geojsonResponse('GeoJSON FeatureCollection in the crs asked for (CRS84 by default)', FeatureCollection))
const queryables = get('/collections/{collectionId}/queryables', 'The properties a collection can be sorted and filtered by (JSON Schema)',
  { params: CollectionParams, query: JsonOnly }, { description: 'JSON Schema 2019-09', content: { [MEDIA.schema]: { schema: z.record(z.string(), z.unknown()) } } })
const feature = get('/collections/{collectionId}/items/{featureId}', 'One feature', { params: FeatureParams, query: z.object({ crs: OgcCrsParam, properties: OgcProperties.optional(), f: Format }).strict() },
  geojsonResponse('GeoJSON Feature in the crs asked for (CRS84 by default)', z.record(z.string(), z.unknown())))

const link = (href: string, rel: string, type: string, title?: string) => ({ href, rel, type, ...(title ? { title } : {}) })
const baseOf = (c: Context) => `${new URL(c.req.url).origin}${MOUNT}`
type FormatName = 'json' | 'geojson' | 'html' | undefined
const mediaOf = (f: FormatName) => (f === 'json' ? MEDIA.json : f === 'html' ? 'text/html' : MEDIA.geojson)

function collectionOf(id: string): CollectionId {
  const known = COLLECTION_IDS.find((c) => c === id)
  if (!known) throw new AppError(404, 'not_found', `no collection ${id}: there are ${COLLECTION_IDS.join(', ')}`)
  return known
}

/** A CQL2 filter as a SQL condition on the collection; a filter that does not parse or fit is a 400 that says why. */
function compileFilter(text: string, lang: 'cql2-text' | 'cql2-json' | undefined, source: Source, scope: SiteScope, crs: FilterCrs) {
  try {
    const tree = lang === 'cql2-json' ? checkCql2Json(JSON.parse(text)) : parseCql2Text(text)
    return cqlCondition(tree, source, scope, crs)
  } catch (error) {
    if (!(error instanceof CqlError || error instanceof SyntaxError)) throw error
    throw new AppError(400, 'invalid_request', `filter: ${error.message}`, [{ path: ['filter'], message: error.message }])
  }
}

/** Names given in `parameter` that the collection has (sortable ones for sortby); a 400 names the others. */
function checkProperties(id: CollectionId, parameter: 'sortby' | 'properties', names: string[] | undefined) {
  const known = SOURCES[id].properties.filter((p) => parameter === 'properties' || isQueryable(p.type)).map((p) => p.name)
  const unknown = names?.filter((name) => !known.includes(name)) ?? []
  if (unknown.length) {
    throw new AppError(400, 'invalid_request', `${parameter}: ${id} has no ${parameter === 'sortby' ? 'sortable ' : ''}property ${unknown.join(', ')}; it has ${known.join(', ')}`,
      [{ path: [parameter], message: `unknown: ${unknown.join(', ')}` }])
  }
  return names
}

function collectionJson(base: string, id: CollectionId, extent: repo.Extent): z.infer<typeof Collection> {
  const href = `${base}/collections/${id}`
  const temporal = extent.firstDay && extent.lastDay
    ? { temporal: { interval: [[`${extent.firstDay}T00:00:00+08:00`, `${extent.lastDay}T23:59:59+08:00`]], trs: GREGORIAN } } : {}
  return {
    id, title: SOURCES[id].title, description: SOURCES[id].description, itemType: 'feature', crs: SUPPORTED_CRS.map((c) => c.uri), storageCrs: CRS84,
    extent: { spatial: { bbox: [extent.bbox], crs: CRS84 }, ...temporal },
    links: [link(href, 'self', MEDIA.json), link(`${href}/items`, 'items', MEDIA.geojson, `${SOURCES[id].title} (GeoJSON)`),
      link(`${href}/queryables`, QUERYABLES_REL, MEDIA.schema, 'The properties to sort and filter by')],
  }
}

/** `path` with the request's query parameters (filters, CRSs, format), some of them replaced. */
function withRequestQuery(c: Context, path: string, replace: Record<string, string | undefined>) {
  const params = new URLSearchParams(new URL(c.req.url).search)
  for (const [name, value] of Object.entries(replace)) if (value !== undefined) params.set(name, value)
  // Commas, slashes and colons are legal in a query and keep bbox, datetime and CRS URIs readable.
  const search = params.toString().replace(/%2C/g, ',').replace(/%2F/g, '/').replace(/%3A/g, ':')
  return `${baseOf(c)}${path}${search ? `?${search}` : ''}`
}

/** The links of a page: each keeps the request's parameters and moves only the offset and limit. */
function pageLinks(c: Context, id: CollectionId, query: z.infer<typeof ItemsQuery>, page: { limit: number; offset: number; returned: number; matched: number }) {
  const href = (offset: number, f = query.f, limit = page.limit) =>
    withRequestQuery(c, `/collections/${id}/items`, { limit: String(limit), offset: String(offset), f })
  const other = query.f === 'geojson' || query.f === undefined ? 'json' : 'geojson'
  const links = [
    link(href(page.offset), 'self', mediaOf(query.f)), link(href(page.offset, other), 'alternate', mediaOf(other)),
    link(`${baseOf(c)}/collections/${id}`, 'collection', MEDIA.json),
  ]
  if (page.offset + page.returned < page.matched) {
    // A person's next page is as long as this one; a client's grows to the default (GDAL's 10 become 1,000).
    const nextLimit = query.f === 'html' ? page.limit : Math.max(page.limit, NEXT_PAGE_MIN_LIMIT)
    links.push(link(href(page.offset + page.limit, query.f, nextLimit), 'next', mediaOf(query.f)))
  }
  if (page.offset > 0) links.push(link(href(Math.max(0, page.offset - page.limit)), 'prev', mediaOf(query.f)))
  return links
}

// Content-Crs names the CRS of the coordinates (Part 2, /req/crs/ogc-crs-header), as a URI in angle brackets.
const geojson = (c: Context, body: string, f: FormatName, crsUri: string) =>
  c.body(body, 200, { 'content-type': `${mediaOf(f)}; charset=utf-8`, 'content-crs': `<${crsUri}>` }) as never

/** `signIn` is the app's one Basic-or-session check, shared with tiles so a GIS client's verified password is remembered once. */
export function ogcRoutes(deps: AppDeps, signIn: MiddlewareHandler<SessionEnv>) {
  const { db, refresher } = deps
  const router = featureRouter<SessionEnv>()
  // Only reads are signed in: any other method is the 405 below, for anyone, as it reads and writes nothing.
  router.use('*', (c, next) => (isRead(c.req.method) ? signIn(c, next) : next()))
  router.use('*', (c, next) => (isRead(c.req.method) ? roleBoundary(c, next) : next()))
  router.openAPIRegistry.registerComponent('parameters', 'limit', LIMIT_PARAMETER)
  const routes = router
    .openapi(landing, (c) => {
      const links = [link(baseOf(c), 'self', MEDIA.json), link(`${baseOf(c)}/api`, 'service-desc', MEDIA.openapi, 'The API definition'),
        link(`${baseOf(c)}/conformance`, 'conformance', MEDIA.json), link(`${baseOf(c)}/collections`, 'data', MEDIA.json, 'The collections')]
      if (html.wantsHtml(c, c.req.valid('query').f)) return c.html(html.landingPage(links)) as never
      return c.json({ title: 'SiteGrid OGC API – Features', description: '苏州市建设工程质量安全智慧监管平台: every map layer in CRS84 or CGCS2000, each user within their zone', links }, 200)
    })
    .openapi(apiDefinition, (c) => c.body(JSON.stringify(router.getOpenAPIDocument({
      openapi: '3.0.3', servers: [{ url: baseOf(c) }],
      info: { title: 'SiteGrid OGC API – Features', version: '1.0.0', description: 'HTTP Basic with a portal account, or the portal’s session cookie' },
    })), 200, { 'content-type': MEDIA.openapi }) as never)
    .openapi(conformance, (c) => (html.wantsHtml(c, c.req.valid('query').f) ? c.html(html.conformancePage(CONFORMANCE)) as never : c.json({ conformsTo: CONFORMANCE }, 200)))
    .openapi(collections, async (c) => {
      const extents = await repo.extents(db, c.get('scope'))
      const base = baseOf(c)
      const all = COLLECTION_IDS.map((id) => collectionJson(base, id, extents[id]))
      if (html.wantsHtml(c, c.req.valid('query').f)) return c.html(html.collectionsPage(all)) as never
      return c.json({ links: [link(`${base}/collections`, 'self', MEDIA.json)], collections: all }, 200)
    })
    .openapi(collection, async (c) => {
      const id = collectionOf(c.req.valid('param').collectionId)
      const json = collectionJson(baseOf(c), id, (await repo.extents(db, c.get('scope')))[id])
      return html.wantsHtml(c, c.req.valid('query').f) ? c.html(html.collectionPage(json)) as never : c.json(json, 200)
    })
    .openapi(items, async (c) => {
      const id = collectionOf(c.req.valid('param').collectionId)
      const query = c.req.valid('query')
      const asHtml = html.wantsHtml(c, query.f)
      // A page for people holds a screenful of rows unless asked for more.
      const [limit, offset] = [query.limit ?? (asHtml ? HTML_LIMIT : DEFAULT_LIMIT), query.offset ?? 0]
      await refresher.refresh()
      const crs = crsOf(query.crs)
      const bbox = query.bbox && bboxIn(query.bbox, crsOf(query['bbox-crs']))
      const sortby = query.sortby ?? []
      checkProperties(id, 'sortby', sortby.map((k) => k.property))
      const form = { ...crs, properties: checkProperties(id, 'properties', query.properties) }
      const condition = query.filter === undefined ? undefined
        : compileFilter(query.filter, query['filter-lang'], SOURCES[id], c.get('scope'), crsOf(query['filter-crs']))
      const page = await repo.itemsPage(db, c.get('scope'), id, { bbox, datetime: query.datetime, condition }, { limit, offset, sortby }, form)
      const links = pageLinks(c, id, query, { limit, offset, returned: page.numberReturned, matched: page.numberMatched })
      if (asHtml) {
        const itemHref = (fid: number) => `${baseOf(c)}/collections/${id}/items/${fid}?f=html`
        return c.html(html.itemsPage(SOURCES[id].title, page.numberMatched, JSON.parse(page.features), links, itemHref, crs.northFirst)) as never
      }
      const head = JSON.stringify({ type: 'FeatureCollection', timeStamp: new Date().toISOString(), numberMatched: page.numberMatched, numberReturned: page.numberReturned, links })
      // The features are JSON text from PostgreSQL, spliced in rather than parsed and serialised again.
      return geojson(c, `${head.slice(0, -1)},"features":${page.features}}`, query.f, crs.uri)
    })
    .openapi(queryables, (c) => {
      const id = collectionOf(c.req.valid('param').collectionId)
      const body = queryablesOf(`${baseOf(c)}/collections/${id}/queryables`, SOURCES[id])
      return c.body(JSON.stringify(body), 200, { 'content-type': MEDIA.schema }) as never
    })
    .openapi(feature, async (c) => {
      const { collectionId, featureId } = c.req.valid('param')
      const id = collectionOf(collectionId)
      const { f, crs: crsUri, properties } = c.req.valid('query')
      const crs = crsOf(crsUri)
      const form = { ...crs, properties: checkProperties(id, 'properties', properties) }
      await refresher.refresh()
      const text = /^[1-9]\d{0,8}$/.test(featureId) ? await repo.item(db, c.get('scope'), id, Number(featureId), form) : undefined
      if (!text) throw new AppError(404, 'not_found', `no feature ${featureId} in ${id}`)
      const path = `/collections/${id}/items/${featureId}`
      const other = f === 'geojson' || f === undefined ? 'json' : 'geojson'
      const links = [link(withRequestQuery(c, path, {}), 'self', mediaOf(f)),
        link(withRequestQuery(c, path, { f: other }), 'alternate', mediaOf(other)), link(`${baseOf(c)}/collections/${id}`, 'collection', MEDIA.json)]
      if (html.wantsHtml(c, f)) return c.html(html.featurePage(SOURCES[id].title, JSON.parse(text), links, crs.northFirst)) as never
      return geojson(c, `${text.slice(0, -1)},"links":${JSON.stringify(links)}}`, f, crs.uri)
    })
  // After the routes: anything else under /api/ogc is not found, and nothing here may be written.
  routes.all('*', (c) => {
    if (isRead(c.req.method)) throw new AppError(404, 'not_found', `no OGC API resource at ${c.req.path}`)
    c.header('Allow', 'GET, HEAD')
    throw new AppError(405, 'method_not_allowed', 'the OGC API is read-only: GET and HEAD')
  })
  return routes
}
