import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import { asOf, beijingIso, LIVE } from '../../../db/sql.ts'
import { displayTokenStillStands, requireDisplayToken } from '../../auth.ts'
import type { AppDeps } from '../../deps.ts'
import { ALARM_KINDS } from '../../domain/alarm-rules.ts'
import { CITY_SCOPE } from '../../domain/roles.ts'
import { authErrorResponses, CalendarDay, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { capturedDays, keptKpis } from '../history/history.repo.ts'
import { Days, KeptKpis, noHistory, Playback, sendPlayback } from '../history/history.routes.ts'
import { kpiReport } from '../kpis/kpis.report.ts'
import { districtsLayer, keyProjectsLayer, siteColumns, sitesLayer, waterLayer } from '../layers/layers.repo.ts'
import * as send from '../layers/layer-bodies.ts'
import { LIVE_EVENT_KINDS, newestEventId, recentEvents } from '../live/live.repo.ts'
import { streamLiveEvents } from '../live/live.stream.ts'
import { tileRoutes } from '../tiles/tiles.routes.ts'

/*
 * Everything the command-center wall reads, behind a read-only display token: a snapshot (KPIs and the alert
 * feed), the map layers it draws (as tiles for a city of more than SITE_TILES_ABOVE sites) and its basemap's, and a
 * Server-Sent Events stream of what changes.
 */

const ALERTS_SHOWN = 30

const errors = { ...errorResponses, ...authErrorResponses }
const token = { query: z.object({ token: z.string().max(200).optional().openapi({ description: 'display token (or Authorization: Bearer)' }) }) }
const Alert = z.object({
  id: z.number(), at: z.string(), kind: z.enum(LIVE_EVENT_KINDS),
  siteId: z.number(), siteName: z.string(), districtName: z.string(), refId: z.number().nullable(), value: z.number().nullable(),
  alarmKind: z.enum(ALARM_KINDS).nullable(), alarmName: z.string().nullable().openapi({ description: 'the alarm kind\'s Chinese name, for alarm events' }),
}).openapi('LiveEvent')

const snapshot = createRoute({
  method: 'get', path: '/snapshot', tags: ['wall'], request: token,
  summary: 'The wall\'s KPIs and alert feed as of now, with the newest event id to stream from',
  responses: {
    200: jsonResponse('Snapshot', z.object({ asOf: z.string(), lastEventId: z.number(), alerts: z.array(Alert), kpis: z.object({}).passthrough() })),
    ...errors,
  },
})
const geojson = { 200: { description: 'GeoJSON FeatureCollection, WGS-84', content: { 'application/geo+json': { schema: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }) } } }, ...errors }
const sitesRoute = createRoute({ method: 'get', path: '/layers/sites', tags: ['wall'], request: token, summary: 'Every site with risk and coverage, for the wall map', responses: geojson })
const siteColumnsRoute = createRoute({
  method: 'get', path: '/layers/site-columns', tags: ['wall'], request: token, responses: { ...send.siteColumnsResponses, ...errors },
  summary: 'Every site with risk and coverage in columns, for the wall map: what it downloads instead of /layers/sites',
})
const districtsRoute = createRoute({ method: 'get', path: '/layers/districts', tags: ['wall'], request: token, summary: 'District boundaries and names, for the wall\'s basemap and district tour', responses: geojson })
const waterRoute = createRoute({ method: 'get', path: '/layers/water', tags: ['wall'], request: token, summary: 'Lakes and rivers, for the wall\'s basemap', responses: geojson })
const keyProjectsRoute = createRoute({ method: 'get', path: '/layers/key-projects', tags: ['wall'], request: token, summary: 'The key projects with their measures, for the wall map', responses: geojson })

const historyDays = createRoute({ method: 'get', path: '/history/days', tags: ['wall'], request: token, summary: 'The days the history keeps, for the wall\'s slider and trend tour', responses: { 200: jsonResponse('Captured days', Days), ...errors } })
const historyPlayback = createRoute({
  method: 'get', path: '/history/playback', tags: ['wall'], request: { query: token.query.extend({ date: CalendarDay }) },
  summary: 'Every site as it stood at the end of a day, for replaying the wall map', responses: { 200: jsonResponse('The day\'s sites', Playback), ...errors },
})
const historySnapshot = createRoute({
  method: 'get', path: '/history/snapshot', tags: ['wall'], request: { query: token.query.extend({ date: CalendarDay }) },
  summary: 'The city\'s KPIs as they stood at the end of a day', responses: { 200: jsonResponse('The day\'s KPIs', KeptKpis), ...errors },
})

export function wallRoutes(deps: AppDeps) {
  const { db, analytics, refresher, live, metrics, clock, tiles } = deps
  const sendColumns = send.siteColumnsSender(tiles)
  const streams = metrics.liveStream('wall')
  const router = featureRouter()
  router.use('*', requireDisplayToken(db))
  return router
    .openapi(snapshot, async (c) => {
      await refresher.refresh()
      const [kpis, alerts, lastEventId, { rows }] = await Promise.all([
        kpiReport(db, {}, analytics.dust, clock ? asOf(clock()) : LIVE), recentEvents(db, ALERTS_SHOWN), newestEventId(db),
        sql<{ asOf: string }>`SELECT ${beijingIso(sql`now()`)} AS "asOf"`.execute(db),
      ])
      return c.json({ asOf: rows[0].asOf, lastEventId, alerts, kpis }, 200)
    })
    .openapi(sitesRoute, async (c) => { await refresher.refresh(); return send.geojson(c, await sitesLayer(db, { scope: CITY_SCOPE }, 'point')) })
    .openapi(siteColumnsRoute, async (c) => {
      const rescored = await refresher.refresh()
      // The key the city's own unfiltered map uses: the wall and the command center share one body.
      return sendColumns(c, rescored > 0 ? null : send.siteColumnsKey({}, CITY_SCOPE), () => siteColumns(db, { scope: CITY_SCOPE }))
    })
    .openapi(keyProjectsRoute, async (c) => send.geojson(c, await keyProjectsLayer(db, CITY_SCOPE)))
    .openapi(districtsRoute, async (c) => send.geojson(c, await districtsLayer(db, CITY_SCOPE)))
    .openapi(waterRoute, async (c) => send.geojson(c, await waterLayer(db)))
    .openapi(historyDays, async (c) => c.json({ days: await capturedDays(db) }, 200))
    .openapi(historyPlayback, async (c) => sendPlayback(c, db, CITY_SCOPE, c.req.valid('query').date))
    .openapi(historySnapshot, async (c) => {
      const { date } = c.req.valid('query')
      const kept = await keptKpis(db, date, null)
      if (!kept) throw noHistory(date)
      return c.json({ date, ...kept }, 200)
    })
    .get('/events', (c) => streamLiveEvents(c, { db, live, streams, stillAllowed: displayTokenStillStands(c, db) }))
    // A city too large for the site columns (SITE_TILES_ABOVE) is drawn from the same tiles the command center reads.
    .route('/tiles', tileRoutes(deps, { scopeOf: () => CITY_SCOPE }))
}
