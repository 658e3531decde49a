import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { HAZARD_SEVERITIES } from '../../domain/hazard-flow.ts'
import { normalizePolygons } from '../../domain/import-geometry.ts'
import { REVIEW_DECISIONS } from '../../domain/patrol.ts'
import { canSupervise, type Role } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, CalendarDay, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId, SearchText } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { EXPORT_FORMATS } from '../exports/formats.ts'
import { sendTable } from '../exports/send-table.ts'
import { NewInspection } from '../inspections/inspections.routes.ts'
import { patrolTaskTable } from './patrol.export.ts'
import * as repo from './patrol.repo.ts'
import * as service from './patrol.service.ts'

/*
 * 第三方巡查: contracts (admin), tasks (the buying district station), reports (the patrol firm's staff, whose
 * role reaches nothing but this router and their account), findings reviewed by a supervisor in scope.
 */

const Id = z.number().int().positive().max(999_999_999)
const Position = z.tuple([z.number().min(73).max(136), z.number().min(3).max(54)])
const Polygon = z.array(z.array(Position).min(3).max(5_000)).min(1).max(50)
const Area = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: Polygon }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(Polygon).min(1).max(50) }),
]).openapi({ description: 'GeoJSON (WGS-84) of what the contract covers; the district\'s boundary when left out' })

const NewContract = z.object({
  contractNo: PlainText(64).pipe(z.string().min(2)), enterpriseId: Id, districtId: Id, area: Area.nullable().default(null),
  startsOn: CalendarDay, endsOn: CalendarDay, patrolsRequired: z.number().int().min(1).max(100_000), reportWithinDays: z.number().int().min(1).max(60).default(3),
}).refine((c) => c.endsOn >= c.startsOn, { path: ['endsOn'], message: 'the contract cannot end before it starts' }).openapi('NewPatrolContract')

const Counts = z.object({ reported: z.number(), reportedOnTime: z.number(), overdue: z.number(), confirmed: z.number(), rejected: z.number(), pending: z.number() })
const Contract = z.object({
  id: z.number(), contractNo: z.string(), enterpriseId: z.number(), firmName: z.string(), districtId: z.number(), districtName: z.string(),
  startsOn: z.string(), endsOn: z.string(), patrolsRequired: z.number(), reportWithinDays: z.number(), areaKm2: z.number(), accounts: z.number(), counts: Counts,
  performance: z.object({
    required: z.number(), requiredToDate: z.number(), done: z.number(), doneShare: z.number(), doneShareToDate: z.number().nullable(),
    confirmedShare: z.number().nullable(), onTimeShare: z.number().nullable(),
  }),
}).openapi('PatrolContract')
const ContractSite = z.object({
  id: z.number(), code: z.string(), name: z.string(), address: z.string().nullable(), stage: z.string(), lonLat: z.tuple([z.number(), z.number()]),
  openTaskId: z.number().nullable(), lastPatrolledOn: z.string().nullable(),
}).openapi('PatrolContractSite')
const FindingBrief = z.object({ id: z.number(), status: z.string(), severity: z.string(), category: z.string(), hazardId: z.number().nullable() })
const Task = z.object({
  id: z.number(), contractId: z.number(), contractNo: z.string(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), lonLat: z.tuple([z.number(), z.number()]),
  assignedAt: z.string(), assignedBy: z.string().nullable(), dueOn: z.string(), note: z.string(), status: z.string(), inspectionId: z.number().nullable(),
  reportedBy: z.string().nullable(), score: z.number().nullable(), notes: z.string().nullable(), reportedAt: z.string().nullable(), onTime: z.boolean().nullable(),
  overdue: z.boolean(), findings: z.array(FindingBrief),
}).openapi('PatrolTask')
const Finding = z.object({
  id: z.number(), inspectionId: z.number(), contractId: z.number().nullable(), contractNo: z.string(), siteId: z.number(), siteCode: z.string(), siteName: z.string(),
  severity: z.string(), category: z.string(), description: z.string(), proposedDeadline: z.string(), status: z.string(), patrolledAt: z.string(),
  reportedBy: z.string().nullable(), reviewedBy: z.string().nullable(), reviewedAt: z.string().nullable(), reviewNote: z.string(), hazardId: z.number().nullable(),
}).openapi('PatrolFinding')

