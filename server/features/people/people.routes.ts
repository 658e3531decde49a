import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { maskIdNumber } from '../../domain/id-number.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PositiveId, SearchText } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { STAFF_ROLES } from '../../domain/certification.ts'
import { sendTable } from '../exports/send-table.ts'
import { peopleTable } from './people.export.ts'
import * as repo from './people.repo.ts'
import { Certificate, DoublePm, json, NewCertificate, NewPerson, Person, PersonChange, PersonRow, Revocation } from './people.schemas.ts'
import { doubleProjectManagers } from './staff.repo.ts'

/* 人员库: people and their certificates. Everyone in the registry's read roles reads within scope; admins write. */

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict'), 422: errorResponse('Refused') }
const PersonId = z.object({ id: PositiveId.openapi({ param: { name: 'id', in: 'path' } }), certId: PositiveId.openapi({ param: { name: 'certId', in: 'path' } }) })

const ListQuery = z.object({ q: SearchText.optional(), employer: PositiveId.optional(), role: z.enum(STAFF_ROLES).optional(),
  expiring: z.enum(['true', 'false']).optional().openapi({ description: `a certificate expiring within ${repo.EXPIRING_WITHIN_DAYS} days` }),
  limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) })
const list = createRoute({
  method: 'get', path: '/', tags: ['people'], summary: 'People staffed in your zone, ID numbers masked; filter by employer, current role, expiring certificates',
  request: { query: ListQuery },
  responses: { 200: jsonResponse('People', z.object({ total: z.number(), people: z.array(PersonRow) })), ...errors },
})
const MAX_EXPORT_ROWS = 50_000
const exportList = createRoute({
  method: 'get', path: '/export', tags: ['people'], summary: 'The people list (same filters, no paging) as CSV or XLSX, ID numbers masked',
  request: { query: ListQuery.omit({ limit: true, offset: true }).extend({ format: z.enum(['csv', 'xlsx']) }) },
  responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } }, ...errors },
})
const flags = createRoute({
  method: 'get', path: '/flags/project-managers', tags: ['people'], summary: 'Project managers of two or more active sites at once (with a site in your zone)',
  responses: { 200: jsonResponse('Flags', z.object({ people: z.array(DoublePm) })), ...errors },
})
const get = createRoute({ method: 'get', path: '/{id}', tags: ['people'], summary: 'A person: employer, certificates with renewal history, assignments', request: { params: IdParam }, responses: { 200: jsonResponse('Person', Person), ...errors } })
const create = createRoute({ method: 'post', path: '/', tags: ['people'], summary: 'Add a person (admin)', request: json(NewPerson), responses: { 201: jsonResponse('Person', Person), ...errors } })
const patch = createRoute({ method: 'patch', path: '/{id}', tags: ['people'], summary: 'Change a person (admin)', request: { params: IdParam, ...json(PersonChange) }, responses: { 200: jsonResponse('Person', Person), ...errors } })
const addCertificate = createRoute({
  method: 'post', path: '/{id}/certificates', tags: ['people'], summary: 'Add a certificate, or renew one (replacesId): the old one stays as history (admin)',
  request: { params: IdParam, ...json(NewCertificate) }, responses: { 201: jsonResponse('Certificate', Certificate), ...errors },
})
const revoke = createRoute({
  method: 'post', path: '/{id}/certificates/{certId}/revoke', tags: ['people'], summary: 'Revoke a certificate from a day (admin)',
  request: { params: PersonId, ...json(Revocation) }, responses: { 200: jsonResponse('Certificate', Certificate), ...errors },
})

