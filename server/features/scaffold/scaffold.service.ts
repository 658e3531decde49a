import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import {
  FAILED_BATCH_CATEGORY, FAILED_BATCH_DEADLINE_DAYS, failedBatchDescription, type Judgment, judgeSampling, labCoversScaffold, type Measurement,
  resultsProblem, type ScaffoldComponent,
} from '../../domain/scaffold.ts'
import { addDays, beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { siteInScope } from '../auth/site-scope.ts'
import { raiseSystemHazard } from '../hazards/system-hazards.repo.ts'
import { findTestingInstitution } from '../testing/testing.repo.ts'
import * as repo from './scaffold.repo.ts'

export interface SamplingInput {
  siteId: number; campaignId?: number | null; sampledOn: string; component: ScaffoldComponent; batchNo: string; manufacturerName: string
  sampleCount: number; labId: number; results: Measurement[]
}

/**
 * Records a sampling on a site of the scope. The lab must be a testing enterprise whose qualification, valid on the
 * sampling day, covers building components; the campaign, when named, a 盘扣专项 running that day. The verdict is
 * the domain's; a failed batch opens a major hazard (raised_by 'scaffold') in the same transaction.
 */
export async function recordSampling(db: Kysely<DB>, scope: SiteScope, who: { userId: number; ip: string | null }, input: SamplingInput) {
  if (input.sampledOn > beijingDay(new Date())) throw new AppError(400, 'date_in_future', 'sampledOn is in the future')
  const problem = resultsProblem(input.component, input.sampleCount, input.results)
  if (problem) throw new AppError(400, 'invalid_request', problem, [{ path: 'results', message: problem }])
  if (!(await siteInScope(db, scope, input.siteId))) throw new AppError(404, 'not_found', `no site with id ${input.siteId} in your zone`)
  const lab = await findTestingInstitution(db, input.labId, input.sampledOn)
  if (!lab) throw new AppError(422, 'not_a_testing_institution', `enterprise ${input.labId} is not a testing institution in the registry`)
  if (!labCoversScaffold(lab.qualificationTexts)) {
    throw new AppError(422, 'outside_qualification_scope', `${lab.name} has no qualification valid on ${input.sampledOn} covering building components (建筑材料及构配件)`)
  }
  const campaignId = input.campaignId ?? null
  if (campaignId !== null) {
    const campaign = await repo.findScaffoldCampaign(db, campaignId, input.sampledOn)
    if (!campaign) throw new AppError(422, 'not_a_scaffold_campaign', `campaign ${campaignId} is not a 盘扣专项 campaign`)
    if (!campaign.running) throw new AppError(422, 'campaign_not_running', `${campaign.name} was not running on ${input.sampledOn}`)
  }
  const judgment = judgeSampling(input.component, input.results)
  const manufacturerId = await repo.matchManufacturer(db, input.manufacturerName)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertSampling(trx, {
      ...input, campaignId, manufacturerId, verdict: judgment.verdict, failedSamples: judgment.failedSamples, recordedBy: who.userId,
    })
    const hazardId = judgment.verdict === 'fail' ? await openFailedBatchHazard(trx, id, input, judgment) : null
    await writeAudit(trx, {
      userId: who.userId, ip: who.ip, action: 'create', entity: 'scaffold_sampling', entityId: id,
      after: { ...input, campaignId, manufacturerId, verdict: judgment.verdict, failedSamples: judgment.failedSamples, hazardId },
    })
    return id
  })
}

/** A failed batch's major hazard (raised_by 'scaffold', one per sampling), linked back to the sampling. Run in the write's transaction. */
export async function openFailedBatchHazard(trx: Kysely<DB>, samplingId: number, s: Pick<SamplingInput, 'siteId' | 'component' | 'batchNo' | 'manufacturerName' | 'sampleCount'>, judgment: Judgment) {
  const hazardId = await raiseSystemHazard(trx, {
    siteId: s.siteId, raisedBy: 'scaffold', sourceRef: `scaffold:${samplingId}`, severity: 'major', category: FAILED_BATCH_CATEGORY,
    description: failedBatchDescription(s, judgment), deadline: beijingDay(addDays(new Date(), FAILED_BATCH_DEADLINE_DAYS)),
  })
  if (hazardId !== null) await repo.setHazard(trx, samplingId, hazardId)
  return hazardId
}
