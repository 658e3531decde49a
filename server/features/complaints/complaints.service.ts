import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { bestMatch, confirmedAtOnce } from '../../domain/complaint-match.ts'
import { COMPLAINT_CATEGORY_ZH, type ComplaintCategory, maskName, maskPhone, respondBy } from '../../domain/complaint.ts'
import { AppError } from '../../errors.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { raiseSystemHazard } from '../hazards/system-hazards.repo.ts'
import * as repo from './complaints.repo.ts'

/*
 * A complaint's way through: received (from the hotline's API, a person, or the daily export), matched to a site,
 * dispatched to that site's grid supervisor with the hotline's deadline, and closed with a reply. Every step runs
 * in the caller's transaction and is audited; the audit log never holds a phone number or a name whole.
 */

export interface Actor { userId: number | null; ip: string | null }

/** What the audit log keeps of a new complaint: everything but the complainant's identity in clear. */
const audited = (c: repo.NewComplaint) => ({
  ...c, complainantName: c.complainantName && maskName(c.complainantName), complainantPhone: c.complainantPhone && maskPhone(c.complainantPhone),
})

export async function receiveComplaint(trx: Kysely<DB>, complaint: repo.NewComplaint, actor: Actor, via: string): Promise<number> {
  if (await repo.ticketTaken(trx, complaint.channel, complaint.ticketNo)) {
    throw new AppError(409, 'duplicate_ticket', `ticket ${complaint.ticketNo} of channel ${complaint.channel} is already recorded`)
  }
  const id = await repo.insertComplaint(trx, complaint)
  await writeAudit(trx, { userId: actor.userId, ip: actor.ip, action: 'create', entity: 'complaint', entityId: id, after: { ...audited(complaint), via } })
  await matchAndDispatch(trx, { ids: [id] }, actor)
  return id
}

/**
 * Matches new complaints (by id, or an import's channel|ticket keys) to sites: a confident match is dispatched at
 * once, a weaker one kept as a suggestion for a supervisor to confirm. Returns how many were dispatched.
 */
export async function matchAndDispatch(trx: Kysely<DB>, by: { ids?: number[]; keys?: string[] }, actor: Actor) {
  const fresh = await repo.unmatched(trx, by)
  if (fresh.length === 0) return { matched: 0, dispatched: 0, pending: 0 }
  const near = await repo.sitesNear(trx, fresh.filter((c) => c.hasLocation).map((c) => c.id))
  const texts = await repo.liveSiteTexts(trx)
  const everywhere = [...texts.values()].flat()
  const writes: repo.MatchWrite[] = []
  for (const c of fresh) {
    // Words are compared with the sites of the complaint's district when its position says which; else the city's.
    const match = bestMatch(near.get(c.id) ?? [], c.districtId === null ? everywhere : texts.get(c.districtId) ?? [], c.text)
    if (!match) continue
    writes.push({ id: c.id, siteId: match.siteId, method: match.method, confidence: match.confidence, dispatch: confirmedAtOnce(match),
      respondBy: respondBy(c.category, new Date(c.receivedAt)).toISOString() })
  }
  await repo.writeMatches(trx, writes, null)
  for (const w of writes) {
    await writeAudit(trx, { userId: actor.userId, ip: actor.ip, action: w.dispatch ? 'dispatch' : 'suggest_match', entity: 'complaint', entityId: w.id,
      after: { siteId: w.siteId, method: w.method, confidence: w.confidence, respondBy: w.dispatch ? w.respondBy : null } })
  }
  const dispatched = writes.filter((w) => w.dispatch).length
  return { matched: writes.length, dispatched, pending: fresh.length - dispatched }
}

/** A supervisor confirms the suggested site or names the right one; either way the complaint is (re)dispatched. */
export async function confirmMatch(trx: Kysely<DB>, complaint: repo.ComplaintRow, siteId: number, actor: Actor & { userId: number }) {
  if (complaint.status === 'closed') throw new AppError(422, 'already_closed', 'a closed complaint keeps its site')
  const same = complaint.siteId === siteId && complaint.matchMethod !== null
  const write = {
    id: complaint.id, siteId, method: same ? complaint.matchMethod! : 'manual', confidence: same ? complaint.matchConfidence ?? 1 : 1, dispatch: true,
    respondBy: respondBy(complaint.category as ComplaintCategory, new Date(complaint.receivedAt)).toISOString(),
  }
  await repo.writeMatches(trx, [write], actor.userId)
  await writeAudit(trx, { userId: actor.userId, ip: actor.ip, action: same ? 'confirm_match' : 'correct_match', entity: 'complaint', entityId: complaint.id,
    before: { siteId: complaint.siteId, status: complaint.status }, after: { siteId, method: write.method, respondBy: write.respondBy } })
}

export interface CloseInput {
  reply: string; evidence?: string; founded: boolean
  hazard?: { severity: 'major' | 'general'; description: string; deadline: string }
}

/** Closes a dispatched complaint; a founded one may open a hazard on its site, in the same transaction. */
export async function closeComplaint(trx: Kysely<DB>, complaint: repo.ComplaintRow, input: CloseInput, actor: Actor & { userId: number }) {
  if (complaint.status !== 'dispatched') {
    throw new AppError(422, complaint.status === 'closed' ? 'already_closed' : 'not_dispatched',
      complaint.status === 'closed' ? 'this complaint is already closed' : 'confirm the complaint\'s site (and so dispatch it) before closing it')
  }
  if (input.hazard && !input.founded) throw new AppError(422, 'hazard_unfounded', 'only a founded complaint opens a hazard')
  let hazardId: number | null = null
  if (input.hazard) {
    hazardId = await raiseSystemHazard(trx, {
      siteId: complaint.siteId!, raisedBy: 'complaint', sourceRef: `complaint:${complaint.id}`, severity: input.hazard.severity,
      category: COMPLAINT_CATEGORY_ZH[complaint.category as ComplaintCategory], description: input.hazard.description, deadline: input.hazard.deadline,
    })
  }
  const closed = await repo.closeComplaint(trx, complaint.id, { reply: input.reply, evidence: input.evidence ?? null, founded: input.founded, hazardId, userId: actor.userId })
  if (!closed) throw new AppError(409, 'conflict', 'the complaint changed meanwhile: reload it')
  await writeAudit(trx, { userId: actor.userId, ip: actor.ip, action: 'close', entity: 'complaint', entityId: complaint.id,
    before: { status: complaint.status }, after: { reply: input.reply, evidence: input.evidence ?? null, founded: input.founded, hazardId } })
  return hazardId
}
