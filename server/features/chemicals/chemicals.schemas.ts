import { z } from '@hono/zod-openapi'
import { casProblem, DEFAULT_RECEPTOR_RADIUS_M, HAZARD_CLASSES, MAX_RECEPTOR_RADIUS_M, QUANTITY_UNITS, RISK_KINDS, RISK_LEVELS, unProblem } from '../../domain/chemicals.ts'
import { CalendarDay, PlainText, PositiveId } from '../../validation.ts'

/* The chemicals campaign's request and response shapes. */

const Text = (max: number) => PlainText(max).pipe(z.string().min(1))
const Id = z.number().int().positive().max(999_999_999)

const CasNo = z.string().trim().superRefine((cas, ctx) => {
  const problem = casProblem(cas)
  if (problem) ctx.addIssue({ code: 'custom', message: problem === 'format' ? 'a CAS number is 2–7 digits, 2 digits and a check digit, e.g. 74-86-2' : `the check digit of ${cas} is wrong` })
}).openapi({ example: '74-86-2' })
const UnNo = z.string().trim().refine((un) => unProblem(un) === null, 'a UN number is four digits, e.g. 1001').openapi({ example: '1001' })

/** WGS-84 degrees, within China's extent (a swapped or zero pair is refused here, not found off the site later). */
const StorageLocation = z.object({ lon: z.number().min(73).max(136), lat: z.number().min(3).max(54) })

const chemicalShape = {
  name: Text(100), casNo: CasNo.nullable().optional(), unNo: UnNo.nullable().optional(), hazardClass: z.enum(HAZARD_CLASSES),
  maxQuantity: z.number().positive().max(1e7), unit: z.enum(QUANTITY_UNITS), storageLocation: StorageLocation, storageNote: PlainText(500).default(''),
  responsibleEnterpriseId: Id.nullable().optional(), responsibleName: Text(200).nullable().optional(),
}
const oneResponsible = (c: { responsibleEnterpriseId?: number | null; responsibleName?: string | null }) => !(c.responsibleEnterpriseId && c.responsibleName)

export const NewChemical = z.object({ siteId: Id, ...chemicalShape })
  .refine((c) => Boolean(c.responsibleEnterpriseId || c.responsibleName), { message: 'name the responsible party: responsibleEnterpriseId or responsibleName', path: ['responsibleName'] })
  .refine(oneResponsible, { message: 'give a registered firm (responsibleEnterpriseId) or a name, not both', path: ['responsibleName'] })
  .openapi('NewSiteChemical')
export const ChemicalChange = z.object({ ...chemicalShape, storageNote: PlainText(500) }).partial()
  .refine(oneResponsible, { message: 'give a registered firm (responsibleEnterpriseId) or a name, not both', path: ['responsibleName'] })
  .refine((c) => Object.keys(c).length > 0, 'change at least one field')
  .openapi('SiteChemicalChange')

export const Chemical = z.object({
  id: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), districtId: z.number(), name: z.string(), casNo: z.string().nullable(),
  unNo: z.string().nullable(), hazardClass: z.string(), maxQuantity: z.number(), unit: z.string(), lon: z.number(), lat: z.number(), storageNote: z.string(),
  responsibleEnterpriseId: z.number().nullable(), responsibleName: z.string(), recordedAt: z.string(), removedOn: z.string().nullable(), lastSurveyedAt: z.string().nullable(),
}).openapi('SiteChemical')

const Paging = { limit: z.coerce.number().int().min(1).max(500).default(100), offset: z.coerce.number().int().min(0).max(1_000_000).default(0) }
export const InventoryQuery = z.object({
  siteId: PositiveId.optional(), hazardClass: z.enum(HAZARD_CLASSES).optional(),
  includeRemoved: z.enum(['true', 'false']).transform((v) => v === 'true').optional(), ...Paging,
})
export const RemovalQuery = z.object({ removedOn: CalendarDay.optional() })

export const IdentifiedRisk = z.object({
  chemicalId: Id, risk: z.enum(RISK_KINDS), level: z.enum(RISK_LEVELS), measure: Text(500),
  danger: Text(1000).optional().openapi({ description: 'what must be rectified (隐患); each one opens a hazard' }),
})
export const NewSurvey = z.object({
  siteId: Id, campaignId: Id.nullable().optional(), surveyedAt: z.iso.datetime({ offset: true }),
  risks: z.array(IdentifiedRisk).max(100), conclusion: PlainText(2000).default(''),
}).openapi('NewChemicalSurvey')
export const Survey = z.object({
  id: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), campaignId: z.number().nullable(), campaignName: z.string().nullable(),
  surveyedAt: z.string(), surveyor: z.string().nullable(), conclusion: z.string(),
  risks: z.array(z.object({
    chemicalId: z.number(), chemicalName: z.string().nullable(), risk: z.string(), level: z.string(), measure: z.string(), danger: z.string().nullable(),
    hazardId: z.number().nullable(), hazardStatus: z.string().nullable(),
  })),
}).openapi('ChemicalSurvey')
export const SurveyQuery = z.object({ siteId: PositiveId.optional(), campaignId: PositiveId.optional(), ...Paging })

export const Danger = z.object({
  hazardId: z.number(), siteId: z.number(), siteCode: z.string(), siteName: z.string(), surveyId: z.number().nullable(), severity: z.string(),
  description: z.string(), status: z.string(), foundAt: z.string(), deadline: z.string(), closedAt: z.string().nullable(), ageDays: z.number(), daysOverdue: z.number(),
}).openapi('ChemicalDanger')
export const DangerQuery = z.object({ siteId: PositiveId.optional(), status: z.enum(['open', 'closed', 'all']).default('open'), ...Paging })

export const MapQuery = z.object({ radiusM: z.coerce.number().int().min(50).max(MAX_RECEPTOR_RADIUS_M).default(DEFAULT_RECEPTOR_RADIUS_M) })
export const ChemicalMap = z.object({
  radiusM: z.number(),
  sites: z.array(z.object({
    siteId: z.number(), code: z.string(), name: z.string(), lon: z.number(), lat: z.number(), classes: z.array(z.string()), primaryClass: z.string().nullable(),
    chemicals: z.number(), surveyed: z.boolean(), openDangers: z.number(), receptors: z.array(z.object({ id: z.number(), distanceM: z.number() })),
  })),
  receptors: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string(), lon: z.number(), lat: z.number() })),
}).openapi('ChemicalMap')

export const ChemicalKpis = z.object({
  sitesWithChemicals: z.number(), sitesSurveyed: z.number(), surveyedShare: z.number().nullable(), openDangers: z.number(),
  openDangersByAge: z.array(z.object({ ageDays: z.string(), open: z.number(), major: z.number(), general: z.number() })),
}).openapi('ChemicalKpis')

export const ExportFormat = z.object({ format: z.enum(['csv', 'xlsx']) })
