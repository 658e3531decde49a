import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { authErrorResponses, errorResponses, featureRouter, jsonResponse, PositiveId } from '../../validation.ts'
import { listAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'

const AuditEntry = z.object({
  id: z.union([z.number(), z.string()]), at: z.string(), userId: z.number().nullable(), username: z.string().nullable(), displayName: z.string().nullable(),
  /** The client address of an action done over HTTP; null for what the system did itself. */
  ip: z.string().nullable(),
  action: z.string(), entity: z.string(), entityId: z.string().nullable(), before: z.unknown(), after: z.unknown(),
}).openapi('AuditEntry')

const list = createRoute({
  method: 'get', path: '/', tags: ['admin'], summary: 'The append-only audit log, newest first; page with beforeId',
  request: { query: z.object({
    entity: z.string().regex(/^[a-z_]{1,40}$/).optional(), entityId: z.string().regex(/^[0-9]{1,12}$/).optional(),
    userId: PositiveId.optional(), beforeId: PositiveId.optional(), limit: z.coerce.number().int().min(1).max(500).default(100),
  }) },
  responses: { 200: jsonResponse('Entries', z.array(AuditEntry)), ...errorResponses, ...authErrorResponses },
})

export function auditRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  // Admins read it; auditors read it and nothing else (app.ts); nobody can change it (an append-only trigger).
  router.use('*', requireRole('admin', 'auditor'))
  return router.openapi(list, async (c) => c.json(await listAudit(db, c.req.valid('query')), 200))
}
