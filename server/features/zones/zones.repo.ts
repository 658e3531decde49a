import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { gridInScope, inSiteScope } from '../auth/site-scope.ts'

/*
 * What a grid supervisor or a planner reads when they click an area on the map: the area, how its sites stand
 * (risk, hazards, cameras) and the sites themselves, riskiest first. One query shape for every kind of area.
 */

export const MAX_LISTED_SITES = 300

export interface ZoneSummary {
  siteCount: number
  byGrade: Record<string, number>
  byKind: Record<string, number>
  byStage: Record<string, number>
  keyProjects: number
  beyondScaleSites: number
  openHazards: number
  overdueHazards: number
  sitesWithoutCamera: number
  sitesWithOfflineCamera: number
  meanCoverageRatio: number | null
  meanStandardizationScore: number | null
  sites: { id: number; code: string; name: string; kind: string; stage: string; riskScore: number | null; riskGrade: string | null; coverageRatio: number | null }[]
}

const countBy = (column: string) =>
  sql<Record<string, number>>`(SELECT coalesce(json_object_agg(k, n), '{}'::json) FROM
    (SELECT ${sql.ref(column)} AS k, count(*) AS n FROM zone_sites WHERE ${sql.ref(column)} IS NOT NULL GROUP BY 1) c)`

async function summarize(db: Kysely<DB>, siteIds: RawBuilder<unknown>): Promise<ZoneSummary> {
  const { rows } = await sql<ZoneSummary>`
    WITH zone_sites AS (
      SELECT s.id, s.code, s.name, s.kind, s.stage, s.standardization_score, r.score AS risk_score, r.grade,
        cv.coverage_ratio, coalesce(cv.cameras, 0) AS cameras, coalesce(cv.online_cameras, 0) AS online_cameras,
        EXISTS (SELECT 1 FROM key_projects k WHERE k.site_id = s.id) AS is_key,
        EXISTS (SELECT 1 FROM dangerous_works w WHERE w.site_id = s.id AND w.beyond_scale AND w.status <> 'completed') AS beyond_scale
      FROM sites s LEFT JOIN site_risk r ON r.site_id = s.id LEFT JOIN site_coverage cv ON cv.site_id = s.id
      WHERE s.id IN (${siteIds}))
    SELECT
      (SELECT count(*) FROM zone_sites)::int AS "siteCount",
      ${countBy('grade')} AS "byGrade", ${countBy('kind')} AS "byKind", ${countBy('stage')} AS "byStage",
      (SELECT count(*) FILTER (WHERE is_key) FROM zone_sites)::int AS "keyProjects",
      (SELECT count(*) FILTER (WHERE beyond_scale) FROM zone_sites)::int AS "beyondScaleSites",
      (SELECT count(*) FROM hazards h WHERE h.site_id IN (SELECT id FROM zone_sites) AND h.status <> 'closed')::int AS "openHazards",
      (SELECT count(*) FROM hazards h WHERE h.site_id IN (SELECT id FROM zone_sites) AND h.status <> 'closed'
         AND h.deadline < current_date)::int AS "overdueHazards",
      (SELECT count(*) FILTER (WHERE cameras = 0) FROM zone_sites)::int AS "sitesWithoutCamera",
      (SELECT count(*) FILTER (WHERE online_cameras < cameras) FROM zone_sites)::int AS "sitesWithOfflineCamera",
      (SELECT round(avg(coverage_ratio)::numeric, 3)::float8 FROM zone_sites) AS "meanCoverageRatio",
      (SELECT round(avg(standardization_score)::numeric, 1)::float8 FROM zone_sites) AS "meanStandardizationScore",
      (SELECT coalesce(json_agg(json_build_object('id', id, 'code', code, 'name', name, 'kind', kind, 'stage', stage,
          'riskScore', risk_score, 'riskGrade', grade, 'coverageRatio', coverage_ratio) ORDER BY risk_score DESC NULLS LAST, id), '[]'::json)
       FROM (SELECT * FROM zone_sites ORDER BY risk_score DESC NULLS LAST, id LIMIT ${MAX_LISTED_SITES}) listed) AS sites`.execute(db)
  return rows[0]
}

/** A grid outside the caller's scope is not found. */
export async function gridSummary(db: Kysely<DB>, scope: SiteScope, gridId: number) {
  const grid = await db.selectFrom('grids as g').innerJoin('districts as d', 'd.id', 'g.district_id')
    .innerJoin('townships as t', 't.id', 'g.township_id')
    .select(['g.id', 'g.code', 'g.name', 'd.name as district', 't.name as township',
      sql<number>`round((ST_Area(g.geom::geography) / 1e6)::numeric, 2)::float8`.as('areaKm2'),
      sql<{ name: string; phone: string | null }[]>`(SELECT coalesce(json_agg(json_build_object('name', u.display_name, 'phone', u.phone)
        ORDER BY u.id), '[]'::json) FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id WHERE gs.grid_id = g.id)`.as('supervisors')])
    .where('g.id', '=', gridId).where(gridInScope(scope)).executeTakeFirst()
  if (!grid) return undefined
  return { ...grid, ...(await summarize(db, sql`SELECT s.id FROM sites s WHERE s.grid_id = ${gridId} AND ${inSiteScope(scope)}`)) }
}

/** The zone is city geography; what it lists is only the sites in the caller's scope. */
export async function demoZoneSummary(db: Kysely<DB>, scope: SiteScope, zoneId: number) {
  const zone = await db.selectFrom('demo_zones').where('id', '=', zoneId)
    .select(['id', 'name', 'description', sql<number>`round((ST_Area(geom::geography) / 1e6)::numeric, 2)::float8`.as('areaKm2')])
    .executeTakeFirst()
  if (!zone) return undefined
  const inside = sql`SELECT s.id FROM sites s JOIN demo_zones z ON ST_Covers(z.geom, s.location) WHERE z.id = ${zoneId} AND ${inSiteScope(scope)}`
  return { ...zone, ...(await summarize(db, inside)) }
}
