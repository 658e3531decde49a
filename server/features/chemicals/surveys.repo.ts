import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { IdentifiedRisk } from '../../domain/chemicals.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { daysOverdue } from '../hazards/hazards.repo.ts'

/*
 * 风险辨识 and 隐患清单: the surveys done on sites' chemicals, and the hazards they raised. The hidden-danger list is
 * no table of its own: it is the hazards raised by 'chemical', with the closed loop every hazard has.
 */

export interface SurveyFilter { siteId?: number; campaignId?: number; limit: number; offset: number }
export interface DangerFilter { siteId?: number; status: 'open' | 'closed' | 'all'; limit: number; offset: number }

/** A hazardous-chemicals campaign, with whether the survey's day falls in its period and the site in its scope. */
export async function campaignForSurvey(db: Kysely<DB>, campaignId: number, siteId: number, day: string) {
  const { rows } = await sql<{ id: number; kind: string; name: string; running: boolean; covers: boolean }>`
    SELECT k.id, k.kind, k.name, ${day}::date BETWEEN k.starts_on AND k.ends_on AS running,
      CASE k.scope_kind WHEN 'city' THEN true WHEN 'districts' THEN s.district_id = ANY(k.district_ids)
        ELSE ST_Intersects(k.area, s.location) END AS covers
    FROM campaigns k CROSS JOIN sites s WHERE k.id = ${campaignId} AND s.id = ${siteId}`.execute(db)
  return rows[0]
}

/** The chemicals a site stores now, by id. */
export async function storedChemicals(db: Kysely<DB>, siteId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('site_chemicals').select(['id', 'name']).where('site_id', '=', siteId).where('removed_on', 'is', null).execute()
  return new Map(rows.map((r) => [r.id, r.name]))
}

