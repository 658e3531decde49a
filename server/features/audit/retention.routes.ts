import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import {
  AUDIT_LOGS, type AuditLogName, beijingIsoOf, droppableFrom, pastRetention,
} from '../../domain/audit-retention.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { toCsv } from '../exports/formats.ts'
import { writeAudit } from './audit.repo.ts'
import * as repo from './retention.repo.ts'
import { requestClient } from '../../http/client.ts'

/*
 * The auditor's exports of the audit trail, a month of one log at a time: the CSV (UTF-8 with BOM, for Excel) and
 * its manifest (SHA-256 of the CSV's bytes, rows, first and last id). Downloading the CSV is the export that lets
 * the retention job drop the month once it is past retention; it is recorded in audit_exports and in the log.
 * Exports are the auditor's alone (separation of duties: the administrator, whose actions the log records, cannot
 * make a month droppable); the administrator may see the list.
 */

const Export = z.object({ id: z.number(), rows: z.number(), sha256: z.string(), exportedBy: z.string(), exportedAt: z.string(), current: z.boolean() })
const Month = z.object({
  log: z.enum(AUDIT_LOGS), month: z.string(), rows: z.number(), firstId: z.string().nullable(), lastId: z.string().nullable(),
  droppableFrom: z.string(), pastRetention: z.boolean(), droppable: z.boolean(), lastExport: Export.nullable(),
}).openapi('AuditMonth')
const ExportList = z.object({
  retentionDays: z.number(), months: z.array(Month),
  /** Rows in the default partitions, outside any month's partition: kept, never dropped. */
  unpartitioned: z.array(z.object({ log: z.enum(AUDIT_LOGS), rows: z.number() })),
}).openapi('AuditExportList')
const Manifest = z.object({
  file: z.string(), log: z.enum(AUDIT_LOGS), month: z.string(), rows: z.number(), sha256: z.string(),
  firstId: z.string().nullable(), lastId: z.string().nullable(), timeZone: z.string(), generatedAt: z.string(),
  generatedBy: z.string(), retentionDays: z.number(), droppableFrom: z.string(), lastExport: Export.nullable(),
}).openapi('AuditExportManifest')

const list = createRoute({
  method: 'get', path: '/', tags: ['admin'], summary: 'Each month of the audit and sign-in logs: rows, its latest export, and when it may be dropped',
  responses: { 200: jsonResponse('Months', ExportList), ...authErrorResponses },
})

const file = createRoute({
  method: 'get', path: '/{log}/{file}', tags: ['admin'],
  summary: 'A month of a log as CSV (`YYYY-MM.csv`, recorded as an export) or its manifest (`YYYY-MM.manifest`, JSON)',
  request: { params: z.object({
    log: z.enum(AUDIT_LOGS).openapi({ param: { name: 'log', in: 'path' }, example: 'audit_log' }),
    file: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])\.(csv|manifest)$/, 'YYYY-MM.csv or YYYY-MM.manifest').openapi({ param: { name: 'file', in: 'path' }, example: '2026-05.csv' }),
  }) },
  responses: {
    200: { description: 'The CSV, as an attachment, or the manifest', content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: Manifest } } },
    ...errorResponses, ...authErrorResponses,
  },
})

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

export function auditExportRoutes({ db, config, clock }: AppDeps) {
  const now = clock ?? (() => new Date())
  const retentionDays = config.AUDIT_RETENTION_DAYS
  const exportsOf = async (partitions: repo.PartitionRows[]) => {
    const rowsOf = new Map(partitions.map((p) => [`${p.log} ${p.month}`, p.rows]))
    return new Map((await repo.latestExports(db)).map((e) => [`${e.log} ${e.month}`, {
      id: e.id, rows: Number(e.rows), sha256: e.sha256, exportedBy: e.exportedBy, exportedAt: e.exportedAt,
      current: Number(e.rows) === rowsOf.get(`${e.log} ${e.month}`),
    }]))
  }
  /** The month's CSV bytes, exactly as downloaded, and what the manifest says of them. */
  const render = async (log: AuditLogName, month: string) => {
    if (!(await repo.partitionExists(db, log, month))) throw new AppError(404, 'not_found', `${log} has no partition for ${month} (dropped, or never made)`)
    const { columns, rows } = await repo.monthRows(db, log, month)
    const csv = toCsv({ title: log, columns: columns.map((key) => ({ key, header: key })), rows, geometries: [] })
    const bytes = new TextEncoder().encode(csv)
    const ids = rows.map((r) => r.id as string)
    return { bytes, rows: rows.length, sha256: sha256Of(bytes), firstId: ids[0] ?? null, lastId: ids.at(-1) ?? null }
  }

  const router = featureRouter<SessionEnv>()
  router.use('/', requireRole('admin', 'auditor'))
  router.use('/:log/:file', requireRole('auditor'))
  return router
    .openapi(list, async (c) => {
      const at = now()
      const partitions = await repo.listPartitions(db)
      const exported = await exportsOf(partitions)
      const months = partitions.filter((p) => p.month !== null).map((p) => {
        const month = p.month as string
        const lastExport = exported.get(`${p.log} ${month}`) ?? null
        const past = pastRetention(month, retentionDays, at)
        return {
          log: p.log, month, rows: p.rows, firstId: p.firstId, lastId: p.lastId, droppableFrom: beijingIsoOf(droppableFrom(month, retentionDays)),
          pastRetention: past, droppable: past && lastExport?.current === true, lastExport,
        }
      })
      const unpartitioned = partitions.filter((p) => p.month === null).map((p) => ({ log: p.log, rows: p.rows }))
      return c.json({ retentionDays, months, unpartitioned }, 200)
    })
    .openapi(file, async (c) => {
      const { log, file: name } = c.req.valid('param')
      const [month, kind] = name.split('.')
      const principal = c.get('principal')
      const made = await render(log, month)
      const fileName = `${log}-${month}.csv`
      if (kind === 'manifest') {
        return c.json({
          file: fileName, log, month, rows: made.rows, sha256: made.sha256, firstId: made.firstId, lastId: made.lastId,
          timeZone: 'Asia/Shanghai (UTC+8)', generatedAt: beijingIsoOf(now()), generatedBy: principal.username,
          retentionDays, droppableFrom: beijingIsoOf(droppableFrom(month, retentionDays)), lastExport: (await exportsOf(await repo.listPartitions(db))).get(`${log} ${month}`) ?? null,
        }, 200, { 'cache-control': 'no-store', 'content-disposition': `attachment; filename="${log}-${month}.manifest.json"` })
      }
      const exportId = await db.transaction().execute(async (trx) => {
        const id = await repo.recordExport(trx, { log, month, rows: made.rows, firstId: made.firstId, lastId: made.lastId, sha256: made.sha256, userId: principal.userId })
        await writeAudit(trx, { userId: principal.userId, ip: requestClient(c).address, action: 'export', entity: log, entityId: month, after: { exportId: id, rows: made.rows, sha256: made.sha256 } })
        return id
      })
      return c.body(made.bytes, 200, {
        'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${fileName}"`, 'cache-control': 'no-store',
        'x-content-sha256': made.sha256, 'x-audit-export-id': String(exportId),
      }) as never
    })
}
