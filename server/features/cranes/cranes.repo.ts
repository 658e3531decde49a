import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso, escapeLike } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { InspectionFact, LiveInstallation, MachineState } from '../../domain/crane-lifecycle.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { deviceHealth } from '../devices/devices.repo.ts'

/*
 * Machines (crane_machines), their installations on sites (cranes) and their lifecycle log (crane_events). A
 * machine is seen through its live installation: a zone sees the machines standing on its sites; machines in the
 * yard (no live installation) only the city sees. A machine's page opens to anyone who has one of its
 * installations, past or present, in their zone, and shows its whole history: a crane's record goes with it.
 */

export type MachineStage = LiveInstallation['stage'] | 'yard' | 'scrapped'

const latestOf = (step: string) => sql<string | null>`(SELECT max(e.occurred_on)::text FROM crane_events e WHERE e.crane_id = c.id AND e.step = ${step})`

/** A machine with its live installation (if any) and the facts its state and flags are judged on. */
const machines = (db: Kysely<DB>) => db.selectFrom('crane_machines as m')
  .leftJoin('cranes as c', (j) => j.onRef('c.machine_id', '=', 'm.id').on('c.stage', '<>', 'dismantled'))
  .leftJoin('sites as s', 's.id', 'c.site_id')
  .leftJoin('enterprises as o', 'o.id', 'm.owner_id')
  .select([
    'm.id', 'm.record_no as recordNo', 'm.kind', 'm.maker', 'm.model', 'm.made_year as madeYear', 'm.owner_id as ownerId',
    sql<string>`coalesce(o.name, m.owner_recorded_name)`.as('ownerName'), sql<string | null>`m.filed_on::text`.as('filedOn'),
    sql<string | null>`m.scrapped_on::text`.as('scrappedOn'), 'c.id as craneId', 'c.stage as liveStage', 'c.registration_no as registrationNo',
    sql<string | null>`c.installed_on::text`.as('installedOn'), 'c.site_id as siteId', 's.code as siteCode', 's.name as siteName',
    sql<InspectionFact | null>`(SELECT json_build_object('on', e.occurred_on::text, 'passed', e.passed, 'expiresOn', e.expires_on::text)
      FROM crane_events e WHERE e.crane_id = c.id AND e.step = 'inspection' ORDER BY e.occurred_on DESC, e.id DESC LIMIT 1)`.as('inspection'),
    latestOf('use_registration').as('inUseSince'), latestOf('maintenance').as('lastMaintenanceOn'),
    sql<string | null>`(SELECT max(e.occurred_on)::text FROM crane_events e WHERE e.machine_id = m.id)`.as('lastStepOn'),
  ])

type MachineRow = Awaited<ReturnType<ReturnType<typeof machines>['executeTakeFirstOrThrow']>>

/** The lifecycle state of a machine row, as the domain judges steps on it. */
export function stateOf(row: MachineRow): MachineState {
  const installation: LiveInstallation | null = row.craneId === null ? null : {
    siteId: row.siteId!, stage: row.liveStage as LiveInstallation['stage'], installedOn: row.installedOn!, inspection: row.inspection,
    inUseSince: row.inUseSince, lastMaintenanceOn: row.lastMaintenanceOn,
  }
  return { filedOn: row.filedOn, scrappedOn: row.scrappedOn, lastStepOn: row.lastStepOn, installation }
}

export function stageOf(row: Pick<MachineRow, 'liveStage' | 'scrappedOn'>): MachineStage {
  return (row.liveStage as LiveInstallation['stage'] | null) ?? (row.scrappedOn ? 'scrapped' : 'yard')
}

/** A zone reads a machine standing on one of its sites; the city reads them all, the yard's too. */
function standsInScope(scope: SiteScope): RawBuilder<boolean> {
  return scope.kind === 'city' ? sql<boolean>`true` : sql<boolean>`(c.id IS NOT NULL AND ${inSiteScope(scope)})`
}

export interface MachineQuery { stage?: MachineStage; q?: string; enterpriseId?: number; siteId?: number; limit: number; offset: number }

