import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { beijingDay } from '../../domain/time.ts'
import type { AppDeps } from '../../deps.ts'
import { isPeriodStart, type Period, PERIOD_KINDS, type PeriodKind, periodContaining, REPORT_ISSUERS, REPORT_READERS } from '../../domain/report-period.ts'
import type { Principal } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, CalendarDay, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PositiveId } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { reportContent } from './report-content.repo.ts'
import { reportDocument, reportWorkbook } from './report-document.ts'
import { renderReportPdf } from './report-pdf.ts'
import { findReport, issueReport, listReports } from './reports.repo.ts'

/*
 * 定期报送 and 年度报告: the city's and each district's reports, read by the city's offices and by a district station
 * for its own district; issued (and reissued as a new version) by the administrator and the command centre, or by
 * a district station for its district. A preview shows a period's content without issuing it.
 */

const tags = ['reports']
const errors = { ...errorResponses, ...authErrorResponses, 422: errorResponse('The period has not ended') }

const Figure = z.object({ key: z.string(), name: z.string(), current: z.number().nullable(), previous: z.number().nullable() })
const Content = z.object({
  period: z.object({ kind: z.enum(PERIOD_KINDS), start: z.string(), end: z.string(), label: z.string() }),
  previous: z.object({ start: z.string(), end: z.string(), label: z.string() }),
  area: z.object({ districtId: z.number().int().nullable(), name: z.string() }),
  snapshotDay: z.string().nullable(), previousSnapshotDay: z.string().nullable(),
  sections: z.record(z.string(), z.array(Figure)),
  ranking: z.array(z.object({
    districtId: z.number().int(), name: z.string(), rank: z.number().int(), previousRank: z.number().int().nullable(), meanRisk: z.number().nullable(),
    openHazards: z.number().int(), overdueHazards: z.number().int(), redSites: z.number().int(),
  })),
}).openapi('ReportContent')
const Cell = z.union([z.string(), z.number(), z.null()])
const Document = z.object({
  code: z.string(), title: z.string(), issuedLine: z.string(), periodLine: z.string(),
  sections: z.array(z.object({
    key: z.string(), title: z.string(), summary: z.string().optional(),
    table: z.object({ columns: z.array(z.string()), rows: z.array(z.array(Cell)) }),
    chart: z.object({ kind: z.enum(['bar', 'line', 'pie']), categories: z.array(z.string()), series: z.array(z.object({ name: z.string(), data: z.array(z.number().nullable()) })) }).optional(),
  })),
}).openapi('ReportDocument')
const Summary = z.object({
  id: z.number().int(), code: z.string(), year: z.number().int(), number: z.number().int(), period: z.enum(PERIOD_KINDS),
  periodStart: z.string(), periodEnd: z.string(), label: z.string(), districtId: z.number().int().nullable(), areaName: z.string(),
  version: z.number().int(), supersedes: z.number().int().nullable(), issuedBy: z.object({ id: z.number().int(), name: z.string() }).nullable(), issuedAt: z.string(),
}).openapi('ReportSummary')

const PeriodFields = {
  period: z.enum(PERIOD_KINDS).openapi({ example: 'month' }),
  start: CalendarDay.openapi({ description: 'The first day of the period: 2026-11-01 (month), 2026-10-01 (quarter), 2026-01-01 (year)', example: '2026-11-01' }),
}
const startsPeriod = (v: { period: PeriodKind; start: string }) => isPeriodStart(v.period, v.start)
const notAStart = { message: 'start must be the first day of a month, quarter or year, as period says', path: ['start'] }
const NewReport = z.object({ ...PeriodFields, districtId: z.number().int().positive().nullable().openapi({ description: 'null for the city' }) })
  .strict().refine(startsPeriod, notAStart).openapi('NewReport')
const PreviewQuery = z.object({ ...PeriodFields, district: PositiveId.optional() }).refine(startsPeriod, notAStart)

