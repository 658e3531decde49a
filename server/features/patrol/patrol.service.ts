import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { checklistMismatch, CLOCK_SKEW_MS, inspectionScore, type ScoreSheetPart } from '../../domain/inspection.ts'
import { dueOnProblem, findingDeadlineOk, latestDueOn, MAX_FINDING_DEADLINE_DAYS, patrolPerformance, type ReviewDecision, reviewProblem } from '../../domain/patrol.ts'
import type { Principal, SiteScope } from '../../domain/roles.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { insertHazardEvent } from '../hazards/hazards.repo.ts'
import { insertHazard, insertInspection } from '../inspections/inspections.repo.ts'
import * as repo from './patrol.repo.ts'

/* The patrol workflow's writes, each in one transaction with its audit entry, and the firm's performance. */

/** Who did it and from where, for the audit log. */
export interface Actor { principal: Principal; scope: SiteScope; ip: string | null }

const today = () => beijingDay(new Date())

/** The contracts the principal reads, each with the firm's performance on it today. */
export async function contractsWithPerformance(db: Kysely<DB>, principal: Principal, id?: number) {
  const contracts = await repo.listContracts(db, principal, id)
  const counts = new Map((await repo.contractCounts(db, contracts.map((c) => c.id))).map((row) => [row.id, row]))
  return contracts.map((c) => {
    const { id: _, ...tally } = counts.get(c.id)!
    return { ...c, counts: tally, performance: patrolPerformance(c, tally, today()) }
  })
}

export async function createContract(db: Kysely<DB>, actor: Actor, input: repo.NewContract) {
  const firm = await repo.supervisionFirm(db, input.enterpriseId)
  if (!firm) throw new AppError(400, 'unknown_reference', `no enterprise with id ${input.enterpriseId}`)
  if (!firm.kinds.includes('supervisor')) throw new AppError(422, 'not_a_supervision_firm', 'patrols are bought from a supervision firm (监理): this enterprise is not one')
  if (input.area && !(await repo.areaInDistrict(db, input.area, input.districtId))) {
    throw new AppError(422, 'area_outside_district', 'the contract\'s area must lie in the district that buys it')
  }
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertContract(trx, input)
    await writeAudit(trx, { userId: actor.principal.userId, ip: actor.ip, action: 'create', entity: 'patrol_contract', entityId: id, after: { ...input, area: input.area ? 'drawn' : 'district' } })
    return id
  })
}

/** The station (or an admin) assigns patrols on sites of the contract's area, one open task per site. */
export async function assignTasks(db: Kysely<DB>, actor: Actor, input: { contractId: number; siteIds: number[]; dueOn?: string; note: string }) {
  const { principal } = actor
  const contract = await repo.findContract(db, principal, input.contractId)
  if (!contract) throw new AppError(404, 'not_found', `no patrol contract with id ${input.contractId} of yours`)
  if (principal.role !== 'admin' && principal.districtId !== contract.districtId) throw new AppError(403, 'forbidden', 'the district station that bought the contract assigns its tasks')
  const assignedOn = today()
  const dueOn = input.dueOn ?? latestDueOn(contract, assignedOn)
  const problem = dueOnProblem(contract, assignedOn, dueOn)
  if (problem) throw new AppError(422, 'invalid_due_date', problem, { path: 'dueOn' })
  const sites = new Map((await repo.sitesForTasks(db, actor.scope, contract.id, input.siteIds)).map((s) => [s.id, s]))
  const missing = input.siteIds.filter((id) => !sites.has(id))
  if (missing.length) throw new AppError(404, 'not_found', `no site with id ${missing.join(', ')} in your zone`)
  const outside = input.siteIds.filter((id) => !sites.get(id)!.inArea)
  if (outside.length) throw new AppError(422, 'site_outside_contract', `site ${outside.join(', ')} lies outside the contract's area`, { siteIds: outside })
  const open = input.siteIds.filter((id) => sites.get(id)!.taskOpen)
  if (open.length) throw new AppError(409, 'task_open', `site ${open.join(', ')} already has a patrol task open under this contract`, { siteIds: open })
  return db.transaction().execute(async (trx) => {
    const ids = await repo.insertTasks(trx, { ...input, dueOn, userId: principal.userId })
    for (const [i, id] of ids.entries()) {
      await writeAudit(trx, { userId: principal.userId, ip: actor.ip, action: 'assign', entity: 'patrol_task', entityId: id, after: { contractId: contract.id, siteId: input.siteIds[i], dueOn, note: input.note } })
    }
    return ids
  })
}

export async function cancelTask(db: Kysely<DB>, actor: Actor, id: number, note: string) {
  const { principal } = actor
  const task = await repo.findTask(db, actor.scope, principal, id)
  const contract = task && await repo.findContract(db, principal, task.contractId)
  if (!task || !contract) throw new AppError(404, 'not_found', `no patrol task with id ${id} in your zone`)
  if (principal.role !== 'admin' && principal.districtId !== contract.districtId) throw new AppError(403, 'forbidden', 'the district station that bought the contract cancels its tasks')
  await db.transaction().execute(async (trx) => {
    if (!(await repo.closeTask(trx, id, { status: 'cancelled' }))) throw new AppError(409, 'task_closed', `task ${id} is already ${task.status}`)
    await writeAudit(trx, { userId: principal.userId, ip: actor.ip, action: 'cancel', entity: 'patrol_task', entityId: id, before: { status: task.status }, after: { status: 'cancelled', note } })
  })
}

