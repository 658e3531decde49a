import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { dangerSourceRef, type IdentifiedRisk, surveyDangers } from '../../domain/chemicals.ts'
import { CLOCK_SKEW_MS } from '../../domain/inspection.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { addDays, beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { raiseSystemHazard } from '../hazards/system-hazards.repo.ts'
import * as repo from './chemicals.repo.ts'
import * as surveys from './surveys.repo.ts'

/*
 * Writes of the chemicals campaign, each in one transaction with its audit entry: the inventory (台账) of a site,
 * and a risk identification (风险辨识) whose dangers become hazards in the same transaction.
 */

export interface Who { userId: number; ip: string | null }

/** What a caller gives for a chemical: the responsible party is a registered firm (by id) or a name as recorded. */
export type ChemicalInput = Omit<repo.ChemicalFields, 'responsibleName' | 'responsibleEnterpriseId' | 'lon' | 'lat' | 'casNo' | 'unNo'> & {
  casNo?: string | null; unNo?: string | null; storageLocation: { lon: number; lat: number }
  responsibleEnterpriseId?: number | null; responsibleName?: string | null
}

/** The stored fields: the location checked to be on the site, a firm's name read from the registry. */
async function resolveFields(db: Kysely<DB>, siteId: number, input: ChemicalInput): Promise<repo.ChemicalFields> {
  const { storageLocation: { lon, lat }, responsibleEnterpriseId, responsibleName, ...rest } = input
  if (!(await repo.pointOnSite(db, siteId, lon, lat))) {
    throw new AppError(422, 'storage_off_site', `the storage point ${lon},${lat} is not on the site: mark it inside the site's red line`)
  }
  let name = responsibleName ?? null
  if (responsibleEnterpriseId) {
    name = (await repo.enterpriseName(db, responsibleEnterpriseId)) ?? null
    if (!name) throw new AppError(422, 'unknown_enterprise', `no enterprise with id ${responsibleEnterpriseId} in the registry`)
  }
  return { ...rest, casNo: rest.casNo ?? null, unNo: rest.unNo ?? null, lon, lat, responsibleEnterpriseId: responsibleEnterpriseId ?? null, responsibleName: name! }
}

export async function addChemical(db: Kysely<DB>, scope: SiteScope, who: Who, siteId: number, input: ChemicalInput): Promise<number> {
  if (!(await repo.findScopedSite(db, scope, siteId))) throw new AppError(404, 'not_found', `no site with id ${siteId} in your zone`)
  const fields = await resolveFields(db, siteId, input)
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertChemical(trx, siteId, who.userId, fields)
    await writeAudit(trx, { ...who, action: 'create', entity: 'site_chemical', entityId: id, after: { siteId, ...fields } })
    return id
  })
}

export async function editChemical(db: Kysely<DB>, scope: SiteScope, who: Who, id: number, change: Partial<ChemicalInput>): Promise<void> {
  const before = await repo.findChemical(db, scope, id)
  if (!before) throw new AppError(404, 'not_found', `no chemical with id ${id} in your zone`)
  if (before.removedOn) throw new AppError(409, 'removed', `the chemical was removed from the site on ${before.removedOn}: record it again instead`)
  // A new responsible party replaces the old one whole: a firm's id or a recorded name, not a mix of both.
  const responsible = change.responsibleEnterpriseId || change.responsibleName
    ? { responsibleEnterpriseId: change.responsibleEnterpriseId ?? null, responsibleName: change.responsibleName ?? null }
    : { responsibleEnterpriseId: before.responsibleEnterpriseId, responsibleName: before.responsibleName }
  const merged: ChemicalInput = {
    name: change.name ?? before.name, casNo: change.casNo === undefined ? before.casNo : change.casNo,
    unNo: change.unNo === undefined ? before.unNo : change.unNo, hazardClass: change.hazardClass ?? before.hazardClass,
    maxQuantity: change.maxQuantity ?? before.maxQuantity, unit: change.unit ?? before.unit,
    storageLocation: change.storageLocation ?? { lon: before.lon, lat: before.lat }, storageNote: change.storageNote ?? before.storageNote, ...responsible,
  }
  const fields = await resolveFields(db, before.siteId, merged)
  await db.transaction().execute(async (trx) => {
    await repo.updateChemical(trx, id, fields)
    const { lastSurveyedAt: _l, siteCode: _c, siteName: _n, ...was } = before
    await writeAudit(trx, { ...who, action: 'update', entity: 'site_chemical', entityId: id, before: was, after: change })
  })
}

