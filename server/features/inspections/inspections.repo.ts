import { type Kysely, sql } from 'kysely'
import { beijingIso, jsonb, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/** A site the caller may work on, with what validating a record against it needs. */
export async function findScopedSite(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('sites as s').where('s.id', '=', id).where(inSiteScope(scope))
    .select(['s.id', 's.name', 's.kind', sql<string | null>`s.start_date::text`.as('startDate')]).executeTakeFirst()
}

export interface NewInspection {
  siteId: number
  kind: string
  inspectedAt: string
  inspectorId: number
  score: number
  findings: string
  checklist: Record<string, boolean>
  scoreSheet: Record<string, number>
  location: { lon: number; lat: number; accuracyM: number | null } | null
  /** A third-party patrol's report (第三方巡查): the contract it was made under. */
  patrolContractId?: number | null
  /** Recorded against a campaign (专项行动): its id and the answered campaign sheet with its score. */
  campaignId?: number | null
  campaignSheet?: unknown
}

export async function insertInspection(trx: Kysely<DB>, i: NewInspection): Promise<number> {
  const row = await trx.insertInto('inspections').values({
    site_id: i.siteId, kind: i.kind, inspected_at: sql`${i.inspectedAt}::text::timestamptz`, inspector_id: i.inspectorId, score: i.score,
    findings: i.findings, checklist: jsonb(i.checklist), score_sheet: jsonb(i.scoreSheet), recorded_at: sql`now()`,
    location: i.location ? sql`ST_SetSRID(ST_MakePoint(${i.location.lon}::float8, ${i.location.lat}::float8), 4326)` : null,
    location_accuracy_m: i.location?.accuracyM ?? null, patrol_contract_id: i.patrolContractId ?? null,
    campaign_id: i.campaignId ?? null, campaign_sheet: i.campaignSheet ? jsonb(i.campaignSheet) : null,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** `source`: a hazard an inspection's record only led to (a patrol finding a supervisor confirmed) says which record. */
export async function insertHazard(trx: Kysely<DB>, h: { siteId: number; inspectionId: number; severity: string; category: string; description: string; deadline: string; foundAt: string; source?: { raisedBy: 'patrol'; ref: string } }) {
  const row = await trx.insertInto('hazards').values({
    site_id: h.siteId, inspection_id: h.inspectionId, severity: h.severity, category: h.category, description: h.description,
    status: 'open', found_at: sql`${h.foundAt}::text::timestamptz`, deadline: sql`${h.deadline}::date`,
    ...(h.source ? { raised_by: h.source.raisedBy, source_ref: h.source.ref } : {}),
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** One inspection in the caller's scope: the sheet as recorded, who recorded it, the hazards it found, its photos. */
export async function findInspection(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('inspections as i').innerJoin('sites as s', 's.id', 'i.site_id').leftJoin('users as u', 'u.id', 'i.inspector_id')
    .select(['i.id', 'i.site_id as siteId', 's.name as siteName', 'i.kind', beijingIso(sql`i.inspected_at`).as('inspectedAt'),
      'i.score', 'i.findings', 'u.display_name as inspector', 'i.checklist', 'i.score_sheet as scoreSheet', 'i.campaign_id as campaignId', 'i.campaign_sheet as campaignSheet',
      sql<[number, number] | null>`CASE WHEN i.location IS NULL THEN NULL ELSE ${lonLatJson(sql`i.location`)} END`.as('location'),
      'i.location_accuracy_m as locationAccuracyM',
      sql<number | null>`round(ST_Distance(i.location::geography, s.location::geography))::int`.as('distanceFromSiteM'),
      sql<{ id: number; severity: string; category: string; status: string; deadline: string }[]>`coalesce((SELECT json_agg(json_build_object(
        'id', h.id, 'severity', h.severity, 'category', h.category, 'status', h.status, 'deadline', h.deadline::text) ORDER BY h.id)
        FROM hazards h WHERE h.inspection_id = i.id), '[]'::json)`.as('hazards'),
      sql<number[]>`coalesce((SELECT json_agg(p.id ORDER BY p.id) FROM photos p WHERE p.inspection_id = i.id), '[]'::json)`.as('photoIds')])
    .where('i.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}
