import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { listNotifications, markAllRead, markRead } from './notifications.repo.ts'

/* In-portal notifications: the header's bell lists the caller's own and their unread count, and marks them read. */

const tags = ['notifications']
const errors = { ...errorResponses, ...authErrorResponses }
const Notification = z.object({
  id: z.number().int(), kind: z.enum(['report_issued']), title: z.string(), link: z.string().nullable(), reportId: z.number().int().nullable(),
  createdAt: z.string(), readAt: z.string().nullable(),
}).openapi('Notification')

const list = createRoute({
  method: 'get', path: '/', tags, summary: 'Your notifications, newest first, with how many are unread',
  request: { query: z.object({ unread: z.enum(['true', 'false']).optional(), limit: z.coerce.number().int().min(1).max(200).default(20) }) },
  responses: { 200: jsonResponse('Notifications', z.object({ notifications: z.array(Notification), unread: z.number().int() })), ...errors },
})
const readOne = createRoute({
  method: 'post', path: '/{id}/read', tags, summary: 'Mark one of your notifications read',
  request: { params: IdParam }, responses: { 200: jsonResponse('Marked', z.object({ unread: z.number().int() })), ...errors },
})
const readAll = createRoute({
  method: 'post', path: '/read', tags, summary: 'Mark all your notifications read',
  responses: { 200: jsonResponse('Marked', z.object({ marked: z.number().int(), unread: z.number().int() })), ...errors },
})

export function notificationRoutes({ db }: AppDeps) {
  const unread = async (userId: number) => (await listNotifications(db, userId, { unread: true, limit: 1 })).unread
  return featureRouter<SessionEnv>()
    .openapi(list, async (c) => {
      const { unread: only, limit } = c.req.valid('query')
      const result = await listNotifications(db, c.get('principal').userId, { unread: only === 'true', limit })
      return c.json(result as { notifications: z.infer<typeof Notification>[]; unread: number }, 200)
    })
    .openapi(readAll, async (c) => {
      const { userId } = c.get('principal')
      const marked = await markAllRead(db, userId)
      return c.json({ marked, unread: await unread(userId) }, 200)
    })
    .openapi(readOne, async (c) => {
      const { userId } = c.get('principal')
      const { id } = c.req.valid('param')
      if (!(await markRead(db, userId, id))) throw new AppError(404, 'not_found', `you have no notification ${id}`)
      return c.json({ unread: await unread(userId) }, 200)
    })
}
