import { createRoute, z } from '@hono/zod-openapi'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { beijingDay, shiftDay } from '../../domain/time.ts'
import { comparePeriods, KPI_KEYS, kpiSeriesDef, MAX_RANGE_DAYS, rangeProblem } from '../../domain/kpi-series.ts'
import { largestMove } from '../../domain/site-timeline.ts'
import type { SiteScope } from '../../domain/roles.ts'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { districtInScope, siteInScope } from '../auth/site-scope.ts'
import { AppError } from '../../errors.ts'
import { CalendarDay, errorResponses, featureRouter, IdParam, jsonResponse, PositiveId } from '../../validation.ts'
import { lastCapturedDay } from './history.repo.ts'
import { type Areas, districtNames, kpiSeries, siteDays, siteEvents } from './trends.repo.ts'

/*
 * Trends over time (issue 23): every KPI per day for the city, a district or each district side by side, two periods
 * compared, and a site's own timeline. All from the kept history (kpi_days, site_days). A district supervisor reads
 * their district's figures, never the city's or another district's (404, as for a site outside their zone).
 */

const MetricList = z.string().max(600)
  .transform((text) => [...new Set(text.split(',').map((v) => v.trim()))])
  .pipe(z.array(z.enum(KPI_KEYS)).min(1))
  .openapi({ example: 'openHazards,meanRisk', description: `comma-separated, of: ${KPI_KEYS.join(', ')}` })
const District = PositiveId.optional().openapi({ description: 'a district id; left out, the city (or, for a district supervisor, their district)' })
const Range = { from: CalendarDay.optional(), to: CalendarDay.optional() }
const LastDays = z.string().regex(/^[1-9][0-9]{0,2}$/).transform(Number).optional()
  .openapi({ description: 'without from/to: this many days up to the last captured day (default 30)' })

const Nullable = z.number().nullable()
const SeriesBody = z.object({
  from: z.string(), to: z.string(), days: z.array(z.string()),
  series: z.array(z.object({ metric: z.enum(KPI_KEYS), districtId: z.number().nullable(), name: z.string().nullable(), values: z.array(Nullable) })),
}).openapi('KpiSeries')
const Change = z.object({
  key: z.enum(KPI_KEYS), mode: z.enum(['end', 'mean']), a: Nullable, b: Nullable, change: Nullable, relative: Nullable,
  trend: z.enum(['better', 'worse', 'same', 'neutral']).nullable(),
})
const Period = z.object({ from: z.string(), to: z.string(), days: z.number().openapi({ description: 'captured days in the period' }) })
const CompareBody = z.object({ districtId: z.number().nullable(), a: Period, b: Period, kpis: z.array(Change) }).openapi('KpiComparison')
const FactorMove = z.object({ factor: z.string(), from: z.number(), to: z.number(), change: z.number() })
const TimelineBody = z.object({
  siteId: z.number(), from: z.string(), to: z.string(),
  days: z.array(z.object({ date: z.string(), score: Nullable, grade: z.string().nullable(), moved: FactorMove.nullable() })),
  last: z.object({ date: z.string(), score: Nullable, grade: z.string().nullable(), breakdown: z.array(z.object({ factor: z.string(), points: z.number() }).passthrough()) }).nullable(),
  events: z.array(z.object({
    at: z.string(), kind: z.enum(['inspection', 'hazard_opened', 'hazard_closed', 'pm10_episode', 'notice']), title: z.string(),
    refId: z.number().nullable(), until: z.string().optional().openapi({ description: 'a PM10 episode\'s last day' }),
  })),
}).openapi('SiteTimeline')

const getSeries = createRoute({
  method: 'get', path: '/series', tags: ['history'],
  summary: 'KPIs per day from the kept history, for the city, a district, or every district side by side (by=district)',
  request: { query: z.object({ metric: MetricList, ...Range, days: LastDays, district: District, by: z.enum(['district']).optional() }) },
  responses: { 200: jsonResponse('One series per KPI and area, aligned with `days`', SeriesBody), ...errorResponses },
})
const getCompare = createRoute({
  method: 'get', path: '/compare', tags: ['history'],
  summary: 'Every KPI over two periods: B against A, each summed up by its end value or its mean (see server/domain/kpi-series.ts)',
  request: { query: z.object({ aFrom: CalendarDay, aTo: CalendarDay, bFrom: CalendarDay, bTo: CalendarDay, district: District }) },
  responses: { 200: jsonResponse('Per KPI: A, B, the change and whether it is better', CompareBody), ...errorResponses },
})
const getTimeline = createRoute({
  method: 'get', path: '/sites/{id}/timeline', tags: ['history'],
  summary: 'A site\'s risk per day with the factor that moved it, and the inspections, hazards, notices and PM10 episodes in the range',
  request: { params: IdParam, query: z.object({ ...Range, days: LastDays }) },
  responses: { 200: jsonResponse('The site\'s timeline', TimelineBody), ...errorResponses },
})

/** An explicit range (at most MAX_RANGE_DAYS), or the last `days` up to the last captured day. */
async function resolveRange(db: Kysely<DB>, q: { from?: string; to?: string; days?: number }, fallback: number) {
  if ((q.from === undefined) !== (q.to === undefined)) throw new AppError(400, 'invalid_request', 'give both from and to, or neither')
  if (q.from !== undefined && q.to !== undefined) return checkedRange(q.from, q.to, 'from..to')
  const days = q.days ?? fallback
  if (days > MAX_RANGE_DAYS) throw new AppError(400, 'invalid_request', `at most ${MAX_RANGE_DAYS} days`)
  const to = (await lastCapturedDay(db)) ?? beijingDay(new Date())
  return { from: shiftDay(to, 1 - days), to }
}

const RANGE_PROBLEMS = { incomplete: 'not two calendar days', reversed: 'the end is before the start', too_long: `at most ${MAX_RANGE_DAYS} days` }

function checkedRange(from: string, to: string, name: string) {
  const problem = rangeProblem(from, to)
  if (problem) throw new AppError(400, 'invalid_request', `${name}: ${RANGE_PROBLEMS[problem]}`)
  return { from, to }
}

/** The area a principal asked for: a district of their scope, or the city for a city-wide principal, else their district. */
async function areaOf(db: Kysely<DB>, scope: SiteScope, district: number | undefined) {
  const readable = await districtNames(db, districtInScope(scope))
  if (district !== undefined) {
    const found = readable.find((d) => d.id === district)
    if (!found) throw new AppError(404, 'not_found', `no district with id ${district} in your zone`)
    return { areas: { districts: [district] } as Areas, readable }
  }
  if (scope.kind === 'city') return { areas: { city: true } as Areas, readable }
  if (readable.length === 0) throw new AppError(404, 'not_found', 'no district in your zone')
  return { areas: { districts: [readable[0].id] } as Areas, readable }
}

export function trendRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(getSeries, async (c) => {
      const q = c.req.valid('query')
      const { from, to } = await resolveRange(db, q, 30)
      const scope = c.get('scope')
      const { areas, readable } = q.by === 'district'
        ? await districtNames(db, districtInScope(scope)).then((readable) => ({ areas: { districts: readable.map((d) => d.id) } as Areas, readable }))
        : await areaOf(db, scope, q.district)
      const series = 'districts' in areas && areas.districts.length === 0
        ? { days: [], areas: [] }
        : await kpiSeries(db, q.metric, from, to, areas)
      const nameOf = (id: number | null) => (id === null ? null : readable.find((d) => d.id === id)?.name ?? null)
      return c.json({
        from, to, days: series.days,
        series: q.metric.flatMap((metric) => series.areas.map((a) => ({ metric, districtId: a.districtId, name: nameOf(a.districtId), values: a.values[metric] }))),
      }, 200)
    })
    .openapi(getCompare, async (c) => {
      const q = c.req.valid('query')
      const a = checkedRange(q.aFrom, q.aTo, 'period A')
      const b = checkedRange(q.bFrom, q.bTo, 'period B')
      const { areas } = await areaOf(db, c.get('scope'), q.district)
      const [sa, sb] = [await kpiSeries(db, KPI_KEYS, a.from, a.to, areas), await kpiSeries(db, KPI_KEYS, b.from, b.to, areas)]
      return c.json({
        districtId: 'districts' in areas ? areas.districts[0] : null,
        a: { ...a, days: sa.days.length }, b: { ...b, days: sb.days.length },
        kpis: KPI_KEYS.map((key) => comparePeriods(kpiSeriesDef(key), sa.areas[0].values[key], sb.areas[0].values[key])),
      }, 200)
    })
    .openapi(getTimeline, async (c) => {
      const { id } = c.req.valid('param')
      if (!(await siteInScope(db, c.get('scope'), id))) throw new AppError(404, 'not_found', `no site with id ${id} in your zone`)
      const { from, to } = await resolveRange(db, c.req.valid('query'), 90)
      const days = await siteDays(db, id, from, to)
      const events = await siteEvents(db, id, from, to, days)
      const lastDay = days.at(-1)
      return c.json({
        siteId: id, from, to, events,
        days: days.map((d, i) => ({ date: d.date, score: d.score, grade: d.grade, moved: i === 0 ? null : largestMove(days[i - 1].breakdown, d.breakdown) })),
        last: lastDay ? { date: lastDay.date, score: lastDay.score, grade: lastDay.grade, breakdown: lastDay.breakdown } : null,
      }, 200)
    })
}
