import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { OpenAPIHono } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { Context, MiddlewareHandler } from 'hono'
import { compress } from 'hono/compress'
import { csrf } from 'hono/csrf'
import type { AppDeps } from './deps.ts'
import { AppError, errorHandler } from './errors.ts'
import { compileTrustProxy } from './http/client.ts'
import { compressApi } from './http/compression.ts'
import { stdioLog } from './http/log.ts'
import { requestContext } from './http/request-context.ts'
import { noStore, securityHeaders } from './http/security-headers.ts'
import { readRouting } from './read-routing.ts'
import { alarmRoutes } from './features/alarms/alarms.routes.ts'
import { auditRoutes } from './features/admin/audit.routes.ts'
import { auditExportRoutes } from './features/audit/retention.routes.ts'
import { signInRoutes } from './features/admin/sign-ins.routes.ts'
import { userRoutes } from './features/admin/users.routes.ts'
import { accountRoutes } from './features/auth/account.routes.ts'
import { authRoutes } from './features/auth/auth.routes.ts'
import { totpRoutes } from './features/auth/totp.routes.ts'
import { forgetSessionsOnAccountWrites, roleBoundary, requireSession, SESSION_COOKIE, type SessionEnv } from './features/auth/session.ts'
import { basemapRoutes } from './features/basemap/basemap.routes.ts'
import { coverageRoutes } from './features/coverage/coverage.routes.ts'
import { craneRoutes } from './features/cranes/cranes.routes.ts'
import { creditRoutes } from './features/credit/credit.routes.ts'
import { displayTokenRoutes } from './features/display-tokens/display-tokens.routes.ts'
import { deviceRoutes } from './features/devices/devices.routes.ts'
import { dustRoutes } from './features/dust/dust.routes.ts'
import { enterpriseRoutes } from './features/enterprises/enterprises.routes.ts'
import { exportRoutes } from './features/exports/exports.routes.ts'
import { hazardRoutes } from './features/hazards/hazards.routes.ts'
import { healthRoutes } from './features/health/health.routes.ts'
import { httpMetrics } from './features/ops/http-metrics.ts'
import { metricsRoutes } from './features/ops/metrics.routes.ts'
import { importRoutes } from './features/imports/imports.routes.ts'
import { importTemplateRoutes } from './features/imports/templates.routes.ts'
import { ingestRoutes, platformRoutes } from './features/ingest/ingest.routes.ts'
import { inspectionRoutes } from './features/inspections/inspections.routes.ts'
import { kpiRoutes } from './features/kpis/kpis.routes.ts'
import { layerRoutes } from './features/layers/layers.routes.ts'
import { myZoneRoutes } from './features/my-zone/my-zone.routes.ts'
import { requireOgcUser } from './features/ogc/ogc.auth.ts'
import { isRead } from './http/methods.ts'
import { ogcRoutes } from './features/ogc/ogc.routes.ts'
import { peopleRoutes } from './features/people/people.routes.ts'
import { certificationRoutes, siteStaffRoutes } from './features/people/staff.routes.ts'
import { photoRoutes } from './features/photos/photos.routes.ts'
import { planningRoutes } from './features/planning/planning.routes.ts'
import { riskRoutes } from './features/risk/risk.routes.ts'
import { siteRoutes } from './features/sites/sites.routes.ts'
import { tileRoutes } from './features/tiles/tiles.routes.ts'
import { testingRoutes } from './features/testing/testing.routes.ts'
import { wallRoutes } from './features/wall/wall.routes.ts'
import { accountabilityRoutes } from './features/accountability/accountability.routes.ts'
import { campaignRoutes } from './features/campaigns/campaigns.routes.ts'
import { chemicalRoutes } from './features/chemicals/chemicals.routes.ts'
import { complaintRoutes } from './features/complaints/complaints.routes.ts'
import { patrolRoutes } from './features/patrol/patrol.routes.ts'
import { scaffoldRoutes } from './features/scaffold/scaffold.routes.ts'
import { demoZoneRoutes, gridRoutes } from './features/zones/zones.routes.ts'
import { historyRoutes } from './features/history/history.routes.ts'
import { trendRoutes } from './features/history/trends.routes.ts'
import { notificationRoutes } from './features/notifications/notifications.routes.ts'
import { reportRoutes } from './features/reports/reports.routes.ts'

