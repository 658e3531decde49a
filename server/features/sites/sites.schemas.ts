import { z } from '@hono/zod-openapi'

/* The site panel's records as the API documents and hono/client types them. Dates are ISO dates; times Beijing ISO. */

const LonLat = z.tuple([z.number(), z.number()])
const IsoDate = z.string().openapi({ example: '2026-11-24' })

export const SiteDetail = z.object({
  id: z.number(), code: z.string(), name: z.string(), kind: z.string(), stage: z.string(), address: z.string().nullable(),
  floorArea: z.number(), contractValueWan: z.number().nullable(), contractorCredit: z.object({ enterpriseId: z.number(), score: z.number(), grade: z.string() }).nullable(),
  // Key staff and the 持证上岗率 are the site's staff records: GET /api/sites/:id/staff.
  responsibilityDocsOk: z.boolean(), standardizationScore: z.number().nullable(),
  // Null when the office's ledger did not say: the period is unknown, not guessed.
  startDate: IsoDate.nullable(), plannedEndDate: IsoDate.nullable(),
  parties: z.array(z.object({ role: z.enum(['owner', 'surveyor', 'designer', 'contractor', 'supervisor']), enterpriseId: z.number().nullable(),
    name: z.string().openapi({ description: 'The registry name when matched, else the name as recorded' }), matched: z.boolean() })),
  location: LonLat,
  footprint: z.object({ type: z.string(), coordinates: z.any() }).nullable(),
  footprintAreaM2: z.number().nullable(),
  district: z.object({ id: z.number(), name: z.string() }),
  risk: z.object({
    score: z.number(), grade: z.string(),
    breakdown: z.array(z.object({ factor: z.string(), value: z.number(), points: z.number() })),
  }).nullable(),
  coverage: z.object({
    ratio: z.number().nullable(), cameras: z.number(), onlineCameras: z.number(), footprintM2: z.number().nullable(), coveredM2: z.number().nullable(),
  }).nullable(),
  grid: z.object({ id: z.number(), code: z.string(), name: z.string(), supervisors: z.array(z.string()) }).nullable(),
  keyProject: z.object({
    rank: z.number(), deadline: IsoDate, enclosureDoneOn: IsoDate.nullable(), dustNetDoneOn: IsoDate.nullable(), sprayingDoneOn: IsoDate.nullable(),
  }).nullable(),
  dangerousWorks: z.array(z.object({
    id: z.number(), category: z.string(), beyondScale: z.boolean(), measureValue: z.number().nullable(), measureUnit: z.string().nullable(),
    status: z.string(), startsOn: IsoDate,
  })),
  cranes: z.array(z.object({
    id: z.number(), machineId: z.number(), recordNo: z.string(), kind: z.string(), stage: z.string(), registrationNo: z.string().nullable(),
    monitored: z.boolean(), lastInspectedOn: IsoDate.nullable(),
  })),
  cameras: z.array(z.object({
    id: z.number(), code: z.string(), purpose: z.string(), online: z.boolean(), heading: z.number(), fov: z.number(), range: z.number(), location: LonLat,
  })),
  inspections: z.array(z.object({ id: z.number(), kind: z.string(), score: z.number().nullable(), inspectedAt: z.string() })),
  openHazards: z.array(z.object({
    id: z.number(), severity: z.string(), category: z.string(), description: z.string(), status: z.string(), deadline: IsoDate,
    ageDays: z.number(), overdue: z.boolean(),
  })),
}).openapi('SiteDetail')

export const SearchHit = z.object({
  id: z.number(), code: z.string(), name: z.string(), kind: z.string(), district: z.string(),
  riskGrade: z.string().nullable(), location: LonLat,
}).openapi('SiteSearchHit')

export const Pm10Series = z.object({
  source: z.enum(['site', 'station']), stationName: z.string().nullable(), distanceM: z.number().nullable(),
  limitUgM3: z.number(), readings: z.array(z.object({ at: z.string(), pm10: z.number() })),
}).openapi('Pm10Series')