const NewTasks = z.object({
  contractId: Id, siteIds: z.array(Id).min(1).max(50).refine((ids) => new Set(ids).size === ids.length, 'no duplicates'),
  dueOn: CalendarDay.optional().openapi({ description: 'at the latest the contract\'s report_within_days after today (the default)' }),
  note: PlainText(500).default(''),
}).openapi('NewPatrolTasks')
const NewFinding = z.object({
  severity: z.enum(HAZARD_SEVERITIES), category: PlainText(50).pipe(z.string().min(1)), description: PlainText(2000).pipe(z.string().min(1)), proposedDeadline: CalendarDay,
})
const Report = NewInspection.pick({ inspectedAt: true, checklist: true, scoreSheet: true, location: true }).extend({
  notes: PlainText(4000).default(''), findings: z.array(NewFinding).max(30).default([]),
}).openapi('PatrolReport')
const ReviewBody = z.object({
  decision: z.enum(REVIEW_DECISIONS), note: PlainText(1000).default(''),
  severity: z.enum(HAZARD_SEVERITIES).optional(), deadline: CalendarDay.optional().openapi({ description: 'the rectification deadline, if not the one proposed' }),
}).openapi('PatrolReview')

const MAX_EXPORT_ROWS = 20_000
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict'), 422: errorResponse('Refused by a rule of the contract') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

const listContracts = createRoute({ method: 'get', path: '/contracts', tags: ['patrol'], summary: 'Patrol contracts, with the firm\'s performance (patrols done, findings confirmed, timeliness)', responses: { 200: jsonResponse('Contracts', z.array(Contract)), ...errors } })
const createContract = createRoute({ method: 'post', path: '/contracts', tags: ['patrol'], summary: 'Record a contract with a supervision firm (admin)', request: json(NewContract), responses: { 201: jsonResponse('Created', Contract), ...errors } })
const contractSites = createRoute({
  method: 'get', path: '/contracts/{id}/sites', tags: ['patrol'], summary: 'Sites under way in the contract\'s area (and your zone), with any open task',
  request: { params: IdParam, query: z.object({ q: SearchText.optional() }) }, responses: { 200: jsonResponse('Sites', z.array(ContractSite)), ...errors },
})
const TaskQuery = z.object({ contractId: PositiveId.optional(), status: z.enum(['assigned', 'reported', 'cancelled']).optional() })
const listTasks = createRoute({
  method: 'get', path: '/tasks', tags: ['patrol'], summary: 'Patrol tasks in your zone (a patrol account: its contract\'s), the latest 500',
  request: { query: TaskQuery }, responses: { 200: jsonResponse('Tasks', z.array(Task)), ...errors },
})
const exportTasks = createRoute({
  method: 'get', path: '/tasks/export', tags: ['patrol'], summary: 'The patrol ledger (巡查台账, same filters) as CSV, XLSX or GeoJSON',
  request: { query: TaskQuery.extend({ format: z.enum(EXPORT_FORMATS) }) },
  responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } }, ...errors },
})
const assignTasks = createRoute({ method: 'post', path: '/tasks', tags: ['patrol'], summary: 'Assign patrols on sites of a contract\'s area (its district station, admin)', request: json(NewTasks), responses: { 201: jsonResponse('Assigned', z.array(Task)), ...errors } })
const cancelTask = createRoute({
  method: 'post', path: '/tasks/{id}/cancel', tags: ['patrol'], summary: 'Cancel an open task (its district station, admin)',
  request: { params: IdParam, ...json(z.object({ note: PlainText(500).default('') })) }, responses: { 200: jsonResponse('Cancelled', Task), ...errors },
})
const reportTask = createRoute({
  method: 'post', path: '/tasks/{id}/report', tags: ['patrol'], summary: 'Report on a task (the patrol account): a third-party inspection, its findings pending review',
  request: { params: IdParam, ...json(Report) }, responses: { 201: jsonResponse('Reported', Task), ...errors },
})
const listFindings = createRoute({
  method: 'get', path: '/findings', tags: ['patrol'], summary: 'Patrol findings in your zone; pending ones wait for a supervisor',
  request: { query: z.object({ status: z.enum(['pending', 'confirmed', 'rejected']).optional(), contractId: PositiveId.optional() }) },
  responses: { 200: jsonResponse('Findings', z.array(Finding)), ...errors },
})
const reviewFinding = createRoute({
  method: 'post', path: '/findings/{id}/review', tags: ['patrol'], summary: 'Confirm a finding (it becomes a hazard) or reject it with the reason (supervisors in scope)',
  request: { params: IdParam, ...json(ReviewBody) }, responses: { 200: jsonResponse('Reviewed', Finding), ...errors },
})

