import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { gridInScope, inSiteScope } from '../auth/site-scope.ts'
import { daysOverdue } from '../hazards/hazards.repo.ts'

/*
 * The supervisor's working day: where their zone is, its sites by risk, and what needs doing today. Each list is
 * capped; the counts beside them are not, so nothing hides behind a cap.
 */

const LISTED = 100
// Red and orange sites are due for another visit after this many days without one.
export const REINSPECT_AFTER_DAYS = { red: 14, orange: 30 } as const

export async function zoneFrame(db: Kysely<DB>, scope: SiteScope) {
  const { rows } = await sql<{ bounds: [number, number, number, number] | null; grids: { id: number; code: string; name: string }[] }>`
    SELECT (SELECT json_build_array(ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) FROM (SELECT ST_Extent(g.geom) AS e FROM grids g WHERE ${gridInScope(scope)}) x
            WHERE e IS NOT NULL) AS bounds,
      (SELECT coalesce(json_agg(json_build_object('id', g.id, 'code', g.code, 'name', g.name) ORDER BY g.code), '[]'::json)
       FROM (SELECT * FROM grids g WHERE ${gridInScope(scope)} ORDER BY g.code LIMIT 500) g) AS grids`.execute(db)
  return rows[0]
}

/** Sites still under way, riskiest first, with what is open on each. */
export function rankedSites(db: Kysely<DB>, scope: SiteScope) {
  return db.selectFrom('sites as s').leftJoin('site_risk as r', 'r.site_id', 's.id')
    .select(['s.id', 's.code', 's.name', 's.kind', 'r.score as riskScore', 'r.grade as riskGrade', lonLatJson(sql`s.location`).as('location'),
      sql<number>`(SELECT count(*) FROM hazards h WHERE h.site_id = s.id AND h.status <> 'closed')::int`.as('openHazards'),
      sql<string | null>`(SELECT ${beijingIso(sql`max(i.inspected_at)`)} FROM inspections i WHERE i.site_id = s.id)`.as('lastInspectedAt')])
    .where('s.stage', '<>', 'completed').where(inSiteScope(scope))
    .orderBy(sql`r.score DESC NULLS LAST`).orderBy('s.id').limit(LISTED).execute()
}

export function overdueHazards(db: Kysely<DB>, scope: SiteScope) {
  return db.selectFrom('hazards as h').innerJoin('sites as s', 's.id', 'h.site_id')
    .select(['h.id', 'h.site_id as siteId', 's.name as siteName', 'h.severity', 'h.category', 'h.status', sql<string>`h.deadline::text`.as('deadline'),
      daysOverdue().as('daysOverdue')])
    .where('h.status', '<>', 'closed').where(sql<boolean>`h.deadline < ${beijingToday}`).where(inSiteScope(scope))
    .orderBy(sql`h.severity = 'major'`, 'desc').orderBy('h.deadline').orderBy('h.id').limit(LISTED).execute()
}

/** Rectifications submitted and waiting for the supervisor's check, and risky sites not visited lately. */
export async function reinspectionsDue(db: Kysely<DB>, scope: SiteScope) {
  const { rows } = await sql<{ siteId: number; siteName: string; reason: 'verify_rectification' | 'risk_revisit'; hazardId: number | null; detail: string; since: string }>`
    SELECT * FROM (
      SELECT s.id AS "siteId", s.name AS "siteName", 'verify_rectification' AS reason, h.id AS "hazardId", h.category AS detail,
        ${beijingIso(sql`(SELECT max(e.at) FROM hazard_events e WHERE e.hazard_id = h.id)`)} AS since, 0 AS rank
      FROM hazards h JOIN sites s ON s.id = h.site_id WHERE h.status = 'submitted' AND ${inSiteScope(scope)}
      UNION ALL
      SELECT s.id, s.name, 'risk_revisit', NULL, r.grade, coalesce(${beijingIso(sql`li.at`)}, ''), 1
      FROM sites s JOIN site_risk r ON r.site_id = s.id
      LEFT JOIN LATERAL (SELECT max(i.inspected_at) AS at FROM inspections i WHERE i.site_id = s.id) li ON true
      WHERE s.stage <> 'completed' AND ${inSiteScope(scope)}
        AND ((r.grade = 'red' AND (li.at IS NULL OR li.at < now() - make_interval(days => ${REINSPECT_AFTER_DAYS.red}::int)))
          OR (r.grade = 'orange' AND (li.at IS NULL OR li.at < now() - make_interval(days => ${REINSPECT_AFTER_DAYS.orange}::int))))
    ) due ORDER BY rank, since, "siteId" LIMIT ${LISTED}`.execute(db)
  return rows
}

/** Key projects in scope still missing one of the three high-standard measures. */
export function keyProjectsMissingMeasures(db: Kysely<DB>, scope: SiteScope) {
  return db.selectFrom('key_projects as k').innerJoin('sites as s', 's.id', 'k.site_id')
    .select(['s.id as siteId', 's.name as siteName', sql<number>`k.rank`.as('rank'), sql<string>`k.deadline::text`.as('deadline'),
      sql<boolean>`k.deadline < ${beijingToday}`.as('pastDeadline'),
      sql<string[]>`array_remove(ARRAY[CASE WHEN k.enclosure_done_on IS NULL THEN 'enclosure' END,
        CASE WHEN k.dust_net_done_on IS NULL THEN 'dust_net' END, CASE WHEN k.spraying_done_on IS NULL THEN 'spraying' END], NULL)`.as('missing')])
    .where((eb) => eb.or([eb('k.enclosure_done_on', 'is', null), eb('k.dust_net_done_on', 'is', null), eb('k.spraying_done_on', 'is', null)]))
    .where(inSiteScope(scope)).orderBy('k.deadline').orderBy('k.rank').limit(LISTED).execute()
}
