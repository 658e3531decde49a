import { createRoute, z } from '@hono/zod-openapi'
import { bodyLimit } from 'hono/body-limit'
import { stream } from 'hono/streaming'
import type { AppDeps } from '../../deps.ts'
import { IMPORT_CRS } from '../../domain/import-crs.ts'
import { AppError, errorBody } from '../../errors.ts'
import { stdioLog } from '../../http/log.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, PositiveId } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { IMPORT_ENTITIES } from './entities.ts'
import { runImport } from './imports.service.ts'
import { MAX_IMPORT_BYTES, TEXT_ENCODINGS } from './intake.ts'
import { requestClient } from '../../http/client.ts'

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
  mapping: z.string().max(200_000).optional().openapi({ description: 'JSON: {"columns": {"<header>": "<target>" | null}, "values": {"<field>": {"<value>": "<code>" | null}}, "headerRow": <line>}; what it names is taken as confirmed' }),
  template: z.union([z.literal('none'), PositiveId]).optional().openapi({ description: 'A template id to apply, or none; by default the office\'s template for these headers' }),
  saveTemplate: z.string().trim().min(1).max(100).optional().openapi({ description: 'Commit only: save this mapping as the office\'s template, under this name' }),
})
// A mapping is data from the user or a script: checked here in shape, and by the importer against the file.
export const ImportMapping = z.object({
  columns: z.record(z.string().max(200), z.string().max(64).nullable()).optional(),
  values: z.record(z.string().max(64), z.record(z.string().max(200), z.string().max(64).nullable())).optional(),
  headerRow: z.number().int().min(1).max(20).optional(),
}).strict()

function parseMapping(text: string | undefined) {
  if (text === undefined || text.trim() === '') return {}
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError(400, 'invalid_mapping', 'mapping is not valid JSON')
  }
  const parsed = ImportMapping.safeParse(json)
  if (!parsed.success) throw new AppError(400, 'invalid_mapping', 'mapping has the wrong shape', parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })))
  return parsed.data
}
const Issue = z.object({ code: z.string(), column: z.string().optional(), value: z.string().optional() })
const Report = z.object({
  entity: z.enum(IMPORT_ENTITIES), format: z.string(), encoding: z.string().nullable(), committed: z.boolean(),
  crs: z.object({ used: z.enum(IMPORT_CRS), guessed: z.object({ crs: z.enum(IMPORT_CRS), reason: z.string(), certain: z.boolean() }) }),
  headerRow: z.number().nullable().openapi({ description: 'The line of the header (CSV, XLSX): title rows above it are not data' }),
  skippedLines: z.array(z.object({ line: z.number(), reason: z.enum(['totals']) })),
  columns: z.object({
    mapped: z.record(z.string(), z.string()), lon: z.string().nullable(), lat: z.string().nullable(), lonlat: z.string().nullable(), wkt: z.string().nullable(), ignored: z.array(z.string()),
    sources: z.array(z.object({
      name: z.string(), samples: z.array(z.string()), hidden: z.boolean(), target: z.string().nullable(),
      via: z.enum(['alias', 'similar', 'values', 'template', 'user']).nullable(), confidence: z.number(), confirmed: z.boolean(),
    })),
    targets: z.array(z.object({ target: z.string(), required: z.boolean(), codes: z.array(z.string()).openapi({ description: 'A coded target\'s codes (for value mapping); empty for others' }) })),
    missing: z.array(z.string()).openapi({ description: 'Required targets that no column fills' }),
  }),
  judged: z.boolean().openapi({ description: 'False while a column that says what a row is (its key, its position) is missing: no row is judged' }),
  values: z.array(z.object({
    field: z.string(), column: z.string(), value: z.string(), rows: z.number(), target: z.string().nullable(),
    via: z.enum(['synonym', 'contains', 'template', 'user']).nullable(), confirmed: z.boolean(),
  })).openapi({ description: 'Each distinct value of a coded column that is not a known code or label, with what it is taken to mean' }),
  needsConfirmation: z.number().openapi({ description: 'Guessed column matches and value meanings still to confirm; a commit is refused until 0' }),
  template: z.object({ id: z.number(), name: z.string(), updatedAt: z.string() }).nullable(),
  swappedRows: z.number(),
  totals: z.object({ rows: z.number(), create: z.number(), update: z.number(), skip: z.number(), reject: z.number(), warnings: z.number() }),
  rows: z.array(z.object({ line: z.number(), key: z.string().nullable(), action: z.enum(['create', 'update', 'skip', 'reject']), reasons: z.array(Issue), warnings: z.array(Issue) })),
  rowsTruncated: z.boolean(),
  secrets: z.array(z.object({ code: z.string(), identity: z.string(), secret: z.string() })).optional()
    .openapi({ description: 'Devices only, after a commit: each new device\'s secret (HJ 212 PW or MQTT password), given this once; only its hash is stored' }),
  parties: z.object({
    matched: z.array(z.object({ role: z.string(), name: z.string(), enterpriseId: z.number(), enterpriseName: z.string(), via: z.enum(['credit_code', 'name']), rows: z.number() })),
    unmatched: z.array(z.object({ role: z.string(), name: z.string(), rows: z.number() })),
  }).optional().openapi({ description: 'Sites only: each party name of the file, matched to the enterprise registry (by credit code or exact name) or kept unmatched for an admin to resolve' }),
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
    404: errorResponse('No such import template in your office'),
    422: errorResponse('Encoding mismatch, guesses not confirmed, or rows would be rejected (commit without skipRejected)'),
  },
})

export function importRoutes({ db, log = stdioLog }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin'))
  router.post('/*', bodyLimit({ maxSize: MAX_IMPORT_BYTES + 1024 * 1024, onError: () => { throw new AppError(413, 'file_too_large', `files may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`) } }))
  return router.openapi(importFile, async (c) => {
    const { entity } = c.req.valid('param')
    const form = c.req.valid('form')
    const request = {
      entity, fileName: form.file.name || 'upload', bytes: new Uint8Array(await form.file.arrayBuffer()), encoding: form.encoding,
      crs: form.crs === 'auto' ? undefined : form.crs, swapLonLat: form.swapLonLat, commit: form.mode === 'commit',
      skipRejected: form.skipRejected, mapping: parseMapping(form.mapping), template: form.template,
      saveTemplate: form.mode === 'commit' ? form.saveTemplate : undefined,
      userId: c.get('principal').userId, districtId: c.get('principal').districtId, ip: requestClient(c).address,
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
        // The headers are gone by now: the error travels as the last line, with the request id the log line has.
        const requestId = c.get('requestId') as string | undefined
        const known = error instanceof AppError
        await line({ type: 'error', status: known ? error.status : 500, ...(known ? errorBody(error.code, error.message, error.details, requestId) : errorBody('internal_error', 'internal server error', undefined, requestId)) })
        if (!known) log({ time: new Date().toISOString(), level: 'error', requestId, method: c.req.method, path: c.req.path, message: (error as Error).message, stack: (error as Error).stack })
      }
    }) as never
  })
}
