import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { stream } from 'hono/streaming'
import type { AppDeps } from '../../deps.ts'
import { IMPORT_CRS } from '../../domain/import-crs.ts'
import { AppError, errorBody } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { IMPORT_ENTITIES } from './entities.ts'
import { runImport } from './imports.service.ts'
import { MAX_IMPORT_BYTES, TEXT_ENCODINGS } from './intake.ts'

/*
 * POST a file to preview an import (the default) or to run it. With `Accept: application/x-ndjson` the answer
 * streams: one JSON line per progress step, then the report (or the error) as the last line.
 */

const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true')
const ImportForm = z.object({
  file: z.instanceof(File).openapi({ type: 'string', format: 'binary' }),
  mode: z.enum(['preview', 'commit']).default('preview'),
  encoding: z.enum(TEXT_ENCODINGS).default('auto'),
  crs: z.enum(['auto', ...IMPORT_CRS]).default('auto'),
  swapLonLat: flag,
  skipRejected: flag,
})
const Issue = z.object({ code: z.string(), column: z.string().optional(), value: z.string().optional() })
const Report = z.object({
  entity: z.enum(IMPORT_ENTITIES), format: z.string(), encoding: z.string().nullable(), committed: z.boolean(),
  crs: z.object({ used: z.enum(IMPORT_CRS), guessed: z.object({ crs: z.enum(IMPORT_CRS), reason: z.string(), certain: z.boolean() }) }),
  columns: z.object({ mapped: z.record(z.string(), z.string()), lon: z.string().nullable(), lat: z.string().nullable(), wkt: z.string().nullable(), ignored: z.array(z.string()) }),
  swappedRows: z.number(),
  totals: z.object({ rows: z.number(), create: z.number(), update: z.number(), skip: z.number(), reject: z.number(), warnings: z.number() }),
  rows: z.array(z.object({ line: z.number(), key: z.string().nullable(), action: z.enum(['create', 'update', 'skip', 'reject']), reasons: z.array(Issue), warnings: z.array(Issue) })),
  rowsTruncated: z.boolean(),
  secrets: z.array(z.object({ code: z.string(), identity: z.string(), secret: z.string() })).optional()
    .openapi({ description: 'Devices only, after a commit: each new device\'s secret (HJ 212 PW or MQTT password), given this once; only its hash is stored' }),
}).openapi('ImportReport')

const importFile = createRoute({
  method: 'post', path: '/{entity}', tags: ['imports'],
  summary: 'Preview (dry run) or run an import of sites, grids, cameras, sensitive receptors, inspections, district boundaries or field devices from CSV (UTF-8 or GBK), XLSX, GeoJSON or a zipped shapefile',
  request: {
    params: z.object({ entity: z.enum(IMPORT_ENTITIES).openapi({ param: { name: 'entity', in: 'path' } }) }),
    body: { required: true, content: { 'multipart/form-data': { schema: ImportForm } } },
  },
  responses: {
    200: { description: 'The row-by-row report; with Accept: application/x-ndjson, progress lines then the report', content: { 'application/json': { schema: Report }, 'application/x-ndjson': { schema: z.string() } } },
    ...errorResponses, ...authErrorResponses,
    413: errorResponse('File too large, too many rows, or an archive that would inflate too far'),
    415: errorResponse('Not CSV, XLSX, GeoJSON or a zipped shapefile'),
    422: errorResponse('Encoding mismatch, or rows would be rejected (commit without skipRejected)'),
  },
})

export function importRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin'))
  router.post('/*', bodyLimit({ maxSize: MAX_IMPORT_BYTES + 1024 * 1024, onError: () => { throw new AppError(413, 'file_too_large', `files may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`) } }))
  return router.openapi(importFile, async (c) => {
    const { entity } = c.req.valid('param')
    const form = c.req.valid('form')
    const request = {
      entity, fileName: form.file.name || 'upload', bytes: new Uint8Array(await form.file.arrayBuffer()), encoding: form.encoding,
      crs: form.crs === 'auto' ? undefined : form.crs, swapLonLat: form.swapLonLat, commit: form.mode === 'commit',
      skipRejected: form.skipRejected, userId: c.get('principal').userId,
    }
    const run = (onProgress?: Parameters<typeof runImport>[2]) => request.commit
      ? db.transaction().execute((trx) => runImport(trx, request, onProgress))
      : runImport(db, request, onProgress)
    if (!(c.req.header('accept') ?? '').includes('application/x-ndjson')) return c.json(await run(), 200)
    c.header('content-type', 'application/x-ndjson; charset=utf-8')
    // no-transform keeps compress() (and any proxy) from gathering the lines into one late chunk.
    c.header('cache-control', 'no-store, no-transform')
    return stream(c, async (out) => {
      // After each line, a turn of the event loop: the embedded engine's queries never yield to I/O on their own,
      // so without it every line would leave with the report.
      const line = async (value: unknown) => { await out.write(`${JSON.stringify(value)}\n`); await new Promise((resolve) => setImmediate(resolve)) }
      try {
        await line({ type: 'report', report: await run((progress) => line({ type: 'progress', ...progress })) })
      } catch (error) {
        await line({ type: 'error', status: error instanceof AppError ? error.status : 500, ...(error instanceof AppError ? errorBody(error.code, error.message, error.details) : errorBody('internal_error', 'internal server error')) })
        if (!(error instanceof AppError)) console.error(`[${new Date().toISOString()}] import:`, error)
      }
    }) as never
  })
}
