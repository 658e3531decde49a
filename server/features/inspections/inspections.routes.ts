import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { NOTICE_TYPES, HAZARD_SEVERITIES } from '../../domain/hazard-flow.ts'
import { SMALL_WORKS_CHECKLIST } from '../../domain/campaign.ts'
import { checklistMismatch, CLOCK_SKEW_MS, DUST_CHECKLIST, INSPECTION_KINDS, inspectionScore, SCORE_SHEET } from '../../domain/inspection.ts'
import { canSupervise } from '../../domain/roles.ts'
import { addDays, beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponses, featureRouter, IdParam, jsonResponse, PlainText } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import type { SessionEnv } from '../auth/session.ts'
import { campaignSheetFor } from '../campaigns/campaign-sheet.service.ts'
import { attachPhotos, insertHazardEvent, issueNotice } from '../hazards/hazards.repo.ts'
import * as repo from './inspections.repo.ts'
import { requestClient } from '../../http/client.ts'

const MAX_DEADLINE_DAYS = 180
const Day = z.iso.date()
const part = (max: number) => z.number().min(0).max(max)

const NewHazard = z.object({
  severity: z.enum(HAZARD_SEVERITIES), category: PlainText(60).pipe(z.string().min(1)), description: PlainText(1000).pipe(z.string().min(1)),
  deadline: Day, notice: z.enum(NOTICE_TYPES).optional().openapi({ description: 'issue a notice of this type for the hazard' }),
})
export const NewInspection = z.object({
  siteId: z.number().int().positive().max(999_999_999),
  kind: z.enum(INSPECTION_KINDS),
  inspectedAt: z.iso.datetime({ offset: true }),
  checklist: z.record(z.string().max(40), z.boolean()).openapi({ description: `the kind's checklist answered in full: ${DUST_CHECKLIST.join(', ')}; small_works: ${SMALL_WORKS_CHECKLIST.join(', ')}` }),
  scoreSheet: z.object({
    safety_management: part(SCORE_SHEET.safety_management), site_safety: part(SCORE_SHEET.site_safety),
    dust_control: part(SCORE_SHEET.dust_control), civilised_construction: part(SCORE_SHEET.civilised_construction),
  }),
  findings: PlainText(4000).default(''),
  location: z.object({ lon: z.number().min(73).max(136), lat: z.number().min(3).max(54), accuracyM: z.number().min(0).max(100_000).nullable().default(null) })
    .nullable().default(null).openapi({ description: 'where the device was, WGS-84, if the inspector allowed it' }),
  photoIds: z.array(z.number().int().positive().max(999_999_999)).max(20).default([]),
  hazards: z.array(NewHazard).max(30).default([]),
  campaignId: z.number().int().positive().max(999_999_999).optional().openapi({ description: 'recorded against this running campaign (专项行动)' }),
  campaignSheet: z.record(z.string().max(40), z.boolean()).optional().openapi({ description: 'the campaign\'s checklist answered: key → compliant' }),
}).openapi('NewInspection')

const Inspection = z.object({
  id: z.number(), siteId: z.number(), siteName: z.string(), kind: z.string(), inspectedAt: z.string(), score: z.number().nullable(),
  findings: z.string(), inspector: z.string().nullable(), checklist: z.unknown(), scoreSheet: z.unknown(), campaignId: z.number().nullable(), campaignSheet: z.unknown(),
  location: z.tuple([z.number(), z.number()]).nullable(), locationAccuracyM: z.number().nullable(), distanceFromSiteM: z.number().nullable(),
  hazards: z.array(z.object({ id: z.number(), severity: z.string(), category: z.string(), status: z.string(), deadline: z.string() })),
  photoIds: z.array(z.number()),
}).openapi('Inspection')
const errors = { ...errorResponses, ...authErrorResponses }

const create = createRoute({
  method: 'post', path: '/', tags: ['inspections'],
  summary: 'Record an inspection of a site in your zone; its hazards open, its notices are issued, all in one transaction',
  request: { body: { required: true, content: { 'application/json': { schema: NewInspection } } } },
  responses: { 201: jsonResponse('The recorded inspection', Inspection), ...errors },
})
const get = createRoute({ method: 'get', path: '/{id}', tags: ['inspections'], summary: 'One inspection', request: { params: IdParam }, responses: { 200: jsonResponse('Inspection', Inspection), ...errors } })

/** The checks that need the site and the clock: nothing in the future, nothing before the works began. */
function assertDates(input: z.infer<typeof NewInspection>, siteStart: string | null, now: Date) {
  const at = new Date(input.inspectedAt)
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) throw new AppError(400, 'date_in_future', 'inspectedAt is in the future')
  const day = beijingDay(at)
  // A site whose start is unknown can be inspected on any day up to now.
  if (siteStart !== null && day < siteStart) throw new AppError(400, 'date_before_site_start', `inspectedAt is before the site started (${siteStart})`)
  const latest = beijingDay(addDays(at, MAX_DEADLINE_DAYS))
  input.hazards.forEach((h, i) => {
    if (h.deadline < day || h.deadline > latest) {
      throw new AppError(400, 'invalid_deadline', `hazard ${i + 1}: the deadline must fall between the inspection day and ${MAX_DEADLINE_DAYS} days after`, { path: `hazards.${i}.deadline` })
    }
  })
}

export function inspectionRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(create, async (c) => {
      const input = c.req.valid('json')
      const principal = c.get('principal')
      if (!canSupervise(principal.role)) throw new AppError(403, 'forbidden', 'your role reads inspections but does not record them')
      const site = await repo.findScopedSite(db, c.get('scope'), input.siteId)
      if (!site) throw new AppError(404, 'not_found', `no site with id ${input.siteId} in your zone`)
      assertDates(input, site.startDate, new Date())
      const mismatch = checklistMismatch(input.kind, input.checklist)
      if (mismatch.length) throw new AppError(400, 'invalid_request', 'request validation failed', mismatch)
      if (input.kind === 'small_works' && site.kind !== 'small_temporary') throw new AppError(422, 'not_small_works', 'the small-works checklist is for 小型临时工程 sites')
      const campaign = await campaignSheetFor(db, input)
      const id = await db.transaction().execute(async (trx) => {
        const id = await repo.insertInspection(trx, {
          ...input, ...campaign, inspectorId: principal.userId, score: inspectionScore(input.scoreSheet),
        })
        if ((await attachPhotos(trx, site.id, input.photoIds, { inspectionId: id })) !== input.photoIds.length) {
          throw new AppError(400, 'invalid_photo', 'a photo is not this site\'s, or is already part of another record')
        }
        for (const h of input.hazards) {
          const hazardId = await repo.insertHazard(trx, { ...h, siteId: site.id, inspectionId: id, foundAt: input.inspectedAt })
          await insertHazardEvent(trx, { hazardId, from: null, to: 'open', at: new Date(input.inspectedAt), userId: principal.userId, note: h.description })
          if (h.notice) await issueNotice(trx, { siteId: site.id, hazardId, type: h.notice, content: `${h.description}，请于${h.deadline}前整改完毕并回复。`, userId: principal.userId })
        }
        await writeAudit(trx, { userId: principal.userId, ip: requestClient(c).address, action: 'create', entity: 'inspection', entityId: id, after: input })
        return id
      })
      return c.json((await repo.findInspection(db, c.get('scope'), id))!, 201)
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param')
      const inspection = await repo.findInspection(db, c.get('scope'), id)
      if (!inspection) throw new AppError(404, 'not_found', `no inspection with id ${id} in your zone`)
      return c.json(inspection, 200)
    })
}
