import { sql } from 'kysely'
import { PNG } from 'pngjs'
import { expect } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from './database.ts'
import { registerDevice } from './devices.ts'
import { addUser, type ApiSession, signIn } from './session.ts'

/*
 * The authorization matrix's world and rules, shared by its files (tests/api/authz*.test.ts): every role (and no
 * one, and a wall's display token) against every endpoint, with sites in three places: the demo grid supervisor's
 * own grids ("own"), another grid of the same district ("neighbour", which the district supervisor reads), and
 * another district ("far"). A third-party patrol account's contract covers the own place's grid and nothing else.
 */

export const WHO = ['admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor', 'auditor', 'anonymous', 'display', 'patrol'] as const
export type Who = (typeof WHO)[number]
/** Columns: admin, city_command, planner, district_supervisor, grid_supervisor, auditor, anonymous, display token. */
export type Statuses = [number, number, number, number, number, number, number, number]
export type Zone = 'own' | 'neighbour' | 'far'
export const ZONES = ['own', 'neighbour', 'far'] as const
export interface Place { siteId: number; code: string; gridId: number; districtId: number; lon: number; lat: number; photoId: number; inspectionId: number; hazardId: number; deviceId: number }

/**
 * `patrol` is the patrol account's status. Left out, it is the auditor's (both are bounded to a corner of the portal
 * and refused the rest), except on the audit trail, which is the auditor's alone.
 */
export interface Endpoint { label: string; method?: string; path: () => string | Promise<string>; body?: () => BodyInit; expected: Statuses; patrol?: number }

// The auditor reads the audit trail and nothing else: 403 everywhere but there.
export const PUBLIC: Statuses = [200, 200, 200, 200, 200, 200, 200, 200]
export const WALL: Statuses = [401, 401, 401, 401, 401, 401, 401, 200]
export const READ: Record<Zone, Statuses> = {
  own: [200, 200, 200, 200, 200, 403, 401, 401], neighbour: [200, 200, 200, 200, 404, 403, 401, 401], far: [200, 200, 200, 404, 404, 403, 401, 401],
}
export const write = (ok: number): Record<Zone, Statuses> => ({
  own: [ok, 403, 403, ok, ok, 403, 401, 401], neighbour: [ok, 403, 403, ok, 404, 403, 401, 401], far: [ok, 403, 403, 404, 404, 403, 401, 401],
})
export const adminOnly = (ok: number): Statuses => [ok, 403, 403, 403, 403, 403, 401, 401]
export const SIGNED_IN: Statuses = [200, 200, 200, 200, 200, 200, 401, 401]
export const AUDIT_READ: Statuses = [200, 403, 403, 403, 403, 200, 401, 401]
/** Exporting the audit trail (which lets the retention job drop a month) is the auditor's alone. */
export const AUDITOR_ONLY: Statuses = [403, 403, 403, 403, 403, 200, 401, 401]
export const PLAN_READ: Statuses = [200, 200, 200, 403, 403, 403, 401, 401]
export const planWrite = (ok: number): Statuses => [ok, 403, ok, 403, 403, 403, 401, 401]

/** A label is `METHOD /path[?query][ (zone)]`. */
export function statusFor(who: Who, endpoint: Endpoint): number {
  if (who !== 'patrol') return endpoint.expected[WHO.indexOf(who)]
  if (endpoint.patrol !== undefined) return endpoint.patrol
  return /^\/api\/admin\/(audit|sign-ins)/.test(endpoint.label.split(' ')[1]) ? 403 : endpoint.expected[WHO.indexOf('auditor')]
}

export interface MatrixWorld {
  database: SeededDatabase
  app: ReturnType<typeof createTestApp>
  sessions: Record<Exclude<Who, 'anonymous' | 'display'>, ApiSession>
  places: Record<Zone, Place>
  displayToken: string
  /** The patrol account's contract, which covers the own place's grid. */
  patrolContractId: number
}

export const png = () => new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })))
export const photoForm = (siteId: number) => {
  const form = new FormData()
  form.set('siteId', String(siteId))
  form.set('file', new File([png()], 'site.png', { type: 'image/png' }))
  return form
}
export const deadline = () => beijingDay(addDays(new Date(), 7))
export const inspection = (siteId: number, extra: object = {}) => JSON.stringify({
  siteId, kind: 'routine', inspectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: false, closed_transport: true },
  scoreSheet: { safety_management: 36, site_safety: 27, dust_control: 15, civilised_construction: 9 }, ...extra,
})

