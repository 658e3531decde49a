import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { districtInScope, gridInScope, inSiteScope } from '../auth/site-scope.ts'

/** Camera coverage rolled up by grid or district: covered area over footprint area of the sites in each (in scope). */
export async function coverageBy(db: Kysely<DB>, scope: SiteScope, by: 'grid' | 'district', districtId?: number) {
  const [table, key] = by === 'grid' ? [sql`grids`, sql`grid_id`] : [sql`districts`, sql`district_id`]
  const { rows } = await sql<Record<string, number | string | null>>`
    SELECT a.id, a.name, count(s.id)::int AS sites, coalesce(sum(cv.cameras), 0)::int AS cameras,
      coalesce(sum(cv.online_cameras), 0)::int AS online_cameras,
      count(s.id) FILTER (WHERE coalesce(cv.cameras, 0) = 0)::int AS sites_without_camera,
      round((sum(cv.covered_m2) / nullif(sum(cv.footprint_m2), 0))::numeric, 4)::float8 AS coverage_ratio
    FROM ${table} a LEFT JOIN sites s ON s.${key} = a.id AND ${inSiteScope(scope)} LEFT JOIN site_coverage cv ON cv.site_id = s.id
    WHERE ${by === 'grid' ? gridInScope(scope, 'a') : districtInScope(scope, 'a')} AND ${districtId ? sql`a.${sql.raw(by === 'grid' ? 'district_id' : 'id')} = ${districtId}` : sql`true`}
    GROUP BY a.id ORDER BY a.id`.execute(db)
  return rows.map((r) => ({
    id: r.id, name: r.name, sites: r.sites, cameras: r.cameras, onlineCameras: r.online_cameras,
    sitesWithoutCamera: r.sites_without_camera, coverageRatio: r.coverage_ratio,
  }))
}
