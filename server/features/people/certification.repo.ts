import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingToday } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import {
  type CertificateNeed, POSITION_NEEDS, SAFETY_DIRECTOR_MIN_CONTRACT_WAN, SAFETY_DIRECTOR_MIN_FLOOR_M2, SAFETY_OFFICER_STEPS, SAFETY_OFFICERS_LARGEST,
} from '../../domain/certification.ts'

/*
 * The 持证上岗率 in SQL, for every site at once (the KPIs, the wall, the risk model and the per-area figures read
 * it). It is built from the same constants as server/domain/certification.ts, and the API tests check the two agree
 * site by site on the seeded city.
 */

/** A certificate row `c` valid on `day`: issued, not expired (the expiry day counts), not revoked. */
export const certificateValid = (alias = 'c', day: RawBuilder<unknown> = beijingToday) =>
  sql<boolean>`(${sql.ref(`${alias}.issued_on`)} <= ${day} AND ${sql.ref(`${alias}.expires_on`)} >= ${day}
    AND (${sql.ref(`${alias}.revoked_on`)} IS NULL OR ${sql.ref(`${alias}.revoked_on`)} > ${day}))`

/** Per position kind, the SQL count a site requires (columns of the `f` facts row below). */
const REQUIRED: Record<string, RawBuilder<number>> = {
  project_manager: sql`1`,
  chief_supervisor: sql`CASE WHEN f.has_supervisor THEN 1 ELSE 0 END`,
  safety_director: sql`CASE WHEN f.floor_area_m2 >= ${SAFETY_DIRECTOR_MIN_FLOOR_M2}::float8 OR f.contract_value_wan >= ${SAFETY_DIRECTOR_MIN_CONTRACT_WAN}::float8 THEN 1 ELSE 0 END`,
  safety_officer: sql`CASE ${sql.join(SAFETY_OFFICER_STEPS.map(([below, n]) => sql`WHEN f.floor_area_m2 < ${below}::float8 THEN ${n}::int`), sql` `)} ELSE ${SAFETY_OFFICERS_LARGEST}::int END`,
  crane_driver: sql`f.live_towers`,
  crane_signaler: sql`f.live_towers`,
}
const KEYS = Object.keys(POSITION_NEEDS)

/** Every distinct certificate need of the positions, each a boolean column `n<i>` of a staff row below. */
const NEEDS: CertificateNeed[] = [...new Map(Object.values(POSITION_NEEDS).flatMap((p) => p.needs).map((n) => [`${n.kind}/${n.specialty ?? ''}`, n])).values()]
const needIndex = (n: CertificateNeed) => NEEDS.findIndex((m) => m.kind === n.kind && m.specialty === n.specialty)

/**
 * One row per non-completed site matching `where` (a condition on `sites s`): its grid, district, and the positions
 * required and filled. Set-based (each current staff row joined once to its valid certificates), so the whole city
 * is one pass: the KPIs and the wall read it on every request.
 */
export function siteCertification(where: RawBuilder<unknown>) {
  const needColumns = NEEDS.map((n, i) => sql`bool_or(c.kind = ${n.kind}${n.specialty === undefined ? sql`` : sql` AND c.specialty = ${n.specialty}`}) AS ${sql.ref(`n${i}`)}`)
  const fitColumns = KEYS.map((key) => {
    const { role, needs } = POSITION_NEEDS[key]
    return sql`count(*) FILTER (WHERE h.role = ${role} AND ${sql.join(needs.map((n) => sql.ref(`h.n${needIndex(n)}`)), sql` AND `)}) AS ${sql.ref(`fit_${key}`)}`
  })
  const required = sql.join(KEYS.map((k) => sql`(${REQUIRED[k]})`), sql` + `)
  const filled = sql.join(KEYS.map((k) => sql`least(${REQUIRED[k]}, coalesce(${sql.ref(`fit.fit_${k}`)}, 0))`), sql` + `)
  return sql<{ site_id: number; grid_id: number | null; district_id: number; required: number; filled: number }>`
    SELECT f.id AS site_id, f.grid_id, f.district_id, (${required})::int AS required, (${filled})::int AS filled
    FROM (SELECT s.id, s.grid_id, s.district_id, s.floor_area_m2, s.contract_value_wan,
            EXISTS (SELECT 1 FROM site_parties sp WHERE sp.site_id = s.id AND sp.role = 'supervisor') AS has_supervisor,
            (SELECT count(*) FROM cranes c WHERE c.site_id = s.id AND c.kind = 'tower_crane' AND c.stage <> 'dismantled')::int AS live_towers
          FROM sites s WHERE ${where} AND s.stage <> 'completed') f
    LEFT JOIN (
      SELECT h.site_id, ${sql.join(fitColumns)}
      FROM (SELECT st.id, st.site_id, st.role, ${sql.join(needColumns)}
            FROM site_staff st JOIN sites s ON s.id = st.site_id
            JOIN certificates c ON c.person_id = st.person_id AND ${certificateValid()}
            WHERE ${where} AND s.stage <> 'completed' AND st.to_date IS NULL
            GROUP BY st.id, st.site_id, st.role) h
      GROUP BY h.site_id) fit ON fit.site_id = f.id`
}

/** The 持证上岗率 over the sites matching `where`: filled over required, null when nothing is required. */
export function certificationRateOf(where: RawBuilder<unknown>) {
  return sql<number | null>`(SELECT CASE WHEN sum(x.required) > 0 THEN round(sum(x.filled)::numeric / sum(x.required), 4)::float8 END
    FROM (${siteCertification(where)}) x)`
}

export type CertificationArea = 'grid' | 'district' | 'city'

/** Required and filled positions per grid, district or the city, over the sites matching `where`. */
export async function certificationByArea(db: Kysely<DB>, where: RawBuilder<unknown>, by: CertificationArea) {
  const area = {
    grid: { key: sql`x.grid_id`, name: sql`(SELECT a.name FROM grids a WHERE a.id = y.id)` },
    district: { key: sql`x.district_id`, name: sql`(SELECT a.name FROM districts a WHERE a.id = y.id)` },
    city: { key: sql`0`, name: sql`'city'` },
  }[by]
  // Grouped first, named after: joining the names inside made the planner walk every site once per grid.
  const { rows } = await sql<{ id: number; name: string; sites: number; required: number; filled: number; rate: number | null }>`
    SELECT y.id, ${area.name} AS name, y.sites, y.required, y.filled,
      CASE WHEN y.required > 0 THEN round(y.filled::numeric / y.required, 4)::float8 END AS rate
    FROM (SELECT ${area.key} AS id, count(*)::int AS sites, sum(x.required)::int AS required, sum(x.filled)::int AS filled
          FROM (${siteCertification(where)}) x WHERE ${area.key} IS NOT NULL GROUP BY 1) y
    ORDER BY rate NULLS LAST, y.id`.execute(db)
  return rows
}
