import { sql } from 'kysely'
import type { Endpoint, MatrixWorld, Statuses } from '../authz-matrix.ts'

/* The header's notifications: everyone with a portal session reads and marks their own; another's is not found. */

const OWN: Statuses = [200, 200, 200, 200, 200, 403, 401, 401]
let adminNotification: number | undefined

/** A notification of the administrator's, made once for the matrix. */
async function ofAdmin(world: MatrixWorld): Promise<number> {
  adminNotification ??= (await sql<{ id: number }>`INSERT INTO notifications (user_id, kind, title, link)
    VALUES (${world.sessions.admin.user.userId}, 'report_issued', '矩阵通知', '/reports') RETURNING id`.execute(world.database.db)).rows[0].id
  return adminNotification
}

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/notifications', path: () => '/api/notifications?unread=true', expected: OWN },
  { label: 'POST /api/notifications/read', method: 'POST', path: () => '/api/notifications/read', expected: OWN },
  { label: 'POST /api/notifications/:id/read (admin\'s)', method: 'POST', path: async () => `/api/notifications/${await ofAdmin(world())}/read`, expected: [200, 404, 404, 404, 404, 403, 401, 401] },
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = ['(SELECT count(*) FROM notifications WHERE read_at IS NOT NULL)']
