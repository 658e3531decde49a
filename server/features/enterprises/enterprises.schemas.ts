import { z } from '@hono/zod-openapi'
import { creditCodeProblem, describeCreditCodeProblem } from '../../domain/credit-code.ts'
import { ENTERPRISE_KINDS, ENTERPRISE_ORIGINS, PARTY_ROLES, QUALIFICATION_GRADES, UNMATCHED_ROLES } from '../../domain/enterprise.ts'
import { NoControlText, PlainText, SearchText, CalendarDay } from '../../validation.ts'

/** A 统一社会信用代码, upper-cased, refused with the reason (the expected check character when only that is wrong). */
export const CreditCode = z.string().trim().toUpperCase().superRefine((code, ctx) => {
  const problem = creditCodeProblem(code)
  if (problem) ctx.addIssue({ code: 'custom', message: describeCreditCodeProblem(problem), params: problem })
}).openapi({ example: '914403001922038216', description: '统一社会信用代码 (GB 32100-2015), with its check character' })

const Credit = z.object({ grade: z.string(), score: z.number(), periodEnd: z.string() }).nullable()

export const EnterpriseSummary = z.object({
  id: z.number(), creditCode: z.string(), name: z.string(), kinds: z.array(z.enum(ENTERPRISE_KINDS)), origin: z.enum(ENTERPRISE_ORIGINS),
  registeredPlace: z.string(), credit: Credit, activeSites: z.number().openapi({ description: 'Sites not completed where it is a party, in your zone' }),
}).openapi('EnterpriseSummary')

export const Qualification = z.object({
  id: z.number(), category: z.string(), grade: z.string(), certificateNo: z.string(), scope: z.string(), validUntil: z.string(),
  status: z.enum(['valid', 'expiring', 'expired']),
})

export const Enterprise = EnterpriseSummary.extend({
  enteredOn: z.string().nullable(), legalRepresentative: z.string().nullable(), contactName: z.string().nullable(),
  contactPhone: z.string().nullable(), address: z.string().nullable(), qualifications: z.array(Qualification),
  sites: z.array(z.object({ id: z.number(), code: z.string(), name: z.string(), stage: z.string(), role: z.enum(PARTY_ROLES), district: z.string(), lon: z.number(), lat: z.number() })),
  record: z.object({
    hazards: z.array(z.object({ id: z.number(), siteId: z.number(), siteName: z.string(), severity: z.string(), category: z.string(), status: z.string(), foundAt: z.string() })),
    notices: z.array(z.object({ id: z.number(), code: z.string(), type: z.string(), siteId: z.number(), siteName: z.string(), issuedAt: z.string() })),
    accidents: z.array(z.object({ id: z.number(), siteId: z.number(), siteName: z.string(), grade: z.string(), deaths: z.number(), injuries: z.number(), description: z.string(), occurredAt: z.string() })),
    inspections: z.array(z.object({ id: z.number(), kind: z.string(), outcome: z.string(), findings: z.string(), inspectedAt: z.string() })),
  }),
}).openapi('Enterprise')

const Text = (max: number) => PlainText(max).pipe(z.string().min(1))
const Optional = (max: number) => PlainText(max).nullable().optional().transform((v) => (v === '' ? null : v))

const fields = {
  creditCode: CreditCode, name: Text(200).pipe(z.string().min(2)), kinds: z.array(z.enum(ENTERPRISE_KINDS)).min(1).max(ENTERPRISE_KINDS.length),
  origin: z.enum(ENTERPRISE_ORIGINS), registeredPlace: Text(100).pipe(z.string().min(2)), enteredOn: CalendarDay.nullable().optional(),
  legalRepresentative: Optional(50), contactName: Optional(50), contactPhone: NoControlText(30).regex(/^[0-9+() -]*$/, 'digits, +, (, ), space and - only').nullable().optional(),
  address: Optional(200),
}
/** 外地进苏 firms say when they entered; local ones have no such date. */
const enteredOnFitsOrigin = (e: { origin?: string; enteredOn?: string | null }) => e.origin !== 'local' || !e.enteredOn

export const NewEnterprise = z.object(fields).strict()
  .refine(enteredOnFitsOrigin, { path: ['enteredOn'], message: 'only a 外地进苏 (out_of_province) firm has an entry date' })
  .transform((e) => ({ ...e, kinds: [...new Set(e.kinds)] }))
export const EnterpriseChange = z.object(fields).partial().strict()
  .refine((e) => Object.keys(e).length > 0, 'nothing to change')
  .refine(enteredOnFitsOrigin, { path: ['enteredOn'], message: 'only a 外地进苏 (out_of_province) firm has an entry date' })

export const NewQualification = z.object({
  category: Text(100).pipe(z.string().min(2)), grade: z.enum(QUALIFICATION_GRADES), certificateNo: Text(60), scope: PlainText(500).default(''), validUntil: CalendarDay,
}).strict()

export const EnterpriseQuery = z.object({
  q: SearchText.optional(), kind: z.enum(ENTERPRISE_KINDS).optional(), origin: z.enum(ENTERPRISE_ORIGINS).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50), offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
})

export const UnmatchedName = z.object({
  recordedName: z.string(), roles: z.array(z.enum(UNMATCHED_ROLES)), sites: z.number().openapi({ description: 'Records that name it: site parties and crane machines' }),
  suggestions: z.array(z.object({ id: z.number(), name: z.string(), creditCode: z.string() })),
}).openapi('UnmatchedName')

export const Resolution = z.object({
  recordedName: NoControlText(200).pipe(z.string().min(1)), role: z.enum(UNMATCHED_ROLES).optional(), enterpriseId: z.number().int().positive().max(999_999_999),
}).strict()
