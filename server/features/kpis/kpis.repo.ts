import { type Kysely, type RawBuilder, sql } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { DustRule } from '../../domain/dust.ts'
import { CITY_SCOPE, type SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { deviceReporting } from '../devices/devices.repo.ts'
import { exceedingWindows } from '../dust/dust.repo.ts'
import { hazardOpenAt } from '../hazards/hazards.repo.ts'
import { certificationRateOf } from '../people/certification.repo.ts'

/*
 * The plan's KPIs, each computed in SQL from the records at request time; nothing is stored by hand. Video and crane
 * monitoring count what devices actually reported: a camera the platform reports online, a crane monitor heard from
 * within two of its intervals (devices.repo.ts). Read `at` an instant — now, or the end of a day the history keeps
 * (features/history) — so that a past day's figures come from this same SQL; records with a time (hazards, notices,
 * measures, readings, accidents) are taken as they stood then, state without one (stage, devices) as it is.
 */

/** An area to report on, within what the caller may read (`access`, the whole city when absent). */
export interface KpiScope { districtId?: number; gridId?: number; access?: SiteScope }

export const inScope = ({ districtId, gridId, access = CITY_SCOPE }: KpiScope): RawBuilder<unknown> =>
  sql.join([inSiteScope(access), ...(districtId ? [sql`s.district_id = ${districtId}`] : []), ...(gridId ? [sql`s.grid_id = ${gridId}`] : [])], sql` AND `)

// The day as a range of instants, which the index on issue times serves (49 → 1.5 ms at 100,000 sites); a date cast of each row cannot.
const startOf = (day: RawBuilder<string>) => sql`(${day}::timestamp AT TIME ZONE 'Asia/Shanghai')`
// A measure not yet done has no date: NULL must count as not done, not as unknown, or NOT allThree would drop it.
const allThree = (day: RawBuilder<string>) =>
  sql`coalesce(k.enclosure_done_on <= ${day} AND k.dust_net_done_on <= ${day} AND k.spraying_done_on <= ${day}, false)`
const ratio = (part: RawBuilder<unknown>, whole: RawBuilder<unknown>) =>
  sql<number | null>`CASE WHEN (${whole}) > 0 THEN round(((${part})::numeric / (${whole})), 4)::float8 END`

export async function computeKpis(db: Kysely<DB>, scope: KpiScope, dust: DustRule, at: AsOf = LIVE) {
  const where = inScope(scope)
  const { instant, day: today } = at
  const startOfToday = startOf(today)
  const openAt = hazardOpenAt(instant, 'h.')
  const supervised = sql`SELECT s.* FROM sites s WHERE ${where} AND s.stage <> 'completed'`
  const [headline, notices, keyProjects, keyByDistrict, hazards, pm10, ranking] = await Promise.all([
    sql<Record<string, number | null>>`
      SELECT (SELECT count(*) FROM (${supervised}) s)::int AS supervised_today,
        (SELECT count(DISTINCT w.site_id) FROM dangerous_works w JOIN (${supervised}) s ON s.id = w.site_id
          WHERE w.beyond_scale AND w.status <> 'completed')::int AS beyond_scale_projects,
        ${ratio(sql`SELECT count(*) FROM (${supervised}) s WHERE s.standardization_score IS NOT NULL`, sql`SELECT count(*) FROM (${supervised}) s`)} AS standardization_coverage,
        ${certificationRateOf(where)} AS certificate_rate,
        ${ratio(sql`SELECT count(*) FROM (${supervised}) s WHERE EXISTS (SELECT 1 FROM cameras c JOIN devices v ON v.camera_id = c.id
            WHERE c.site_id = s.id AND c.purpose = 'site_video' AND c.online AND ${deviceReporting()})`,
          sql`SELECT count(*) FROM (${supervised}) s`)} AS video_installation_rate,
        ${ratio(sql`SELECT count(*) FROM cranes c JOIN (${supervised}) s ON s.id = c.site_id JOIN devices v ON v.crane_id = c.id WHERE c.stage <> 'dismantled' AND ${deviceReporting()}`,
          sql`SELECT count(*) FROM cranes c JOIN (${supervised}) s ON s.id = c.site_id WHERE c.stage <> 'dismantled'`)} AS crane_monitoring_rate,
        ${ratio(sql`SELECT count(*) FROM devices v JOIN (${supervised}) s ON s.id = v.site_id WHERE ${deviceReporting()}`,
          sql`SELECT count(*) FROM devices v JOIN (${supervised}) s ON s.id = v.site_id WHERE v.status = 'active'`)} AS device_online_rate`.execute(db),
    sql<{ type: string; name_zh: string; count: number }>`
      SELECT t.code AS type, t.name_zh, count(n.id)::int AS count FROM notice_types t
      LEFT JOIN (SELECT n.* FROM notices n JOIN sites s ON s.id = n.site_id
                 WHERE ${where} AND n.issued_at >= ${startOfToday} AND n.issued_at < ${startOfToday} + interval '1 day') n ON n.type_code = t.code
      GROUP BY t.code, t.name_zh, t.sort ORDER BY t.sort`.execute(db),
    sql<Record<string, number | string | null>>`
      SELECT count(*)::int AS total, min(k.deadline)::text AS deadline,
        count(*) FILTER (WHERE k.enclosure_done_on <= ${today})::int AS enclosure, count(*) FILTER (WHERE k.dust_net_done_on <= ${today})::int AS dust_net,
        count(*) FILTER (WHERE k.spraying_done_on <= ${today})::int AS spraying,
        count(*) FILTER (WHERE ${allThree(today)})::int AS all_three,
        count(*) FILTER (WHERE NOT ${allThree(today)} AND k.deadline < ${today})::int AS missing_after_deadline
      FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE ${where}`.execute(db),
    sql<{ district_id: number; name: string; total: number; all_three: number }>`
      SELECT d.id AS district_id, d.name, count(*)::int AS total,
        count(*) FILTER (WHERE ${allThree(today)})::int AS all_three
      FROM key_projects k JOIN sites s ON s.id = k.site_id JOIN districts d ON d.id = s.district_id
      WHERE ${where} GROUP BY d.id ORDER BY d.id`.execute(db),
    sql<{ severity: string; age: string; open: number; overdue: number }>`
      SELECT h.severity, CASE WHEN ${today} - (h.found_at AT TIME ZONE 'Asia/Shanghai')::date <= 7 THEN '0-7'
                              WHEN ${today} - (h.found_at AT TIME ZONE 'Asia/Shanghai')::date <= 30 THEN '8-30' ELSE '31+' END AS age,
        count(*)::int AS open, count(*) FILTER (WHERE h.deadline < ${today})::int AS overdue
      FROM hazards h JOIN sites s ON s.id = h.site_id WHERE ${where} AND ${openAt} GROUP BY 1, 2`.execute(db),
    sql<{ windows: number; sites: number }>`
      SELECT count(*)::int AS windows, count(DISTINCT site_id)::int AS sites
      FROM (${exceedingWindows(dust, sql`${instant} - interval '24 hours'`, sql`SELECT s.id FROM sites s WHERE ${where}`, instant)}) w`.execute(db),
    sql<Record<string, number | string | null>>`
      SELECT d.id AS district_id, d.name, count(s.id)::int AS supervised_sites,
        coalesce(sum(h.open), 0)::int AS open_hazards, coalesce(sum(h.overdue), 0)::int AS overdue_hazards,
        count(r.site_id) FILTER (WHERE r.grade = 'red')::int AS red_sites, round(avg(r.score)::numeric, 1)::float8 AS mean_risk,
        (SELECT count(*) FROM accidents a JOIN sites s ON s.id = a.site_id WHERE a.district_id = d.id
           AND a.occurred_at >= ${instant} - interval '12 months' AND a.occurred_at <= ${instant} AND ${where})::int AS accidents_12m,
        (SELECT count(*) FROM accountability_actions x WHERE x.district_id = d.id AND x.reply IS NULL)::int AS open_actions
      FROM districts d JOIN sites s ON s.district_id = d.id AND s.stage <> 'completed' AND ${where}
      LEFT JOIN site_risk r ON r.site_id = s.id
      LEFT JOIN (SELECT site_id, count(*) AS open, count(*) FILTER (WHERE deadline < ${today}) AS overdue
                 FROM hazards WHERE ${hazardOpenAt(instant)} GROUP BY site_id) h ON h.site_id = s.id
      GROUP BY d.id ORDER BY mean_risk DESC NULLS LAST, d.id`.execute(db),
  ])
  return { headline: headline.rows[0], notices: notices.rows, keyProjects: keyProjects.rows[0], keyByDistrict: keyByDistrict.rows, hazards: hazards.rows, pm10: pm10.rows[0], ranking: ranking.rows }
}

export async function scopeExists(db: Kysely<DB>, scope: KpiScope): Promise<boolean> {
  if (scope.districtId && !(await db.selectFrom('districts').select('id').where('id', '=', scope.districtId).executeTakeFirst())) return false
  if (scope.gridId && !(await db.selectFrom('grids').select('id').where('id', '=', scope.gridId).executeTakeFirst())) return false
  return true
}
