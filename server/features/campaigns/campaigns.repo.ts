import { type Kysely, type RawBuilder, sql } from 'kysely'
import { insertMany } from '../../../db/bulk.ts'
import { beijingIso, beijingToday, geoJsonText, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { ChecklistItem, SamplingRule } from '../../domain/campaign.ts'
import type { RiskBoost, RunningBoost } from '../../domain/risk-boost.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { districtInScope, inSiteScope } from '../auth/site-scope.ts'

/* 专项行动: campaigns, their targets and the inspections recorded against them, read within the caller's zone. */

type MultiPolygon = number[][][][]
export interface NewCampaign {
  name: string; kind: string; startsOn: string; endsOn: string
  scopeKind: 'city' | 'districts' | 'area'; districtIds: number[]; area: MultiPolygon | null
  checklist: ChecklistItem[]; riskBoost: RiskBoost | null; createdBy: number
}

/** Whether a site `s` lies in campaign `c`'s scope: the city, one of its districts, or its drawn area. */
export const siteInCampaign = sql<boolean>`(c.scope_kind = 'city' OR s.district_id = ANY(c.district_ids) OR (c.scope_kind = 'area' AND ST_Intersects(s.location, c.area)))`
/** Whether district `d` is (partly) covered by campaign `c`. */
export const districtInCampaign = sql<boolean>`(c.scope_kind = 'city' OR d.id = ANY(c.district_ids) OR (c.scope_kind = 'area' AND ST_Intersects(d.geom, c.area)))`
/** A campaign is the caller's to read when it covers a district the caller reads sites in. */
const visible = (scope: SiteScope) => sql<boolean>`EXISTS (SELECT 1 FROM districts d WHERE ${districtInScope(scope)} AND ${districtInCampaign})`
const status = sql<'planned' | 'running' | 'finished'>`CASE WHEN ${beijingToday} < c.starts_on THEN 'planned' WHEN ${beijingToday} > c.ends_on THEN 'finished' ELSE 'running' END`

export async function listCampaigns(db: Kysely<DB>, scope: SiteScope, filter: { status?: string; kind?: string }) {
  let query = db.selectFrom('campaigns as c').where(visible(scope))
    .select(['c.id', 'c.name', 'c.kind', sql<string>`c.starts_on::text`.as('startsOn'), sql<string>`c.ends_on::text`.as('endsOn'),
      'c.scope_kind as scopeKind', 'c.district_ids as districtIds', status.as('status'), 'c.risk_boost as riskBoost',
      sql<number>`(SELECT count(*)::int FROM campaign_targets ct JOIN sites s ON s.id = ct.site_id WHERE ct.campaign_id = c.id AND ${inSiteScope(scope)})`.as('targets'),
      sql<number>`(SELECT count(DISTINCT i.site_id)::int FROM inspections i JOIN sites s ON s.id = i.site_id WHERE i.campaign_id = c.id AND ${inSiteScope(scope)})`.as('inspectedSites')])
    .orderBy('c.starts_on', 'desc').orderBy('c.id', 'desc')
  if (filter.status) query = query.where(status, '=', filter.status as 'running')
  if (filter.kind) query = query.where('c.kind', '=', filter.kind)
  return query.execute()
}

export async function findCampaign(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('campaigns as c').leftJoin('users as u', 'u.id', 'c.created_by').where('c.id', '=', id).where(visible(scope))
    .select(['c.id', 'c.name', 'c.kind', sql<string>`c.starts_on::text`.as('startsOn'), sql<string>`c.ends_on::text`.as('endsOn'),
      'c.scope_kind as scopeKind', 'c.district_ids as districtIds', status.as('status'),
      sql<MultiPolygon | null>`CASE WHEN c.area IS NULL THEN NULL ELSE (${geoJsonText(sql.ref('c.area'))}::json)->'coordinates' END`.as('area'),
      sql<SamplingRule & { candidates: number; drawn: number } | null>`c.sampling`.as('sampling'),
      sql<ChecklistItem[]>`c.checklist`.as('checklist'), sql<RiskBoost | null>`c.risk_boost`.as('riskBoost'),
      'u.display_name as createdBy', beijingIso(sql`c.created_at`).as('createdAt'),
      sql<number>`(SELECT count(*)::int FROM campaign_targets ct JOIN sites s ON s.id = ct.site_id WHERE ct.campaign_id = c.id AND ${inSiteScope(scope)})`.as('targets'),
      sql<number>`(SELECT count(*)::int FROM inspections i WHERE i.campaign_id = c.id)`.as('inspectionsRecorded')])
    .executeTakeFirst()
}

const areaOf = (area: MultiPolygon) => sql<string>`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify({ type: 'MultiPolygon', coordinates: area })}), 4326)`

/** Whether the drawn area is a valid polygon that overlaps the city's districts at all. */
export async function areaProblem(db: Kysely<DB>, area: MultiPolygon): Promise<string | null> {
  const { rows } = await sql<{ valid: boolean; covers: boolean }>`SELECT ST_IsValid(a.g) AS valid, EXISTS (SELECT 1 FROM districts d WHERE ST_Intersects(d.geom, a.g)) AS covers
    FROM (SELECT ${areaOf(area)} AS g) a`.execute(db)
  return !rows[0].valid ? 'the area is not a valid polygon (it crosses itself?)' : !rows[0].covers ? 'the area lies outside the city' : null
}

export async function existingDistricts(db: Kysely<DB>, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return []
  return (await db.selectFrom('districts').where('id', 'in', ids).select('id').execute()).map((d) => d.id)
}

export async function insertCampaign(trx: Kysely<DB>, c: NewCampaign): Promise<number> {
  const row = await trx.insertInto('campaigns').values({
    name: c.name, kind: c.kind, starts_on: sql`${c.startsOn}::date`, ends_on: sql`${c.endsOn}::date`, scope_kind: c.scopeKind,
    district_ids: c.districtIds.length ? sql`ARRAY[${sql.join(c.districtIds)}]::int[]` : sql`'{}'::int[]`,
    area: c.area ? areaOf(c.area) : null, checklist: jsonb(c.checklist), risk_boost: c.riskBoost ? jsonb(c.riskBoost) : null, created_by: c.createdBy,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateCampaign(trx: Kysely<DB>, id: number, change: { name?: string; endsOn?: string; riskBoost?: RiskBoost | null }) {
  await trx.updateTable('campaigns').where('id', '=', id).set({
    ...(change.name !== undefined ? { name: change.name } : {}),
    ...(change.endsOn !== undefined ? { ends_on: sql`${change.endsOn}::date` } : {}),
    ...(change.riskBoost !== undefined ? { risk_boost: change.riskBoost ? jsonb(change.riskBoost) : null } : {}),
  }).execute()
}

/** The sites a draw picks from: every site not completed inside the campaign's scope. */
export async function candidateSites(trx: Kysely<DB>, campaignId: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`SELECT s.id FROM campaigns c JOIN sites s ON ${siteInCampaign}
    WHERE c.id = ${campaignId} AND s.stage <> 'completed' ORDER BY s.id`.execute(trx)
  return rows.map((r) => r.id)
}

/** Of `siteIds`, those inside the campaign's scope and the caller's zone. */
export async function listableSites(trx: Kysely<DB>, scope: SiteScope, campaignId: number, siteIds: number[]): Promise<number[]> {
  if (siteIds.length === 0) return []
  const { rows } = await sql<{ id: number }>`SELECT s.id FROM campaigns c JOIN sites s ON ${siteInCampaign}
    WHERE c.id = ${campaignId} AND s.id IN (${sql.join(siteIds)}) AND ${inSiteScope(scope)}`.execute(trx)
  return rows.map((r) => r.id)
}

export async function recordSampling(trx: Kysely<DB>, campaignId: number, sampling: SamplingRule & { candidates: number; drawn: number }) {
  await trx.updateTable('campaigns').where('id', '=', campaignId).set({ sampling: jsonb(sampling) }).execute()
}

export async function insertTargets(trx: Kysely<DB>, campaignId: number, siteIds: number[], source: 'listed' | 'drawn') {
  await insertMany(trx, 'campaign_targets', siteIds.map((site_id) => ({ campaign_id: campaignId, site_id, source })))
}

/** What recording an inspection against a campaign checks: its period, checklist, and whether the site is in it. */
export async function campaignForInspection(db: Kysely<DB>, campaignId: number, siteId: number) {
  const { rows } = await sql<{ kind: string; startsOn: string; endsOn: string; checklist: ChecklistItem[]; inScope: boolean; hasTargets: boolean; isTarget: boolean }>`
    SELECT c.kind, c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn", c.checklist,
      EXISTS (SELECT 1 FROM sites s WHERE s.id = ${siteId} AND ${siteInCampaign}) AS "inScope",
      EXISTS (SELECT 1 FROM campaign_targets ct WHERE ct.campaign_id = c.id) AS "hasTargets",
      EXISTS (SELECT 1 FROM campaign_targets ct WHERE ct.campaign_id = c.id AND ct.site_id = ${siteId}) AS "isTarget"
    FROM campaigns c WHERE c.id = ${campaignId}`.execute(db)
  return rows[0]
}

/** The campaigns a site can be inspected under today: running, and the site among their targets (or in scope when they list none). */
export async function runningForSite(db: Kysely<DB>, scope: SiteScope, siteId: number) {
  const { rows } = await sql<{ id: number; name: string; kind: string; endsOn: string; checklist: ChecklistItem[] }>`
    SELECT c.id, c.name, c.kind, c.ends_on::text AS "endsOn", c.checklist FROM campaigns c JOIN sites s ON s.id = ${siteId} AND ${siteInCampaign}
    WHERE ${inSiteScope(scope)} AND ${beijingToday} BETWEEN c.starts_on AND c.ends_on
      AND (NOT EXISTS (SELECT 1 FROM campaign_targets ct WHERE ct.campaign_id = c.id)
           OR EXISTS (SELECT 1 FROM campaign_targets ct WHERE ct.campaign_id = c.id AND ct.site_id = s.id))
    ORDER BY c.ends_on, c.id`.execute(db)
  return rows
}

/** The holiday boosts running today, and the signature of those the stored scores were computed under: one probe per pass. */
/** The holiday boosts running on `day` (today when absent), and the signature of those the scores last took. */
export async function boostState(db: Kysely<DB>, day: RawBuilder<string> = beijingToday): Promise<BoostState> {
  const { rows } = await sql<BoostState>`${boostStateRow(day)}`.execute(db)
  return rows[0]
}

export interface BoostState { running: RunningBoost[]; applied: string }

/** boostState's one row as SQL, for a probe that asks more in the same statement (risk.repo's passProbe). */
export const boostStateRow = (day: RawBuilder<string> = beijingToday) => sql`
  SELECT (SELECT signature FROM risk_boost_applied) AS applied,
    coalesce((SELECT json_agg(json_build_object('campaignId', c.id, 'boost', c.risk_boost) ORDER BY c.id) FROM campaigns c
      WHERE c.kind = 'holiday' AND c.risk_boost IS NOT NULL AND ${day} BETWEEN c.starts_on AND c.ends_on), '[]'::json) AS running`

export async function storeBoostSignature(db: Kysely<DB>, signature: string): Promise<void> {
  await db.updateTable('risk_boost_applied').set({ signature }).execute()
}
