import { randomInt } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { z } from '@hono/zod-openapi'
import type { DB } from '../../../db/types.ts'
import { checklistProblem, DEFAULT_CHECKLISTS, drawSample, MAX_SEED } from '../../domain/campaign.ts'
import type { RiskBoost } from '../../domain/risk-boost.ts'
import type { Principal, SiteScope } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import * as repo from './campaigns.repo.ts'
import type { NewCampaign } from './campaigns.schemas.ts'

/*
 * Who runs which campaign: the admin any; a district station (district_supervisor) the campaigns of its own district
 * only — city-wide and drawn-area campaigns cross districts and are the office's (admin). Command and planners read.
 */
export function mayManage(principal: Principal, scope: { scopeKind: string; districtIds: number[] }): boolean {
  if (principal.role === 'admin') return true
  return principal.role === 'district_supervisor' && scope.scopeKind === 'districts'
    && scope.districtIds.length === 1 && scope.districtIds[0] === principal.districtId
}

interface Caller { principal: Principal; scope: SiteScope; ip: string | null }

/** Creates a campaign with its targets (listed, or drawn and recorded), in one transaction with its audit entry. */
export async function createCampaign(db: Kysely<DB>, caller: Caller, input: z.infer<typeof NewCampaign>): Promise<number> {
  const districtIds = input.scope.kind === 'districts' ? [...new Set(input.scope.districtIds)].sort((a, b) => a - b) : []
  if (!mayManage(caller.principal, { scopeKind: input.scope.kind, districtIds })) {
    throw new AppError(403, 'forbidden', 'a district station creates campaigns of its own district only; city-wide and area campaigns are the admin\'s')
  }
  if (input.riskBoost && input.kind !== 'holiday') throw new AppError(422, 'risk_boost_not_holiday', 'only a holiday or major-event period (holiday) raises risk weights')
  const checklist = input.checklist ?? DEFAULT_CHECKLISTS[input.kind]
  const problem = checklistProblem(checklist)
  if (problem) throw new AppError(422, 'invalid_checklist', problem)
  if ((await repo.existingDistricts(db, districtIds)).length !== districtIds.length) throw new AppError(422, 'unknown_district', 'a district of the scope does not exist')
  const area = input.scope.kind === 'area' ? input.scope.area : null
  const areaProblem = area && await repo.areaProblem(db, area)
  if (areaProblem) throw new AppError(422, 'invalid_area', areaProblem)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertCampaign(trx, {
      name: input.name, kind: input.kind, startsOn: input.startsOn, endsOn: input.endsOn, scopeKind: input.scope.kind, districtIds, area,
      checklist, riskBoost: (input.riskBoost as RiskBoost | undefined) ?? null, createdBy: caller.principal.userId,
    })
    let targets: { source: 'listed' | 'drawn'; siteIds: number[] } | null = null
    if (input.siteIds) {
      const wanted = [...new Set(input.siteIds)]
      const found = new Set(await repo.listableSites(trx, caller.scope, id, wanted))
      const outside = wanted.filter((s) => !found.has(s))
      if (outside.length) throw new AppError(422, 'site_not_in_scope', 'some sites are not in the campaign\'s scope or your zone', { siteIds: outside.slice(0, 50) })
      targets = { source: 'listed', siteIds: wanted }
    } else if (input.sampling) {
      // The seed is recorded with the draw, so that anyone can repeat it over the same candidates.
      const rule = { ...input.sampling, seed: input.sampling.seed ?? randomInt(0, MAX_SEED) }
      const candidates = await repo.candidateSites(trx, id)
      const siteIds = drawSample(candidates, rule)
      if (siteIds.length === 0) throw new AppError(422, 'nothing_to_draw', 'the scope has no active sites to draw from')
      await repo.recordSampling(trx, id, { ...rule, candidates: candidates.length, drawn: siteIds.length })
      targets = { source: 'drawn', siteIds }
    }
    if (targets) await repo.insertTargets(trx, id, targets.siteIds, targets.source)
    const { siteIds: _listed, ...recorded } = input
    await writeAudit(trx, { userId: caller.principal.userId, ip: caller.ip, action: 'create', entity: 'campaign', entityId: id,
      after: { ...recorded, checklist, targets: targets && { source: targets.source, count: targets.siteIds.length } } })
    return id
  })
}

/** Renames, extends or shortens, or changes a holiday's boost; the period's start and scope stay, or its targets would lie. */
export async function changeCampaign(db: Kysely<DB>, caller: Caller, id: number, change: { name?: string; endsOn?: string; riskBoost?: RiskBoost | null }) {
  const before = await repo.findCampaign(db, caller.scope, id)
  if (!before) throw new AppError(404, 'not_found', `no campaign with id ${id} in your zone`)
  if (!mayManage(caller.principal, before)) throw new AppError(403, 'forbidden', 'this campaign is not yours to change')
  if (change.endsOn !== undefined && change.endsOn < before.startsOn) throw new AppError(422, 'ends_before_start', `the campaign starts on ${before.startsOn}`)
  if (change.riskBoost && before.kind !== 'holiday') throw new AppError(422, 'risk_boost_not_holiday', 'only a holiday or major-event period (holiday) raises risk weights')
  await db.transaction().execute(async (trx) => {
    await repo.updateCampaign(trx, id, change)
    await writeAudit(trx, { userId: caller.principal.userId, ip: caller.ip, action: 'update', entity: 'campaign', entityId: id,
      before: { name: before.name, endsOn: before.endsOn, riskBoost: before.riskBoost }, after: change })
  })
}