export async function insertSurvey(trx: Kysely<DB>, v: { siteId: number; campaignId: number | null; surveyedAt: string; surveyorId: number; risks: IdentifiedRisk[]; conclusion: string }) {
  const row = await trx.insertInto('chemical_surveys').values({
    site_id: v.siteId, campaign_id: v.campaignId, surveyed_at: v.surveyedAt, surveyor_id: v.surveyorId, risks: jsonb(v.risks), conclusion: v.conclusion,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export interface SurveyRow {
  id: number; siteId: number; siteCode: string; siteName: string; campaignId: number | null; campaignName: string | null
  surveyedAt: string; surveyor: string | null; conclusion: string
  risks: { chemicalId: number; chemicalName: string | null; risk: string; level: string; measure: string; danger: string | null; hazardId: number | null; hazardStatus: string | null }[]
}

const surveyColumns = sql`v.id, v.site_id AS "siteId", s.code AS "siteCode", s.name AS "siteName", v.campaign_id AS "campaignId",
  k.name AS "campaignName", ${beijingIso(sql`v.surveyed_at`)} AS "surveyedAt", u.display_name AS surveyor, v.conclusion,
  (SELECT coalesce(json_agg(json_build_object('chemicalId', (r.value->>'chemicalId')::int, 'chemicalName', c.name, 'risk', r.value->>'risk',
      'level', r.value->>'level', 'measure', r.value->>'measure', 'danger', r.value->>'danger', 'hazardId', h.id, 'hazardStatus', h.status) ORDER BY r.n), '[]'::json)
    FROM jsonb_array_elements(v.risks) WITH ORDINALITY AS r(value, n)
    LEFT JOIN site_chemicals c ON c.id = (r.value->>'chemicalId')::int
    LEFT JOIN LATERAL (SELECT h.id, h.status FROM hazards h WHERE h.raised_by = 'chemical'
      AND h.source_ref = 'chemical-survey:' || v.id || ':' || r.n ORDER BY h.id DESC LIMIT 1) h ON true) AS risks`
const surveyFrom = sql`FROM chemical_surveys v JOIN sites s ON s.id = v.site_id LEFT JOIN campaigns k ON k.id = v.campaign_id
  LEFT JOIN users u ON u.id = v.surveyor_id`

/** Surveys on the scope's sites, newest first, with the total for paging. */
export async function listSurveys(db: Kysely<DB>, scope: SiteScope, f: SurveyFilter) {
  const where = sql.join([
    inSiteScope(scope), ...(f.siteId ? [sql`v.site_id = ${f.siteId}`] : []), ...(f.campaignId ? [sql`v.campaign_id = ${f.campaignId}`] : []),
  ], sql` AND `)
  const [items, total] = await Promise.all([
    sql<SurveyRow>`SELECT ${surveyColumns} ${surveyFrom} WHERE ${where} ORDER BY v.surveyed_at DESC, v.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n FROM chemical_surveys v JOIN sites s ON s.id = v.site_id WHERE ${where}`.execute(db),
  ])
  return { items: items.rows, total: total.rows[0].n }
}

export async function findSurvey(db: Kysely<DB>, scope: SiteScope, id: number): Promise<SurveyRow | undefined> {
  const { rows } = await sql<SurveyRow>`SELECT ${surveyColumns} ${surveyFrom} WHERE v.id = ${id} AND ${inSiteScope(scope)}`.execute(db)
  return rows[0]
}

export interface DangerRow {
  hazardId: number; siteId: number; siteCode: string; siteName: string; surveyId: number | null; severity: string; description: string
  status: string; foundAt: string; deadline: string; closedAt: string | null; ageDays: number; daysOverdue: number
}

const dangerColumns = sql`h.id AS "hazardId", h.site_id AS "siteId", s.code AS "siteCode", s.name AS "siteName",
  CASE WHEN h.source_ref ~ '^chemical-survey:[0-9]+:' THEN split_part(h.source_ref, ':', 2)::int END AS "surveyId",
  h.severity, h.description, h.status, ${beijingIso(sql`h.found_at`)} AS "foundAt", h.deadline::text AS deadline,
  CASE WHEN h.closed_at IS NULL THEN NULL ELSE ${beijingIso(sql`h.closed_at`)} END AS "closedAt",
  (${beijingToday} - (h.found_at AT TIME ZONE 'Asia/Shanghai')::date)::int AS "ageDays", ${daysOverdue()}::int AS "daysOverdue"`

const dangerWhere = (scope: SiteScope, f: Omit<DangerFilter, 'limit' | 'offset'>) => sql.join([
  sql`h.raised_by = 'chemical'`, inSiteScope(scope),
  ...(f.status === 'open' ? [sql`h.status <> 'closed'`] : f.status === 'closed' ? [sql`h.status = 'closed'`] : []),
  ...(f.siteId ? [sql`h.site_id = ${f.siteId}`] : []),
], sql` AND `)

/** 隐患清单: the chemical dangers of the scope, open ones first and oldest first, with the total for paging. */
export async function listDangers(db: Kysely<DB>, scope: SiteScope, f: DangerFilter) {
  const from = sql`FROM hazards h JOIN sites s ON s.id = h.site_id WHERE ${dangerWhere(scope, f)}`
  const [items, total] = await Promise.all([
    sql<DangerRow>`SELECT ${dangerColumns} ${from} ORDER BY h.status = 'closed', h.found_at, h.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from}`.execute(db),
  ])
  return { items: items.rows, total: total.rows[0].n }
}

export async function exportDangers(db: Kysely<DB>, scope: SiteScope, f: Omit<DangerFilter, 'limit' | 'offset'>, cap: number) {
  const { rows } = await sql<DangerRow>`SELECT ${dangerColumns} FROM hazards h JOIN sites s ON s.id = h.site_id WHERE ${dangerWhere(scope, f)}
    ORDER BY h.status = 'closed', h.found_at, h.id LIMIT ${cap}`.execute(db)
  return rows
}
