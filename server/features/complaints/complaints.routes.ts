import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { nameFor, phoneFor } from '../../domain/complaint.ts'
import { canSupervise, type Role } from '../../domain/roles.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import { requireSession, roleBoundary, type SessionEnv, sha256 } from '../auth/session.ts'
import { siteInScope } from '../auth/site-scope.ts'
import { sendTable } from '../exports/send-table.ts'
import { platformByKey } from '../ingest/platforms.repo.ts'
import { complaintAnalysisRoutes } from './analysis.routes.ts'
import { complaintTable } from './complaints.export.ts'
import * as repo from './complaints.repo.ts'
import { CloseBody, Complaint, ComplaintExportQuery, ComplaintQuery, MatchBody, NewComplaintBody } from './complaints.schemas.ts'
import * as service from './complaints.service.ts'

/*
 * 投诉 (12345 and other channels). POST / serves two callers: the hotline's platform with an ingest platform key
 * (x-api-key, registered under /api/admin/ingest-platforms), and the dispatcher or an admin with a session. This
 * router is mounted before the app's session check, so it applies that check itself to everything else.
 */

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Ticket already recorded'), 422: errorResponse('Refused') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const MAX_EXPORT_ROWS = 100_000
/** Who records a complaint by hand: the dispatcher (市指挥中心) takes the hotline's tickets, an admin fixes gaps. */
const RECORDERS: readonly Role[] = ['admin', 'city_command']
/** Who confirms or corrects a complaint's site (and so dispatches it): the dispatcher and the field roles. */
const MATCHERS: readonly Role[] = ['admin', 'city_command', 'district_supervisor', 'grid_supervisor']

const intake = createRoute({
  method: 'post', path: '/', tags: ['complaints'], summary: 'Record a complaint (12345 platform with x-api-key, or dispatcher/admin session); matched and dispatched at once when confident',
  request: { headers: z.object({ 'x-api-key': z.string().min(20).max(200).optional() }), ...json(NewComplaintBody) },
  responses: { 201: jsonResponse('The complaint as recorded, matched and perhaps dispatched', Complaint), ...errors },
})
const list = createRoute({
  method: 'get', path: '/', tags: ['complaints'], summary: 'Complaints in your zone, newest first',
  request: { query: ComplaintQuery }, responses: { 200: jsonResponse('A page of complaints', z.object({ total: z.number(), complaints: z.array(Complaint) })), ...errors },
})
const exportList = createRoute({
  method: 'get', path: '/export', tags: ['complaints'], summary: 'The complaint list (same filters) as CSV or XLSX; phones masked except for the dispatcher',
  request: { query: ComplaintExportQuery }, responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } }, ...errors },
})
const get = createRoute({
  method: 'get', path: '/{id}', tags: ['complaints'], summary: 'One complaint', request: { params: IdParam },
  responses: { 200: jsonResponse('The complaint', Complaint), ...errors },
})
const match = createRoute({
  method: 'post', path: '/{id}/match', tags: ['complaints'], summary: 'Confirm the suggested site or name the right one, and dispatch to its grid supervisor',
  request: { params: IdParam, ...json(MatchBody) }, responses: { 200: jsonResponse('The complaint, dispatched', Complaint), ...errors },
})
const close = createRoute({
  method: 'post', path: '/{id}/close', tags: ['complaints'], summary: 'Close a dispatched complaint with the reply, evidence and whether it was founded; optionally open a hazard',
  request: { params: IdParam, ...json(CloseBody) }, responses: { 200: jsonResponse('The complaint, closed', Complaint), ...errors },
})

/** The session check and the role boundary, except for the hotline's platform posting a complaint with its key. */
function sessionUnlessPlatform(deps: AppDeps): MiddlewareHandler<SessionEnv> {
  const session = requireSession(deps.db, deps.config)
  return async (c, next) => {
    const intakeByKey = c.req.method === 'POST' && /^\/api\/complaints\/?$/.test(c.req.path) && c.req.header('x-api-key') !== undefined
    if (intakeByKey) return next()
    await session(c, async () => { await roleBoundary(c, next) })
  }
}

