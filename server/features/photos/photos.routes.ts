import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import type { AppDeps } from '../../deps.ts'
import { MAX_PHOTO_BYTES, sniffImageType } from '../../domain/image-type.ts'
import { canSupervise } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import type { SessionEnv } from '../auth/session.ts'
import { findScopedSite } from '../inspections/inspections.repo.ts'
import { findPhoto, insertPhoto } from './photos.repo.ts'
import { requestClient } from '../../http/client.ts'

// Room for the multipart envelope around the largest photo.
export const MAX_UPLOAD_BODY_BYTES = MAX_PHOTO_BYTES + 64 * 1024

const Upload = z.object({
  siteId: z.string().regex(/^[1-9][0-9]{0,8}$/, 'must be a positive integer').transform(Number),
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }),
})
const errors = { ...errorResponses, ...authErrorResponses, 413: errorResponse('Too large') }

const upload = createRoute({
  method: 'post', path: '/', tags: ['inspections'],
  summary: `Upload a photo of a site in your zone (JPEG, PNG or WebP, at most ${MAX_PHOTO_BYTES / 1024 / 1024} MB), to attach to an inspection or hazard step`,
  request: { body: { required: true, content: { 'multipart/form-data': { schema: Upload } } } },
  responses: { 201: jsonResponse('Stored', z.object({ id: z.number(), mime: z.string(), sizeBytes: z.number(), sha256: z.string() })), ...errors },
})
const get = createRoute({
  method: 'get', path: '/{id}', tags: ['inspections'], summary: 'A photo of a site in your zone', request: { params: IdParam },
  responses: { 200: { description: 'The image', content: { 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors },
})

export function photoRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.post('/', bodyLimit({ maxSize: MAX_UPLOAD_BODY_BYTES, onError: () => { throw new AppError(413, 'payload_too_large', `photos may be at most ${MAX_PHOTO_BYTES} bytes`) } }))
  return router
    .openapi(upload, async (c) => {
      const principal = c.get('principal')
      if (!canSupervise(principal.role)) throw new AppError(403, 'forbidden', 'your role may not upload photos')
      const { siteId, file } = c.req.valid('form')
      const site = await findScopedSite(db, c.get('scope'), siteId)
      if (!site) throw new AppError(404, 'not_found', `no site with id ${siteId} in your zone`)
      if (file.size === 0) throw new AppError(400, 'invalid_photo', 'the file is empty')
      if (file.size > MAX_PHOTO_BYTES) throw new AppError(413, 'payload_too_large', `photos may be at most ${MAX_PHOTO_BYTES} bytes`)
      const content = new Uint8Array(await file.arrayBuffer())
      const mime = sniffImageType(content)
      if (!mime) throw new AppError(415, 'unsupported_media_type', 'only JPEG, PNG and WebP photos are accepted')
      const sha256 = createHash('sha256').update(content).digest('hex')
      const stored = await db.transaction().execute(async (trx) => {
        const stored = await insertPhoto(trx, { siteId, mime, content, sha256, userId: principal.userId })
        await writeAudit(trx, { userId: principal.userId, ip: requestClient(c).address, action: 'upload', entity: 'photo', entityId: stored.id, after: { siteId, mime, sizeBytes: stored.sizeBytes, sha256 } })
        return stored
      })
      return c.json(stored, 201)
    })
    .openapi(get, async (c) => {
      const photo = await findPhoto(db, c.get('scope'), c.req.valid('param').id)
      if (!photo) throw new AppError(404, 'not_found', 'no such photo in your zone')
      // The type is the sniffed one; nosniff and a sandboxing CSP keep a browser from treating it as anything else.
      return c.body(new Uint8Array(photo.content), 200, {
        'content-type': photo.mime, 'x-content-type-options': 'nosniff', 'content-security-policy': "default-src 'none'; sandbox",
        'cache-control': 'private, max-age=86400, immutable', etag: `"${photo.sha256}"`,
      }) as never
    })
}
