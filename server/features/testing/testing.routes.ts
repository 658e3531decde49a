import { createRoute, z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { CLOCK_SKEW_MS } from '../../domain/inspection.ts'
import { canSupervise } from '../../domain/roles.ts'
import { CAMPAIGN_MATERIALS, CAPABILITY_RESULTS, INSPECTION_OUTCOMES, MATERIALS } from '../../domain/testing.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId, CalendarDay } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import type { SessionEnv } from '../auth/session.ts'
import * as repo from './testing.repo.ts'
import { recordReport } from './testing.service.ts'

const Text = (max: number) => PlainText(max).pipe(z.string().min(1))
const Origin = z.enum(['local', 'out_of_province'])

const Institution = z.object({
  id: z.number(), name: z.string(), creditCode: z.string(), origin: z.string(), registeredPlace: z.string(), enteredOn: z.string().nullable(),
  scopes: z.array(z.string()), lastCapability: z.object({ result: z.string(), heldOn: z.string(), item: z.string() }).nullable(),
  lastFlightCheck: z.object({ outcome: z.string(), inspectedAt: z.string() }).nullable(),
  reports: z.number(), nonConforming: z.number(), nonConformingShare: z.number().nullable(),
}).openapi('TestingInstitution')
const InstitutionRecord = z.object({
  id: z.number(), name: z.string(), creditCode: z.string(), origin: z.string(), registeredPlace: z.string(), enteredOn: z.string().nullable(),
  contactName: z.string().nullable(), contactPhone: z.string().nullable(), address: z.string().nullable(),
  qualifications: z.array(z.object({ id: z.number(), category: z.string(), grade: z.string(), certificateNo: z.string(), scope: z.string(), validUntil: z.string(), valid: z.boolean() })),
  capabilityVerifications: z.array(z.object({ id: z.number(), scheme: z.string(), item: z.string(), result: z.string(), heldOn: z.string() })),
  flightChecks: z.array(z.object({ id: z.number(), inspectedAt: z.string(), outcome: z.string(), findings: z.string(), inspector: z.string().nullable() })),
}).openapi('TestingInstitutionRecord')
const Report = z.object({
  id: z.number(), reportNo: z.string(), institutionId: z.number(), institution: z.string(), institutionOrigin: z.string(), siteId: z.number(),
  siteName: z.string(), siteCode: z.string(), material: z.string(), item: z.string(), requiredValue: z.string(), measuredValue: z.string(),
  conforming: z.boolean(), sampledOn: z.string(), issuedOn: z.string(), hazardId: z.number().nullable(),
}).openapi('TestingReport')
const NewReport = z.object({
  reportNo: z.string().trim().regex(/^[\p{L}\p{N}()（）\-_/]{4,60}$/u, '4–60 letters, digits, brackets, - _ /'),
  institutionId: z.number().int().positive().max(999_999_999), siteId: z.number().int().positive().max(999_999_999),
  material: z.enum(MATERIALS), item: Text(100).pipe(z.string().min(2)),
  requiredValue: PlainText(60).default(''), measuredValue: PlainText(60).default(''),
  conforming: z.boolean().optional().openapi({ description: 'needed only when the values are not both numeric; otherwise computed (a contradiction is 422)' }),
  sampledOn: CalendarDay, issuedOn: CalendarDay,
}).openapi('NewTestingReport')
const ReportQuery = z.object({
  siteId: PositiveId.optional(), institutionId: PositiveId.optional(), material: z.enum(MATERIALS).optional(),
  conforming: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
})
const NewCapability = z.object({ scheme: Text(100).pipe(z.string().min(2)), item: Text(100).pipe(z.string().min(2)), result: z.enum(CAPABILITY_RESULTS), heldOn: CalendarDay })
const NewFlightCheck = z.object({ inspectedAt: z.iso.datetime({ offset: true }), outcome: z.enum(INSPECTION_OUTCOMES), findings: PlainText(4000).default('') })
const Created = z.object({ id: z.number() })

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict'), 422: errorResponse('Refused') }
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const tags = ['testing']

const institutions = createRoute({ method: 'get', path: '/institutions', tags, summary: 'Testing institutions (检测机构) of your zone, local and 外地进苏, with their record in brief', request: { query: z.object({ origin: Origin.optional() }) }, responses: { 200: jsonResponse('Institutions', z.object({ items: z.array(Institution) })), ...errors } })
const institution = createRoute({ method: 'get', path: '/institutions/{id}', tags, summary: 'One institution: qualifications, 能力验证 results, 飞行检查 with findings', request: { params: IdParam }, responses: { 200: jsonResponse('Institution', InstitutionRecord), ...errors } })
const reports = createRoute({ method: 'get', path: '/reports', tags, summary: 'Test reports on your zone\'s sites, newest first', request: { query: ReportQuery }, responses: { 200: jsonResponse('Reports', z.object({ items: z.array(Report), total: z.number() })), ...errors } })
const report = createRoute({ method: 'get', path: '/reports/{id}', tags, summary: 'One test report', request: { params: IdParam }, responses: { 200: jsonResponse('Report', Report), ...errors } })
const create = createRoute({
  method: 'post', path: '/reports', tags, request: body(NewReport), responses: { 201: jsonResponse('The recorded report', Report), ...errors },
  summary: 'Record a report on a site of your zone; a non-conforming concrete/rebar/sand result opens its campaign hazard (劣质混凝土/瘦身钢筋/违规海砂)',
})
const capability = createRoute({ method: 'post', path: '/institutions/{id}/capability-verifications', tags, summary: 'Record a 能力验证 result (admin)', request: { params: IdParam, ...body(NewCapability) }, responses: { 201: jsonResponse('Recorded', Created), ...errors } })
const flightCheck = createRoute({ method: 'post', path: '/institutions/{id}/flight-checks', tags, summary: 'Record a 飞行检查 (unannounced check) with its findings (admin)', request: { params: IdParam, ...body(NewFlightCheck) }, responses: { 201: jsonResponse('Recorded', Created), ...errors } })
const layer = createRoute({
  method: 'get', path: '/layers/non-conforming-sites', tags,
  summary: 'Sites of your zone with non-conforming campaign results, one point per site and material (sand 违规海砂, rebar 瘦身钢筋, concrete 劣质混凝土)',
  responses: { 200: { description: 'GeoJSON FeatureCollection, WGS-84', content: { 'application/geo+json': { schema: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }) } } }, ...errors },
})

export function testingRoutes({ db }: AppDeps) {
  /** An institution the admin acts on: any testing enterprise (the admin's scope is the city). */
  const adminInstitution = async (c: Context<SessionEnv>, id: number) => {
    if (c.get('principal').role !== 'admin') throw new AppError(403, 'forbidden', 'only an administrator records capability verifications and flight checks')
    if (!(await repo.findInstitution(db, c.get('scope'), id))) throw new AppError(404, 'not_found', `no testing institution with id ${id}`)
  }
  return featureRouter<SessionEnv>()
    .openapi(institutions, async (c) => c.json({ items: await repo.listInstitutions(db, c.get('scope'), c.req.valid('query').origin) }, 200))
    .openapi(institution, async (c) => {
      const { id } = c.req.valid('param')
      const found = await repo.findInstitution(db, c.get('scope'), id)
      if (!found) throw new AppError(404, 'not_found', `no testing institution with id ${id} in your zone`)
      return c.json(found, 200)
    })
    .openapi(reports, async (c) => c.json(await repo.listReports(db, c.get('scope'), c.req.valid('query')), 200))
    .openapi(report, async (c) => {
      const { id } = c.req.valid('param')
      const found = await repo.findReport(db, c.get('scope'), id)
      if (!found) throw new AppError(404, 'not_found', `no test report with id ${id} in your zone`)
      return c.json(found, 200)
    })
    .openapi(create, async (c) => {
      const principal = c.get('principal')
      if (!canSupervise(principal.role)) throw new AppError(403, 'forbidden', 'your role reads test reports but does not record them')
      const id = await recordReport(db, c.get('scope'), { userId: principal.userId, ip: requestClient(c).address }, c.req.valid('json'))
      return c.json((await repo.findReport(db, c.get('scope'), id))!, 201)
    })
    .openapi(capability, async (c) => {
      const { id } = c.req.valid('param')
      await adminInstitution(c, id)
      const input = c.req.valid('json')
      if (input.heldOn > beijingDay(new Date())) throw new AppError(400, 'date_in_future', 'heldOn is in the future')
      const created = await db.transaction().execute(async (trx) => {
        const row = await repo.insertCapabilityVerification(trx, { institutionId: id, ...input })
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'create', entity: 'capability_verification', entityId: row.id, after: { institutionId: id, ...input } })
        return row
      })
      return c.json(created, 201)
    })
    .openapi(flightCheck, async (c) => {
      const { id } = c.req.valid('param')
      await adminInstitution(c, id)
      const input = c.req.valid('json')
      if (new Date(input.inspectedAt).getTime() > Date.now() + CLOCK_SKEW_MS) throw new AppError(400, 'date_in_future', 'inspectedAt is in the future')
      const userId = c.get('principal').userId
      const created = await db.transaction().execute(async (trx) => {
        const row = await repo.insertFlightCheck(trx, { institutionId: id, inspectorId: userId, ...input })
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'create', entity: 'flight_check', entityId: row.id, after: { institutionId: id, ...input } })
        return row
      })
      return c.json(created, 201)
    })
    .openapi(layer, async (c) => {
      const text = await repo.nonConformingSitesLayer(db, c.get('scope'), CAMPAIGN_MATERIALS)
      return c.body(text, 200, { 'content-type': 'application/geo+json; charset=utf-8' }) as unknown as TypedResponse<{ type: 'FeatureCollection'; features: unknown[] }, 200, 'json'>
    })
}
