import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso, beijingToday, escapeLike, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { Principal, SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * Patrol contracts, their tasks and the findings of their reports. Tasks and findings hang on sites and are read
 * through the caller's site scope; a patrol account reads only its own contract's, whatever else lies in its area.
 */

/** The contracts a principal reads: all for the city's roles, the district's own for its station, a patrol account's own. */
export function contractVisible(principal: Principal, alias = 'pc'): RawBuilder<boolean> {
  const ref = (column: string) => sql.ref(`${alias}.${column}`)
  if (principal.role === 'patrol') return sql<boolean>`${ref('id')} = ${principal.patrolContractId ?? -1}`
  if (principal.role === 'district_supervisor') return sql<boolean>`${ref('district_id')} = ${principal.districtId ?? -1}`
  return sql<boolean>`true`
}

/** A patrol account sees its own contract's tasks and findings only; everyone else what lies in their scope. */
const ownContract = (principal: Principal, column: string): RawBuilder<boolean> =>
  principal.role === 'patrol' ? sql<boolean>`${sql.ref(column)} = ${principal.patrolContractId ?? -1}` : sql<boolean>`true`

const day = (column: string) => sql<string>`${sql.ref(column)}::text`

export async function listContracts(db: Kysely<DB>, principal: Principal, id?: number) {
  let query = db.selectFrom('patrol_contracts as pc').innerJoin('enterprises as e', 'e.id', 'pc.enterprise_id').innerJoin('districts as d', 'd.id', 'pc.district_id')
    .select(['pc.id', 'pc.contract_no as contractNo', 'pc.enterprise_id as enterpriseId', 'e.name as firmName', 'pc.district_id as districtId',
      'd.name as districtName', day('pc.starts_on').as('startsOn'), day('pc.ends_on').as('endsOn'), 'pc.patrols_required as patrolsRequired',
      'pc.report_within_days as reportWithinDays', sql<number>`round((ST_Area(pc.area::geography) / 1e6)::numeric, 1)::float8`.as('areaKm2'),
      sql<number>`(SELECT count(*) FROM users u WHERE u.patrol_contract_id = pc.id AND u.active)::int`.as('accounts')])
    .where(contractVisible(principal)).orderBy('pc.starts_on', 'desc').orderBy('pc.id')
  if (id !== undefined) query = query.where('pc.id', '=', id)
  return query.execute()
}

export async function findContract(db: Kysely<DB>, principal: Principal, id: number) {
  return (await listContracts(db, principal, id))[0]
}

/** What the firm has done on each contract: reports (and how many on time), overdue tasks, findings by review. */
export async function contractCounts(db: Kysely<DB>, contractIds: number[]) {
  if (!contractIds.length) return []
  return db.selectFrom('patrol_contracts as pc').where('pc.id', 'in', contractIds).select(['pc.id',
    sql<number>`(SELECT count(*) FROM patrol_tasks t WHERE t.contract_id = pc.id AND t.status = 'reported')::int`.as('reported'),
    sql<number>`(SELECT count(*) FROM patrol_tasks t JOIN inspections i ON i.id = t.inspection_id
      WHERE t.contract_id = pc.id AND (i.recorded_at AT TIME ZONE 'Asia/Shanghai')::date <= t.due_on)::int`.as('reportedOnTime'),
    sql<number>`(SELECT count(*) FROM patrol_tasks t WHERE t.contract_id = pc.id AND t.status = 'assigned' AND t.due_on < ${beijingToday})::int`.as('overdue'),
    ...(['confirmed', 'rejected', 'pending'] as const).map((status) => sql<number>`(SELECT count(*) FROM patrol_findings f JOIN inspections i ON i.id = f.inspection_id
      WHERE i.patrol_contract_id = pc.id AND f.status = ${status})::int`.as(status))]).execute()
}

export interface NewContract {
  contractNo: string; enterpriseId: number; districtId: number; area: object | null
  startsOn: string; endsOn: string; patrolsRequired: number; reportWithinDays: number
}

/** A contract over the drawn area, or the whole district when none was drawn. */
export async function insertContract(trx: Kysely<DB>, c: NewContract): Promise<number> {
  const area = c.area
    ? sql<string>`ST_Multi(ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(c.area)}), 4326)), 3))`
    : sql<string>`(SELECT ST_Multi(d.geom) FROM districts d WHERE d.id = ${c.districtId})`
  const row = await trx.insertInto('patrol_contracts').values({
    contract_no: c.contractNo, enterprise_id: c.enterpriseId, district_id: c.districtId, area, starts_on: sql`${c.startsOn}::date`,
    ends_on: sql`${c.endsOn}::date`, patrols_required: c.patrolsRequired, report_within_days: c.reportWithinDays,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Whether a drawn area lies in the district (with 50 m of slack for a boundary traced by hand). */
export async function areaInDistrict(db: Kysely<DB>, area: object, districtId: number): Promise<boolean> {
  const { rows } = await sql<{ ok: boolean }>`SELECT ST_Within(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(area)}), 4326),
    ST_Buffer(d.geom::geography, 50)::geometry) AS ok FROM districts d WHERE d.id = ${districtId}`.execute(db)
  return rows[0]?.ok === true
}

export async function supervisionFirm(db: Kysely<DB>, enterpriseId: number) {
  return db.selectFrom('enterprises').select(['id', 'kinds']).where('id', '=', enterpriseId).executeTakeFirst()
}

/** Sites of the contract's area in the caller's scope, not yet completed, with the task open on each (if any). */
export async function contractSites(db: Kysely<DB>, scope: SiteScope, contractId: number, q?: string) {
  let query = db.selectFrom('sites as s').innerJoin('patrol_contracts as pc', (j) => j.on('pc.id', '=', contractId).on(sql<boolean>`ST_Intersects(s.location, pc.area)`))
    .select(['s.id', 's.code', 's.name', 's.address', 's.stage', lonLatJson(sql`s.location`).as('lonLat'),
      sql<number | null>`(SELECT t.id FROM patrol_tasks t WHERE t.site_id = s.id AND t.contract_id = pc.id AND t.status = 'assigned' LIMIT 1)`.as('openTaskId'),
      sql<string | null>`(SELECT max(i.inspected_at AT TIME ZONE 'Asia/Shanghai')::date::text FROM inspections i WHERE i.site_id = s.id AND i.patrol_contract_id = pc.id)`.as('lastPatrolledOn')])
    .where(inSiteScope(scope)).where('s.stage', '<>', 'completed').orderBy('s.name').orderBy('s.id').limit(500)
  if (q) query = query.where((eb) => eb.or([eb('s.name', 'ilike', `%${escapeLike(q)}%`), eb('s.code', 'ilike', `%${escapeLike(q)}%`)]))
  return query.execute()
}

/** Of `siteIds`, those in the caller's scope, each saying whether it lies in the contract's area and has a task open. */
export async function sitesForTasks(db: Kysely<DB>, scope: SiteScope, contractId: number, siteIds: number[]) {
  return db.selectFrom('sites as s').where('s.id', 'in', siteIds).where(inSiteScope(scope))
    .select(['s.id', sql<boolean>`ST_Intersects(s.location, (SELECT pc.area FROM patrol_contracts pc WHERE pc.id = ${contractId}))`.as('inArea'),
      sql<boolean>`EXISTS (SELECT 1 FROM patrol_tasks t WHERE t.site_id = s.id AND t.contract_id = ${contractId} AND t.status = 'assigned')`.as('taskOpen')])
    .execute()
}

export async function insertTasks(trx: Kysely<DB>, t: { contractId: number; siteIds: number[]; userId: number; dueOn: string; note: string }) {
  const rows = await trx.insertInto('patrol_tasks').values(t.siteIds.map((siteId) => ({
    contract_id: t.contractId, site_id: siteId, assigned_by: t.userId, due_on: sql`${t.dueOn}::date`, note: t.note, status: 'assigned',
  }))).returning('id').execute()
  return rows.map((r) => r.id)
}

export interface TaskFilter { contractId?: number; status?: string; siteId?: number; id?: number }

export async function listTasks(db: Kysely<DB>, scope: SiteScope, principal: Principal, filter: TaskFilter = {}, limit = 500) {
  let query = db.selectFrom('patrol_tasks as t').innerJoin('sites as s', 's.id', 't.site_id').innerJoin('patrol_contracts as pc', 'pc.id', 't.contract_id')
    .leftJoin('users as a', 'a.id', 't.assigned_by').leftJoin('inspections as i', 'i.id', 't.inspection_id').leftJoin('users as r', 'r.id', 'i.inspector_id')
    .select(['t.id', 't.contract_id as contractId', 'pc.contract_no as contractNo', 't.site_id as siteId', 's.code as siteCode', 's.name as siteName',
      lonLatJson(sql`s.location`).as('lonLat'), beijingIso(sql`t.assigned_at`).as('assignedAt'), 'a.display_name as assignedBy', day('t.due_on').as('dueOn'),
      't.note', 't.status', 't.inspection_id as inspectionId', 'r.display_name as reportedBy', 'i.score', 'i.findings as notes',
      sql<string | null>`CASE WHEN i.id IS NULL THEN NULL ELSE ${beijingIso(sql`i.recorded_at`)} END`.as('reportedAt'),
      sql<boolean | null>`CASE WHEN i.id IS NULL THEN NULL ELSE (i.recorded_at AT TIME ZONE 'Asia/Shanghai')::date <= t.due_on END`.as('onTime'),
      sql<boolean>`t.status = 'assigned' AND t.due_on < ${beijingToday}`.as('overdue'),
      sql<{ id: number; status: string; severity: string; category: string; hazardId: number | null }[]>`coalesce((SELECT json_agg(json_build_object(
        'id', f.id, 'status', f.status, 'severity', f.severity, 'category', f.category, 'hazardId', f.hazard_id) ORDER BY f.id)
        FROM patrol_findings f WHERE f.inspection_id = t.inspection_id), '[]'::json)`.as('findings')])
    .where(inSiteScope(scope)).where(ownContract(principal, 't.contract_id'))
    .orderBy(sql`t.status = 'assigned'`, 'desc').orderBy('t.due_on', 'desc').orderBy('t.id', 'desc').limit(limit)
  if (filter.id !== undefined) query = query.where('t.id', '=', filter.id)
  if (filter.contractId !== undefined) query = query.where('t.contract_id', '=', filter.contractId)
  if (filter.siteId !== undefined) query = query.where('t.site_id', '=', filter.siteId)
  if (filter.status) query = query.where('t.status', '=', filter.status)
  return query.execute()
}

export async function findTask(db: Kysely<DB>, scope: SiteScope, principal: Principal, id: number) {
  return (await listTasks(db, scope, principal, { id }))[0]
}

/** Moves a task on only from `assigned`; false when it was reported or cancelled first. */
export async function closeTask(trx: Kysely<DB>, id: number, to: { status: 'reported'; inspectionId: number } | { status: 'cancelled' }): Promise<boolean> {
  const result = await trx.updateTable('patrol_tasks').set({ status: to.status, inspection_id: 'inspectionId' in to ? to.inspectionId : null })
    .where('id', '=', id).where('status', '=', 'assigned').executeTakeFirst()
  return result.numUpdatedRows === 1n
}

export interface NewFinding { severity: string; category: string; description: string; proposedDeadline: string }

export async function insertFindings(trx: Kysely<DB>, inspectionId: number, siteId: number, findings: NewFinding[]) {
  if (!findings.length) return []
  const rows = await trx.insertInto('patrol_findings').values(findings.map((f) => ({
    inspection_id: inspectionId, site_id: siteId, severity: f.severity, category: f.category, description: f.description,
    proposed_deadline: sql`${f.proposedDeadline}::date`, status: 'pending',
  }))).returning('id').execute()
  return rows.map((r) => r.id)
}

export interface FindingFilter { status?: string; contractId?: number; id?: number }

export async function listFindings(db: Kysely<DB>, scope: SiteScope, principal: Principal, filter: FindingFilter = {}) {
  let query = db.selectFrom('patrol_findings as f').innerJoin('inspections as i', 'i.id', 'f.inspection_id').innerJoin('sites as s', 's.id', 'f.site_id')
    .innerJoin('patrol_contracts as pc', 'pc.id', 'i.patrol_contract_id').leftJoin('users as r', 'r.id', 'i.inspector_id').leftJoin('users as v', 'v.id', 'f.reviewed_by')
    .select(['f.id', 'f.inspection_id as inspectionId', 'i.patrol_contract_id as contractId', 'pc.contract_no as contractNo', 'f.site_id as siteId',
      's.code as siteCode', 's.name as siteName', 'f.severity', 'f.category', 'f.description', day('f.proposed_deadline').as('proposedDeadline'),
      'f.status', beijingIso(sql`i.inspected_at`).as('patrolledAt'), 'r.display_name as reportedBy', 'v.display_name as reviewedBy',
      sql<string | null>`CASE WHEN f.reviewed_at IS NULL THEN NULL ELSE ${beijingIso(sql`f.reviewed_at`)} END`.as('reviewedAt'),
      'f.review_note as reviewNote', 'f.hazard_id as hazardId'])
    .where(inSiteScope(scope)).where(ownContract(principal, 'i.patrol_contract_id'))
    .orderBy(sql`f.status = 'pending'`, 'desc').orderBy('i.inspected_at', 'desc').orderBy('f.id').limit(500)
  if (filter.id !== undefined) query = query.where('f.id', '=', filter.id)
  if (filter.status) query = query.where('f.status', '=', filter.status)
  if (filter.contractId !== undefined) query = query.where('i.patrol_contract_id', '=', filter.contractId)
  return query.execute()
}

export async function findFinding(db: Kysely<DB>, scope: SiteScope, principal: Principal, id: number) {
  return (await listFindings(db, scope, principal, { id }))[0]
}

/** Records the review only if the finding is still pending; false when someone else reviewed it first. */
export async function reviewFinding(trx: Kysely<DB>, id: number, r: { status: 'confirmed' | 'rejected'; userId: number; note: string; hazardId: number | null }) {
  const result = await trx.updateTable('patrol_findings')
    .set({ status: r.status, reviewed_by: r.userId, reviewed_at: sql`now()`, review_note: r.note, hazard_id: r.hazardId })
    .where('id', '=', id).where('status', '=', 'pending').executeTakeFirst()
  return result.numUpdatedRows === 1n
}
