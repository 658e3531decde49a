import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { penaltyProblem } from '../../domain/accountability.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PositiveId } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { CONTENT_TYPES } from '../exports/formats.ts'
import { sendTable } from '../exports/send-table.ts'
import * as repo from './accidents.repo.ts'
import { accidentsTable } from './accountability.export.ts'
import { Accident, AccidentQuery, AccidentSummary, ExportQuery, Investigation, NewPenalty } from './accountability.schemas.ts'

/*
 * 事故调查处理: accidents (recorded under /api/credit/accidents) followed up by the city office — the investigation
 * and, “one case, two investigations” (一案双查), the penalties to the firms and people responsible and to the
 * officials who supervised them. Read by whoever reads the site; written by admin and 市指挥中心.
 */

const errors = { ...errorResponses, ...authErrorResponses, 422: errorResponse('Refused') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

const list = createRoute({
  method: 'get', path: '/', tags: ['accountability'], summary: 'Accidents on the sites you read, latest first, with their penalties and 一案双查 state',
  request: { query: AccidentQuery }, responses: { 200: jsonResponse('Accidents', z.object({ accidents: z.array(AccidentSummary) })), ...errors },
})
const exportList = createRoute({
  method: 'get', path: '/export', tags: ['accountability'], summary: 'The accidents (same filters) as CSV or XLSX',
  request: { query: AccidentQuery.extend(ExportQuery.shape) },
  responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() }, [CONTENT_TYPES.xlsx]: { schema: z.string() } } }, ...errors },
})
const get = createRoute({
  method: 'get', path: '/{id}', tags: ['accountability'], summary: 'One accident: investigation, penalties to each party, actions citing it',
  request: { params: IdParam }, responses: { 200: jsonResponse('Accident', Accident), ...errors },
})
const investigate = createRoute({
  method: 'put', path: '/{id}/investigation', tags: ['accountability'], summary: 'Write the investigation, and close it on a day (admin, city command)',
  request: { params: IdParam, ...json(Investigation) }, responses: { 200: jsonResponse('Accident', Accident), ...errors },
})
const penalize = createRoute({
  method: 'post', path: '/{id}/penalties', tags: ['accountability'], summary: 'Record a penalty to a firm, a person or a supervising official (admin, city command)',
  request: { params: IdParam, ...json(NewPenalty) }, responses: { 201: jsonResponse('Accident', Accident), ...errors },
})
const withdraw = createRoute({
  method: 'delete', path: '/{id}/penalties/{penaltyId}', tags: ['accountability'], summary: 'Remove a penalty recorded in error (admin, city command)',
  request: { params: IdParam.extend({ penaltyId: PositiveId.openapi({ param: { name: 'penaltyId', in: 'path' } }) }) },
  responses: { 200: jsonResponse('Accident', Accident), ...errors },
})

const PENALTY_MESSAGES = {
  penalty_not_for_party: 'this penalty does not apply to this kind of party',
  fine_needs_amount: 'a fine needs its amount in yuan',
  amount_only_for_fine: 'only a fine has an amount',
  top_of_range_not_ranged: '顶格处罚 applies to a fine or a suspension only',
} as const

export function accidentRoutes({ db }: AppDeps) {
  const load = async (c: Context<SessionEnv>, id: number) => {
    const accident = await repo.findAccident(db, c.get('scope'), id)
    if (!accident) throw new AppError(404, 'not_found', `no accident with id ${id} in your zone`)
    return accident as z.infer<typeof Accident>
  }
  const audit = (c: Context<SessionEnv>, entry: { action: string; entityId: number; before?: unknown; after?: unknown }) =>
    ({ userId: c.get('principal').userId, ip: requestClient(c).address, entity: 'accident', ...entry })
  /** A day of the follow-up must fall between the accident and today. */
  const dayInRange = (day: string, accident: { occurredAt: string }, what: string) => {
    if (day < accident.occurredAt.slice(0, 10) || day > beijingDay(new Date())) {
      throw new AppError(422, 'day_out_of_range', `${what} must lie between the accident (${accident.occurredAt.slice(0, 10)}) and today`)
    }
  }
  const office = requireRole('admin', 'city_command')
  const router = featureRouter<SessionEnv>()
  router.put('/:id/investigation', office).post('/:id/penalties', office).delete('/:id/penalties/:penaltyId', office)
  return router
    .openapi(list, async (c) => c.json({ accidents: await repo.listAccidents(db, c.get('scope'), c.req.valid('query')) }, 200))
    .openapi(exportList, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      return sendTable(c, accidentsTable(await repo.listAccidents(db, c.get('scope'), { ...filter, limit: 100_000 })), format)
    })
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(investigate, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const before = await load(c, id)
      if (body.closedOn !== null) {
        if (body.investigation.length < 10) throw new AppError(422, 'investigation_empty', 'write the investigation\'s findings (10 characters or more) before closing it')
        dayInRange(body.closedOn, before, 'the closing day')
      }
      await db.transaction().execute(async (trx) => {
        await repo.updateInvestigation(trx, id, body.investigation, body.closedOn)
        await writeAudit(trx, audit(c, { action: 'investigate', entityId: id,
          before: { investigation: before.investigation, closedOn: before.investigationClosedOn }, after: body }))
      })
      return c.json(await load(c, id), 200)
    })
    .openapi(penalize, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const accident = await load(c, id)
      const problem = penaltyProblem(body)
      if (problem) throw new AppError(422, problem, PENALTY_MESSAGES[problem])
      dayInRange(body.decidedOn, accident, 'the decision day')
      const linked = body.enterpriseId !== null ? ['enterprise', body.enterpriseId] as const : body.personId !== null ? ['person', body.personId] as const : null
      const registered = linked ? await repo.partyName(db, linked[0], linked[1]) : null
      if (linked && registered === null) throw new AppError(422, 'unknown_party', `no ${linked[0]} with id ${linked[1]} in the registry`)
      const penalty = { ...body, partyName: body.partyName || registered || '' }
      await db.transaction().execute(async (trx) => {
        const penaltyId = await repo.insertPenalty(trx, id, penalty)
        await writeAudit(trx, audit(c, { action: 'penalize', entityId: id, after: { id: penaltyId, ...penalty } }))
      })
      return c.json(await load(c, id), 201)
    })
    .openapi(withdraw, async (c) => {
      const { id, penaltyId } = c.req.valid('param')
      await load(c, id)
      await db.transaction().execute(async (trx) => {
        const removed = await repo.deletePenalty(trx, id, penaltyId)
        if (!removed) throw new AppError(404, 'not_found', `accident ${id} has no penalty ${penaltyId}`)
        await writeAudit(trx, audit(c, { action: 'withdraw_penalty', entityId: id, before: removed }))
      })
      return c.json(await load(c, id), 200)
    })
}
