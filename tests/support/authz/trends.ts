import { type Endpoint, type MatrixWorld, READ, ZONES } from '../authz-matrix.ts'

/*
 * Trends over time (features/history/trends.routes.ts) are read by whoever reads a zone: the city, a district's figures
 * by those whose zone lies in it (the grid supervisor's district is the own place's), a site's timeline in zone.
 * Nothing here writes.
 */

const range = 'from=2026-11-01&to=2026-11-24'

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/history/series', path: () => `/api/history/series?metric=openHazards,meanRisk&${range}`, expected: READ.own },
  { label: 'GET /api/history/series?by=district', path: () => '/api/history/series?metric=redOrangeSites&by=district&days=30', expected: READ.own },
  { label: 'GET /api/history/compare', path: () => '/api/history/compare?aFrom=2026-10-01&aTo=2026-10-31&bFrom=2026-11-01&bTo=2026-11-24', expected: READ.own },
  ...(['own', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/history/series?district= (${zone})`, path: () => `/api/history/series?metric=openHazards&district=${world().places[zone].districtId}`, expected: READ[zone] },
    {
      label: `GET /api/history/compare?district= (${zone})`, expected: READ[zone],
      path: () => `/api/history/compare?aFrom=2026-11-01&aTo=2026-11-10&bFrom=2026-11-11&bTo=2026-11-20&district=${world().places[zone].districtId}`,
    },
  ]),
  ...ZONES.map((zone): Endpoint => (
    { label: `GET /api/history/sites/:id/timeline (${zone})`, path: () => `/api/history/sites/${world().places[zone].siteId}/timeline?${range}`, expected: READ[zone] })),
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = []
