import { z } from '@hono/zod-openapi'
import { COMPLAINT_CATEGORIES, COMPLAINT_CHANNELS, COMPLAINT_STATUSES } from '../../domain/complaint.ts'
import type { LonLat } from '../../domain/datum.ts'
import { positionProblem, toWgs84 } from '../../domain/import-crs.ts'
import { CalendarDay, NoControlText, PlainText, PositiveId, SearchText } from '../../validation.ts'

/* The shapes complaints and night-work permits travel in. */

const HOTLINE_CRS = ['wgs84', 'gcj02', 'bd09'] as const
const required = (max: number) => PlainText(max).pipe(z.string().min(1))
const flag = z.enum(['true', 'false']).transform((v) => v === 'true')
// A minute of clock skew between the hotline's server and ours is not an error; a ticket from tomorrow is.
const FUTURE_TOLERANCE_MS = 5 * 60_000

/**
 * The hotline's map pin, converted here at the edge: 12345 platforms pin on Gaode (GCJ-02) or Baidu (BD-09)
 * maps, and nothing past this point holds anything but WGS-84.
 */
const Position = z.object({
  lon: z.number(), lat: z.number(), crs: z.enum(HOTLINE_CRS).default('wgs84').openapi({ description: 'The pin\'s coordinate system; converted to WGS-84' }),
}).strict().transform((p, ctx) => {
  const wgs84 = toWgs84([p.lon, p.lat], p.crs)
  const problem = positionProblem(wgs84)
  if (problem) {
    ctx.addIssue({ code: 'custom', message: problem === 'swapped' ? 'lon and lat are swapped' : `the position is ${problem.replace(/_/g, ' ')}: it must be in Suzhou` })
    return z.NEVER
  }
  return wgs84.map((v) => Math.round(v * 1e7) / 1e7) as LonLat
})

export const NewComplaintBody = z.object({
  channel: z.enum(COMPLAINT_CHANNELS).default('12345'),
  ticketNo: NoControlText(64).pipe(z.string().min(1)).openapi({ description: 'The channel\'s ticket number (工单编号), unique per channel', example: 'SZ12345-20261201-0001' }),
  receivedAt: z.string().datetime({ offset: true }).refine((t) => Date.parse(t) <= Date.now() + FUTURE_TOLERANCE_MS, 'receivedAt is in the future'),
  category: z.enum(COMPLAINT_CATEGORIES),
  content: required(4000),
  address: PlainText(300).optional(),
  location: Position.optional(),
  complainantName: PlainText(50).optional(),
  complainantPhone: z.string().trim().regex(/^[0-9+\-() ]{3,30}$/, 'digits, spaces, +, - and brackets only').optional(),
}).strict().openapi('NewComplaint')

export const Complaint = z.object({
  id: z.number(), channel: z.enum(COMPLAINT_CHANNELS), ticketNo: z.string(), receivedAt: z.string(), category: z.enum(COMPLAINT_CATEGORIES),
  content: z.string(), address: z.string().nullable(), location: z.tuple([z.number(), z.number()]).nullable(),
  complainantName: z.string().nullable().openapi({ description: 'Masked (张*) except for the dispatcher (city_command)' }),
  complainantPhone: z.string().nullable().openapi({ description: 'Masked (138****5678) except for the dispatcher (city_command)' }),
  siteId: z.number().nullable(), siteCode: z.string().nullable(), siteName: z.string().nullable(),
  matchMethod: z.enum(['coordinates', 'address', 'name', 'manual']).nullable(), matchConfidence: z.number().nullable(),
  matchConfirmed: z.boolean().openapi({ description: 'False while the site is only a suggestion for a supervisor to confirm' }),
  districtId: z.number().nullable(), districtName: z.string().nullable(), status: z.enum(COMPLAINT_STATUSES),
  dispatchedToId: z.number().nullable(), dispatchedToName: z.string().nullable(), dispatchedAt: z.string().nullable(), respondBy: z.string().nullable(),
  overdue: z.boolean(), reply: z.string().nullable(), evidence: z.string().nullable(), founded: z.boolean().nullable(), hazardId: z.number().nullable(),
  closedAt: z.string().nullable(),
}).openapi('Complaint')

