import { type Kysely, sql } from 'kysely'
import { beijingDay, shiftDay } from '../../server/domain/time.ts'
import { DUST_CHECKLIST, SCORE_SHEET } from '../../server/domain/inspection.ts'
import { insertMany, nextIds } from '../bulk.ts'
import { jsonb } from '../sql.ts'
import type { DB } from '../types.ts'
import { personName } from './names.ts'
import type { Rng } from './random.ts'

/*
 * The third-party patrol pilot (政府购买监理巡查) in 苏州工业园区: a supervision firm's contract over the district,
 * two patrol accounts (the first is the demo one), and about two months of weekly tasks from the district station:
 * most reported (a few late, a few still open past due, one or two cancelled), their findings confirmed (hazards in
 * the closed loop), rejected or still waiting for a supervisor.
 */

const SIP_ADCODE = 320571
const WEEKS = 10
const FINDINGS: readonly (readonly [string, string])[] = [
  ['临边防护', '楼层临边防护栏杆缺失'], ['扬尘治理', '裸土未覆盖，喷淋未开启'], ['临时用电', '开关箱未设漏电保护器'],
  ['脚手架', '脚手架连墙件缺失'], ['起重机械', '塔吊限位装置失效'], ['消防安全', '动火作业无看火人、无灭火器'], ['文明施工', '围挡破损未修复'],
]
const REJECT_NOTES = ['复核现场已整改到位', '不属于本工地范围', '与在办隐患重复']

const at = (day: string, hour: number) => new Date(`${day}T${String(hour).padStart(2, '0')}:00:00+08:00`)

