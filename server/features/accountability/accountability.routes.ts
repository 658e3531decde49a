import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { DEFAULT_REPLY_DAYS, MAX_REPLY_DAYS } from '../../domain/accountability.ts'
import { addDays, beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { CONTENT_TYPES } from '../exports/formats.ts'
import { sendTable } from '../exports/send-table.ts'
import { accidentRoutes } from './accidents.routes.ts'
import { actionsTable } from './accountability.export.ts'
import * as repo from './accountability.repo.ts'
import { Action, ActionQuery, DistrictFigures, ExportQuery, NewAction, Reply } from './accountability.schemas.ts'

/*
 * 督办/约谈/通报: the city office (admin, 市指挥中心) issues a supervision letter, a formal talk or a public notice to a
 * district, citing the district's figures as they stand (snapshotted); the district's station (its district
 * supervisor, nobody else) replies once. Everyone reads the actions of the districts they read.
 */

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Already replied'), 422: errorResponse('Refused') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const file = { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() }, [CONTENT_TYPES.xlsx]: { schema: z.string() } } }

const districts = createRoute({
  method: 'get', path: '/districts', tags: ['accountability'], summary: 'Districts you read by safety concern, with their figures, open actions and what to issue next',
  responses: { 200: jsonResponse('Districts, most concerning first', z.object({ districts: z.array(DistrictFigures) })), ...errors },
})
const list = createRoute({
  method: 'get', path: '/actions', tags: ['accountability'], summary: 'Letters, talks and notices against the districts you read, newest first',
  request: { query: ActionQuery }, responses: { 200: jsonResponse('Actions', z.object({ actions: z.array(Action) })), ...errors },
})
const exportList = createRoute({
  method: 'get', path: '/actions/export', tags: ['accountability'], summary: 'The actions (same filters) as CSV or XLSX',
  request: { query: ActionQuery.extend(ExportQuery.shape) }, responses: { 200: file, ...errors },
})
const get = createRoute({
  method: 'get', path: '/actions/{id}', tags: ['accountability'], summary: 'One action with the statistics it cited and the reply',
  request: { params: IdParam }, responses: { 200: jsonResponse('Action', Action), ...errors },
})
const issue = createRoute({
  method: 'post', path: '/actions', tags: ['accountability'], summary: 'Issue a 督办函, 约谈告诫 or 通报批评 to a district (admin, city command); numbered per kind and year',
  request: json(NewAction), responses: { 201: jsonResponse('The action', Action), ...errors },
})
const reply = createRoute({
  method: 'post', path: '/actions/{id}/reply', tags: ['accountability'], summary: 'The district\'s reply (its district supervisor, once); late replies are marked late',
  request: { params: IdParam, ...json(Reply) }, responses: { 200: jsonResponse('The action', Action), ...errors },
})

export function accountabilityRoutes(deps: AppDeps) {
  const { db } = deps
  const load = async (c: Context<SessionEnv>, id: number) => {
    const action = await repo.findAction(db, c.get('scope'), id)
    if (!action) throw new AppError(404, 'not_found', `no action with id ${id} in your zone`)
    return action as z.infer<typeof Action>
  }
  const audit = (c: Context<SessionEnv>, entry: { action: string; entityId: number; before?: unknown; after?: unknown }) =>
    ({ userId: c.get('principal').userId, ip: requestClient(c).address, entity: 'accountability_action', ...entry })
  const office = requireRole('admin', 'city_command')
  const router = featureRouter<SessionEnv>()
  router.post('/actions', office)
  return router
    .openapi(districts, async (c) => c.json({ districts: await repo.districtFigures(db, c.get('scope')) }, 200))
    .openapi(list, async (c) => c.json({ actions: (await repo.listActions(db, c.get('scope'), c.req.valid('query'))) as z.infer<typeof Action>[] }, 200))
    .openapi(exportList, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      return sendTable(c, actionsTable(await repo.listActions(db, c.get('scope'), { ...filter, limit: 100_000 })), format)
    })
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(issue, async (c) => {
      const body = c.req.valid('json')
      const today = beijingDay(new Date())
      const deadline = body.deadline ?? beijingDay(addDays(new Date(), DEFAULT_REPLY_DAYS[body.kind]))
      if (deadline <= today || deadline > beijingDay(addDays(new Date(), MAX_REPLY_DAYS))) {
        throw new AppError(422, 'deadline_out_of_range', `the reply deadline must be after today and at most ${MAX_REPLY_DAYS} days away`, { today })
      }
      const [figures] = await repo.districtFigures(db, c.get('scope'), body.districtId)
      if (!figures) throw new AppError(404, 'not_found', `no district with id ${body.districtId}`)
      if (body.accidentId !== null && !(await repo.accidentInDistrict(db, body.accidentId, body.districtId))) {
        throw new AppError(422, 'accident_not_in_district', `accident ${body.accidentId} did not happen in district ${figures.name}`)
      }
      const { districtId: _d, name: _n, openActions: _o, overdueReplies: _r, suggested: _s, ...cited } = figures
      const statistics = { asOf: today, ...cited }
      const id = await db.transaction().execute(async (trx) => {
        const made = await repo.insertAction(trx, { ...body, deadline, statistics, issuedBy: c.get('principal').userId })
        await writeAudit(trx, audit(c, { action: 'issue', entityId: made.id, after: { ...body, deadline, code: made.code, statistics } }))
        return made.id
      })
      return c.json(await load(c, id), 201)
    })
    .openapi(reply, async (c) => {
      if (c.get('principal').role !== 'district_supervisor') throw new AppError(403, 'forbidden', 'only the district\'s supervision station replies')
      const { id } = c.req.valid('param')
      const before = await load(c, id)
      const { reply: text } = c.req.valid('json')
      await db.transaction().execute(async (trx) => {
        if (!(await repo.replyToAction(trx, id, text, c.get('principal').userId))) throw new AppError(409, 'already_replied', `${before.code} was already replied to`)
        await writeAudit(trx, audit(c, { action: 'reply', entityId: id, after: { reply: text } }))
      })
      return c.json(await load(c, id), 200)
    })
    .route('/accidents', accidentRoutes(deps))
}
