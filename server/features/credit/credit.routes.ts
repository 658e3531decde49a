import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { ACCIDENT_GRADES, minimumAccidentGrade } from '../../domain/credit.ts'
import { CREDIT_GRADES, DEFAULT_CREDIT_CONFIG } from '../../domain/credit-config.ts'
import { ENTERPRISE_KINDS } from '../../domain/enterprise.ts'
import { canSupervise } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, CalendarDay } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { siteInScope } from '../auth/site-scope.ts'
import { CONTENT_TYPES } from '../exports/formats.ts'
import { sendTable } from '../exports/send-table.ts'
import * as repo from './credit.repo.ts'
import { rankingTable } from './credit.export.ts'
import { recomputeCredit } from './credit.job.ts'

const errors = { ...errorResponses, ...authErrorResponses, 422: errorResponse('Refused') }
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const notFuture = (at: string) => Date.parse(at) <= Date.now() + 60_000

const RankingQuery = z.object({
  kind: z.enum(ENTERPRISE_KINDS).optional(),
  order: z.enum(['asc', 'desc']).default('asc').openapi({ description: 'asc: lowest score first' }),
  active: z.enum(['true', 'false']).default('true').transform((v) => v === 'true').openapi({ description: 'only firms working on an active site of your zone' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})
const RankedFirm = z.object({
  id: z.number(), name: z.string(), kinds: z.array(z.string()), origin: z.string(), score: z.number(), grade: z.enum(CREDIT_GRADES),
  periodEnd: z.string(), activeSites: z.number(),
})
const Contribution = z.object({ factor: z.string(), role: z.string(), units: z.number(), points: z.number() })
const FirmCredit = z.object({
  id: z.number(), name: z.string(), kinds: z.array(z.string()),
  current: z.object({ score: z.number(), grade: z.enum(CREDIT_GRADES), periodEnd: z.string(), breakdown: z.array(Contribution) }).nullable(),
  history: z.array(z.object({ periodEnd: z.string(), score: z.number(), grade: z.enum(CREDIT_GRADES) })),
}).openapi('FirmCredit')

const getModel = createRoute({
  method: 'get', path: '/model', tags: ['credit'], summary: 'The credit scoring table in force: base, deductions and bonuses per role with caps, grade thresholds',
  responses: { 200: jsonResponse('Configuration', z.object({}).passthrough()) },
})
const ranking = createRoute({
  method: 'get', path: '/enterprises', tags: ['credit'], summary: 'Firms of your zone by their latest credit score, lowest first by default',
  request: { query: RankingQuery }, responses: { 200: jsonResponse('A page of the ranking', z.object({ total: z.number(), items: z.array(RankedFirm) })), ...errors },
})
const rankingExport = createRoute({
  method: 'get', path: '/enterprises/export', tags: ['credit'], summary: 'The ranking as CSV or XLSX (every matching firm)',
  request: { query: RankingQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'xlsx']) }) },
  responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() }, [CONTENT_TYPES.xlsx]: { schema: z.string() } } }, ...errors },
})
const firm = createRoute({
  method: 'get', path: '/enterprises/{id}', tags: ['credit'], summary: 'A firm\'s current credit, factor by factor, and its month-end history',
  request: { params: IdParam }, responses: { 200: jsonResponse('Credit', FirmCredit), ...errors },
})
const accident = createRoute({
  method: 'post', path: '/accidents', tags: ['credit'], summary: 'Record a 生产安全事故 on a site of your zone (charged to its contractor and supervisor)',
  request: body(z.object({
    siteId: z.number().int().positive(), occurredAt: z.string().datetime({ offset: true }).refine(notFuture, 'cannot be in the future'),
    grade: z.enum(ACCIDENT_GRADES), deaths: z.number().int().min(0).max(10_000), injuries: z.number().int().min(0).max(10_000),
    description: PlainText(2000).pipe(z.string().min(2)),
  })),
  responses: { 201: jsonResponse('Recorded', z.object({ id: z.number() })), ...errors },
})
const award = createRoute({
  method: 'post', path: '/awards', tags: ['credit'], summary: 'Record an award (优质工程, 文明工地) to a firm',
  request: body(z.object({
    enterpriseId: z.number().int().positive(), level: z.enum(['national', 'provincial', 'municipal']), title: PlainText(200).pipe(z.string().min(2)),
    siteId: z.number().int().positive().nullable().default(null), awardedOn: CalendarDay.refine(notFuture, 'cannot be in the future'),
  })),
  responses: { 201: jsonResponse('Recorded', z.object({ id: z.number() })), ...errors },
})
const recompute = createRoute({
  method: 'post', path: '/recompute', tags: ['credit'], summary: 'Recompute the month-end snapshots of the last 12 months now',
  responses: { 200: jsonResponse('Done', z.object({ enterprises: z.number() })), ...errors },
})

