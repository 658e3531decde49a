import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { qualificationStatus } from '../../domain/enterprise.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PositiveId } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { sendTable } from '../exports/send-table.ts'
import { enterpriseTable } from './enterprises.export.ts'
import * as repo from './enterprises.repo.ts'
import { Enterprise, EnterpriseChange, EnterpriseQuery, EnterpriseSummary, NewEnterprise, NewQualification, Resolution, UnmatchedName } from './enterprises.schemas.ts'
import { resolveName, unmatchedNames } from './unmatched.repo.ts'

/*
 * 企业库: the firms behind sites, searched and read by everyone with a zone (a firm is in a zone when it works on
 * one of its sites), written by admins only. Unmatched party names are resolved here too.
 */

type EnterpriseBody = z.infer<typeof Enterprise>
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Already registered'), 422: errorResponse('Refused') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const MAX_EXPORT_ROWS = 100_000

const list = createRoute({
  method: 'get', path: '/', tags: ['enterprises'], summary: 'Enterprises in your zone by name or credit code, kind and origin, with latest credit and active sites',
  request: { query: EnterpriseQuery }, responses: { 200: jsonResponse('A page of enterprises', z.object({ total: z.number(), enterprises: z.array(EnterpriseSummary) })), ...errors },
})
const exportList = createRoute({
  method: 'get', path: '/export', tags: ['enterprises'], summary: 'The enterprise list (same filters, no paging) as CSV or XLSX',
  request: { query: EnterpriseQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'xlsx']) }) },
  responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } }, ...errors },
})
const unmatched = createRoute({
  method: 'get', path: '/unmatched', tags: ['enterprises'], summary: 'Party names recorded on sites that match no registered firm, with suggested matches (admin)',
  request: { query: z.object({ limit: z.coerce.number().int().min(1).max(1_000).default(200) }) },
  responses: { 200: jsonResponse('Unmatched names, most used first', z.object({ names: z.array(UnmatchedName) })), ...errors },
})
const resolve = createRoute({
  method: 'post', path: '/unmatched/resolve', tags: ['enterprises'], summary: 'Link every site that recorded a name (in a role, if given) to a registered firm (admin)',
  request: json(Resolution), responses: { 200: jsonResponse('The sites and crane machines linked', z.object({ linked: z.number(), siteIds: z.array(z.number()), machineIds: z.array(z.number()) })), ...errors },
})
const get = createRoute({
  method: 'get', path: '/{id}', tags: ['enterprises'], summary: 'One enterprise: fields, qualifications, its sites by role (in your zone) and its record',
  request: { params: IdParam }, responses: { 200: jsonResponse('Enterprise', Enterprise), ...errors },
})
const create = createRoute({
  method: 'post', path: '/', tags: ['enterprises'], summary: 'Register an enterprise (admin); a bad 统一社会信用代码 is refused naming the check character',
  request: json(NewEnterprise), responses: { 201: jsonResponse('The enterprise', Enterprise), ...errors },
})
const update = createRoute({
  method: 'patch', path: '/{id}', tags: ['enterprises'], summary: 'Change an enterprise\'s fields (admin)',
  request: { params: IdParam, ...json(EnterpriseChange) }, responses: { 200: jsonResponse('The enterprise', Enterprise), ...errors },
})
const addQualification = createRoute({
  method: 'post', path: '/{id}/qualifications', tags: ['enterprises'], summary: 'Add a qualification (资质) with grade and expiry (admin)',
  request: { params: IdParam, ...json(NewQualification) }, responses: { 201: jsonResponse('The enterprise', Enterprise), ...errors },
})
const removeQualification = createRoute({
  method: 'delete', path: '/{id}/qualifications/{qualificationId}', tags: ['enterprises'], summary: 'Remove a qualification (admin)',
  request: { params: IdParam.extend({ qualificationId: PositiveId.openapi({ param: { name: 'qualificationId', in: 'path' } }) }) },
  responses: { 200: jsonResponse('The enterprise', Enterprise), ...errors },
})