async function placeIn(database: SeededDatabase, where: ReturnType<typeof sql<boolean>>, admin: ApiSession): Promise<Place> {
  const { rows } = await sql<{ id: number; code: string; grid_id: number; district_id: number; lon: number; lat: number }>`
    SELECT s.id, s.code, s.grid_id, s.district_id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat FROM sites s
    WHERE ${where} AND s.start_date <= current_date - 30 AND s.footprint IS NOT NULL ORDER BY s.id LIMIT 1`.execute(database.db)
  const site = rows[0]
  const photo = await (await admin.request('/api/photos', { method: 'POST', body: photoForm(site.id) })).json()
  const res = await admin.request('/api/inspections', { method: 'POST', body: inspection(site.id, {
    photoIds: [photo.id], hazards: [{ severity: 'general', category: '临边防护', description: '楼层临边防护缺失', deadline: deadline() }],
  }) })
  expect(res.status).toBe(201)
  const recorded = await res.json()
  const deviceId = await registerDevice(database.db, { kind: 'dust_monitor', siteId: site.id, identity: `MATRIX${site.id}`, secret: 'matrix-secret' })
  return { siteId: site.id, code: site.code, gridId: site.grid_id, districtId: site.district_id, lon: site.lon, lat: site.lat,
    photoId: photo.id, inspectionId: recorded.id, hazardId: recorded.hazards[0].id, deviceId }
}

export async function createMatrixWorld(): Promise<MatrixWorld> {
  const database = await createSeededDatabase(150)
  const app = createTestApp(database)
  const sessions = {} as MatrixWorld['sessions']
  for (const role of ['admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor', 'auditor'] as const) sessions[role] = await signIn(app, database.demo(role))
  const gs = sessions.grid_supervisor.user
  const ownGrids = sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.userId})`
  const places = {
    own: await placeIn(database, ownGrids, sessions.admin),
    neighbour: await placeIn(database, sql<boolean>`s.district_id = ${gs.districtId} AND NOT ${ownGrids}`, sessions.admin),
    far: await placeIn(database, sql<boolean>`s.district_id <> ${gs.districtId}`, sessions.admin),
  }
  expect(sessions.district_supervisor.user.districtId).toBe(gs.districtId)
  const displayToken = (await (await sessions.admin.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: '矩阵大屏' }) })).json()).token
  const patrolContractId = await patrolContractOver(database, places.own)
  await addUser(database.db, { username: 'matrix-patrol', role: 'patrol', patrolContractId })
  sessions.patrol = await signIn(app, 'matrix-patrol')
  return { database, app, sessions, places, displayToken, patrolContractId }
}

/** A patrol contract whose area is the place's grid (shrunk a little, so that no neighbouring site on its edge falls in). */
async function patrolContractOver(database: SeededDatabase, place: Place): Promise<number> {
  const { rows } = await sql<{ id: number }>`
    INSERT INTO patrol_contracts (contract_no, enterprise_id, district_id, area, starts_on, ends_on, patrols_required)
    SELECT 'MATRIX-PATROL', (SELECT id FROM enterprises WHERE 'supervisor' = ANY(kinds) ORDER BY id LIMIT 1), g.district_id,
      ST_Multi(ST_CollectionExtract(ST_Intersection(g.geom, ST_Buffer(g.geom::geography, -1)::geometry), 3)), current_date - 30, current_date + 335, 100
    FROM grids g WHERE g.id = ${place.gridId} RETURNING id`.execute(database.db)
  return rows[0].id
}

export async function send(world: MatrixWorld, who: Who, endpoint: Endpoint, path: string): Promise<Response> {
  const body = endpoint.body?.()
  const init: RequestInit = { method: endpoint.method ?? 'GET', body }
  if (who !== 'anonymous' && who !== 'display') return world.sessions[who].request(path, init)
  const headers: Record<string, string> = { origin: 'http://localhost', ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) }
  if (who === 'display') headers.authorization = `Bearer ${world.displayToken}`
  return world.app.request(path, { ...init, headers })
}

/** The matrix's rows: every endpoint for every principal, as [who, label, status, endpoint]. */
export const matrixRows = (endpoints: Endpoint[]) =>
  endpoints.flatMap((endpoint) => WHO.map((who) => [who, endpoint.label, statusFor(who, endpoint), endpoint] as const))

/**
 * One cell of the matrix: the status, the error's code when refused, and, when refused, that `written` (row counts
 * of everything the endpoints could touch) did not change.
 */
export async function checkCell(world: MatrixWorld, who: Who, endpoint: Endpoint, written: () => Promise<string>) {
  const path = await endpoint.path()
  const expected = statusFor(who, endpoint)
  // Counted only where it is compared: a third of the cells are allowed, and on PGlite the counts were half of a cell's time.
  const before = expected >= 400 ? await written() : null
  const res = await send(world, who, endpoint, path)
  expect(res.status).toBe(expected)
  if (expected >= 400) {
    const body = await res.json()
    expect(body.error.code).toBe({ 400: 'invalid_request', 401: path.startsWith('/api/wall') ? 'unauthorized' : 'unauthenticated', 403: 'forbidden', 404: 'not_found' }[expected])
    expect(await written()).toBe(before)
  }
}