export async function removeChemical(db: Kysely<DB>, scope: SiteScope, who: Who, id: number, removedOn: string | undefined): Promise<void> {
  const before = await repo.findChemical(db, scope, id)
  if (!before) throw new AppError(404, 'not_found', `no chemical with id ${id} in your zone`)
  const day = removedOn ?? beijingDay(new Date())
  if (day > beijingDay(new Date())) throw new AppError(400, 'date_in_future', 'removedOn is in the future')
  if (day < before.recordedAt.slice(0, 10)) throw new AppError(422, 'removed_before_recorded', `removedOn ${day} is before the chemical was recorded (${before.recordedAt.slice(0, 10)})`)
  await db.transaction().execute(async (trx) => {
    if (!(await repo.removeChemical(trx, id, day))) throw new AppError(409, 'removed', `the chemical was already removed on ${before.removedOn}`)
    await writeAudit(trx, { ...who, action: 'remove', entity: 'site_chemical', entityId: id, before: { removedOn: null }, after: { removedOn: day } })
  })
}

export interface SurveyInput { siteId: number; campaignId?: number | null; surveyedAt: string; risks: IdentifiedRisk[]; conclusion: string }

/**
 * Records a risk identification of a site's chemicals. Each risk names a chemical the site stores now; a campaign,
 * when given, must be a hazardous-chemicals campaign running on the survey's day whose scope covers the site. Each
 * danger to fix opens a hazard in the same transaction (one per danger, by its source reference).
 */
export async function recordSurvey(db: Kysely<DB>, scope: SiteScope, who: Who, input: SurveyInput): Promise<{ id: number; hazardIds: number[] }> {
  if (new Date(input.surveyedAt).getTime() > Date.now() + CLOCK_SKEW_MS) throw new AppError(400, 'date_in_future', 'surveyedAt is in the future')
  const site = await repo.findScopedSite(db, scope, input.siteId)
  if (!site) throw new AppError(404, 'not_found', `no site with id ${input.siteId} in your zone`)
  const stored = await surveys.storedChemicals(db, site.id)
  if (stored.size === 0) throw new AppError(422, 'no_chemicals', `${site.name} stores no chemicals: record its inventory first`)
  const unknown = input.risks.find((r) => !stored.has(r.chemicalId))
  if (unknown) throw new AppError(422, 'chemical_not_on_site', `chemical ${unknown.chemicalId} is not stored on ${site.name} now`)
  if (input.campaignId) {
    const day = beijingDay(new Date(input.surveyedAt))
    const campaign = await surveys.campaignForSurvey(db, input.campaignId, site.id, day)
    if (!campaign || campaign.kind !== 'hazardous_chemicals') throw new AppError(422, 'not_a_chemicals_campaign', `campaign ${input.campaignId} is not a hazardous-chemicals campaign (危化品专项治理)`)
    if (!campaign.running) throw new AppError(422, 'campaign_not_running', `${campaign.name} is not running on ${day}`)
    if (!campaign.covers) throw new AppError(422, 'site_outside_campaign', `${site.name} is outside the scope of ${campaign.name}`)
  }
  const dangers = surveyDangers(input.risks, (id) => stored.get(id)!)
  return db.transaction().execute(async (trx) => {
    const id = await surveys.insertSurvey(trx, { ...input, campaignId: input.campaignId ?? null, surveyorId: who.userId })
    const hazardIds: number[] = []
    for (const danger of dangers) {
      const hazardId = await raiseSystemHazard(trx, {
        siteId: site.id, raisedBy: 'chemical', sourceRef: dangerSourceRef(id, danger.index), severity: danger.severity, category: danger.category,
        description: danger.description, deadline: beijingDay(addDays(new Date(), danger.deadlineDays)),
      })
      if (hazardId) hazardIds.push(hazardId)
    }
    await writeAudit(trx, { ...who, action: 'create', entity: 'chemical_survey', entityId: id, after: { ...input, hazardIds } })
    return { id, hazardIds }
  })
}
