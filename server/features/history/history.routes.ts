import { createRoute, z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { AppDeps } from '../../deps.ts'
import type { Principal, SiteScope } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { acceptsGzip, gunzipped, gzipped } from '../../gzip.ts'
import type { SessionEnv } from '../auth/session.ts'
import { CalendarDay, errorResponses, featureRouter, jsonResponse, PositiveId } from '../../validation.ts'
import { scopeExists } from '../kpis/kpis.repo.ts'
import { capturedDays, keptCityPlayback, keptKpis, playbackJson } from './history.repo.ts'

/* The kept history for people: which days there are, a day's sites for replaying the map, a day's KPIs. */


export const Days = z.object({ days: z.array(z.string()).openapi({ description: 'the captured days, oldest first' }) }).openapi('HistoryDays')
const Grade = z.enum(['red', 'orange', 'yellow', 'blue']).nullable()
export const Playback = z.object({
  date: z.string(),
  sites: z.object({
    ids: z.array(z.number()),
    scores: z.array(z.number().nullable()),
    grades: z.array(Grade),
    open: z.array(z.number()).openapi({ description: 'hazards open at the end of the day' }),
    overdue: z.array(z.number()),
    key: z.array(z.number().nullable()).openapi({ description: 'key projects\' measures done: enclosure 1 | dust net 2 | spraying 4; null when not a key project' }),
    pm10: z.array(z.number()).openapi({ description: 'averaged PM10 windows over the limit that day' }),
  }).openapi({ description: 'one entry per site, in the same order in every array' }),
}).openapi('HistoryPlayback')
export const KeptKpis = z.object({ date: z.string(), asOf: z.string(), kpis: z.object({}).passthrough() }).openapi('HistoryKpis')

const days = createRoute({
  method: 'get', path: '/days', tags: ['history'], summary: 'The days the history keeps (each ended day since the history began)',
  responses: { 200: jsonResponse('Captured days', Days), ...errorResponses },
})
const playback = createRoute({
  method: 'get', path: '/playback', tags: ['history'], request: { query: z.object({ date: CalendarDay }) },
  summary: 'Every site in your zone as it stood at the end of a day: risk, hazards, key-project measures, PM10 — for replaying the map',
  responses: { 200: jsonResponse('The day\'s sites, as columns', Playback), ...errorResponses },
})
const kpis = createRoute({
  method: 'get', path: '/kpis', tags: ['history'], request: { query: z.object({ date: CalendarDay, district: PositiveId.optional() }) },
  summary: 'The KPIs (the object GET /api/kpis returns) of the city or a district as they stood at the end of a day',
  responses: { 200: jsonResponse('The day\'s KPIs', KeptKpis), ...errorResponses },
})

export const noHistory = (date: string) => new AppError(404, 'no_history', `the history keeps no ${date}: days are kept once they have ended, from when the history began`)

/**
 * A kept day's sites for playback: the city's as gzipped when the day was kept, a narrower zone's built now. The
 * body is JSON text from PostgreSQL; the cast tells hono/client what it parses to.
 */
export async function sendPlayback(c: Context, db: Kysely<DB>, scope: SiteScope, date: string) {
  const kept = await keptCityPlayback(db, date)
  if (!kept) throw noHistory(date)
  const gzip = scope.kind === 'city' ? kept : await gzipped(await playbackJson(db, scope, date))
  const headers = { 'content-type': 'application/json; charset=utf-8', vary: 'Accept-Encoding' }
  const response = acceptsGzip(c.req.header('accept-encoding'))
    ? c.body(gzip as Uint8Array<ArrayBuffer>, 200, { ...headers, 'content-encoding': 'gzip' })
    : c.body(await gunzipped(gzip) as Uint8Array<ArrayBuffer>, 200, headers)
  return response as unknown as TypedResponse<z.infer<typeof Playback>, 200, 'json'>
}

/**
 * Whose KPI rows a principal reads: anyone reading the city may read the city's or any district's; everyone else
 * only their own district's (the history keeps no grid rollups).
 */
function kpiArea(principal: Principal, scopeKind: string, district: number | undefined): number | null {
  if (scopeKind === 'city') return district ?? null
  if (principal.districtId === null || (district !== undefined && district !== principal.districtId)) {
    throw new AppError(403, 'forbidden', 'the history of other areas than your district is not yours to read')
  }
  return principal.districtId
}

export function historyRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(days, async (c) => c.json({ days: await capturedDays(db) }, 200))
    .openapi(playback, async (c) => sendPlayback(c, db, c.get('scope'), c.req.valid('query').date))
    .openapi(kpis, async (c) => {
      const { date, district } = c.req.valid('query')
      if (district && !(await scopeExists(db, { districtId: district }))) throw new AppError(404, 'not_found', `no district ${district}`)
      const area = kpiArea(c.get('principal'), c.get('scope').kind, district)
      const kept = await keptKpis(db, date, area)
      if (!kept) throw noHistory(date)
      return c.json({ date, ...kept }, 200)
    })
}