export function complaintRoutes(deps: AppDeps) {
  const { db } = deps
  const role = (c: Context<SessionEnv>): Role | null => c.get('principal')?.role ?? null
  /** The caller's view: the complainant's phone and name whole for the dispatcher only. */
  const shown = (c: Context<SessionEnv>, row: repo.ComplaintRow) =>
    ({ ...row, complainantPhone: phoneFor(role(c), row.complainantPhone), complainantName: nameFor(role(c), row.complainantName) }) as z.infer<typeof Complaint>
  const load = async (c: Context<SessionEnv>, id: number) => {
    const row = await repo.findComplaint(db, c.get('scope'), id)
    if (!row) throw new AppError(404, 'not_found', `no complaint with id ${id} in your zone`)
    return row
  }
  const actor = (c: Context<SessionEnv>) => ({ userId: c.get('principal').userId, ip: requestClient(c).address })
  const mayBe = (roles: readonly Role[], what: string) => (c: Context<SessionEnv>) => {
    if (!roles.includes(c.get('principal').role)) throw new AppError(403, 'forbidden', `your role may not ${what}`)
  }
  const mayMatch = mayBe(MATCHERS, 'confirm a complaint\'s site')
  const router = featureRouter<SessionEnv>()
  router.use('*', sessionUnlessPlatform(deps))
  return router
    .openapi(intake, async (c) => {
      const key = c.req.valid('header')['x-api-key']
      let by: { userId: number | null; via: string }
      if (key !== undefined) {
        const platform = await platformByKey(db, sha256(key))
        if (!platform) throw new AppError(401, 'unauthorized', 'unknown or revoked platform key')
        by = { userId: null, via: `platform:${platform.name}` }
      } else {
        mayBe(RECORDERS, 'record complaints: the dispatcher does')(c)
        by = { userId: c.get('principal').userId, via: 'session' }
      }
      const body = c.req.valid('json')
      const id = await db.transaction().execute((trx) => service.receiveComplaint(trx, {
        ...body, address: body.address || null, location: body.location ?? null, complainantName: body.complainantName || null,
        complainantPhone: body.complainantPhone || null, receivedAt: new Date(body.receivedAt).toISOString(),
      }, { userId: by.userId, ip: requestClient(c).address }, by.via))
      const row = await repo.findComplaint(db, { kind: 'city' }, id)
      return c.json(shown(c, row!), 201)
    })
    .openapi(list, async (c) => {
      const { total, rows } = await repo.listComplaints(db, c.get('scope'), c.req.valid('query'))
      return c.json({ total, complaints: rows.map((r) => shown(c, r)) }, 200)
    })
    .openapi(exportList, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      const rows = await repo.exportComplaints(db, c.get('scope'), filter, MAX_EXPORT_ROWS)
      const table = complaintTable(rows.map((r) => shown(c, r)))
      return sendTable(c, table, format)
    })
    .route('/', complaintAnalysisRoutes(deps))
    .openapi(get, async (c) => c.json(shown(c, await load(c, c.req.valid('param').id)), 200))
    .openapi(match, async (c) => {
      mayMatch(c)
      const { id } = c.req.valid('param')
      const complaint = await load(c, id)
      const { siteId } = c.req.valid('json')
      if (!(await siteInScope(db, c.get('scope'), siteId))) throw new AppError(404, 'not_found', `no site with id ${siteId} in your zone`)
      await db.transaction().execute((trx) => service.confirmMatch(trx, complaint, siteId, actor(c)))
      return c.json(shown(c, await load(c, id)), 200)
    })
    .openapi(close, async (c) => {
      if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'the field roles close complaints')
      const { id } = c.req.valid('param')
      const complaint = await load(c, id)
      const input = c.req.valid('json')
      if (input.hazard && input.hazard.deadline < beijingDay(new Date())) throw new AppError(422, 'deadline_past', 'the hazard\'s deadline is in the past')
      await db.transaction().execute((trx) => service.closeComplaint(trx, complaint, input, actor(c)))
      return c.json(shown(c, await load(c, id)), 200)
    })
}
