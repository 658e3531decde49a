import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { authErrorResponses, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { SignInSchema, signInPage } from '../auth/account.routes.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { listSignIns } from '../auth/sign-ins.repo.ts'

const list = createRoute({
  method: 'get', path: '/', tags: ['admin'], summary: 'Every sign-in attempt (time, address, user agent, result), newest first; page with beforeId',
  request: { query: z.object({
    ...signInPage,
    // As the login form stores it: trimmed and in lower case.
    username: z.string().trim().toLowerCase().min(1).max(40).regex(/^[^\u0000-\u001f\u007f]*$/, 'control characters are not allowed').optional(),
    result: z.enum(['success', 'failure']).optional(),
  }) },
  responses: { 200: jsonResponse('Sign-ins', z.array(SignInSchema)), ...errorResponses, ...authErrorResponses },
})

/** The sign-in history is part of the audit trail: admins and the auditor read it; nobody changes it here. */
export function signInRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin', 'auditor'))
  return router.openapi(list, async (c) => c.json(await listSignIns(db, c.req.valid('query')), 200))
}
