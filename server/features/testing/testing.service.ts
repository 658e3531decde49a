import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { campaignHazard, judgeConformity, type Material, scopeCovers } from '../../domain/testing.ts'
import { addDays, beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { raiseSystemHazard } from '../hazards/system-hazards.repo.ts'
import * as repo from './testing.repo.ts'

export interface ReportInput {
  reportNo: string; institutionId: number; siteId: number; material: Material; item: string
  requiredValue: string; measuredValue: string; conforming?: boolean; sampledOn: string; issuedOn: string
}

/** The verdict: computed from the values when both are numeric (a contradicting claim is refused), else the recorder's. */
function conformityOf(input: ReportInput): boolean {
  const judged = judgeConformity(input.requiredValue, input.measuredValue)
  if (judged === null) {
    if (input.conforming === undefined) throw new AppError(400, 'invalid_request', 'conforming is required when the values are not both numeric', [{ path: 'conforming', message: 'required' }])
    return input.conforming
  }
  if (input.conforming !== undefined && input.conforming !== judged) {
    throw new AppError(422, 'conformity_mismatch', `measured ${input.measuredValue} against ${input.requiredValue} is ${judged ? 'conforming' : 'non-conforming'}, not as stated`)
  }
  return judged
}

/**
 * Records a report on a site of the scope. The institution must be a testing enterprise qualified for the material
 * on the day of issue; a non-conforming result of a campaign material opens its hazard in the same transaction.
 */
export async function recordReport(db: Kysely<DB>, scope: SiteScope, who: { userId: number; ip: string | null }, input: ReportInput) {
  const today = beijingDay(new Date())
  if (input.issuedOn > today) throw new AppError(400, 'date_in_future', 'issuedOn is in the future')
  if (input.sampledOn > input.issuedOn) throw new AppError(400, 'invalid_request', 'sampledOn must not be after issuedOn', [{ path: 'sampledOn', message: 'after issuedOn' }])
  const site = await repo.findScopedSite(db, scope, input.siteId)
  if (!site) throw new AppError(404, 'not_found', `no site with id ${input.siteId} in your zone`)
  const conforming = conformityOf(input)
  const institution = await repo.findTestingInstitution(db, input.institutionId, input.issuedOn)
  if (!institution) throw new AppError(422, 'not_a_testing_institution', `enterprise ${input.institutionId} is not a testing institution in the registry`)
  if (!scopeCovers(institution.qualificationTexts, input.material)) {
    throw new AppError(422, 'outside_qualification_scope', `${institution.name} has no valid qualification covering ${input.material} on ${input.issuedOn}`)
  }
  if (await repo.reportNoTaken(db, input.reportNo)) throw new AppError(409, 'duplicate_report_no', `report ${input.reportNo} is already recorded`)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertReport(trx, { ...input, conforming })
    const hazard = campaignHazard({ ...input, conforming })
    const hazardId = hazard && await raiseSystemHazard(trx, {
      siteId: site.id, raisedBy: 'testing', sourceRef: `testing:${id}`, severity: hazard.severity, category: hazard.category,
      description: hazard.description, deadline: beijingDay(addDays(new Date(), hazard.deadlineDays)),
    })
    await writeAudit(trx, { userId: who.userId, ip: who.ip, action: 'create', entity: 'testing_report', entityId: id, after: { ...input, conforming, hazardId } })
    return id
  })
}
