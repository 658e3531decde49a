import { randomBytes } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { type DeviceReading, feedReading } from '../../domain/device-readings.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv, sha256 } from '../auth/session.ts'
import * as repo from './platforms.repo.ts'
import { requestClient } from '../../http/client.ts'

/*
 * For vendor platforms that push in batches: `POST /api/ingest/{kind}` with the platform's key and an
 * Idempotency-Key. The answer comes after the commit; the same key again gets the same answer and stores
 * nothing twice (readings are idempotent by device + time in any case, so even a lost answer is safe to retry).
 */

const MAX_READINGS = 1_000
const Outcome = z.object({ index: z.number(), deviceId: z.string(), status: z.enum(['stored', 'duplicate', 'refused']), reason: z.string().optional() })
const Answer = z.object({ stored: z.number(), duplicates: z.number(), refused: z.number(), results: z.array(Outcome) }).openapi('IngestAnswer')
const errors = { ...errorResponses, 401: errorResponse('No or unknown platform key'), 422: errorResponse('Idempotency key reused for another body') }

const push = createRoute({
  method: 'post', path: '/{kind}', tags: ['ingest'], summary: 'Push a batch of crane-monitor or camera readings from a vendor platform',
  request: {
    params: z.object({ kind: z.enum(['crane_monitor', 'camera']).openapi({ param: { name: 'kind', in: 'path' } }) }),
    headers: z.object({ 'x-api-key': z.string().min(20).max(200), 'idempotency-key': z.string().regex(/^[\x21-\x7e]{1,100}$/, '1–100 visible ASCII characters') }),
    body: { required: true, content: { 'application/json': { schema: z.object({ readings: z.array(z.unknown()).min(1).max(MAX_READINGS) }).strict() } } },
  },
  responses: { 200: jsonResponse('What happened to each reading', Answer), ...errors },
})

export function ingestRoutes({ db, ingest }: AppDeps) {
  return featureRouter().openapi(push, async (c) => {
    const { kind } = c.req.valid('param')
    const headers = c.req.valid('header')
    const platform = await repo.platformByKey(db, sha256(headers['x-api-key']))
    if (!platform) throw new AppError(401, 'unauthorized', 'unknown or revoked platform key')
    const { readings } = c.req.valid('json')
    const requestSha256 = sha256(`${kind}\n${JSON.stringify(readings)}`)
    const earlier = await repo.earlierAnswer(db, platform.id, headers['idempotency-key'])
    if (earlier) {
      if (earlier.requestSha256 !== requestSha256) throw new AppError(422, 'idempotency_key_reused', 'this Idempotency-Key was used for a different request')
      c.header('idempotent-replayed', 'true')
      return c.json(earlier.response as z.infer<typeof Answer>, 200)
    }
    const valid: DeviceReading[] = []
    const invalid: { path: string; message: string }[] = []
    readings.forEach((r, index) => {
      const parsed = feedReading(kind, r)
      if (parsed.ok) valid.push(parsed.value)
      else invalid.push({ path: `readings.${index}`, message: parsed.error })
    })
    if (invalid.length > 0) throw new AppError(400, 'invalid_request', `${invalid.length} of ${readings.length} readings are invalid; nothing was stored`, invalid)
    const outcomes = await Promise.all(valid.map((reading) => ingest.submit({ kind, protocol: 'http', reading, secret: null })))
    const results = outcomes.map((o, index) => ({ index, deviceId: valid[index].identity, status: o.status, ...(o.status === 'refused' ? { reason: o.reason } : {}) }))
    const answer = { stored: results.filter((r) => r.status === 'stored').length, duplicates: results.filter((r) => r.status === 'duplicate').length,
      refused: results.filter((r) => r.status === 'refused').length, results }
    await repo.keepAnswer(db, platform.id, headers['idempotency-key'], requestSha256, answer)
    return c.json(answer, 200)
  })
}

const Platform = z.object({ id: z.number(), name: z.string(), createdAt: z.string(), revokedAt: z.string().nullable() }).openapi('IngestPlatform')
const createPlatform = createRoute({
  method: 'post', path: '/', tags: ['admin'], summary: 'Register a vendor platform; its key is shown only in this response',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ name: PlainText(100).pipe(z.string().min(1)) }) } } } },
  responses: { 201: jsonResponse('The platform and its key', z.object({ id: z.number(), name: z.string(), key: z.string() })), ...errorResponses, ...authErrorResponses, 409: errorResponse('Name taken') },
})
const listPlatforms = createRoute({ method: 'get', path: '/', tags: ['admin'], summary: 'Vendor platforms, without keys', responses: { 200: jsonResponse('Platforms', z.array(Platform)), ...errorResponses, ...authErrorResponses } })
const revokePlatform = createRoute({ method: 'delete', path: '/{id}', tags: ['admin'], summary: 'Revoke a platform\'s key', request: { params: IdParam }, responses: { 204: { description: 'Revoked' }, ...errorResponses, ...authErrorResponses } })

export function platformRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin'))
  return router
    .openapi(createPlatform, async (c) => {
      const { name } = c.req.valid('json')
      if (await repo.platformNameTaken(db, name)) throw new AppError(409, 'already_registered', `a platform is already called ${name}`)
      const key = `sgp_${randomBytes(24).toString('base64url')}`
      const created = await db.transaction().execute(async (trx) => {
        const created = await repo.createPlatform(trx, name, sha256(key))
        await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'create', entity: 'ingest_platform', entityId: created.id, after: { name } })
        return created
      })
      return c.json({ ...created, key }, 201)
    })
    .openapi(listPlatforms, async (c) => c.json(await repo.listPlatforms(db), 200))
    .openapi(revokePlatform, async (c) => {
      const { id } = c.req.valid('param')
      const revoked = await db.transaction().execute(async (trx) => {
        const revoked = await repo.revokePlatform(trx, id)
        if (revoked) await writeAudit(trx, { userId: c.get('principal').userId, ip: requestClient(c).address, action: 'revoke', entity: 'ingest_platform', entityId: id })
        return revoked
      })
      if (!revoked) throw new AppError(404, 'not_found', `no active platform with id ${id}`)
      return c.body(null, 204)
    })
}
