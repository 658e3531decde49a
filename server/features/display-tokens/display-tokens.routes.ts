import { randomBytes } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv, sha256 } from '../auth/session.ts'
import { authErrorResponses, errorResponses, featureRouter, IdParam, jsonResponse, PlainText } from '../../validation.ts'
import { createDisplayToken, listDisplayTokens, revokeDisplayToken } from './display-tokens.repo.ts'
import { requestClient } from '../../http/client.ts'

const DisplayToken = z.object({
  id: z.number(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable(),
}).openapi('DisplayToken')
const errors = { ...errorResponses, ...authErrorResponses }

const create = createRoute({
  method: 'post', path: '/', tags: ['admin'],
  summary: 'Create a read-only display token for a wall; the token itself is shown only in this response',
  request: { body: { content: { 'application/json': { schema: z.object({ name: PlainText(100).pipe(z.string().min(1)) }) } }, required: true } },
  responses: { 201: jsonResponse('The new token', DisplayToken.extend({ token: z.string(), wallUrl: z.string() })), ...errors },
})
const list = createRoute({ method: 'get', path: '/', tags: ['admin'], summary: 'Every display token, without its secret', responses: { 200: jsonResponse('Tokens', z.array(DisplayToken)), ...errors } })
const revoke = createRoute({
  method: 'delete', path: '/{id}', tags: ['admin'], summary: 'Revoke a display token: its wall loses access at once',
  request: { params: IdParam }, responses: { 200: jsonResponse('The revoked token', DisplayToken), ...errors },
})

export function displayTokenRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin'))
  return router
    .openapi(create, async (c) => {
      const token = `sgw_${randomBytes(24).toString('base64url')}`
      const created = await db.transaction().execute(async (trx) => {
        const created = await createDisplayToken(trx, c.req.valid('json').name, sha256(token))
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'create', entity: 'display_token', entityId: created.id, after: { name: created.name } })
        return created
      })
      return c.json({ ...created, token, wallUrl: `/wall?token=${token}` }, 201)
    })
    .openapi(list, async (c) => c.json(await listDisplayTokens(db), 200))
    .openapi(revoke, async (c) => {
      const { id } = c.req.valid('param')
      const revoked = await db.transaction().execute(async (trx) => {
        const revoked = await revokeDisplayToken(trx, id)
        if (revoked) await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'revoke', entity: 'display_token', entityId: id })
        return revoked
      })
      if (!revoked) throw new AppError(404, 'not_found', `no display token with id ${id}`)
      return c.json(revoked, 200)
    })
}