export async function insertPatrols(db: Kysely<DB>, rng: Rng, now: Date): Promise<void> {
  const district = await db.selectFrom('districts').select(['id']).where('adcode', '=', SIP_ADCODE).executeTakeFirst()
  const firm = await db.selectFrom('enterprises').select(['id']).where(sql<boolean>`'supervisor' = ANY(kinds)`).orderBy('id').executeTakeFirst()
  const station = district && await db.selectFrom('users').select('id').where('role', '=', 'district_supervisor').where('district_id', '=', district.id).orderBy('id').executeTakeFirst()
  if (!district || !firm || !station) return
  const today = beijingDay(now)
  // Sites under way since before the contract began, so that every patrol falls after the works started.
  const sites = await db.selectFrom('sites').select('id').where('district_id', '=', district.id).where('stage', '<>', 'completed')
    .where(sql<boolean>`start_date <= ${shiftDay(today, -80)}::date`).orderBy('id').execute()
  const { id: contractId } = await db.insertInto('patrol_contracts').values({
    contract_no: `SIP-JLXC-${today.slice(0, 4)}-01`, enterprise_id: firm.id, district_id: district.id,
    area: sql<string>`(SELECT ST_Multi(geom) FROM districts WHERE id = ${district.id})`,
    starts_on: shiftDay(today, -75), ends_on: shiftDay(today, 290), patrols_required: Math.max(40, Math.round(sites.length * 1.5)), report_within_days: 3,
  }).returning('id').executeTakeFirstOrThrow()
  const patrollers = await db.insertInto('users').values([1, 2].map((n) => ({
    username: `patrol.sip0${n}`, display_name: `园区监理巡查·${personName(rng)}`, role: 'patrol', district_id: null, patrol_contract_id: contractId,
  }))).returning('id').execute()
  if (!sites.length) return

  const tasks: Record<string, unknown>[] = []
  const inspections: Record<string, unknown>[] = []
  const findings: Record<string, unknown>[] = []
  const hazards: Record<string, unknown>[] = []
  const events: Record<string, unknown>[] = []
  const perWeek = Math.min(sites.length, Math.max(3, Math.min(10, Math.round(sites.length / 25))))
  // Weekly batches up to yesterday's, each due three days after; a site with a task open gets no second one.
  const open = new Set<number>()
  const plan: { siteId: number; assignedOn: string; dueOn: string; patrolledOn: string; status: string }[] = []
  for (let w = 0; w < WEEKS; w++) {
    const assignedOn = shiftDay(today, -73 + w * 8)
    const dueOn = shiftDay(assignedOn, 3)
    const picked = new Set<number>()
    for (let tries = 0; picked.size < perWeek && tries < perWeek * 5; tries++) {
      const { id } = rng.pick(sites)
      if (!open.has(id)) picked.add(id)
    }
    for (const siteId of picked) {
      const patrolledOn = shiftDay(assignedOn, rng.weighted([[1, 45], [2, 30], [3, 15], [4, 10]] as const))
      const wanted = dueOn < shiftDay(today, -1) ? rng.weighted([['reported', 90], ['assigned', 6], ['cancelled', 4]] as const) : rng.chance(0.4) ? 'reported' : 'assigned'
      const status = wanted === 'reported' && patrolledOn >= today ? 'assigned' : wanted
      if (status === 'assigned') open.add(siteId)
      plan.push({ siteId, assignedOn, dueOn, patrolledOn, status })
    }
  }
  const inspectionIds = await nextIds(db, 'inspections', plan.filter((t) => t.status === 'reported').length)
  const findingPlan: { inspectionId: number; siteId: number; patrolledAt: Date; category: string; description: string }[] = []
  for (const [i, task] of plan.entries()) {
    const inspectionId = task.status === 'reported' ? inspectionIds[inspections.length] : null
    tasks.push({ contract_id: contractId, site_id: task.siteId, assigned_by: station.id, assigned_at: at(task.assignedOn, 9).toISOString(),
      due_on: task.dueOn, note: i % 5 === 0 ? '重点检查高处作业与临时用电' : '', status: task.status, inspection_id: inspectionId })
    if (inspectionId === null) continue
    const patrolledAt = at(task.patrolledOn, rng.int(9, 16))
    const sheet = Object.fromEntries(Object.entries(SCORE_SHEET).map(([part, max]) => [part, Math.round(max * rng.range(0.7, 1) * 2) / 2]))
    inspections.push({ id: inspectionId, site_id: task.siteId, kind: 'routine', inspected_at: patrolledAt.toISOString(), recorded_at: new Date(patrolledAt.getTime() + 3_600_000).toISOString(),
      inspector_id: rng.pick(patrollers).id, score: Object.values(sheet).reduce((a, b) => a + b, 0), findings: '第三方监理巡查', patrol_contract_id: contractId,
      checklist: jsonb(Object.fromEntries(DUST_CHECKLIST.map((item) => [item, rng.chance(0.85)]))), score_sheet: jsonb(sheet) })
    for (let k = rng.weighted([[0, 35], [1, 45], [2, 20]] as const); k > 0; k--) {
      const [category, description] = rng.pick(FINDINGS)
      findingPlan.push({ inspectionId, siteId: task.siteId, patrolledAt, category, description })
    }
  }
  const findingIds = await nextIds(db, 'patrol_findings', findingPlan.length)
  const hazardIds = await nextIds(db, 'hazards', findingPlan.length)
  findingPlan.forEach((f, i) => {
    const severity = rng.chance(0.15) ? 'major' : 'general'
    const deadline = shiftDay(beijingDay(f.patrolledAt), severity === 'major' ? 3 : 7)
    const reviewedAt = new Date(f.patrolledAt.getTime() + rng.int(20, 60) * 3_600_000)
    // The last ten days' findings still wait for the station.
    const status = f.patrolledAt.getTime() > now.getTime() - 10 * 86_400_000 ? 'pending' : rng.chance(0.75) ? 'confirmed' : 'rejected'
    const hazardId = status === 'confirmed' ? hazardIds[i] : null
    findings.push({ id: findingIds[i], inspection_id: f.inspectionId, site_id: f.siteId, severity, category: f.category, description: f.description,
      proposed_deadline: deadline, status, reviewed_by: status === 'pending' ? null : station.id, reviewed_at: status === 'pending' ? null : reviewedAt.toISOString(),
      review_note: status === 'rejected' ? rng.pick(REJECT_NOTES) : '', hazard_id: hazardId })
    if (hazardId === null) return
    // A confirmed finding's hazard runs the usual loop; most of those past their deadline are closed.
    const closedAt = new Date(Math.max(reviewedAt.getTime() + 43_200_000, at(deadline, 15).getTime() - rng.int(0, 2) * 86_400_000))
    const closed = closedAt < now && rng.chance(0.85)
    const steps = closed ? ['open', 'rectifying', 'submitted', 'closed'] : ['open', 'rectifying']
    steps.forEach((to, k) => events.push({ hazard_id: hazardId, from_status: k === 0 ? null : steps[k - 1], to_status: to, user_id: station.id, note: k === 0 ? f.description : '',
      at: new Date(reviewedAt.getTime() + ((closed ? closedAt.getTime() : reviewedAt.getTime() + 86_400_000) - reviewedAt.getTime()) * (k / (steps.length - 1 || 1))).toISOString() }))
    hazards.push({ id: hazardId, site_id: f.siteId, inspection_id: f.inspectionId, severity, category: f.category, description: `${f.description}（第三方巡查发现，监督站确认）`,
      status: closed ? 'closed' : 'rectifying', found_at: f.patrolledAt.toISOString(), deadline, closed_at: closed ? closedAt.toISOString() : null,
      raised_by: 'patrol', source_ref: `patrol-finding:${findingIds[i]}` })
  })
  await insertMany(db, 'inspections', inspections)
  await insertMany(db, 'patrol_tasks', tasks)
  await insertMany(db, 'hazards', hazards)
  await insertMany(db, 'hazard_events', events)
  await insertMany(db, 'patrol_findings', findings)
}
