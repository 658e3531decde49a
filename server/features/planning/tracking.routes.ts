import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { canPlan, type Role } from '../../domain/roles.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import * as emergency from './emergency.repo.ts'
import * as tracking from './tracking.repo.ts'
import { requestClient } from '../../http/client.ts'

const Day = z.iso.date().refine((day) => day >= '2000-01-01', 'too early')
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
const ListType = z.enum(['reduction', 'exemption'])
const Report = z.object({ onDate: z.string(), status: z.enum(['in_progress', 'done']), evidence: z.string(), photoId: z.number().nullable(), by: z.string(), at: z.string() })
const Measure = z.object({ status: z.enum(['done', 'in_progress', 'not_started']), doneOn: z.string().nullable(), lastReport: Report.nullable() })
const Entry = z.object({
  id: z.number(), siteId: z.number(), code: z.string(), name: z.string(), districtId: z.number(), district: z.string(), stage: z.string(),
  process: z.string().nullable(), dustLetterOn: z.string().nullable(), fuelLetterOn: z.string().nullable(), location: z.tuple([z.number(), z.number()]),
}).openapi('EmergencyListEntry')
const created = z.object({ id: z.number() })
const conflict = { 409: errorResponse('Already on the list') }
const notInFuture = (day: string) => day <= beijingDay(new Date())

const measures = createRoute({
  method: 'get', path: '/measures', tags: ['planning'], summary: "Each listed key project's three high-standard measures with status, dates and the latest evidence",
  request: { query: z.object({ district: PositiveId.optional() }) },
  responses: { 200: jsonResponse('Key projects by rank', z.object({ projects: z.array(z.object({
    keyProjectId: z.number(), rank: z.number(), siteId: z.number(), code: z.string(), name: z.string(), districtId: z.number(), district: z.string(),
    deadline: z.string(), measures: z.object({ enclosure: Measure, dust_net: Measure, spraying: Measure }),
  })) })), ...errorResponses, ...authErrorResponses },
})
const report = createRoute({
  method: 'post', path: '/measures/{id}/reports', tags: ['planning'], request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: z.object({
    measure: z.enum(tracking.KEY_MEASURES), status: z.enum(['in_progress', 'done']),
    onDate: Day.refine(notInFuture, 'a report cannot be dated in the future'),
    evidence: PlainText(500).pipe(z.string().min(1, 'evidence is required')), photoId: z.number().int().positive().max(999_999_999).optional(),
  }) } } } },
  summary: "Report a key project's measure in progress or done, with evidence (id: the key project)",
  responses: { 201: jsonResponse('Recorded', z.object({ ok: z.literal(true) })), ...errorResponses, ...authErrorResponses },
})
const progress = createRoute({
  method: 'get', path: '/progress', tags: ['planning'], summary: 'Weekly count of key projects with all three measures done, by district, against the deadline',
  responses: { 200: jsonResponse('Series', z.object({ deadline: z.string().nullable(), days: z.array(z.string()),
    districts: z.array(z.object({ districtId: z.number(), district: z.string(), total: z.number(), done: z.array(z.number()) })) })), ...authErrorResponses },
})
const listEmergency = createRoute({
  method: 'get', path: '/emergency', tags: ['planning'], summary: 'A month’s emergency reduction or exemption list, with the commitment letters',
  request: { query: z.object({ type: ListType, month: Month.optional().openapi({ description: 'default: this month (Asia/Shanghai)' }) }) },
  responses: { 200: jsonResponse('Entries', z.object({ type: ListType, month: z.string(), months: z.array(z.string()), entries: z.array(Entry) })), ...errorResponses, ...authErrorResponses },
})
const addEmergency = createRoute({
  method: 'post', path: '/emergency', tags: ['planning'], summary: 'Put a site on a month’s list',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({
    type: ListType, month: Month, siteId: z.number().int().positive().max(999_999_999), process: PlainText(100).pipe(z.string().min(1)).optional(),
  }) } } } },
  responses: { 201: jsonResponse('Added', created), ...errorResponses, ...authErrorResponses, ...conflict },
})
const letters = createRoute({
  method: 'put', path: '/emergency/{id}/letters', tags: ['planning'], summary: 'Record (or clear, with null) the dates the commitment letters were received',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: z.object({
    dustLetterOn: Day.refine(notInFuture, 'not in the future').nullable().optional(), fuelLetterOn: Day.refine(notInFuture, 'not in the future').nullable().optional(),
  }) } } } },
  responses: { 200: jsonResponse('Recorded', z.object({ ok: z.literal(true) })), ...errorResponses, ...authErrorResponses },
})

const mustPlan = (role: Role) => {
  if (!canPlan(role)) throw new AppError(403, 'forbidden', 'your role reads the plan’s lists but does not change them')
}

export function trackingRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(measures, async (c) => c.json({ projects: await tracking.keyProjectMeasures(db, c.get('scope'), c.req.valid('query').district) }, 200))
    .openapi(report, async (c) => {
      const principal = c.get('principal')
      mustPlan(principal.role)
      const outcome = await tracking.reportMeasure(db, c.get('scope'), principal.userId, c.req.valid('param').id, c.req.valid('json'), requestClient(c).address)
      if (outcome === 'not_found') throw new AppError(404, 'not_found', 'no such listed key project')
      if (outcome === 'photo_elsewhere') throw new AppError(400, 'unknown_reference', 'the photo is not of this project', { path: 'photoId' })
      return c.json({ ok: true as const }, 201)
    })
    .openapi(progress, async (c) => c.json(await tracking.progressByDistrict(db, c.get('scope')), 200))
    .openapi(listEmergency, async (c) => {
      const { type, month = beijingDay(new Date()).slice(0, 7) } = c.req.valid('query')
      const [entries, months] = await Promise.all([emergency.listEntries(db, c.get('scope'), type, `${month}-01`), emergency.listMonths(db)])
      return c.json({ type, month, months, entries }, 200)
    })
    .openapi(addEmergency, async (c) => {
      const principal = c.get('principal')
      mustPlan(principal.role)
      const body = c.req.valid('json')
      const outcome = await emergency.addEntry(db, c.get('scope'), principal.userId, { ...body, month: `${body.month}-01` }, requestClient(c).address)
      if (outcome === 'not_found') throw new AppError(400, 'unknown_reference', `no site with id ${body.siteId}`, { path: 'siteId' })
      if (outcome === 'duplicate') throw new AppError(409, 'already_listed', 'the site is already on this month’s list')
      return c.json({ id: outcome }, 201)
    })
    .openapi(letters, async (c) => {
      const principal = c.get('principal')
      mustPlan(principal.role)
      if (!(await emergency.recordLetters(db, c.get('scope'), principal.userId, c.req.valid('param').id, c.req.valid('json'), requestClient(c).address))) {
        throw new AppError(404, 'not_found', 'no such list entry')
      }
      return c.json({ ok: true as const }, 200)
    })
}
