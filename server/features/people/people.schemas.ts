import { z } from '@hono/zod-openapi'
import { CERTIFICATE_KINDS, STAFF_ROLES } from '../../domain/certification.ts'
import { ID_NUMBER_PROBLEM_TEXT, idNumberProblem, normalizeIdNumber } from '../../domain/id-number.ts'
import { NoControlText, PlainText, CalendarDay } from '../../validation.ts'

/* The people registry's request and response shapes, shared by its routes. */

export const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })

/** A 身份证号 as typed (blanks, lower-case x allowed), refused with the GB 11643 problem named. */
export const IdNumber = z.string().max(40).transform(normalizeIdNumber).superRefine((id, ctx) => {
  const problem = idNumberProblem(id)
  if (problem) ctx.addIssue({ code: 'custom', message: `${ID_NUMBER_PROBLEM_TEXT[problem]} (${problem})` })
})
const PersonName = NoControlText(50).pipe(z.string().min(2, 'a name has at least 2 characters'))
const Phone = z.string().trim().regex(/^[0-9+\- ]{5,20}$/, 'digits, +, - and spaces, 5–20').nullable()

export const NewPerson = z.object({ idNumber: IdNumber, name: PersonName, employerId: z.number().int().positive().nullable(), phone: Phone.default(null) }).strict()
export const PersonChange = z.object({ idNumber: IdNumber.optional(), name: PersonName.optional(), employerId: z.number().int().positive().nullable().optional(), phone: Phone.optional() })
  .strict().refine((p) => Object.keys(p).length > 0, 'nothing to change')

export const NewCertificate = z.object({
  kind: z.enum(CERTIFICATE_KINDS), specialty: PlainText(60).default(''), number: PlainText(60).pipe(z.string().min(4, 'a certificate number has at least 4 characters')),
  issuer: PlainText(100).pipe(z.string().min(2)), issuedOn: CalendarDay, expiresOn: CalendarDay, replacesId: z.number().int().positive().nullable().default(null),
}).strict().refine((c) => c.expiresOn > c.issuedOn, { path: ['expiresOn'], message: 'expires after it was issued' })
  .refine((c) => c.kind !== 'special_work' || c.specialty !== '', { path: ['specialty'], message: 'a 特种作业 certificate names its specialty' })

export const Revocation = z.object({ on: CalendarDay }).strict()

export const NewAssignment = z.object({ personId: z.number().int().positive(), role: z.enum(STAFF_ROLES), fromDate: CalendarDay }).strict()
export const AssignmentEnd = z.object({ toDate: CalendarDay }).strict()

export const PersonRow = z.object({
  id: z.number(), name: z.string(), idNumberMasked: z.string(), employerId: z.number().nullable(), employerName: z.string().nullable(),
  certificateStanding: z.enum(['expired', 'expiring', 'ok', 'none']), currentRoles: z.array(z.string()),
}).openapi('PersonRow')

export const Certificate = z.object({
  id: z.number(), kind: z.string(), specialty: z.string(), number: z.string(), issuer: z.string(), issuedOn: z.string(), expiresOn: z.string(),
  revokedOn: z.string().nullable(), replacesId: z.number().nullable(), replacedById: z.number().nullable(), valid: z.boolean(), daysLeft: z.number(),
}).openapi('Certificate')

export const Person = z.object({
  id: z.number(), name: z.string(), idNumberMasked: z.string(), idNumber: z.string().nullable().openapi({ description: 'the full number, for an admin only' }),
  phone: z.string().nullable(), employerId: z.number().nullable(), employerName: z.string().nullable(), certificates: z.array(Certificate),
  assignments: z.array(z.object({ id: z.number(), siteId: z.number(), siteName: z.string(), siteStage: z.string(), role: z.string(), fromDate: z.string(), toDate: z.string().nullable() })),
}).openapi('Person')

export const DoublePm = z.object({ personId: z.number(), name: z.string(), sites: z.array(z.object({ id: z.number(), name: z.string() })), elsewhere: z.number().openapi({ description: 'Active sites outside your zone it also runs (not named)' }) }).openapi('DoubleProjectManager')