export function enterpriseRoutes({ db }: AppDeps) {
  const load = async (c: Context<SessionEnv>, id: number): Promise<EnterpriseBody> => {
    const scope = c.get('scope')
    const enterprise = await repo.findEnterprise(db, scope, id)
    if (!enterprise) throw new AppError(404, 'not_found', `no enterprise with id ${id} in your zone`)
    const [sites, record] = await Promise.all([repo.sitesOf(db, scope, id), repo.recordOf(db, scope, id)])
    const { today, ...fields } = enterprise
    const qualifications = enterprise.qualifications.map((q) => ({ ...q, status: qualificationStatus(q.validUntil, today) }))
    return { ...fields, qualifications, sites, record } as EnterpriseBody
  }
  const audit = (c: Context<SessionEnv>, entry: { action: string; entityId: number; before?: unknown; after?: unknown }) =>
    ({ userId: c.get('principal').userId, ip: requestClient(c).address, entity: 'enterprise', ...entry })
  const mustBeFree = async (fields: { creditCode?: string; name?: string }, exceptId?: number) => {
    const taken = await repo.takenBy(db, fields, exceptId)
    if (taken) throw new AppError(409, 'already_registered', `another enterprise already has ${taken}`)
  }
  const admin = requireRole('admin')
  const router = featureRouter<SessionEnv>()
  router.use('/unmatched', admin).use('/unmatched/*', admin).post('/', admin).patch('/:id', admin).use('/:id/qualifications', admin).use('/:id/qualifications/*', admin)
  return router
    .openapi(list, async (c) => {
      const result = await repo.listEnterprises(db, c.get('scope'), c.req.valid('query'))
      return c.json(result as { total: number; enterprises: z.infer<typeof EnterpriseSummary>[] }, 200)
    })
    .openapi(exportList, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      const rows = await repo.exportEnterprises(db, c.get('scope'), filter, MAX_EXPORT_ROWS)
      const table = enterpriseTable(rows)
      return sendTable(c, table, format)
    })
    .openapi(unmatched, async (c) => c.json({ names: (await unmatchedNames(db, c.req.valid('query').limit)) as z.infer<typeof UnmatchedName>[] }, 200))
    .openapi(resolve, async (c) => {
      const { recordedName, role, enterpriseId } = c.req.valid('json')
      await load(c, enterpriseId)
      const linked = await db.transaction().execute(async (trx) => {
        const { parties, machineIds } = await resolveName(trx, recordedName, role, enterpriseId)
        if (parties.length + machineIds.length === 0) throw new AppError(404, 'not_found', `no unmatched firm named ${recordedName}${role ? ` as ${role}` : ''}`)
        await writeAudit(trx, audit(c, { action: 'resolve_party_name', entityId: enterpriseId, after: { recordedName, role: role ?? null, sites: parties, machineIds } }))
        return { parties, machineIds }
      })
      return c.json({ linked: linked.parties.length + linked.machineIds.length, siteIds: [...new Set(linked.parties.map((r) => r.siteId))], machineIds: linked.machineIds }, 200)
    })
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(create, async (c) => {
      const body = c.req.valid('json')
      await mustBeFree(body)
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertEnterprise(trx, { ...body, enteredOn: body.enteredOn ?? null, legalRepresentative: body.legalRepresentative ?? null,
          contactName: body.contactName ?? null, contactPhone: body.contactPhone ?? null, address: body.address ?? null })
        await writeAudit(trx, audit(c, { action: 'create', entityId: id, after: body }))
        return id
      })
      return c.json(await load(c, id), 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const before = await load(c, id)
      if ((change.origin ?? before.origin) === 'local' && change.enteredOn) {
        throw new AppError(422, 'entered_on_local', 'a local firm has no 外地进苏 entry date: set origin to out_of_province first')
      }
      await mustBeFree(change, id)
      await db.transaction().execute(async (trx) => {
        await repo.updateEnterprise(trx, id, change.origin === 'local' ? { ...change, enteredOn: null } : change)
        const { record: _r, sites: _s, qualifications: _q, ...fields } = before
        await writeAudit(trx, audit(c, { action: 'update', entityId: id, before: fields, after: change }))
      })
      return c.json(await load(c, id), 200)
    })
    .openapi(addQualification, async (c) => {
      const { id } = c.req.valid('param')
      const qualification = c.req.valid('json')
      await load(c, id)
      await db.transaction().execute(async (trx) => {
        const qid = await repo.insertQualification(trx, id, qualification)
        if (!qid) throw new AppError(409, 'already_registered', `the enterprise already holds a ${qualification.category} qualification: remove it first`)
        await writeAudit(trx, audit(c, { action: 'add_qualification', entityId: id, after: { id: qid, ...qualification } }))
      })
      return c.json(await load(c, id), 201)
    })
    .openapi(removeQualification, async (c) => {
      const { id, qualificationId } = c.req.valid('param')
      await load(c, id)
      await db.transaction().execute(async (trx) => {
        const removed = await repo.deleteQualification(trx, id, qualificationId)
        if (!removed) throw new AppError(404, 'not_found', `enterprise ${id} has no qualification ${qualificationId}`)
        await writeAudit(trx, audit(c, { action: 'remove_qualification', entityId: id, before: { id: qualificationId, ...removed } }))
      })
      return c.json(await load(c, id), 200)
    })
}
