import { sql } from 'kysely'
import { adminOnly, type Endpoint, type MatrixWorld, READ, type Statuses, write, ZONES } from '../authz-matrix.ts'

/*
 * The third-party patrol's routes. The matrix's patrol account works under a contract over the own place's grid,
 * bought by the own place's district, whose station assigns its tasks. Tasks and findings a request consumes are
 * made fresh, straight in the database, by the path.
 */

/** The city's roles, the buying station and the firm's own staff read contracts; planners and grid supervisors do not. */
const CONTRACT_READ: Statuses = [200, 200, 403, 200, 403, 403, 401, 401]
/** The buying station (and admin) assigns and cancels tasks. */
const assigners = (ok: number): Statuses => [ok, 403, 403, ok, 403, 403, 401, 401]
/** Only the firm's staff report. */
const PATROL_ONLY: Statuses = [403, 403, 403, 403, 403, 403, 401, 401]

let made = 0
let firmId = 0

/** No task open on the own place's site, so that a new one may be assigned there. */
async function clearOwnTasks(world: MatrixWorld) {
  await sql`UPDATE patrol_tasks SET status = 'cancelled' WHERE site_id = ${world.places.own.siteId} AND status = 'assigned'`.execute(world.database.db)
}

/** An open task on the own place's site, assigned an hour ago. */
async function freshTask(world: MatrixWorld): Promise<number> {
  await clearOwnTasks(world)
  const { rows } = await sql<{ id: number }>`INSERT INTO patrol_tasks (contract_id, site_id, assigned_at, due_on, status)
    VALUES (${world.patrolContractId}, ${world.places.own.siteId}, now() - interval '1 hour', current_date + 3, 'assigned') RETURNING id`.execute(world.database.db)
  return rows[0].id
}

/** A pending finding of a patrol report on the zone's site. */
async function freshFinding(world: MatrixWorld, zone: (typeof ZONES)[number]): Promise<number> {
  const siteId = world.places[zone].siteId
  const { rows } = await sql<{ id: number }>`WITH i AS (
      INSERT INTO inspections (site_id, kind, inspected_at, recorded_at, inspector_id, findings, patrol_contract_id)
      VALUES (${siteId}, 'routine', now() - interval '2 hours', now(), ${world.sessions.patrol.user.userId}, '矩阵巡查', ${world.patrolContractId}) RETURNING id)
    INSERT INTO patrol_findings (inspection_id, site_id, severity, category, description, proposed_deadline, status)
    SELECT i.id, ${siteId}, 'general', '临边防护', '临边防护缺失', current_date + 7, 'pending' FROM i RETURNING id`.execute(world.database.db)
  return rows[0].id
}

export const endpoints = (world: () => MatrixWorld): Endpoint[] => [
  { label: 'GET /api/patrol/contracts', path: () => '/api/patrol/contracts', expected: CONTRACT_READ, patrol: 200 },
  {
    label: 'POST /api/patrol/contracts', method: 'POST', expected: adminOnly(201), patrol: 403,
    path: async () => {
      firmId ||= (await sql<{ id: number }>`SELECT id FROM enterprises WHERE 'supervisor' = ANY(kinds) ORDER BY id LIMIT 1`.execute(world().database.db)).rows[0].id
      return '/api/patrol/contracts'
    },
    body: () => JSON.stringify({ contractNo: `MATRIX-PC-${++made}`, enterpriseId: firmId, districtId: world().places.own.districtId,
      startsOn: '2026-01-01', endsOn: '2027-12-31', patrolsRequired: 50 }),
  },
  { label: 'GET /api/patrol/contracts/:id/sites', path: () => `/api/patrol/contracts/${world().patrolContractId}/sites`, expected: CONTRACT_READ, patrol: 200 },
  { label: 'GET /api/patrol/tasks', path: () => '/api/patrol/tasks', expected: READ.own, patrol: 200 },
  { label: 'GET /api/patrol/tasks/export?format', path: () => '/api/patrol/tasks/export?format=csv', expected: READ.own, patrol: 200 },
  { label: 'GET /api/patrol/findings?status', path: () => '/api/patrol/findings?status=pending', expected: READ.own, patrol: 200 },
  {
    label: 'POST /api/patrol/tasks (own)', method: 'POST', expected: assigners(201), patrol: 403,
    path: async () => { await clearOwnTasks(world()); return '/api/patrol/tasks' },
    body: () => JSON.stringify({ contractId: world().patrolContractId, siteIds: [world().places.own.siteId], note: '矩阵任务' }),
  },
  {
    label: 'POST /api/patrol/tasks/:id/cancel (own)', method: 'POST', expected: assigners(200), patrol: 403,
    path: async () => `/api/patrol/tasks/${await freshTask(world())}/cancel`, body: () => JSON.stringify({ note: '矩阵取消' }),
  },
  {
    label: 'POST /api/patrol/tasks/:id/report (own)', method: 'POST', expected: PATROL_ONLY, patrol: 201,
    path: async () => `/api/patrol/tasks/${await freshTask(world())}/report`,
    body: () => JSON.stringify({
      inspectedAt: new Date(Date.now() - 60_000).toISOString(), notes: '矩阵巡查',
      checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
      scoreSheet: { safety_management: 36, site_safety: 27, dust_control: 15, civilised_construction: 9 },
    }),
  },
  ...ZONES.map((zone): Endpoint => ({
    label: `POST /api/patrol/findings/:id/review (${zone})`, method: 'POST', expected: write(200)[zone], patrol: 403,
    path: async () => `/api/patrol/findings/${await freshFinding(world(), zone)}/review`, body: () => JSON.stringify({ decision: 'confirm' }),
  })),
]

/** SQL expressions (row counts, states) that a refused request to these endpoints must leave unchanged. */
export const written: string[] = [
  '(SELECT count(*) FROM patrol_contracts)', '(SELECT count(*) FROM patrol_tasks)', `(SELECT count(*) FROM patrol_tasks WHERE status = 'assigned')`,
  '(SELECT count(*) FROM patrol_findings)', `(SELECT count(*) FROM patrol_findings WHERE status = 'pending')`,
]
