import { sql } from 'kysely'
import type { Endpoint, MatrixWorld, Statuses, Zone } from '../authz-matrix.ts'

/*
 * Accountability's rows of the matrix. Actions are against districts: a grid supervisor reads those of the
 * districts of their grids, a district supervisor its own; only the city office (admin, 市指挥中心) issues and
 * follows up accidents, and only the district's supervisor replies. Accidents are read by whoever reads the site.
 */

const READERS: Statuses = [200, 200, 200, 200, 200, 403, 401, 401]
const OFFICE = (ok: number): Statuses => [ok, ok, 403, 403, 403, 403, 401, 401]
const ZONE_READ: Record<Zone, Statuses> = {
  own: READERS, neighbour: [200, 200, 200, 200, 404, 403, 401, 401], far: [200, 200, 200, 404, 404, 403, 401, 401],
}

let made = 0
const db = (world: () => MatrixWorld) => world().database.db

/** A fresh action against the zone's district (a reply consumes one). */
const freshAction = async (world: () => MatrixWorld, zone: Zone) => (await sql<{ id: number }>`
  INSERT INTO accountability_actions (code, district_id, kind, reason, statistics, deadline)
  VALUES (${`矩阵〔${++made}〕号`}, ${world().places[zone].districtId}, 'supervision_letter', '矩阵督办', '{}', current_date + 10) RETURNING id`.execute(db(world))).rows[0].id

/** An accident on the zone's site, made once per zone. */
const accidents: Partial<Record<Zone, number>> = {}
const accidentAt = async (world: () => MatrixWorld, zone: Zone) => accidents[zone] ??= (await sql<{ id: number }>`
  INSERT INTO accidents (site_id, occurred_at, grade, deaths, injuries, description)
  VALUES (${world().places[zone].siteId}, now() - interval '20 days', 'general', 0, 1, '矩阵事故') RETURNING id`.execute(db(world))).rows[0].id

const freshPenalty = async (world: () => MatrixWorld) => {
  const accidentId = await accidentAt(world, 'own')
  const { rows } = await sql<{ id: number }>`INSERT INTO accident_penalties (accident_id, party_kind, party_name, party_role, penalty, decided_on)
    VALUES (${accidentId}, 'official', '矩阵官员', '监督员', 'warning', current_date - 1) RETURNING id`.execute(db(world))
  return `/api/accountability/accidents/${accidentId}/penalties/${rows[0].id}`
}

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/accountability/districts', path: () => '/api/accountability/districts', expected: READERS },
  { label: 'GET /api/accountability/actions?state=pending', path: () => '/api/accountability/actions?state=pending', expected: READERS },
  { label: 'GET /api/accountability/actions/export', path: () => '/api/accountability/actions/export?format=csv', expected: READERS },
  ...(['own', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/accountability/actions/:id (${zone})`, path: async () => `/api/accountability/actions/${await freshAction(world, zone)}`,
      expected: zone === 'own' ? READERS : ZONE_READ.far },
    { label: `POST /api/accountability/actions/:id/reply (${zone})`, method: 'POST',
      path: async () => `/api/accountability/actions/${await freshAction(world, zone)}/reply`, body: () => JSON.stringify({ reply: '矩阵回复：已整改' }),
      expected: [403, 403, 403, zone === 'own' ? 200 : 404, 403, 403, 401, 401] },
  ]),
  { label: 'POST /api/accountability/actions', method: 'POST', path: () => '/api/accountability/actions',
    body: () => JSON.stringify({ districtId: world().places.own.districtId, kind: 'formal_talk', reason: '矩阵约谈' }), expected: OFFICE(201) },
  { label: 'GET /api/accountability/accidents', path: () => '/api/accountability/accidents', expected: READERS },
  { label: 'GET /api/accountability/accidents/export', path: () => '/api/accountability/accidents/export?format=xlsx', expected: READERS },
  ...(['own', 'neighbour', 'far'] as const).map((zone): Endpoint => ({
    label: `GET /api/accountability/accidents/:id (${zone})`, path: async () => `/api/accountability/accidents/${await accidentAt(world, zone)}`, expected: ZONE_READ[zone],
  })),
  { label: 'PUT /api/accountability/accidents/:id/investigation (far)', method: 'PUT',
    path: async () => `/api/accountability/accidents/${await accidentAt(world, 'far')}/investigation`,
    body: () => JSON.stringify({ investigation: `矩阵调查${++made}`, closedOn: null }), expected: OFFICE(200) },
  { label: 'POST /api/accountability/accidents/:id/penalties (own)', method: 'POST',
    path: async () => `/api/accountability/accidents/${await accidentAt(world, 'own')}/penalties`,
    body: () => JSON.stringify({ partyKind: 'person', partyName: '矩阵项目经理', partyRole: '项目经理', penalty: 'warning', decidedOn: new Date().toISOString().slice(0, 10) }),
    expected: OFFICE(201) },
  { label: 'DELETE /api/accountability/accidents/:id/penalties/:penaltyId', method: 'DELETE', path: () => freshPenalty(world), expected: OFFICE(200) },
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = [
  '(SELECT count(*) FROM accountability_actions)', '(SELECT count(*) FROM accountability_actions WHERE reply IS NOT NULL)',
  '(SELECT count(*) FROM accident_penalties)', `(SELECT md5(string_agg(investigation, '|' ORDER BY id)) FROM accidents)`,
]
