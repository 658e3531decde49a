import { type Expression, type ExpressionBuilder, type Kysely, sql } from 'kysely'
import { jsonObjectFrom } from 'kysely/helpers/postgres'
import { beijingIso, geoJsonText, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/** One site with everything its panel shows. Undefined when there is no such site in the scope. */
export async function findSiteDetail(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db
    .selectFrom('sites as s')
    .innerJoin('districts as d', 'd.id', 's.district_id')
    .leftJoin('grids as g', 'g.id', 's.grid_id')
    .leftJoin('site_risk as r', 'r.site_id', 's.id')
    .leftJoin('site_coverage as cv', 'cv.site_id', 's.id')
    .select((eb) => [
      's.id', 's.code', 's.name', 's.kind', 's.stage', 's.address', 's.floor_area_m2 as floorArea',
      's.contract_value_wan as contractValueWan',
      // The contractor's latest credit (credit.job.ts); null when unmatched or not yet rated.
      sql<{ enterpriseId: number; score: number; grade: string } | null>`(SELECT json_build_object('enterpriseId', ec.enterprise_id, 'score', ec.score, 'grade', ec.grade)
        FROM site_parties sp JOIN enterprise_credit ec ON ec.enterprise_id = sp.enterprise_id
        WHERE sp.site_id = s.id AND sp.role = 'contractor' ORDER BY ec.period_end DESC LIMIT 1)`.as('contractorCredit'),
      's.responsibility_docs_ok as responsibilityDocsOk', 's.standardization_score as standardizationScore',
      sql<string | null>`s.start_date::text`.as('startDate'), sql<string | null>`s.planned_end_date::text`.as('plannedEndDate'),
      // In the order of the construction process: 建设, 勘察, 设计, 施工, 监理.
      sql<{ role: 'owner' | 'surveyor' | 'designer' | 'contractor' | 'supervisor'; enterpriseId: number | null; name: string; matched: boolean }[]>`(
        SELECT coalesce(json_agg(json_build_object('role', sp.role, 'enterpriseId', sp.enterprise_id, 'name', coalesce(e.name, sp.recorded_name),
          'matched', sp.enterprise_id IS NOT NULL) ORDER BY array_position(ARRAY['owner', 'surveyor', 'designer', 'contractor', 'supervisor'], sp.role)), '[]'::json)
        FROM site_parties sp LEFT JOIN enterprises e ON e.id = sp.enterprise_id WHERE sp.site_id = s.id)`.as('parties'),
      lonLatJson(sql`s.location`).as('location'),
      sql<{ type: string; coordinates: unknown } | null>`${geoJsonText(sql.ref('s.footprint'))}::json`.as('footprint'),
      sql<number | null>`round((ST_Area(s.footprint::geography))::numeric)`.as('footprintAreaM2'),
      sql<{ id: number; name: string }>`json_build_object('id', d.id, 'name', d.name)`.as('district'),
      sql<{ score: number; grade: string; breakdown: { factor: string; value: number; points: number }[] } | null>`CASE WHEN r.site_id IS NULL THEN NULL ELSE json_build_object('score', r.score, 'grade', r.grade, 'breakdown', r.breakdown) END`.as('risk'),
      sql<{ ratio: number | null; cameras: number; onlineCameras: number; footprintM2: number | null; coveredM2: number | null } | null>`CASE WHEN cv.site_id IS NULL THEN NULL ELSE json_build_object('ratio', cv.coverage_ratio, 'cameras', cv.cameras,
        'onlineCameras', cv.online_cameras, 'footprintM2', round(cv.footprint_m2::numeric), 'coveredM2', round(cv.covered_m2::numeric)) END`.as('coverage'),
      sql<{ id: number; code: string; name: string; supervisors: string[] } | null>`CASE WHEN g.id IS NULL THEN NULL ELSE json_build_object('id', g.id, 'code', g.code, 'name', g.name,
        'supervisors', (SELECT coalesce(json_agg(u.display_name ORDER BY u.id), '[]'::json) FROM grid_supervisors gs
                        JOIN users u ON u.id = gs.user_id WHERE gs.grid_id = g.id)) END`.as('grid'),
      ...siteRecords(eb),
    ])
    .where('s.id', '=', id).where(inSiteScope(scope))
    .executeTakeFirst()
}

/*
 * The panel's record lists, as JSON subqueries on the site row: the whole panel is one statement (it was seven),
 * and the lists are only read for a site that passed the scope check.
 */
/** Kysely's jsonArrayFrom, typed as the rows themselves: its own type widens the [lon, lat] tuples to number[]. */
const jsonRows = <O>(rows: Expression<O>) => sql<O[]>`(SELECT coalesce(json_agg(agg), '[]') FROM ${rows} AS agg)`

function siteRecords(eb: ExpressionBuilder<DB & { s: DB['sites'] }, 's'>) {
  return [
    jsonObjectFrom(eb.selectFrom('key_projects as k').whereRef('k.site_id', '=', 's.id')
      .select([sql<number>`k.rank`.as('rank'), sql<string>`k.deadline::text`.as('deadline'), sql<string | null>`k.enclosure_done_on::text`.as('enclosureDoneOn'),
        sql<string | null>`k.dust_net_done_on::text`.as('dustNetDoneOn'), sql<string | null>`k.spraying_done_on::text`.as('sprayingDoneOn')]))
      .as('keyProject'),
    jsonRows(eb.selectFrom('dangerous_works as w').whereRef('w.site_id', '=', 's.id').orderBy('w.id')
      .select(['w.id', 'w.category', 'w.beyond_scale as beyondScale', 'w.measure_value as measureValue', 'w.measure_unit as measureUnit', 'w.status',
        sql<string>`w.starts_on::text`.as('startsOn')]))
      .as('dangerousWorks'),
    // Installations on the site, dismantled ones too (the site's history); the machine's record number is its identity.
    jsonRows(eb.selectFrom('cranes as c').innerJoin('crane_machines as m', 'm.id', 'c.machine_id').whereRef('c.site_id', '=', 's.id').orderBy('c.id')
      .select(['c.id', 'c.machine_id as machineId', 'm.record_no as recordNo', 'c.kind', 'c.stage', 'c.registration_no as registrationNo', 'c.monitored',
        sql<string | null>`c.last_inspected_on::text`.as('lastInspectedOn')]))
      .as('cranes'),
    jsonRows(eb.selectFrom('cameras as cam').whereRef('cam.site_id', '=', 's.id').orderBy('cam.id')
      .select(['cam.id', 'cam.code', 'cam.purpose', 'cam.online', 'cam.heading_deg as heading', 'cam.fov_deg as fov', 'cam.range_m as range',
        lonLatJson(sql`cam.location`).as('location')]))
      .as('cameras'),
    jsonRows(eb.selectFrom('inspections as i').whereRef('i.site_id', '=', 's.id').orderBy('i.inspected_at', 'desc').orderBy('i.id').limit(20)
      .select(['i.id', 'i.kind', 'i.score', beijingIso(sql`i.inspected_at`).as('inspectedAt')]))
      .as('inspections'),
    jsonRows(eb.selectFrom('hazards as h').whereRef('h.site_id', '=', 's.id').where('h.status', '<>', 'closed').orderBy('h.found_at').orderBy('h.id')
      .select(['h.id', 'h.severity', 'h.category', 'h.description', 'h.status', sql<string>`h.deadline::text`.as('deadline'),
        sql<number>`(current_date - (h.found_at AT TIME ZONE 'Asia/Shanghai')::date)`.as('ageDays'),
        sql<boolean>`h.deadline < current_date`.as('overdue')]))
      .as('openHazards'),
  ]
}
