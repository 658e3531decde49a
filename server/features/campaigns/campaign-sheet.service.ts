import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { scoreSheet } from '../../domain/campaign.ts'
import { beijingDay } from '../../domain/time.ts'
import { AppError } from '../../errors.ts'
import { campaignForInspection } from './campaigns.repo.ts'

/**
 * An inspection recorded against a campaign: the campaign must run on the inspection's (Beijing) day, the site must
 * be one of its targets (or, when it lists none, in its scope), and the campaign's checklist must be answered in
 * full; the sheet is stored with its score. Null when the inspection names no campaign.
 */
export async function campaignSheetFor(db: Kysely<DB>, input: { siteId: number; inspectedAt: string; campaignId?: number; campaignSheet?: Record<string, boolean> }) {
  if (input.campaignId === undefined) {
    if (input.campaignSheet) throw invalid('a campaign sheet needs the campaignId it answers')
    return null
  }
  const campaign = await campaignForInspection(db, input.campaignId, input.siteId)
  if (!campaign) throw new AppError(404, 'not_found', `no campaign with id ${input.campaignId}`)
  const day = beijingDay(new Date(input.inspectedAt))
  if (day < campaign.startsOn || day > campaign.endsOn) {
    throw new AppError(422, 'campaign_not_running', `the campaign runs from ${campaign.startsOn} to ${campaign.endsOn}, not on ${day}`)
  }
  if (campaign.hasTargets ? !campaign.isTarget : !campaign.inScope) {
    throw new AppError(422, 'site_not_in_campaign', campaign.hasTargets ? 'the site is not one of the campaign\'s targets' : 'the site is outside the campaign\'s scope')
  }
  if (!input.campaignSheet) throw invalid('answer the campaign\'s checklist in campaignSheet')
  const score = scoreSheet(campaign.checklist, input.campaignSheet)
  if (typeof score === 'string') throw invalid(`the campaign sheet does not match the campaign's checklist: ${score}`)
  return { campaignId: input.campaignId, campaignSheet: { answers: input.campaignSheet, ...score } }
}

const invalid = (message: string) => new AppError(400, 'invalid_request', 'request validation failed', [{ path: 'campaignSheet', message }])