export interface PatrolReport {
  inspectedAt: string
  /** The routine inspection's checklist (六个百分百), answered in full. */
  checklist: Record<string, boolean>
  scoreSheet: Record<ScoreSheetPart, number>
  notes: string
  location: { lon: number; lat: number; accuracyM: number | null } | null
  findings: repo.NewFinding[]
}

/**
 * The patrol account's report on its task: an inspection marked as the contract's (third-party), with its
 * findings waiting for a supervisor. Nothing becomes a hazard here.
 */
export async function reportTask(db: Kysely<DB>, actor: Actor, id: number, report: PatrolReport) {
  const { principal } = actor
  const task = await repo.findTask(db, actor.scope, principal, id)
  if (!task || principal.role !== 'patrol') throw new AppError(404, 'not_found', `no patrol task with id ${id} of yours`)
  const mismatch = checklistMismatch('routine', report.checklist)
  if (mismatch.length) throw new AppError(400, 'invalid_request', 'request validation failed', mismatch)
  const at = new Date(report.inspectedAt)
  if (at.getTime() > Date.now() + CLOCK_SKEW_MS) throw new AppError(400, 'date_in_future', 'inspectedAt is in the future')
  // Forms give the patrol's time to the minute: a report made in the minute the task was assigned is not before it.
  if (at.getTime() < Math.floor(Date.parse(task.assignedAt) / 60_000) * 60_000) {
    throw new AppError(422, 'before_assignment', `the patrol cannot precede its task (assigned ${task.assignedAt})`)
  }
  const patrolDay = beijingDay(at)
  report.findings.forEach((f, i) => {
    if (!findingDeadlineOk(patrolDay, f.proposedDeadline)) {
      throw new AppError(400, 'invalid_deadline', `finding ${i + 1}: the deadline must fall between the patrol's day and ${MAX_FINDING_DEADLINE_DAYS} days after`, { path: `findings.${i}.proposedDeadline` })
    }
  })
  return db.transaction().execute(async (trx) => {
    const inspectionId = await insertInspection(trx, {
      siteId: task.siteId, kind: 'routine', inspectedAt: report.inspectedAt, inspectorId: principal.userId, score: inspectionScore(report.scoreSheet),
      findings: report.notes, checklist: report.checklist, scoreSheet: report.scoreSheet, location: report.location, patrolContractId: task.contractId,
    })
    if (!(await repo.closeTask(trx, id, { status: 'reported', inspectionId }))) throw new AppError(409, 'task_closed', `task ${id} is already ${task.status}`)
    const findingIds = await repo.insertFindings(trx, inspectionId, task.siteId, report.findings)
    await writeAudit(trx, { userId: principal.userId, ip: actor.ip, action: 'report', entity: 'patrol_task', entityId: id, after: { inspectionId, findingIds, ...report } })
    return inspectionId
  })
}

export interface Review { decision: ReviewDecision; note: string; severity?: 'major' | 'general'; deadline?: string }

/**
 * A supervisor confirms a finding, which opens a hazard (raised by the patrol, tied to its inspection) in the
 * closed loop, or rejects it with the reason. The supervisor may correct the severity and deadline on confirming.
 */
export async function reviewFinding(db: Kysely<DB>, actor: Actor, id: number, review: Review) {
  const { principal } = actor
  const finding = await repo.findFinding(db, actor.scope, principal, id)
  if (!finding) throw new AppError(404, 'not_found', `no patrol finding with id ${id} in your zone`)
  if (finding.status !== 'pending') throw new AppError(409, 'already_reviewed', `finding ${id} is already ${finding.status}`)
  const problem = reviewProblem(review.decision, review.note)
  if (problem) throw new AppError(422, 'note_required', problem, { path: 'note' })
  const deadline = review.deadline ?? finding.proposedDeadline
  if (review.decision === 'confirm' && deadline < today()) throw new AppError(422, 'invalid_deadline', 'the rectification deadline has passed: give a new one', { path: 'deadline' })
  return db.transaction().execute(async (trx) => {
    let hazardId: number | null = null
    if (review.decision === 'confirm') {
      hazardId = await insertHazard(trx, {
        siteId: finding.siteId, inspectionId: finding.inspectionId, severity: review.severity ?? finding.severity, category: finding.category,
        description: finding.description, deadline, foundAt: finding.patrolledAt, source: { raisedBy: 'patrol', ref: `patrol-finding:${id}` },
      })
      await insertHazardEvent(trx, { hazardId, from: null, to: 'open', userId: principal.userId, note: review.note || finding.description })
    }
    const status = review.decision === 'confirm' ? 'confirmed' : 'rejected'
    if (!(await repo.reviewFinding(trx, id, { status, userId: principal.userId, note: review.note, hazardId }))) {
      throw new AppError(409, 'already_reviewed', `finding ${id} is already ${finding.status}`)
    }
    await writeAudit(trx, { userId: principal.userId, ip: actor.ip, action: review.decision, entity: 'patrol_finding', entityId: id, before: { status: finding.status }, after: { status, hazardId, ...review } })
    return hazardId
  })
}
