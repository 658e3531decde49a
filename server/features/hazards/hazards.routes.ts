import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { allowedTransitions, canTransition, escalationOf, HAZARD_STATUSES, type HazardSeverity, type HazardStatus, needsEvidence, NOTICE_TYPES } from '../../domain/hazard-flow.ts'
import { canSupervise } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import type { SessionEnv } from '../auth/session.ts'
import * as repo from './hazards.repo.ts'
import { requestClient } from '../../http/client.ts'

const Hazard = z.object({
  id: z.number(), siteId: z.number(), siteName: z.string(), siteCode: z.string(), inspectionId: z.number().nullable(),
  severity: z.string(), category: z.string(), description: z.string(), status: z.enum(HAZARD_STATUSES), deadline: z.string(),
  foundAt: z.string(), closedAt: z.string().nullable(), daysOverdue: z.number(), escalation: z.enum(['none', 'grid', 'district', 'city']),
  next: z.array(z.enum(HAZARD_STATUSES)),
  events: z.array(z.object({ id: z.number(), fromStatus: z.string().nullable(), toStatus: z.string(), at: z.string(), by: z.string().nullable(), note: z.string(), evidence: z.string(), photoIds: z.array(z.number()) })),
  notices: z.array(z.object({ id: z.number(), code: z.string(), type: z.string(), typeName: z.string(), issuedAt: z.string(), content: z.string() })),
}).openapi('Hazard')
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict') }
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

const get = createRoute({ method: 'get', path: '/{id}', tags: ['hazards'], summary: 'One hazard with its steps, notices and escalation', request: { params: IdParam }, responses: { 200: jsonResponse('Hazard', Hazard), ...errors } })
const transition = createRoute({
  method: 'post', path: '/{id}/transitions', tags: ['hazards'],
  summary: 'Move a hazard one step along open → rectifying → submitted → closed (or back to rectifying when verification fails)',
  request: { params: IdParam, ...body(z.object({
    to: z.enum(HAZARD_STATUSES), note: PlainText(2000).default(''), evidence: PlainText(2000).default(''),
    photoIds: z.array(z.number().int().positive().max(999_999_999)).max(20).default([]),
  })) },
  responses: { 200: jsonResponse('The hazard after the step', Hazard), ...errors },
})
const notice = createRoute({
  method: 'post', path: '/{id}/notices', tags: ['hazards'], summary: 'Issue a notice of a type for the hazard',
  request: { params: IdParam, ...body(z.object({ type: z.enum(NOTICE_TYPES), content: PlainText(2000).pipe(z.string().min(1)) })) },
  responses: { 201: jsonResponse('The hazard with the notice', Hazard), ...errors },
})

export function hazardRoutes({ db }: AppDeps) {
  /** The hazard as the API shows it: with where it may go next and how far it has escalated. */
  const load = async (c: Context<SessionEnv>, id: number) => {
    const hazard = await repo.findHazard(db, c.get('scope'), id)
    if (!hazard) throw new AppError(404, 'not_found', `no hazard with id ${id} in your zone`)
    const status = hazard.status as HazardStatus
    return { ...hazard, status, next: [...allowedTransitions(status)], escalation: escalationOf(hazard.severity as HazardSeverity, hazard.daysOverdue) }
  }
  const mustSupervise = (c: Context<SessionEnv>) => {
    if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'your role reads hazards but does not act on them')
  }
  return featureRouter<SessionEnv>()
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(transition, async (c) => {
      mustSupervise(c)
      const { id } = c.req.valid('param')
      const { to, note, evidence, photoIds } = c.req.valid('json')
      const before = await load(c, id)
      if (!canTransition(before.status, to)) {
        throw new AppError(409, 'invalid_transition', `a hazard that is ${before.status} cannot become ${to}; next: ${before.next.join(', ') || 'none'}`)
      }
      if (needsEvidence(to) && !evidence && !note && photoIds.length === 0) {
        throw new AppError(400, 'evidence_required', `moving to ${to} needs evidence: a note, a description of the evidence, or photos`)
      }
      const userId = c.get('principal').userId
      await db.transaction().execute(async (trx) => {
        if (!(await repo.moveHazard(trx, id, before.status, to))) throw new AppError(409, 'conflict', 'the hazard was changed by someone else; reload it')
        const eventId = await repo.insertHazardEvent(trx, { hazardId: id, from: before.status, to, userId, note, evidence })
        if ((await repo.attachPhotos(trx, before.siteId, photoIds, { hazardEventId: eventId })) !== photoIds.length) {
          throw new AppError(400, 'invalid_photo', 'a photo is not this site\'s, or is already part of another record')
        }
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'transition', entity: 'hazard', entityId: id, before: { status: before.status }, after: { status: to, note, evidence, photoIds } })
      })
      return c.json(await load(c, id), 200)
    })
    .openapi(notice, async (c) => {
      mustSupervise(c)
      const { id } = c.req.valid('param')
      const { type, content } = c.req.valid('json')
      const hazard = await load(c, id)
      const userId = c.get('principal').userId
      await db.transaction().execute(async (trx) => {
        const issued = await repo.issueNotice(trx, { siteId: hazard.siteId, hazardId: id, type, content, userId })
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'issue_notice', entity: 'hazard', entityId: id, after: { ...issued, type, content } })
      })
      return c.json(await load(c, id), 201)
    })
}
