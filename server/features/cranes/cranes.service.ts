import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { applyStep, type CraneKind, type CraneStep, STEP_FIRM_KINDS, stageAfter } from '../../domain/crane-lifecycle.ts'
import { CITY_SCOPE, type SiteScope } from '../../domain/roles.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { siteInScope } from '../auth/site-scope.ts'
import * as repo from './cranes.repo.ts'

/*
 * Writes to a crane's life. Each step is judged by the domain on the machine's state read inside the transaction
 * (the machine row locked), then written as one event plus the installation's new stage: an install notice opens
 * an installation (`cranes` row) on the site, every later step moves it on, and dismantling closes it.
 */

export interface Who { userId: number; ip: string | null }

export interface NewMachine { recordNo: string; kind: CraneKind; maker: string; model: string; madeYear: number | null; ownerId: number; filedOn: string; note: string }

export async function fileMachine(db: Kysely<DB>, who: Who, input: NewMachine): Promise<number> {
  if (input.filedOn > beijingDay(new Date())) throw new AppError(400, 'date_in_future', 'filedOn is in the future')
  const owner = await repo.enterpriseOf(db, input.ownerId)
  if (!owner) throw new AppError(422, 'unknown_enterprise', `no enterprise with id ${input.ownerId}`)
  if (!owner.kinds.includes('crane_owner')) throw new AppError(422, 'not_a_crane_owner', `${owner.name} is not registered as a crane owner (产权单位)`)
  if (await repo.recordNoTaken(db, input.recordNo)) throw new AppError(409, 'duplicate_record_no', `a machine is already filed as ${input.recordNo}`)
  return db.transaction().execute(async (trx) => {
    const machine = await repo.insertMachine(trx, { ...input, ownerName: owner.name, recordedBy: who.userId })
    await writeAudit(trx, { userId: who.userId, ip: who.ip, action: 'create', entity: 'crane_machine', entityId: machine.id, after: input })
    return machine.id
  })
}

export interface StepRequest {
  step: Exclude<CraneStep, 'filing'>; occurredOn: string; siteId: number | null; enterpriseId: number; personIds: number[]
  documentNo: string | null; passed: boolean | null; expiresOn: string | null; note: string
}

/** Refuses a step whose firm or people are not what the step needs; 422 with the reason. */
async function checkParties(db: Kysely<DB>, input: StepRequest): Promise<void> {
  const firm = await repo.enterpriseOf(db, input.enterpriseId)
  if (!firm) throw new AppError(422, 'unknown_enterprise', `no enterprise with id ${input.enterpriseId}`)
  if (!firm.kinds.some((k) => (STEP_FIRM_KINDS[input.step] as readonly string[]).includes(k))) {
    throw new AppError(422, 'wrong_enterprise_kind', `${firm.name} is not registered as ${STEP_FIRM_KINDS[input.step].join(' or ')}`, { needs: STEP_FIRM_KINDS[input.step] })
  }
  const strangers = await repo.peopleNotOf(db, firm.id, input.personIds)
  if (strangers.length > 0) throw new AppError(422, 'person_not_of_enterprise', `people ${strangers.join(', ')} are not employed by ${firm.name}`, { personIds: strangers })
}

/**
 * Records a step on a machine. The site involved (the install notice's site, else where the machine stands) must be
 * in the writer's zone, else 404 as if the machine were not there; a machine standing nowhere is the city's.
 */
export async function recordStep(db: Kysely<DB>, scope: SiteScope, who: Who, machineId: number, input: StepRequest): Promise<number> {
  const notFound = () => new AppError(404, 'not_found', `no crane with id ${machineId} in your zone`)
  if (!(await repo.machineExists(db, machineId))) throw notFound()
  return db.transaction().execute(async (trx) => {
    const machine = (await repo.findMachine(trx, CITY_SCOPE, machineId, { forUpdate: true }))!
    const siteId = input.step === 'install_notice' ? input.siteId : machine.siteId
    const reachable = siteId === null ? scope.kind === 'city' : await siteInScope(trx, scope, siteId)
    if (!reachable) {
      if (input.step === 'install_notice') throw new AppError(404, 'not_found', `no site with id ${siteId} in your zone`)
      throw notFound()
    }
    // A machine standing on a site outside the zone is not there for this writer: 404, not "already installed".
    if (machine.siteId !== null && siteId !== machine.siteId && !(await siteInScope(trx, scope, machine.siteId))) throw notFound()
    const outcome = applyStep(repo.stateOf(machine), { step: input.step, on: input.occurredOn, siteId: input.siteId, enterpriseId: input.enterpriseId,
      passed: input.passed, expiresOn: input.expiresOn, documentNo: input.documentNo }, beijingDay(new Date()))
    if (!outcome.ok) throw new AppError(422, 'crane_step_refused', `${input.step} refused: ${outcome.reason}`, { reason: outcome.reason, step: input.step })
    await checkParties(trx, input)
    if (input.step === 'use_registration' && await repo.registrationNoTaken(trx, input.documentNo!)) {
      throw new AppError(409, 'duplicate_registration_no', `use registration ${input.documentNo} is already recorded`)
    }
    const craneId = input.step === 'install_notice'
      ? await repo.openInstallation(trx, { siteId: input.siteId!, machineId, kind: machine.kind, installedOn: input.occurredOn, installerId: input.enterpriseId })
      : machine.craneId!
    if (input.step !== 'install_notice') await repo.moveInstallation(trx, craneId, stageAfter(outcome.state), input)
    const event = await repo.insertStepEvent(trx, { ...input, machineId, craneId, recordedBy: who.userId })
    await writeAudit(trx, { userId: who.userId, ip: who.ip, action: input.step, entity: 'crane_machine', entityId: machineId, after: { ...input, craneId, eventId: event.id } })
    return event.id
  })
}
