import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import {
  certificationRate, fillPositions, needsOfRole, type StaffRole, staffStanding, STAFF_ROLES,
} from '../../domain/certification.ts'
import { maskIdNumber } from '../../domain/id-number.ts'
import { canSupervise } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PositiveId } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import type { SessionEnv } from '../auth/session.ts'
import { certificationByArea } from './certification.repo.ts'
import { findPerson } from './people.repo.ts'
import { AssignmentEnd, DoublePm, json, NewAssignment } from './people.schemas.ts'
import * as staff from './staff.repo.ts'

/* A site's key staff and their certification (GET/POST /api/sites/:id/staff), and the 持证上岗率 per area. */

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict'), 422: errorResponse('Refused') }
const StaffIds = z.object({ id: PositiveId.openapi({ param: { name: 'id', in: 'path' } }), staffId: PositiveId.openapi({ param: { name: 'staffId', in: 'path' } }) })
const STANDINGS = ['certified', 'unmatched', 'no_certificate', 'expired', 'revoked'] as const

const SiteStaff = z.object({
  siteId: z.number(), required: z.number(), filled: z.number(), rate: z.number().nullable(),
  positions: z.array(z.object({ key: z.string(), role: z.enum(STAFF_ROLES), required: z.number(), filled: z.number() })),
  staff: z.array(z.object({ id: z.number(), role: z.enum(STAFF_ROLES), personId: z.number().nullable(), name: z.string(), idNumberMasked: z.string().nullable(),
    fromDate: z.string(), certified: z.boolean(), standing: z.enum(STANDINGS) })),
  flags: z.array(DoublePm),
}).openapi('SiteStaff')

const getStaff = createRoute({
  method: 'get', path: '/{id}/staff', tags: ['people'], summary: 'A site\'s current key staff, each certified or why not, the positions required and the 持证上岗率',
  request: { params: IdParam }, responses: { 200: jsonResponse('Staff', SiteStaff), ...errors },
})
const assign = createRoute({
  method: 'post', path: '/{id}/staff', tags: ['people'], summary: 'Assign a person to a role on the site (a project manager of another active site is refused)',
  request: { params: IdParam, ...json(NewAssignment) }, responses: { 201: jsonResponse('Staff', SiteStaff), ...errors },
})
const end = createRoute({
  method: 'post', path: '/{id}/staff/{staffId}/end', tags: ['people'], summary: 'End an assignment on a day',
  request: { params: StaffIds, ...json(AssignmentEnd) }, responses: { 200: jsonResponse('Staff', SiteStaff), ...errors },
})

export function siteStaffRoutes({ db }: AppDeps) {
  const site = async (c: Context<SessionEnv>, id: number) => {
    const facts = await staff.findSiteFacts(db, c.get('scope'), id)
    if (!facts) throw new AppError(404, 'not_found', `no site with id ${id} in your zone`)
    return facts
  }
  const report = async (c: Context<SessionEnv>, id: number) => {
    const facts = await site(c, id)
    const [rows, day, flags] = await Promise.all([staff.currentStaff(db, id), staff.todayInBeijing(db), staff.doubleProjectManagers(db, c.get('scope'), id)])
    const positions = fillPositions(facts, rows, day)
    return {
      siteId: id, ...certificationRate(positions), positions, flags,
      staff: rows.map((r) => {
        const standing = staffStanding(needsOfRole(r.role as StaffRole, r.certificates), r.personId !== null, r.certificates, day)
        return { id: r.id, role: r.role as StaffRole, personId: r.personId, name: r.personName ?? r.recordedName, fromDate: r.fromDate,
          idNumberMasked: r.idNumber === null ? null : maskIdNumber(r.idNumber), certified: standing === 'certified', standing }
      }),
    }
  }
  const mayWrite = (c: Context<SessionEnv>) => {
    if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'your role reads site staff but does not assign them')
  }
  return featureRouter<SessionEnv>()
    .openapi(getStaff, async (c) => c.json(await report(c, c.req.valid('param').id), 200))
    .openapi(assign, async (c) => {
      mayWrite(c)
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      await site(c, id)
      // The person need not be in the caller's zone yet (that is what assigning does), but must exist.
      const person = await findPerson(db, { kind: 'city' }, body.personId)
      if (!person) throw new AppError(422, 'unknown_person', `no person with id ${body.personId}`)
      if (body.role === 'project_manager') {
        const other = await staff.otherActivePmSite(db, body.personId, id)
        // The other site is named only to someone whose zone holds it.
        if (other) {
          const visible = await staff.findSiteFacts(db, c.get('scope'), other.id)
          throw new AppError(409, 'project_manager_busy', `${person.name} is the project manager of another active site; end that assignment first`, visible ? { siteId: other.id } : undefined)
        }
      }
      await db.transaction().execute(async (trx) => {
        const staffId = await staff.insertAssignment(trx, { siteId: id, role: body.role, personId: body.personId, recordedName: person.name, fromDate: body.fromDate })
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'assign', entity: 'site_staff', entityId: staffId, after: { siteId: id, ...body } })
      })
      return c.json(await report(c, id), 201)
    })
    .openapi(end, async (c) => {
      mayWrite(c)
      const { id, staffId } = c.req.valid('param')
      const { toDate } = c.req.valid('json')
      await site(c, id)
      const row = await staff.findAssignment(db, id, staffId)
      if (!row) throw new AppError(404, 'not_found', `no assignment ${staffId} on site ${id}`)
      if (row.toDate !== null) throw new AppError(409, 'already_ended', `this assignment ended on ${row.toDate}`)
      if (toDate < row.fromDate) throw new AppError(422, 'ends_before_start', `the assignment began on ${row.fromDate}`)
      await db.transaction().execute(async (trx) => {
        await staff.endAssignment(trx, staffId, toDate)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'end', entity: 'site_staff', entityId: staffId, after: { toDate } })
      })
      return c.json(await report(c, id), 200)
    })
}

const Area = z.object({ id: z.number(), name: z.string(), sites: z.number(), required: z.number(), filled: z.number(), rate: z.number().nullable() })
const byArea = createRoute({
  method: 'get', path: '/', tags: ['people'], summary: '持证上岗率 per grid, district or the city, over the supervised sites in your zone (worst first)',
  request: { query: z.object({ by: z.enum(['grid', 'district', 'city']).default('city') }) },
  responses: { 200: jsonResponse('Areas', z.object({ by: z.string(), areas: z.array(Area) })), ...errors },
})

export function certificationRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>().openapi(byArea, async (c) => {
    const { by } = c.req.valid('query')
    return c.json({ by, areas: await certificationByArea(db, inSiteScope(c.get('scope')), by) }, 200)
  })
}