const list = createRoute({
  method: 'get', path: '/', tags, summary: 'Issued reports you may read, newest period first (every version)',
  request: { query: z.object({
    period: z.enum(PERIOD_KINDS).optional(), year: z.coerce.number().int().min(2000).max(2099).optional(),
    district: PositiveId.optional(), city: z.enum(['true']).optional().openapi({ description: 'Only the city\'s reports' }),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  }) },
  responses: { 200: jsonResponse('Reports', z.object({ reports: z.array(Summary) })), ...errors },
})
const preview = createRoute({
  method: 'get', path: '/preview', tags, summary: 'A period\'s content and document as it would be issued now, without issuing it',
  request: { query: PreviewQuery }, responses: { 200: jsonResponse('Content and document', z.object({ content: Content, document: Document })), ...errors },
})
const issue = createRoute({
  method: 'post', path: '/', tags, summary: 'Issue a period\'s report for the city or a district (a new version when one was issued before)',
  request: { body: { required: true, content: { 'application/json': { schema: NewReport } } } },
  responses: { 201: jsonResponse('The issued report', Summary.extend({ content: Content, document: Document })), ...errors },
})
const getOne = createRoute({
  method: 'get', path: '/{id}', tags, summary: 'One issued report: who issued it and when, its content and its document',
  request: { params: IdParam }, responses: { 200: jsonResponse('The report', Summary.extend({ content: Content, document: Document })), ...errors },
})
const file = (format: 'xlsx' | 'pdf', type: string) => createRoute({
  method: 'get', path: `/{id}/${format}`, tags, summary: format === 'xlsx' ? 'The report as XLSX: a sheet per section, values only' : 'The report as a printable PDF with its charts',
  request: { params: IdParam }, responses: { 200: { description: 'The file, as an attachment', content: { [type]: { schema: z.string() } } }, ...errors },
})
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** A district station works on its own district's reports only; the city's offices on any. */
function mayCover(principal: Principal, districtId: number | null): boolean {
  return principal.role !== 'district_supervisor' || (districtId !== null && districtId === principal.districtId)
}

function ended(period: Period) {
  if (period.end >= beijingDay(new Date())) throw new AppError(422, 'period_not_ended', `${period.start}–${period.end} has not ended: a report is issued once its period is over`)
}

export function reportRoutes({ db }: AppDeps) {
  const load = async (c: Context<SessionEnv>, id: number) => {
    const report = await findReport(db, c.get('scope'), id)
    if (!report) throw new AppError(404, 'not_found', `no report with id ${id} that you may read`)
    return { ...report, document: reportDocument(report.content, { code: report.code, version: report.version, issuedBy: report.issuedBy?.name ?? null, issuedAt: report.issuedAt }) }
  }
  const attachment = (c: Context, body: Uint8Array<ArrayBuffer>, type: string, name: string) => c.body(body, 200, {
    'content-type': type, 'cache-control': 'no-store',
    'content-disposition': `attachment; filename="report.${name.split('.').pop()}"; filename*=UTF-8''${encodeURIComponent(name)}`,
  }) as never
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole(...REPORT_READERS))
  router.post('/', requireRole(...REPORT_ISSUERS))
  return router
    .openapi(list, async (c) => {
      const { district, city, ...f } = c.req.valid('query')
      return c.json({ reports: await listReports(db, c.get('scope'), { ...f, districtId: district, city: city === 'true' }) }, 200)
    })
    .openapi(preview, async (c) => {
      const { period: kind, start, district } = c.req.valid('query')
      if (!mayCover(c.get('principal'), district ?? null)) throw new AppError(403, 'forbidden', 'a district station previews its own district\'s reports only')
      const content = await reportContent(db, periodContaining(kind, start), district ?? null)
      return c.json({ content, document: reportDocument(content, { code: '（预览，未签发）', version: 1, issuedBy: c.get('principal').displayName, issuedAt: beijingDay(new Date()) }) }, 200)
    })
    .openapi(issue, async (c) => {
      const { period: kind, start, districtId } = c.req.valid('json')
      const principal = c.get('principal')
      if (!mayCover(principal, districtId)) throw new AppError(403, 'forbidden', 'a district station issues its own district\'s reports only')
      const period = periodContaining(kind, start)
      ended(period)
      const issued = await issueReport(db, { period, districtId, issuedBy: principal.userId })
      return c.json(await load(c, issued!.id), 201)
    })
    .openapi(getOne, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(file('xlsx', XLSX), async (c) => {
      const report = await load(c, c.req.valid('param').id)
      return attachment(c, new Uint8Array(await reportWorkbook(report.document)), XLSX, `${report.document.code}.xlsx`)
    })
    .openapi(file('pdf', 'application/pdf'), async (c) => {
      const report = await load(c, c.req.valid('param').id)
      return attachment(c, new Uint8Array(await renderReportPdf(report.document)), 'application/pdf', `${report.document.code}.pdf`)
    })
}