export async function listMachines(db: Kysely<DB>, scope: SiteScope, q: MachineQuery) {
  let query = machines(db).where(standsInScope(scope))
  if (q.stage === 'yard') query = query.where('c.id', 'is', null).where('m.scrapped_on', 'is', null)
  else if (q.stage === 'scrapped') query = query.where('m.scrapped_on', 'is not', null)
  else if (q.stage) query = query.where('c.stage', '=', q.stage)
  if (q.siteId) query = query.where('c.site_id', '=', q.siteId)
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`
    query = query.where((eb) => eb.or([eb('m.record_no', 'ilike', like), eb('c.registration_no', 'ilike', like)]))
  }
  if (q.enterpriseId) {
    const id = q.enterpriseId
    query = query.where(sql<boolean>`(m.owner_id = ${id} OR EXISTS (SELECT 1 FROM crane_events e WHERE e.machine_id = m.id AND e.enterprise_id = ${id}))`)
  }
  const [rows, total] = await Promise.all([
    query.orderBy('m.record_no').limit(q.limit).offset(q.offset).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return { rows, total: total.n }
}

/** One machine, if the scope has any of its installations (the city: any machine). */
export async function findMachine(db: Kysely<DB>, scope: SiteScope, id: number, options: { forUpdate?: boolean } = {}) {
  let query = machines(db).where('m.id', '=', id)
  if (scope.kind !== 'city') {
    query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM cranes ci JOIN sites s ON s.id = ci.site_id WHERE ci.machine_id = m.id AND ${inSiteScope(scope)})`)
  }
  // Steps on one machine are taken one at a time: the second waits and is judged on the first's result.
  if (options.forUpdate) await sql`SELECT id FROM crane_machines WHERE id = ${id} FOR UPDATE`.execute(db)
  return query.executeTakeFirst()
}

/** Every installation of the machine, with its site, installer and the monitors fitted to it (open alarms counted). */
export function installationsOf(db: Kysely<DB>, machineId: number) {
  return db.selectFrom('cranes as c').innerJoin('sites as s', 's.id', 'c.site_id').leftJoin('enterprises as i', 'i.id', 'c.installer_id')
    .where('c.machine_id', '=', machineId).orderBy('c.installed_on').orderBy('c.id')
    .select([
      'c.id', 'c.site_id as siteId', 's.code as siteCode', 's.name as siteName', 'c.stage', sql<string>`c.installed_on::text`.as('installedOn'),
      sql<string | null>`c.dismantled_on::text`.as('dismantledOn'), 'c.registration_no as registrationNo', 'c.installer_id as installerId',
      'i.name as installerName', sql<string | null>`c.last_inspected_on::text`.as('lastInspectedOn'),
      sql<{ id: number; code: string; health: string; openAlarms: number }[]>`(SELECT coalesce(json_agg(json_build_object('id', v.id, 'code', v.code,
        'health', ${deviceHealth('v')}, 'openAlarms', (SELECT count(*) FROM alarms a WHERE a.device_id = v.id AND a.status <> 'closed')) ORDER BY v.id), '[]')
        FROM devices v WHERE v.crane_id = c.id)`.as('devices'),
    ])
    .execute()
}

/** The machine's log across all its sites, in the order it happened. */
export function eventsOf(db: Kysely<DB>, machineId: number) {
  return db.selectFrom('crane_events as e').leftJoin('cranes as c', 'c.id', 'e.crane_id').leftJoin('sites as s', 's.id', 'c.site_id')
    .leftJoin('enterprises as f', 'f.id', 'e.enterprise_id').leftJoin('users as u', 'u.id', 'e.recorded_by')
    .where('e.machine_id', '=', machineId).orderBy('e.occurred_on').orderBy('e.id')
    .select([
      'e.id', 'e.step', sql<string>`e.occurred_on::text`.as('occurredOn'), 'e.crane_id as craneId', 'c.site_id as siteId', 's.name as siteName',
      'e.enterprise_id as enterpriseId', 'f.name as enterpriseName', 'e.document_no as documentNo', 'e.passed', sql<string | null>`e.expires_on::text`.as('expiresOn'),
      'e.note', 'u.display_name as recordedBy', sql<string>`${beijingIso(sql`e.recorded_at`)}`.as('recordedAt'),
      sql<{ id: number; name: string }[]>`(SELECT coalesce(json_agg(json_build_object('id', p.id, 'name', p.name) ORDER BY p.id), '[]')
        FROM people p WHERE p.id = ANY(e.person_ids))`.as('people'),
    ])
    .execute()
}

