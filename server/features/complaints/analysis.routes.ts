import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { canSupervise } from '../../domain/roles.ts'
import { addDays, beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import type { SessionEnv } from '../auth/session.ts'
import { contentDisposition, CONTENT_TYPES, toXlsxWorkbook } from '../exports/formats.ts'
import { complaintAnalysis } from './analysis.repo.ts'
import { analysisTables } from './complaints.export.ts'
import { siteInScope } from '../auth/site-scope.ts'
import { Analysis, NewPermitBody, Permit, PeriodQuery, PermitQuery } from './complaints.schemas.ts'
import * as permits from './night-work.repo.ts'

/*
 * The analysis page's data and its workbook, and the night-work permits complaints are read against. Mounted
 * inside complaintRoutes, behind its session check.
 */

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Permit number taken') }
const DEFAULT_DAYS = 30

const analysis = createRoute({
  method: 'get', path: '/analysis', tags: ['complaints'], summary: 'Heatmap points, daily trend, repeat sites, categories by district, night-work complaints against permits (default: the last 30 days)',
  request: { query: PeriodQuery }, responses: { 200: jsonResponse('The analysis', Analysis), ...errors },
})
const analysisExport = createRoute({
  method: 'get', path: '/analysis/export', tags: ['complaints'], summary: 'The analysis as an XLSX workbook, one sheet per table',
  request: { query: PeriodQuery },
  responses: { 200: { description: 'The workbook', content: { [CONTENT_TYPES.xlsx]: { schema: z.string().openapi({ format: 'binary' }) } } }, ...errors },
})
const listPermits = createRoute({
  method: 'get', path: '/night-work-permits', tags: ['complaints'], summary: 'Night-work permits of sites in your zone',
  request: { query: PermitQuery }, responses: { 200: jsonResponse('Permits, newest first', z.object({ permits: z.array(Permit) })), ...errors },
})
const createPermit = createRoute({
  method: 'post', path: '/night-work-permits', tags: ['complaints'], summary: 'Record a night-work permit (field roles, in their zone)',
  request: { body: { required: true, content: { 'application/json': { schema: NewPermitBody } } } },
  responses: { 201: jsonResponse('The permit', Permit), ...errors },
})

const periodOf = (q: { from?: string; to?: string }) => {
  const to = q.to ?? beijingDay(new Date())
  return { from: q.from ?? beijingDay(addDays(new Date(`${to}T12:00:00+08:00`), -(DEFAULT_DAYS - 1))), to }
}

export function complaintAnalysisRoutes({ db }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(analysis, async (c) => {
      const period = periodOf(c.req.valid('query'))
      return c.json({ ...period, ...(await complaintAnalysis(db, c.get('scope'), period)) }, 200)
    })
    .openapi(analysisExport, async (c) => {
      const period = periodOf(c.req.valid('query'))
      const book = await toXlsxWorkbook(analysisTables(await complaintAnalysis(db, c.get('scope'), period), period))
      return c.body(new Uint8Array(book), 200, {
        'content-type': CONTENT_TYPES.xlsx, 'content-disposition': contentDisposition('投诉分析', 'xlsx'), 'cache-control': 'no-store',
      }) as never
    })
    .openapi(listPermits, async (c) => c.json({ permits: await permits.listPermits(db, c.get('scope'), c.req.valid('query')) }, 200))
    .openapi(createPermit, async (c) => {
      const principal = c.get('principal')
      if (!canSupervise(principal.role)) throw new AppError(403, 'forbidden', 'the field roles record night-work permits')
      const body = c.req.valid('json')
      if (!(await siteInScope(db, c.get('scope'), body.siteId))) throw new AppError(404, 'not_found', `no site with id ${body.siteId} in your zone`)
      if (await permits.permitNoTaken(db, body.permitNo)) throw new AppError(409, 'permit_taken', `permit ${body.permitNo} is already recorded`)
      const id = await db.transaction().execute(async (trx) => {
        const id = await permits.insertPermit(trx, body)
        await writeAudit(trx, { userId: principal.userId, ip: requestClient(c).address, action: 'create', entity: 'night_work_permit', entityId: id, after: body })
        return id
      })
      return c.json((await permits.findPermit(db, c.get('scope'), id))!, 201)
    })
}
