import { z } from '@hono/zod-openapi'
import { CAMPAIGN_KINDS, MAX_CHECKLIST_ITEMS, MAX_SEED, MAX_SHEET_POINTS } from '../../domain/campaign.ts'
import { BOOST_MULTIPLIER, RISK_FACTORS } from '../../domain/risk-boost.ts'
import { CalendarDay, PlainText } from '../../validation.ts'

/* What the campaign routes take and give. */

/** A campaign lasts at most a year: longer actions are programmes, not campaigns, and a typo in a year is caught. */
export const MAX_CAMPAIGN_DAYS = 366
const SiteId = z.number().int().positive().max(999_999_999)
const Position = z.tuple([z.number().min(73).max(136), z.number().min(3).max(54)])
const Ring = z.array(Position).min(4).max(2_000)

export const ChecklistItem = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'a key is lower-case letters, digits and _'),
  label: PlainText(100).pipe(z.string().min(1)),
  points: z.number().min(0).max(MAX_SHEET_POINTS),
})
export const RiskBoost = z.object({
  factors: z.array(z.string().refine((f) => (RISK_FACTORS as string[]).includes(f), { message: `not a risk factor; one of ${RISK_FACTORS.join(', ')}` }))
    .min(1).max(RISK_FACTORS.length).refine((f) => new Set(f).size === f.length, 'a factor is listed twice'),
  multiplier: z.number().min(BOOST_MULTIPLIER.min).max(BOOST_MULTIPLIER.max),
}).openapi('RiskBoost')
const Sampling = z.object({
  seed: z.number().int().min(0).max(MAX_SEED).optional().openapi({ description: 'the draw\'s seed; a random one is chosen and recorded when left out' }),
  count: z.number().int().min(1).max(10_000).optional(),
  ratio: z.number().gt(0).max(1).optional(),
}).refine((s) => (s.count === undefined) !== (s.ratio === undefined), 'give either count or ratio')
const Scope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('city') }),
  z.object({ kind: z.literal('districts'), districtIds: z.array(SiteId).min(1).max(50) }),
  z.object({ kind: z.literal('area'), area: z.array(z.array(Ring).min(1).max(20)).min(1).max(20).openapi({ description: 'MultiPolygon coordinates, WGS-84' }) }),
])

const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000

export const NewCampaign = z.object({
  name: PlainText(100).pipe(z.string().min(2)),
  kind: z.enum(CAMPAIGN_KINDS),
  startsOn: CalendarDay, endsOn: CalendarDay,
  scope: Scope,
  checklist: z.array(ChecklistItem).min(1).max(MAX_CHECKLIST_ITEMS).optional().openapi({ description: 'the kind\'s default checklist when left out' }),
  sampling: Sampling.optional().openapi({ description: '双随机: draw the targets from the scope\'s active sites' }),
  siteIds: z.array(SiteId).min(1).max(5_000).optional().openapi({ description: 'listed targets' }),
  riskBoost: RiskBoost.optional().openapi({ description: 'holiday periods only: the risk factors that weigh more while it runs' }),
}).refine((c) => c.endsOn >= c.startsOn, { message: 'endsOn is before startsOn', path: ['endsOn'] })
  .refine((c) => days(c.startsOn, c.endsOn) < MAX_CAMPAIGN_DAYS, { message: `a campaign lasts at most ${MAX_CAMPAIGN_DAYS} days`, path: ['endsOn'] })
  .refine((c) => !(c.sampling && c.siteIds), { message: 'give a sampling rule or a list of sites, not both', path: ['siteIds'] })
  .openapi('NewCampaign')

export const CampaignChange = z.object({
  name: PlainText(100).pipe(z.string().min(2)).optional(),
  endsOn: CalendarDay.optional(),
  riskBoost: RiskBoost.nullable().optional(),
}).refine((c) => Object.keys(c).length > 0, 'nothing to change').openapi('CampaignChange')

const Boost = z.object({ factors: z.array(z.string()), multiplier: z.number() }).nullable()
export const CampaignSummary = z.object({
  id: z.number(), name: z.string(), kind: z.string(), startsOn: z.string(), endsOn: z.string(), scopeKind: z.string(), districtIds: z.array(z.number()),
  status: z.enum(['planned', 'running', 'finished']), riskBoost: Boost, targets: z.number(), inspectedSites: z.number(),
})
export const Campaign = z.object({
  id: z.number(), name: z.string(), kind: z.string(), startsOn: z.string(), endsOn: z.string(), scopeKind: z.string(), districtIds: z.array(z.number()),
  status: z.enum(['planned', 'running', 'finished']), area: z.unknown(),
  sampling: z.object({ seed: z.number(), count: z.number().optional(), ratio: z.number().optional(), candidates: z.number(), drawn: z.number() }).nullable(),
  checklist: z.array(z.object({ key: z.string(), label: z.string(), points: z.number() })), riskBoost: Boost,
  createdBy: z.string().nullable(), createdAt: z.string(), targets: z.number(), inspectionsRecorded: z.number(),
}).openapi('Campaign')

export const DistrictProgress = z.object({
  districtId: z.number(), name: z.string(), planned: z.number(), inspected: z.number(), inspections: z.number(), findings: z.number(),
  majorFindings: z.number(), hazardsOpen: z.number(), hazardsClosed: z.number(), penalties: z.number(), followedThrough: z.number(),
  share: z.number().nullable(), geometry: z.unknown(),
})
export const CampaignSite = z.object({
  id: z.number(), code: z.string(), name: z.string(), districtId: z.number(), lon: z.number(), lat: z.number(),
  source: z.string().nullable(), inspections: z.number(), openHazards: z.number(),
})
export const SiteCampaign = z.object({ id: z.number(), name: z.string(), kind: z.string(), endsOn: z.string(), checklist: z.array(z.object({ key: z.string(), label: z.string(), points: z.number() })) })