export async function machineExists(db: Kysely<DB>, id: number): Promise<boolean> {
  return (await db.selectFrom('crane_machines').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

export async function enterpriseOf(db: Kysely<DB>, id: number) {
  return db.selectFrom('enterprises').select(['id', 'name', 'kinds']).where('id', '=', id).executeTakeFirst()
}

/** Of the people named, those not employed by the firm (or not in the registry at all). */
export async function peopleNotOf(db: Kysely<DB>, enterpriseId: number, personIds: number[]): Promise<number[]> {
  if (personIds.length === 0) return []
  const employed = await db.selectFrom('people').select('id').where('id', 'in', personIds).where('employer_id', '=', enterpriseId).execute()
  const ok = new Set(employed.map((p) => p.id))
  return personIds.filter((id) => !ok.has(id))
}

export async function recordNoTaken(db: Kysely<DB>, recordNo: string): Promise<boolean> {
  return (await db.selectFrom('crane_machines').select('id').where('record_no', '=', recordNo).executeTakeFirst()) !== undefined
}

export async function registrationNoTaken(db: Kysely<DB>, registrationNo: string): Promise<boolean> {
  return (await db.selectFrom('cranes').select('id').where('registration_no', '=', registrationNo).executeTakeFirst()) !== undefined
}

/* Writes of a crane's life (cranes.service.ts judges each step first, inside its transaction). */

/** A machine filed (产权备案), with its filing as the first event of its life. */
export async function insertMachine(trx: Kysely<DB>, m: {
  recordNo: string; kind: string; maker: string; model: string; madeYear: number | null; ownerId: number; ownerName: string; filedOn: string; note: string; recordedBy: number
}) {
  const machine = await trx.insertInto('crane_machines').values({
    record_no: m.recordNo, kind: m.kind, maker: m.maker, model: m.model, made_year: m.madeYear, owner_id: m.ownerId, owner_recorded_name: m.ownerName, filed_on: m.filedOn,
  }).returning('id').executeTakeFirstOrThrow()
  await trx.insertInto('crane_events').values({
    machine_id: machine.id, step: 'filing', occurred_on: m.filedOn, enterprise_id: m.ownerId, document_no: m.recordNo, note: m.note, recorded_by: m.recordedBy,
  }).execute()
  return machine
}

/** An install notice opens an installation of the machine on the site. */
export async function openInstallation(trx: Kysely<DB>, i: { siteId: number; machineId: number; kind: string; installedOn: string; installerId: number }) {
  const { id } = await trx.insertInto('cranes').values({
    site_id: i.siteId, machine_id: i.machineId, kind: i.kind, installed_on: i.installedOn, installer_id: i.installerId, stage: 'install_notified', monitored: false,
  }).returning('id').executeTakeFirstOrThrow()
  return id
}

/** Every later step moves the installation to its next stage, and keeps what the step settles. */
export async function moveInstallation(trx: Kysely<DB>, craneId: number, stage: string, step: { step: string; occurredOn: string; documentNo: string | null }) {
  await trx.updateTable('cranes').where('id', '=', craneId).set({
    stage,
    ...(step.step === 'inspection' ? { last_inspected_on: step.occurredOn } : {}),
    ...(step.step === 'use_registration' ? { registration_no: step.documentNo } : {}),
    ...(step.step === 'dismantled' ? { dismantled_on: step.occurredOn } : {}),
  }).execute()
}

export async function insertStepEvent(trx: Kysely<DB>, e: {
  machineId: number; craneId: number; step: string; occurredOn: string; enterpriseId: number; personIds: number[]; documentNo: string | null
  passed: boolean | null; expiresOn: string | null; note: string; recordedBy: number
}) {
  return trx.insertInto('crane_events').values({
    machine_id: e.machineId, crane_id: e.craneId, step: e.step, occurred_on: e.occurredOn, enterprise_id: e.enterpriseId,
    person_ids: sql`${`{${e.personIds.join(',')}}`}::int[]`, document_no: e.documentNo, passed: e.step === 'inspection' ? e.passed : null,
    expires_on: e.step === 'inspection' && e.passed ? e.expiresOn : null, note: e.note, recorded_by: e.recordedBy,
  }).returning('id').executeTakeFirstOrThrow()
}
