import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { CRANE_FLAGS, CRANE_KINDS, CRANE_STEPS, INSTALLATION_STAGES, installationFlags, nextSteps } from '../../domain/crane-lifecycle.ts'
import { canSupervise, type SiteScope } from '../../domain/roles.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId, CalendarDay } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import * as repo from './cranes.repo.ts'
import { fileMachine, recordStep } from './cranes.service.ts'

const Id = z.number().int().positive().max(999_999_999)
const MACHINE_STAGES = [...INSTALLATION_STAGES.filter((s) => s !== 'dismantled'), 'yard', 'scrapped'] as const
const DocumentNo = z.string().trim().regex(/^[\p{L}\p{N}()（）\-_/]{4,40}$/u, '4–40 letters, digits, brackets, - _ /')

const Machine = z.object({
  id: z.number(), recordNo: z.string(), kind: z.enum(CRANE_KINDS), maker: z.string(), model: z.string(), madeYear: z.number().nullable(),
  ownerId: z.number().nullable(), ownerName: z.string(), filedOn: CalendarDay.nullable(), scrappedOn: CalendarDay.nullable(), stage: z.enum(MACHINE_STAGES),
  craneId: z.number().nullable(), siteId: z.number().nullable(), siteCode: z.string().nullable(), siteName: z.string().nullable(),
  registrationNo: z.string().nullable(), installedOn: CalendarDay.nullable(),
  inspection: z.object({ on: CalendarDay, passed: z.boolean(), expiresOn: CalendarDay.nullable() }).nullable(),
  lastMaintenanceOn: CalendarDay.nullable(), flags: z.array(z.enum(CRANE_FLAGS)),
}).openapi('CraneMachine')
const Installation = z.object({
  id: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), stage: z.enum(INSTALLATION_STAGES), installedOn: CalendarDay,
  dismantledOn: CalendarDay.nullable(), registrationNo: z.string().nullable(), installerId: z.number().nullable(), installerName: z.string().nullable(),
  lastInspectedOn: CalendarDay.nullable(), devices: z.array(z.object({ id: z.number(), code: z.string(), health: z.string(), openAlarms: z.number() })),
})
const Event = z.object({
  id: z.number(), step: z.enum(CRANE_STEPS), occurredOn: CalendarDay, craneId: z.number().nullable(), siteId: z.number().nullable(), siteName: z.string().nullable(),
  enterpriseId: z.number().nullable(), enterpriseName: z.string().nullable(), people: z.array(z.object({ id: z.number(), name: z.string() })),
  documentNo: z.string().nullable(), passed: z.boolean().nullable(), expiresOn: CalendarDay.nullable(), note: z.string(), recordedBy: z.string().nullable(), recordedAt: z.string(),
})
const MachinePage = Machine.extend({ nextSteps: z.array(z.enum(CRANE_STEPS)), installations: z.array(Installation), events: z.array(Event) }).openapi('CraneMachinePage')

const NewMachine = z.object({
  recordNo: DocumentNo, kind: z.enum(CRANE_KINDS), maker: PlainText(60).default(''), model: PlainText(60).default(''),
  madeYear: z.number().int().min(1970).max(2100).nullable().default(null), ownerId: Id, filedOn: CalendarDay, note: PlainText(500).default(''),
}).strict().openapi('NewCraneMachine')
const NewStep = z.object({
  step: z.enum(CRANE_STEPS).exclude(['filing']), occurredOn: CalendarDay, siteId: Id.nullable().default(null), enterpriseId: Id,
  personIds: z.array(Id).max(20).default([]), documentNo: DocumentNo.nullable().default(null), passed: z.boolean().nullable().default(null),
  expiresOn: CalendarDay.nullable().default(null), note: PlainText(500).default(''),
}).strict()
  .refine((s) => (s.step === 'install_notice') === (s.siteId !== null), { path: ['siteId'], message: 'an install notice, and only it, names the site' })
  .openapi('NewCraneStep')
const ListQuery = z.object({
  stage: z.enum(MACHINE_STAGES).optional(), q: PlainText(40).optional(), enterpriseId: PositiveId.optional(), siteId: PositiveId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Already recorded'), 422: errorResponse('Refused: crane_step_refused with the reason in details') }
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const tags = ['cranes']

const list = createRoute({ method: 'get', path: '/', tags, summary: 'Crane machines standing on your zone\'s sites (the yard\'s too, for the city), with stage and flags', request: { query: ListQuery }, responses: { 200: jsonResponse('Machines', z.object({ total: z.number(), items: z.array(Machine) })), ...errors } })
const get = createRoute({ method: 'get', path: '/{id}', tags, summary: 'A machine\'s life across sites: installations, every step with firm, people and agency, monitors and their open alarms', request: { params: IdParam }, responses: { 200: jsonResponse('Machine', MachinePage), ...errors } })
const create = createRoute({ method: 'post', path: '/', tags, summary: 'File a machine (产权备案, admin)', request: body(NewMachine), responses: { 201: jsonResponse('The machine', MachinePage), ...errors } })
const step = createRoute({
  method: 'post', path: '/{id}/steps', tags, request: { params: IdParam, ...body(NewStep) }, responses: { 201: jsonResponse('The machine after the step', MachinePage), ...errors },
  summary: 'Record the next step of a machine\'s life on a site of your zone (安装告知, 检验, 使用登记, 维保, 拆卸告知, 拆卸); skipped or out-of-order steps are 422',
})

type MachineBody = z.infer<typeof Machine>

export function craneRoutes({ db }: AppDeps) {
  const withFlags = (row: Awaited<ReturnType<typeof repo.listMachines>>['rows'][number]): MachineBody => {
    const { liveStage: _, inUseSince: __, lastStepOn: ___, ...rest } = row
    return { ...rest, kind: row.kind as MachineBody['kind'], stage: repo.stageOf(row), flags: installationFlags(repo.stateOf(row).installation, beijingDay(new Date())) }
  }
  const page = async (scope: SiteScope, id: number) => {
    const row = await repo.findMachine(db, scope, id)
    if (!row) throw new AppError(404, 'not_found', `no crane with id ${id} in your zone`)
    const [installations, events] = await Promise.all([repo.installationsOf(db, id), repo.eventsOf(db, id)])
    return { ...withFlags(row), nextSteps: nextSteps(repo.stateOf(row)), installations, events } as z.infer<typeof MachinePage>
  }
  const router = featureRouter<SessionEnv>()
  router.post('/', requireRole('admin'))
  return router
    .openapi(list, async (c) => {
      const { rows, total } = await repo.listMachines(db, c.get('scope'), c.req.valid('query'))
      return c.json({ total, items: rows.map(withFlags) }, 200)
    })
    .openapi(get, async (c) => c.json(await page(c.get('scope'), c.req.valid('param').id), 200))
    .openapi(create, async (c) => {
      const id = await fileMachine(db, { userId: c.get('principal').userId, ip: requestClient(c).address }, c.req.valid('json'))
      return c.json(await page(c.get('scope'), id), 201)
    })
    .openapi(step, async (c) => {
      const principal = c.get('principal')
      if (!canSupervise(principal.role)) throw new AppError(403, 'forbidden', 'your role reads cranes but does not record their steps')
      const { id } = c.req.valid('param')
      await recordStep(db, c.get('scope'), { userId: principal.userId, ip: requestClient(c).address }, id, c.req.valid('json'))
      return c.json(await page(c.get('scope'), id), 201)
    })
}
