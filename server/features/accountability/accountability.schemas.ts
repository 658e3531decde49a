import { z } from '@hono/zod-openapi'
import { ACTION_KINDS, CONCERN_REASONS, PARTY_KINDS, PENALTIES } from '../../domain/accountability.ts'
import { CalendarDay, PlainText } from '../../validation.ts'

/* Request and response shapes of /api/accountability: districts' figures, actions, accidents and penalties. */

const Id = z.number().int().positive().max(999_999_999)
const Text = (min: number, max: number) => PlainText(max).pipe(z.string().min(min, `at least ${min} characters`))
const ReplyStateEnum = z.enum(['pending', 'overdue', 'on_time', 'late'])

const Figures = {
  activeSites: z.number(), accidents12m: z.number(), deaths12m: z.number(), openHazards: z.number(), overdueHazards: z.number(),
  redSites: z.number(), meanInspectionScore: z.number().nullable(),
}

export const DistrictFigures = z.object({
  districtId: z.number(), name: z.string(), ...Figures, openActions: z.number(), overdueReplies: z.number(),
  concern: z.number().openapi({ description: 'Safety concern in points (server/domain/accountability.ts); a candidate from 30' }),
  reasons: z.array(z.enum(CONCERN_REASONS)), suggested: z.enum(ACTION_KINDS).nullable().openapi({ description: 'What to issue next, null when not a candidate' }),
}).openapi('DistrictSafetyFigures')

/** The district's figures as they stood when the action was issued. */
export const Statistics = z.object({ asOf: z.string(), ...Figures, concern: z.number(), reasons: z.array(z.string()) }).passthrough()

export const Action = z.object({
  id: z.number(), code: z.string(), districtId: z.number(), district: z.string(), kind: z.enum(ACTION_KINDS), reason: z.string(),
  statistics: Statistics, accidentId: z.number().nullable(), issuedAt: z.string(), issuedBy: z.string().nullable(), deadline: z.string(),
  reply: z.string().nullable(), repliedAt: z.string().nullable(), repliedBy: z.string().nullable(), state: ReplyStateEnum,
}).openapi('AccountabilityAction')

export const ActionQuery = z.object({
  districtId: z.coerce.number().int().positive().max(999_999_999).optional(), kind: z.enum(ACTION_KINDS).optional(), state: ReplyStateEnum.optional(),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
})

export const NewAction = z.object({
  districtId: Id, kind: z.enum(ACTION_KINDS), reason: Text(2, 2000),
  deadline: CalendarDay.optional().openapi({ description: 'Reply due by (Beijing day); by default 15 days for a letter, 30 for a talk or notice' }),
  accidentId: Id.nullable().default(null),
}).strict()

export const Reply = z.object({ reply: Text(2, 2000) }).strict()

const Double = z.object({ responsible: z.number(), officials: z.number(), complete: z.boolean() })
const AccidentFields = {
  id: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), districtId: z.number(), district: z.string(), occurredAt: z.string(),
  grade: z.string(), deaths: z.number(), injuries: z.number(), description: z.string(), investigation: z.string(), investigationClosedOn: z.string().nullable(),
  doubleInvestigation: Double,
}
export const AccidentSummary = z.object({ ...AccidentFields, penalties: z.number(), finesYuan: z.number() }).openapi('AccidentSummary')

export const Penalty = z.object({
  id: z.number(), partyKind: z.enum(PARTY_KINDS), enterpriseId: z.number().nullable(), personId: z.number().nullable(), partyName: z.string(),
  partyRole: z.string(), penalty: z.enum(PENALTIES), amountYuan: z.number().nullable(), topOfRange: z.boolean(), decidedOn: z.string(), documentNo: z.string(),
})
export const Accident = z.object({
  ...AccidentFields, penalties: z.array(Penalty), actions: z.array(z.object({ id: z.number(), code: z.string(), kind: z.string() })),
}).openapi('AccidentInvestigation')

export const AccidentQuery = z.object({
  districtId: z.coerce.number().int().positive().max(999_999_999).optional(), from: CalendarDay.optional(), to: CalendarDay.optional(),
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional().openapi({ description: 'true: investigation not closed yet' }),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
})

export const Investigation = z.object({
  investigation: PlainText(5000), closedOn: CalendarDay.nullable().default(null).openapi({ description: 'The day the investigation was closed; null while it runs' }),
}).strict()

export const NewPenalty = z.object({
  partyKind: z.enum(PARTY_KINDS), enterpriseId: Id.nullable().default(null), personId: Id.nullable().default(null),
  partyName: PlainText(200).optional().openapi({ description: 'Taken from the registry when a firm or person is linked' }),
  partyRole: Text(1, 50).openapi({ example: '施工总承包单位' }), penalty: z.enum(PENALTIES),
  amountYuan: z.number().positive().max(1e9).nullable().default(null), topOfRange: z.boolean().default(false).openapi({ description: '顶格处罚' }),
  decidedOn: CalendarDay, documentNo: PlainText(100).default(''),
}).strict()
  .refine((p) => p.partyKind === 'enterprise' || p.enterpriseId === null, { path: ['enterpriseId'], message: 'only an enterprise party links a firm' })
  .refine((p) => p.partyKind === 'person' || p.personId === null, { path: ['personId'], message: 'only a person party links a person' })
  .refine((p) => (p.partyName ?? '').length > 0 || p.enterpriseId !== null || p.personId !== null, { path: ['partyName'], message: 'name the party or link it' })

export const ExportQuery = z.object({ format: z.enum(['csv', 'xlsx']) })