export function creditRoutes({ db }: AppDeps) {
  const audit = (c: Context<SessionEnv>) => ({ userId: c.get('principal').userId, ip: requestClient(c).address })
  /** Inserts a record and its audit entry in one transaction; returns the new id. */
  const record = (c: Context<SessionEnv>, entity: string, after: object, insert: (trx: typeof db) => Promise<number>) =>
    db.transaction().execute(async (trx) => {
      const made = await insert(trx)
      await writeAudit(trx, { ...audit(c), action: 'create', entity, entityId: made, after })
      return made
    })
  const router = featureRouter<SessionEnv>()
  router.use('/awards', requireRole('admin'))
  router.use('/recompute', requireRole('admin'))
  return router
    .openapi(getModel, (c) => c.json({ ...DEFAULT_CREDIT_CONFIG }, 200))
    .openapi(ranking, async (c) => {
      const { active, ...q } = c.req.valid('query')
      return c.json(await repo.rankFirms(db, c.get('scope'), { ...q, activeOnly: active }), 200)
    })
    .openapi(rankingExport, async (c) => {
      const { active, format, ...q } = c.req.valid('query')
      const { items } = await repo.rankFirms(db, c.get('scope'), { ...q, activeOnly: active, limit: 100_000, offset: 0 })
      const table = rankingTable(items)
      return sendTable(c, table, format)
    })
    .openapi(firm, async (c) => {
      const { id } = c.req.valid('param')
      const credit = await repo.findFirmCredit(db, c.get('scope'), id)
      if (!credit) throw new AppError(404, 'not_found', `no enterprise with id ${id} in your zone`)
      return c.json(credit, 200)
    })
    .openapi(accident, async (c) => {
      if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'your role reads records but does not record accidents')
      const input = c.req.valid('json')
      if (!(await siteInScope(db, c.get('scope'), input.siteId))) throw new AppError(404, 'not_found', `no site with id ${input.siteId} in your zone`)
      const floor = minimumAccidentGrade(input.deaths, input.injuries)
      if (ACCIDENT_GRADES.indexOf(input.grade) < ACCIDENT_GRADES.indexOf(floor)) {
        throw new AppError(422, 'grade_too_low', `${input.deaths} deaths and ${input.injuries} injured make at least a ${floor} accident`, { minimum: floor })
      }
      return c.json({ id: await record(c, 'accident', input, (trx) => repo.insertAccident(trx, input)) }, 201)
    })
    .openapi(award, async (c) => {
      const input = c.req.valid('json')
      if (!(await repo.enterpriseExists(db, input.enterpriseId))) throw new AppError(404, 'not_found', `no enterprise with id ${input.enterpriseId}`)
      if (input.siteId !== null && !(await siteInScope(db, c.get('scope'), input.siteId))) throw new AppError(404, 'not_found', `no site with id ${input.siteId}`)
      return c.json({ id: await record(c, 'enterprise_award', input, (trx) => repo.insertAward(trx, input)) }, 201)
    })
    .openapi(recompute, async (c) => {
      const result = await db.transaction().execute(async (trx) => {
        const done = await recomputeCredit(trx)
        await writeAudit(trx, { ...audit(c), action: 'recompute', entity: 'enterprise_credit', entityId: 'all', after: done })
        return done
      })
      return c.json(result, 200)
    })
}
