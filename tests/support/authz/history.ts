import { captureDay } from '../../../server/features/history/history.job.ts'
import { DEFAULT_ANALYTICS } from '../../../server/features/risk/risk.service.ts'
import { type Endpoint, type MatrixWorld, READ, type Statuses, WALL, type Zone, ZONES } from '../authz-matrix.ts'

/*
 * The kept history: anyone signed in (but the auditor) reads the days, their zone's sites of a day, and the KPIs of
 * the city (or, outside city roles, of their own district); a district's KPIs are for city roles and that district.
 * The wall reads the same behind its display token.
 */

const DAY = '2026-11-23'
let captured: Promise<unknown> | undefined

/** The matrix's city with one kept day, captured once. */
const kept = async (world: MatrixWorld) => {
  captured ??= captureDay(world.database.db, { day: DAY, analytics: DEFAULT_ANALYTICS })
  await captured
}

const DISTRICT_KPIS: Record<Zone, Statuses> = { ...READ, neighbour: READ.own, far: [200, 200, 200, 403, 403, 403, 401, 401] }

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/history/days', path: () => '/api/history/days', expected: READ.own },
  { label: 'GET /api/history/playback', path: async () => { await kept(world()); return `/api/history/playback?date=${DAY}` }, expected: READ.own },
  { label: 'GET /api/history/kpis', path: async () => { await kept(world()); return `/api/history/kpis?date=${DAY}` }, expected: READ.own },
  ...ZONES.map((zone): Endpoint => ({
    label: `GET /api/history/kpis?district (${zone})`, expected: DISTRICT_KPIS[zone],
    path: async () => { await kept(world()); return `/api/history/kpis?date=${DAY}&district=${world().places[zone].districtId}` },
  })),
  { label: 'GET /api/wall/history/days', path: () => '/api/wall/history/days', expected: WALL },
  { label: 'GET /api/wall/history/playback', path: async () => { await kept(world()); return `/api/wall/history/playback?date=${DAY}` }, expected: WALL },
  { label: 'GET /api/wall/history/snapshot', path: async () => { await kept(world()); return `/api/wall/history/snapshot?date=${DAY}` }, expected: WALL },
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = []
