import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { canSupervise } from '../../domain/roles.ts'
import { labCoversScaffold, SCAFFOLD_COMPONENTS, SCAFFOLD_PROPERTIES } from '../../domain/scaffold.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, CalendarDay, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { sendTable } from '../exports/send-table.ts'
import { manufacturerTable, samplingTable } from './scaffold.export.ts'
import * as repo from './scaffold.repo.ts'
import { recordSampling } from './scaffold.service.ts'

/*
 * 盘扣抽查抽测: sampling records of scaffold components on the zone's sites, judged against the standard's limits
 * (server/domain/scaffold.ts); a failed batch opens a major hazard. Field roles record; everyone with a zone reads.
 */

const Text = (max: number) => PlainText(max).pipe(z.string().min(1))
const Verdict = z.enum(['pass', 'fail'])
const Measurement = z.object({
  property: z.enum(SCAFFOLD_PROPERTIES),
  values: z.array(z.number().positive().max(5_000)).min(1).max(100).openapi({ description: 'one value per sample, in sample order' }),
})
const Sampling = z.object({
  id: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), districtId: z.number(), campaignId: z.number().nullable(),
  campaignName: z.string().nullable(), sampledOn: z.string(), component: z.string(), batchNo: z.string(), manufacturerName: z.string(),
  manufacturerId: z.number().nullable(), sampleCount: z.number(), labId: z.number(), lab: z.string(), results: z.array(Measurement),
  verdict: Verdict, failedSamples: z.number(), hazardId: z.number().nullable(), hazardStatus: z.string().nullable(), recordedAt: z.string(),
}).openapi('ScaffoldSampling')
const NewSampling = z.object({
  siteId: z.number().int().positive().max(999_999_999), campaignId: z.number().int().positive().max(999_999_999).nullable().optional(),
  sampledOn: CalendarDay, component: z.enum(SCAFFOLD_COMPONENTS), batchNo: Text(64), manufacturerName: Text(200).pipe(z.string().min(2)),
  sampleCount: z.number().int().min(1).max(100), labId: z.number().int().positive().max(999_999_999),
  results: z.array(Measurement).min(1).max(SCAFFOLD_PROPERTIES.length),
}).openapi('NewScaffoldSampling')
const Filter = z.object({
  siteId: PositiveId.optional(), campaignId: PositiveId.optional(), component: z.enum(SCAFFOLD_COMPONENTS).optional(), verdict: Verdict.optional(),
  manufacturer: Text(200).optional(),
})
const Page = { limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }
const Manufacturer = z.object({
  manufacturerName: z.string(), manufacturerId: z.number().nullable(), samplings: z.number(), failed: z.number(), samples: z.number(),
  failedSamples: z.number(), rate: z.number(), lastFailureOn: z.string().nullable(), districts: z.number(),
}).openapi('ScaffoldManufacturer')
const Lab = z.object({ id: z.number(), name: z.string(), origin: z.string() })
const FileFormat = z.object({ format: z.enum(['csv', 'xlsx']) })
const file = { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } } }

const errors = { ...errorResponses, ...authErrorResponses, 422: errorResponse('Refused') }
const tags = ['scaffold']
const MAX_EXPORT_ROWS = 100_000
const MAX_MANUFACTURERS = 500

const list = createRoute({ method: 'get', path: '/samplings', tags, summary: 'Samplings on your zone\'s sites, newest first', request: { query: Filter.extend(Page) }, responses: { 200: jsonResponse('Samplings', z.object({ items: z.array(Sampling), total: z.number() })), ...errors } })
const exportList = createRoute({ method: 'get', path: '/samplings/export', tags, summary: 'The samplings (same filters, no paging) as CSV or XLSX', request: { query: Filter.extend(FileFormat.shape) }, responses: { ...file, ...errors } })
const get = createRoute({ method: 'get', path: '/samplings/{id}', tags, summary: 'One sampling with its measured values and hazard', request: { params: IdParam }, responses: { 200: jsonResponse('Sampling', Sampling), ...errors } })
const create = createRoute({
  method: 'post', path: '/samplings', tags, request: { body: { required: true, content: { 'application/json': { schema: NewSampling } } } },
  responses: { 201: jsonResponse('The recorded sampling, with its verdict', Sampling), ...errors },
  summary: 'Record a sampling on a site of your zone (field roles); the verdict is computed from the limits and a failed batch opens a major hazard',
})
const manufacturers = createRoute({ method: 'get', path: '/manufacturers', tags, summary: 'Manufacturers across the city by share of failed batches, worst first', request: { query: z.object({ limit: z.coerce.number().int().min(1).max(MAX_MANUFACTURERS).default(100) }) }, responses: { 200: jsonResponse('Ranking', z.object({ items: z.array(Manufacturer) })), ...errors } })
const exportManufacturers = createRoute({ method: 'get', path: '/manufacturers/export', tags, summary: 'The manufacturers\' ranking as CSV or XLSX', request: { query: FileFormat }, responses: { ...file, ...errors } })
const labs = createRoute({ method: 'get', path: '/labs', tags, summary: 'Testing institutions qualified today for building components (建筑材料及构配件), the labs a sampling may name', responses: { 200: jsonResponse('Labs', z.object({ items: z.array(Lab) })), ...errors } })

export function scaffoldRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(list, async (c) => c.json(await repo.listSamplings(db, c.get('scope'), c.req.valid('query')), 200))
    .openapi(exportList, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      return sendTable(c, samplingTable(await repo.exportSamplings(db, c.get('scope'), filter, MAX_EXPORT_ROWS)), format)
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param')
      const found = await repo.findSampling(db, c.get('scope'), id)
      if (!found) throw new AppError(404, 'not_found', `no scaffold sampling with id ${id} in your zone`)
      return c.json(found, 200)
    })
    .openapi(create, async (c) => {
      const principal = c.get('principal')
      if (!canSupervise(principal.role)) throw new AppError(403, 'forbidden', 'your role reads samplings but does not record them')
      const id = await recordSampling(db, c.get('scope'), { userId: principal.userId, ip: requestClient(c).address }, c.req.valid('json'))
      return c.json((await repo.findSampling(db, c.get('scope'), id))!, 201)
    })
    .openapi(manufacturers, async (c) => c.json({ items: await repo.manufacturerRanking(db, c.req.valid('query').limit) }, 200))
    .openapi(exportManufacturers, async (c) => sendTable(c, manufacturerTable(await repo.manufacturerRanking(db, MAX_MANUFACTURERS)), c.req.valid('query').format))
    .openapi(labs, async (c) => {
      const items = (await repo.testingLabs(db)).filter((lab) => labCoversScaffold(lab.qualificationTexts)).map(({ id, name, origin }) => ({ id, name, origin }))
      return c.json({ items }, 200)
    })
}
