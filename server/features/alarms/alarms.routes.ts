import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { ALARM_KINDS, ALARM_STATUSES, type AlarmStatus, nextAlarmStatus } from '../../domain/alarm-rules.ts'
import { canSupervise } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, sessionStillStands, type SessionEnv } from '../auth/session.ts'
import { streamLiveEvents } from '../live/live.stream.ts'
import * as repo from './alarms.repo.ts'
import { requestClient } from '../../http/client.ts'

export const AlarmSchema = z.object({
  id: z.number(), kind: z.enum(ALARM_KINDS), kindName: z.string(), siteId: z.number(), siteName: z.string(), districtName: z.string(),
  deviceId: z.number(), deviceCode: z.string(), status: z.enum(ALARM_STATUSES), active: z.boolean(),
  openedAt: z.string(), updatedAt: z.string(), clearedAt: z.string().nullable(),
  peakValue: z.number().nullable(), lastValue: z.number().nullable(), readings: z.number(),
  respondBy: z.string(), overdue: z.boolean(), escalation: z.enum(['none', 'district', 'city']),
  acknowledgedAt: z.string().nullable(), acknowledgedBy: z.string().nullable(), disposedAt: z.string().nullable(), disposedBy: z.string().nullable(),
  disposalNote: z.string().nullable(), disposalPhotoId: z.number().nullable(), closedAt: z.string().nullable(), closedBy: z.string().nullable(),
}).openapi('Alarm')
const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Not in a state for this step') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

const list = createRoute({
  method: 'get', path: '/', tags: ['alarms'], summary: 'Alarms in your zone, overdue first, then the newest',
  request: { query: z.object({ state: z.enum(['unclosed', 'all']).default('unclosed'), site: PositiveId.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }) },
  responses: { 200: jsonResponse('Alarms', z.object({ alarms: z.array(AlarmSchema) })), ...errors },
})
const get = createRoute({ method: 'get', path: '/{id}', tags: ['alarms'], summary: 'One alarm', request: { params: IdParam }, responses: { 200: jsonResponse('Alarm', AlarmSchema), ...errors } })
const step = (path: string, summary: string, body: z.ZodType) => createRoute({
  method: 'post', path: `/{id}/${path}`, tags: ['alarms'], summary, request: { params: IdParam, ...json(body) },
  responses: { 200: jsonResponse('The alarm after the step', AlarmSchema), ...errors },
})
const Note = z.object({ note: PlainText(2000).default('') })
const acknowledge = step('acknowledge', 'Acknowledge an open alarm: someone is on it', Note)
const dispose = step('dispose', 'Record how the alarm was dealt with, with a note and a photo of the site', z.object({
  note: PlainText(2000).pipe(z.string().min(1, 'say what was done')), photoId: z.number().int().positive().max(999_999_999),
}))
const close = step('close', 'Close a disposed alarm', Note)

const AlarmKind = z.object({ kind: z.enum(ALARM_KINDS), nameZh: z.string(), nameEn: z.string(), respondMinutes: z.number() }).openapi('AlarmKind')
const kinds = createRoute({
  method: 'get', path: '/kinds', tags: ['alarms'], summary: 'The kinds of alarm and the time each allows to acknowledge it',
  responses: { 200: jsonResponse('Alarm kinds', z.object({ kinds: z.array(AlarmKind) })), ...errors },
})
const setKind = createRoute({
  method: 'patch', path: '/kinds/{kind}', tags: ['alarms'], summary: 'Change a kind\'s response deadline (admin); alarms opened from now on get it',
  request: { params: z.object({ kind: z.enum(ALARM_KINDS).openapi({ param: { name: 'kind', in: 'path' } }) }),
    ...json(z.object({ respondMinutes: z.number().int().min(1).max(10_080) }).strict()) },
  responses: { 200: jsonResponse('The kind', AlarmKind), ...errors },
})

export function alarmRoutes({ db, live, metrics }: AppDeps) {
  const streams = metrics.liveStream('alarms')
  const load = async (c: Context<SessionEnv>, id: number) => {
    const alarm = await repo.findAlarm(db, c.get('scope'), id)
    if (!alarm) throw new AppError(404, 'not_found', `no alarm with id ${id} in your zone`)
    return alarm as z.infer<typeof AlarmSchema>
  }
  const move = async (c: Context<SessionEnv>, id: number, to: AlarmStatus, note: string, photoId?: number) => {
    if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'your role reads alarms but does not answer them')
    const before = await load(c, id)
    if (nextAlarmStatus(before.status) !== to) {
      throw new AppError(409, 'invalid_transition', `an alarm that is ${before.status} cannot become ${to}; next: ${nextAlarmStatus(before.status) ?? 'none'}`)
    }
    if (photoId !== undefined && !(await repo.photoIsFree(db, before.siteId, photoId))) {
      throw new AppError(400, 'invalid_photo', 'the photo is not of this site, or already documents another record')
    }
    const userId = c.get('principal').userId
    await db.transaction().execute(async (trx) => {
      if (!(await repo.stepAlarm(trx, { id, from: before.status, to, userId, note, photoId }))) throw new AppError(409, 'conflict', 'the alarm was changed by someone else; reload it')
      await writeAudit(trx, { userId, ip: requestClient(c).address, action: to === 'acknowledged' ? 'acknowledge' : to === 'disposed' ? 'dispose' : 'close', entity: 'alarm', entityId: id,
        before: { status: before.status }, after: { status: to, note, photoId } })
    })
    return c.json(await load(c, id), 200)
  }
  const router = featureRouter<SessionEnv>()
  router.patch('/kinds/:kind', requireRole('admin'))
  // These come before `/{id}`, which would read 'events' or 'kinds' as a bad id. The stream keeps 今日任务
  // current: the zone's alarms opening, escalating, clearing and closing, as Server-Sent Events.
  router.get('/events', (c) => streamLiveEvents(c, { db, live, streams, stillAllowed: sessionStillStands(c, db) }, (events) => repo.alarmEventsInScope(db, c.get('scope'), events)))
  return router
    .openapi(kinds, async (c) => c.json({ kinds: (await repo.alarmKinds(db)) as z.infer<typeof AlarmKind>[] }, 200))
    .openapi(setKind, async (c) => {
      const { kind } = c.req.valid('param')
      const { respondMinutes } = c.req.valid('json')
      await db.transaction().execute(async (trx) => {
        const before = await repo.setRespondMinutes(trx, kind, respondMinutes)
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'update', entity: 'alarm_kind', entityId: kind,
          before: { respondMinutes: before }, after: { respondMinutes } })
      })
      return c.json((await repo.alarmKinds(db)).find((k) => k.kind === kind) as z.infer<typeof AlarmKind>, 200)
    })
    .openapi(list, async (c) => {
      const { state, site, limit } = c.req.valid('query')
      return c.json({ alarms: (await repo.listAlarms(db, c.get('scope'), { state, siteId: site, limit })) as z.infer<typeof AlarmSchema>[] }, 200)
    })
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(acknowledge, async (c) => move(c, c.req.valid('param').id, 'acknowledged', (c.req.valid('json') as { note: string }).note))
    .openapi(dispose, async (c) => {
      const { note, photoId } = c.req.valid('json') as { note: string; photoId: number }
      return move(c, c.req.valid('param').id, 'disposed', note, photoId)
    })
    .openapi(close, async (c) => move(c, c.req.valid('param').id, 'closed', (c.req.valid('json') as { note: string }).note))
}