export function peopleRoutes({ db }: AppDeps) {
  const load = async (c: Context<SessionEnv>, id: number) => {
    const person = await repo.findPerson(db, c.get('scope'), id)
    if (!person) throw new AppError(404, 'not_found', `no person with id ${id} in your zone`)
    const [certificates, assignments] = await Promise.all([repo.certificatesOf(db, id), repo.assignmentsOf(db, c.get('scope'), id)])
    const { idNumber, ...rest } = person
    return { ...rest, idNumberMasked: maskIdNumber(idNumber), idNumber: c.get('principal').role === 'admin' ? idNumber : null, certificates, assignments }
  }
  const audit = (c: Context<SessionEnv>, trx: typeof db, action: string, entity: string, entityId: number, after: unknown, before?: unknown) =>
    writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action, entity, entityId, before, after })
  const checkPerson = async (p: { idNumber?: string; employerId?: number | null }, selfId?: number) => {
    if (p.employerId && !(await repo.employerExists(db, p.employerId))) throw new AppError(422, 'unknown_employer', `no enterprise with id ${p.employerId}`)
    const holder = p.idNumber ? await repo.findPersonByIdNumber(db, p.idNumber) : undefined
    if (holder && holder.id !== selfId) throw new AppError(409, 'duplicate_id_number', 'a person with this ID number is already registered', { personId: holder.id })
  }
  const admin = requireRole('admin')
  const router = featureRouter<SessionEnv>()
  router.post('/', admin).patch('/:id', admin).post('/:id/certificates', admin).post('/:id/certificates/:certId/revoke', admin)
  return router
    .openapi(list, async (c) => {
      const { q, employer, role, expiring, limit, offset } = c.req.valid('query')
      return c.json(await repo.listPeople(db, c.get('scope'), { q, employerId: employer, role, expiring: expiring === 'true', limit, offset }), 200)
    })
    .openapi(exportList, async (c) => {
      const { format, q, employer, role, expiring } = c.req.valid('query')
      const { people } = await repo.listPeople(db, c.get('scope'), { q, employerId: employer, role, expiring: expiring === 'true', limit: MAX_EXPORT_ROWS, offset: 0 })
      const table = peopleTable(people)
      return sendTable(c, table, format)
    })
    .openapi(flags, async (c) => c.json({ people: await doubleProjectManagers(db, c.get('scope')) }, 200))
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(create, async (c) => {
      const body = c.req.valid('json')
      await checkPerson(body)
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertPerson(trx, body)
        await audit(c, trx, 'create', 'person', id, { ...body, idNumber: maskIdNumber(body.idNumber) })
        return id
      })
      return c.json(await load(c, id), 201)
    })
    .openapi(patch, async (c) => {
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const before = await load(c, id)
      await checkPerson(change, id)
      await db.transaction().execute(async (trx) => {
        await repo.updatePerson(trx, id, change)
        await audit(c, trx, 'update', 'person', id, { ...change, idNumber: change.idNumber && maskIdNumber(change.idNumber) },
          { name: before.name, employerId: before.employerId, phone: before.phone, idNumber: before.idNumberMasked })
      })
      return c.json(await load(c, id), 200)
    })
    .openapi(addCertificate, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      await load(c, id)
      if (body.replacesId !== null) {
        const old = await repo.findCertificate(db, id, body.replacesId)
        if (!old) throw new AppError(404, 'not_found', `this person has no certificate with id ${body.replacesId}`)
        if (old.kind !== body.kind || old.specialty !== body.specialty) throw new AppError(422, 'renewal_mismatch', 'a renewal keeps the kind and specialty of the certificate it replaces')
        if ((await repo.certificatesOf(db, id)).some((x) => x.replacesId === old.id)) throw new AppError(409, 'already_renewed', 'this certificate was already renewed')
      }
      if (await repo.certificateNumberTaken(db, body.kind, body.number)) throw new AppError(409, 'duplicate_certificate', `a ${body.kind} certificate numbered ${body.number} is already registered`)
      const certId = await db.transaction().execute(async (trx) => {
        const certId = await repo.insertCertificate(trx, id, body)
        await repo.markPersonSitesStale(trx, id)
        await audit(c, trx, body.replacesId === null ? 'create' : 'renew', 'certificate', certId, { personId: id, ...body })
        return certId
      })
      return c.json((await repo.certificatesOf(db, id)).find((x) => x.id === certId)!, 201)
    })
    .openapi(revoke, async (c) => {
      const { id, certId } = c.req.valid('param')
      const { on } = c.req.valid('json')
      await load(c, id)
      const cert = await repo.findCertificate(db, id, certId)
      if (!cert) throw new AppError(404, 'not_found', `this person has no certificate with id ${certId}`)
      if (cert.revoked_on !== null) throw new AppError(409, 'already_revoked', 'this certificate is already revoked')
      await db.transaction().execute(async (trx) => {
        await repo.revokeCertificate(trx, certId, on)
        await repo.markPersonSitesStale(trx, id)
        await audit(c, trx, 'revoke', 'certificate', certId, { personId: id, revokedOn: on })
      })
      return c.json((await repo.certificatesOf(db, id)).find((x) => x.id === certId)!, 200)
    })
}
