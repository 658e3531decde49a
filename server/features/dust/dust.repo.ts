import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { DustRule } from '../../domain/dust.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/**
 * Averaged PM10 windows over the rule's limit, as a subquery of (site_id, window_start, mean_pm10).
 * `sites` restricts which sites are read (a subquery of site ids); `since` is how far back to look, and `until`, for
 * a day of the history, up to when (now when absent).
 * With a background rule, a window only counts if it is also that far above the mean of nearby stations.
 */
export function exceedingWindows(rule: DustRule, since: RawBuilder<unknown>, sites: RawBuilder<unknown>, until?: RawBuilder<unknown>): RawBuilder<unknown> {
  const bin = sql`date_bin(${`${rule.windowMinutes} minutes`}::interval, p.measured_at, timestamptz '2000-01-01 00:00+08')`
  const background = rule.backgroundDeltaUgM3 === null ? sql`` : sql`
    AND x.mean_pm10 - coalesce((SELECT avg(b.pm10) FROM pm10_readings b JOIN aq_stations a ON a.id = b.station_id
      JOIN sites s ON s.id = x.site_id
      WHERE ST_DWithin(a.location::geography, s.location::geography, ${rule.backgroundRadiusKm * 1000}::float8)
        AND b.measured_at >= x.window_start AND b.measured_at < x.window_start + ${`${rule.windowMinutes} minutes`}::interval), 0)
      > ${rule.backgroundDeltaUgM3}::float8`
  return sql`
    SELECT x.site_id, x.window_start, x.mean_pm10 FROM (
      SELECT p.site_id, ${bin} AS window_start, avg(p.pm10) AS mean_pm10
      FROM pm10_readings p
      WHERE p.site_id IN (${sites}) AND p.measured_at >= ${since}${until ? sql` AND p.measured_at <= ${until}` : sql``}
      GROUP BY 1, 2) x  -- by position: each bound copy of the window is a different expression to PostgreSQL
    WHERE x.mean_pm10 > ${rule.limitUgM3}::float8 ${background}`
}

/** Dust alerts: every exceeding window of the last `hours`, newest first, with its site. */
export async function recentExceedances(db: Kysely<DB>, scope: SiteScope, rule: DustRule, hours: number, districtId?: number) {
  const sites = sql`SELECT s.id FROM sites s WHERE ${inSiteScope(scope)}${districtId ? sql` AND s.district_id = ${districtId}` : sql``}`
  const { rows } = await sql<{ siteId: number; code: string; name: string; windowStart: string; meanPm10: number }>`
    SELECT w.site_id AS "siteId", s.code, s.name,
      ${beijingIso(sql`w.window_start`)} AS "windowStart",
      round(w.mean_pm10::numeric, 1)::float8 AS "meanPm10"
    FROM (${exceedingWindows(rule, sql`now() - make_interval(hours => ${hours}::int)`, sites)}) w JOIN sites s ON s.id = w.site_id
    ORDER BY w.window_start DESC, w.site_id LIMIT 500`.execute(db)
  return rows
}