const Filters = {
  status: z.enum(COMPLAINT_STATUSES).optional(), category: z.enum(COMPLAINT_CATEGORIES).optional(), siteId: PositiveId.optional(),
  pending: flag.optional().openapi({ description: 'Only those waiting for a supervisor to confirm their site' }),
  overdue: flag.optional().openapi({ description: 'Only those past their response deadline' }),
  from: CalendarDay.optional(), to: CalendarDay.optional(), q: SearchText.optional(),
}
export const ComplaintQuery = z.object({
  ...Filters, limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(100_000).default(0),
})
export const ComplaintExportQuery = z.object({ ...Filters, format: z.enum(['csv', 'xlsx']) })

export const MatchBody = z.object({ siteId: z.number().int().positive() }).strict()

export const CloseBody = z.object({
  reply: required(2000).openapi({ description: 'The answer given to the complainant (答复意见)' }),
  evidence: PlainText(2000).optional().openapi({ description: 'What was found on site, photo numbers, notices issued' }),
  founded: z.boolean().openapi({ description: 'Whether the complaint was founded (属实)' }),
  hazard: z.object({ severity: z.enum(['major', 'general']), description: required(500), deadline: CalendarDay }).strict().optional()
    .openapi({ description: 'A founded complaint may open a hazard on its site' }),
}).strict()

const MAX_PERIOD_DAYS = 366
export const PeriodQuery = z.object({ from: CalendarDay.optional(), to: CalendarDay.optional() })
  .refine((p) => !p.from || !p.to || p.from <= p.to, 'from is after to')
  .refine((p) => !p.from || !p.to || (Date.parse(p.to) - Date.parse(p.from)) / 86_400_000 < MAX_PERIOD_DAYS, `at most ${MAX_PERIOD_DAYS} days`)

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, Beijing time')
export const NewPermitBody = z.object({
  siteId: z.number().int().positive(), permitNo: NoControlText(64).pipe(z.string().min(1)), validFrom: CalendarDay, validTo: CalendarDay,
  startsAt: Clock.openapi({ example: '22:00' }), endsAt: Clock.openapi({ example: '06:00', description: 'Before startsAt: the window runs past midnight' }),
  reason: PlainText(500).default(''),
}).strict().refine((p) => p.validTo >= p.validFrom, { message: 'validTo is before validFrom', path: ['validTo'] })
  .refine((p) => p.startsAt !== p.endsAt, { message: 'the window is empty', path: ['endsAt'] })

export const Permit = z.object({
  id: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), permitNo: z.string(), validFrom: z.string(), validTo: z.string(),
  startsAt: z.string(), endsAt: z.string(), reason: z.string(),
}).openapi('NightWorkPermit')
export const PermitQuery = z.object({ siteId: PositiveId.optional(), current: flag.optional(), limit: z.coerce.number().int().min(1).max(1_000).default(200) })

export const Analysis = z.object({
  from: z.string(), to: z.string(),
  heat: z.array(z.object({ lon: z.number(), lat: z.number(), category: z.string() })),
  trend: z.array(z.object({ day: z.string(), category: z.string(), complaints: z.number() })),
  repeats: z.array(z.object({ siteId: z.number(), code: z.string(), name: z.string(), district: z.string(), complaints: z.number(), founded: z.number(), categories: z.array(z.string()), last: z.string() })),
  byDistrict: z.array(z.object({ districtId: z.number().nullable(), district: z.string().nullable(), category: z.string(), complaints: z.number() })),
  nightWork: z.object({
    totals: z.object({ permitted: z.number(), unpermitted: z.number(), noSite: z.number() }),
    sites: z.array(z.object({ siteId: z.number(), code: z.string(), name: z.string(), permitted: z.number(), unpermitted: z.number(), permits: z.number() })),
  }),
}).openapi('ComplaintAnalysis')
