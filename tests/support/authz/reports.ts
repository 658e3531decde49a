import { periodContaining, previousPeriod } from '../../../server/domain/report-period.ts'
import { beijingDay } from '../../../server/domain/time.ts'
import { issueReport } from '../../../server/features/reports/reports.repo.ts'
import type { Endpoint, MatrixWorld, Statuses, Zone } from '../authz-matrix.ts'

/*
 * 定期报送: the city's offices read every report and a district station its own district's (another's, or the
 * city's, is not found); the administrator and command issue any, a station its own district's only.
 */

type Area = 'city' | Zone
const AREAS: Area[] = ['city', 'own', 'far']
const READ: Record<Area, Statuses> = {
  city: [200, 200, 200, 404, 403, 403, 401, 401], own: [200, 200, 200, 200, 403, 403, 401, 401], neighbour: [200, 200, 200, 200, 403, 403, 401, 401],
  far: [200, 200, 200, 404, 403, 403, 401, 401],
}
const PREVIEW: Record<Area, Statuses> = { ...READ, city: [200, 200, 200, 403, 403, 403, 401, 401], far: [200, 200, 200, 403, 403, 403, 401, 401] }
const ISSUE: Record<Area, Statuses> = {
  city: [201, 201, 403, 403, 403, 403, 401, 401], own: [201, 201, 403, 201, 403, 403, 401, 401], neighbour: [201, 201, 403, 201, 403, 403, 401, 401],
  far: [201, 201, 403, 403, 403, 403, 401, 401],
}

/** Last month: the latest period that has ended, whenever the matrix runs. */
const lastMonth = () => previousPeriod(periodContaining('month', beijingDay(new Date())))
const districtOf = (world: MatrixWorld, area: Area) => (area === 'city' ? null : world.places[area].districtId)
const issued: Partial<Record<Area, number>> = {}

async function reportOf(world: MatrixWorld, area: Area): Promise<number> {
  issued[area] ??= (await issueReport(world.database.db, { period: lastMonth(), districtId: districtOf(world, area), issuedBy: null }))!.id
  return issued[area]
}

const query = (world: MatrixWorld, area: Area) => `period=month&start=${lastMonth().start}${area === 'city' ? '' : `&district=${districtOf(world, area)}`}`

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/reports', path: () => '/api/reports?period=month', expected: READ.own },
  ...AREAS.flatMap((area): Endpoint[] => [
    { label: `GET /api/reports/preview (${area})`, path: () => `/api/reports/preview?${query(world(), area)}`, expected: PREVIEW[area] },
    { label: `GET /api/reports/:id (${area})`, path: async () => `/api/reports/${await reportOf(world(), area)}`, expected: READ[area] },
    { label: `GET /api/reports/:id/xlsx (${area})`, path: async () => `/api/reports/${await reportOf(world(), area)}/xlsx`, expected: READ[area] },
    {
      label: `POST /api/reports (${area})`, method: 'POST', path: () => '/api/reports', expected: ISSUE[area],
      body: () => JSON.stringify({ period: 'month', start: lastMonth().start, districtId: districtOf(world(), area) }),
    },
  ]),
  { label: 'GET /api/reports/:id/pdf (own)', path: async () => `/api/reports/${await reportOf(world(), 'own')}/pdf`, expected: READ.own },
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = ['(SELECT count(*) FROM reports)', '(SELECT count(*) FROM notifications)']