const MAX_URL_LENGTH = 4_096
const MAX_BODY_BYTES = 1_000_000
// What a GIS client reads with HTTP Basic besides the OGC API: vector tiles and the GeoJSON layers the style draws.
const GIS_READABLE = /^\/api\/(tiles|layers)\//
const readByGisClient = (c: Context<SessionEnv>) => isRead(c.req.method) && GIS_READABLE.test(c.req.path) && /^Basic\b/i.test(c.req.header('authorization') ?? '')
const smallBodies = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: () => { throw new AppError(413, 'payload_too_large', `request body larger than ${MAX_BODY_BYTES} bytes`) } })

export function createApp(deps: AppDeps) {
  const log = deps.log ?? stdioLog
  const api = new OpenAPIHono()
  // First, so that it times the whole request and counts the status every later layer settled on.
  api.use('*', httpMetrics(deps.metrics))
  api.use('*', compressApi)
  api.use('*', noStore)
  const sameOrigin = csrf()
  const isOgc = (path: string) => path === '/api/ogc' || path.startsWith('/api/ogc/')
  api.use('*', async (c, next) => {
    if (c.req.url.length > MAX_URL_LENGTH) throw new AppError(413, 'request_too_large', `request URL longer than ${MAX_URL_LENGTH} characters`)
    // A GET or HEAD has no body to limit and is no cross-site write; asking for its body would build a whole fetch
    // Request for nothing.
    if (isRead(c.req.method)) return next()
    // Forms and uploads must come from our own origin; JSON writes are covered by the session's CSRF token. The OGC
    // API writes nothing (any other method is its 405) and GIS clients send no Origin, so it has no write to guard.
    const checked = isOgc(c.req.path) ? next : async () => { await sameOrigin(c, next) }
    // Photos and imported files have larger limits of their own (features/photos, features/imports); everything else is small JSON.
    return c.req.path === '/api/photos' || c.req.path.startsWith('/api/imports/') ? checked() : smallBodies(c, checked)
  })
  // Without replicas there is nothing to route, and marking each request would cost it an AsyncLocalStorage
  // context (13 % of a cached tile's throughput, measured in the README).
  if (deps.readsReplicas) api.use('*', readRouting())
  if (deps.sessions) for (const path of ['/auth/*', '/admin/users/*']) api.use(path, forgetSessionsOnAccountWrites(deps.db, deps.sessions))
  const session = requireSession(deps.db, deps.config, deps.sessions)
  const gisUser = requireOgcUser(deps)
  const signedIn: MiddlewareHandler<SessionEnv> = (c, next) => (readByGisClient(c) ? gisUser(c, next) : session(c, next))
  const routes = api
    .route('/health', healthRoutes(deps))
    .route('/auth', authRoutes(deps))
    .route('/auth', accountRoutes(deps))
    .route('/auth/totp', totpRoutes(deps))
    .route('/basemap', basemapRoutes(deps))
    .route('/wall', wallRoutes(deps))
    .route('/ogc', ogcRoutes(deps, gisUser))
    // Vendor platforms authenticate with their own key, not a session.
    .route('/ingest', ingestRoutes(deps))
    // A scraper by its address (METRICS_ALLOW) with no session, or an admin's session: it checks either itself.
    .route('/metrics', metricsRoutes(deps))
    // The 12345 hotline's integration posts with an ingest platform's key; people with their session (checked there).
    .route('/complaints', complaintRoutes(deps))
    // Everything below needs a signed-in user, and reads and writes only what that user's scope allows. GIS clients
    // (QGIS, GDAL, MapLibre Native) read tiles and the style's layers with HTTP Basic, as they read the OGC API.
    .use('*', signedIn)
    .use('*', roleBoundary)
    .route('/layers', layerRoutes(deps))
    .route('/tiles', tileRoutes(deps))
    .route('/sites', siteRoutes(deps))
    .route('/sites', siteStaffRoutes(deps))
    .route('/people', peopleRoutes(deps))
    .route('/certification', certificationRoutes(deps))
    .route('/grids', gridRoutes(deps))
    .route('/demo-zones', demoZoneRoutes(deps))
    .route('/my-zone', myZoneRoutes(deps))
    .route('/risk', riskRoutes(deps))
    .route('/credit', creditRoutes(deps))
    .route('/coverage', coverageRoutes(deps))
    .route('/kpis', kpiRoutes(deps))
    .route('/dust', dustRoutes(deps))
    .route('/inspections', inspectionRoutes(deps))
    .route('/hazards', hazardRoutes(deps))
    .route('/devices', deviceRoutes(deps))
    .route('/cranes', craneRoutes(deps))
    .route('/alarms', alarmRoutes(deps))
    .route('/photos', photoRoutes(deps))
    .route('/planning', planningRoutes(deps))
    .route('/enterprises', enterpriseRoutes(deps))
    .route('/exports', exportRoutes(deps))
    .route('/imports/templates', importTemplateRoutes(deps))
    .route('/imports', importRoutes(deps))
    .route('/testing', testingRoutes(deps))
    .route('/campaigns', campaignRoutes(deps))
    .route('/chemicals', chemicalRoutes(deps))
    .route('/scaffold', scaffoldRoutes(deps))
    .route('/patrol', patrolRoutes(deps))
    .route('/accountability', accountabilityRoutes(deps))
    .route('/history', historyRoutes(deps))
    .route('/history', trendRoutes(deps))
    .route('/reports', reportRoutes(deps))
    .route('/notifications', notificationRoutes(deps))
    .route('/admin/users', userRoutes(deps))
    .route('/admin/audit', auditRoutes(deps))
    .route('/admin/audit/exports', auditExportRoutes(deps))
    .route('/admin/sign-ins', signInRoutes(deps))
    .route('/admin/display-tokens', displayTokenRoutes(deps))
    .route('/admin/ingest-platforms', platformRoutes(deps))
  api.onError(errorHandler(log))

  const edge = new OpenAPIHono()
  // Before every route, the API's and the web app's: the client and request id, the log line, the security headers.
  edge.use('*', requestContext(compileTrustProxy(deps.config.TRUST_PROXY), log), securityHeaders(deps.config))
  const app = edge.route('/api', routes)
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'POST /api/auth/login; writes also need the x-csrf-token header' })
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'SiteGrid API', version: '0.1.0', description: '苏州市建设工程质量安全智慧监管平台 API. Coordinates are WGS-84 (EPSG:4326).' },
  })
  // Registered before the web app so that an unknown API path never falls through to index.html.
  app.all('/api/*', (c) => { throw new AppError(404, 'not_found', `no route for ${c.req.method} ${c.req.path}`) })
  app.onError(errorHandler(log))
  mountWeb(app, deps.config.WEB_DIST)
  return app
}

export type AppType = ReturnType<typeof createApp>

/** The built web app, with client-side routes (/wall, /zone …) falling back to index.html. */
function mountWeb(app: OpenAPIHono, dist: string) {
  const index = path.join(dist, 'index.html')
  if (!existsSync(index)) {
    app.get('/', (c) => c.text('SiteGrid API is running; the web app is not built (npm run build).', 503))
    return
  }
  const html = readFileSync(index, 'utf8')
  // 2.4 MB of script on a first visit is 0.7 MB gzipped. Vite names each asset by its content: it never changes.
  app.use('/*', compress())
  app.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable')
  })
  app.use('/*', serveStatic({ root: dist }))
  app.get('*', (c) => c.html(html))
}