/** The city's roles, the buying station and the firm's own staff read contracts; planners and grid supervisors do not. */
const CONTRACT_READERS: readonly Role[] = ['admin', 'city_command', 'district_supervisor', 'patrol']
const ASSIGNERS: readonly Role[] = ['admin', 'district_supervisor']

function allow(c: Context<SessionEnv>, roles: readonly Role[], what: string) {
  if (!roles.includes(c.get('principal').role)) throw new AppError(403, 'forbidden', `your role may not ${what}`)
}
const actor = (c: Context<SessionEnv>): service.Actor => ({ principal: c.get('principal'), scope: c.get('scope'), ip: requestClient(c).address })

export function patrolRoutes({ db }: AppDeps) {
  const taskOf = async (c: Context<SessionEnv>, id: number) => (await repo.findTask(db, c.get('scope'), c.get('principal'), id))!
  return featureRouter<SessionEnv>()
    .openapi(listContracts, async (c) => {
      allow(c, CONTRACT_READERS, 'read patrol contracts')
      return c.json(await service.contractsWithPerformance(db, c.get('principal')), 200)
    })
    .openapi(createContract, async (c) => {
      allow(c, ['admin'], 'record patrol contracts')
      const { area, ...input } = c.req.valid('json')
      const drawn = area && normalizePolygons(area, (p) => p)
      if (drawn?.degenerate) throw new AppError(400, 'invalid_request', 'the area has a ring of fewer than three distinct points', [{ path: 'area', message: 'degenerate ring' }])
      const id = await service.createContract(db, actor(c), { ...input, area: drawn ? { type: 'MultiPolygon', coordinates: drawn.coordinates } : null })
      return c.json((await service.contractsWithPerformance(db, c.get('principal'), id))[0], 201)
    })
    .openapi(contractSites, async (c) => {
      allow(c, CONTRACT_READERS, 'read patrol contracts')
      const { id } = c.req.valid('param')
      if (!(await repo.findContract(db, c.get('principal'), id))) throw new AppError(404, 'not_found', `no patrol contract with id ${id} of yours`)
      return c.json(await repo.contractSites(db, c.get('scope'), id, c.req.valid('query').q), 200)
    })
    .openapi(listTasks, async (c) => c.json(await repo.listTasks(db, c.get('scope'), c.get('principal'), c.req.valid('query')), 200))
    .openapi(exportTasks, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      const table = patrolTaskTable(await repo.listTasks(db, c.get('scope'), c.get('principal'), filter, MAX_EXPORT_ROWS))
      return sendTable(c, table, format)
    })
    .openapi(assignTasks, async (c) => {
      allow(c, ASSIGNERS, 'assign patrol tasks')
      const ids = await service.assignTasks(db, actor(c), c.req.valid('json'))
      return c.json(await Promise.all(ids.map((id) => taskOf(c, id))), 201)
    })
    .openapi(cancelTask, async (c) => {
      allow(c, ASSIGNERS, 'cancel patrol tasks')
      const { id } = c.req.valid('param')
      await service.cancelTask(db, actor(c), id, c.req.valid('json').note)
      return c.json(await taskOf(c, id), 200)
    })
    .openapi(reportTask, async (c) => {
      allow(c, ['patrol'], 'report patrols: the contracted firm\'s staff do')
      const { id } = c.req.valid('param')
      await service.reportTask(db, actor(c), id, c.req.valid('json'))
      return c.json(await taskOf(c, id), 201)
    })
    .openapi(listFindings, async (c) => c.json(await repo.listFindings(db, c.get('scope'), c.get('principal'), c.req.valid('query')), 200))
    .openapi(reviewFinding, async (c) => {
      if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'a supervisor in the zone confirms or rejects patrol findings')
      const { id } = c.req.valid('param')
      await service.reviewFinding(db, actor(c), id, c.req.valid('json'))
      return c.json((await repo.findFinding(db, c.get('scope'), c.get('principal'), id))!, 200)
    })
}
