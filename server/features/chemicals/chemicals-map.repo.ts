import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { primaryClass } from '../../domain/chemicals.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/* Where chemicals are stored and who lives near them (the map). The campaign's KPIs are kept with the others (kpis.repo.ts). */

export interface ChemicalSite {
  siteId: number; code: string; name: string; lon: number; lat: number; classes: string[]; primaryClass: string | null
  chemicals: number; surveyed: boolean; openDangers: number; receptors: { id: number; distanceM: number }[]
}
export interface Receptor { id: number; name: string; kind: string; lon: number; lat: number }

/**
 * The scope's sites storing chemicals now, each with its classes and the sensitive receptors within `radiusM`
 * (nearest first), and those receptors once each.
 */
export async function chemicalMap(db: Kysely<DB>, scope: SiteScope, radiusM: number): Promise<{ sites: ChemicalSite[]; receptors: Receptor[] }> {
  const { rows } = await sql<Omit<ChemicalSite, 'primaryClass'>>`
    WITH stores AS (
      SELECT s.id, s.code, s.name, s.location, array_agg(DISTINCT c.hazard_class ORDER BY c.hazard_class) AS classes, count(*)::int AS chemicals
      FROM site_chemicals c JOIN sites s ON s.id = c.site_id WHERE c.removed_on IS NULL AND ${inSiteScope(scope)}
      GROUP BY s.id)
    SELECT st.id AS "siteId", st.code, st.name, round(ST_X(st.location)::numeric, 6)::float8 AS lon, round(ST_Y(st.location)::numeric, 6)::float8 AS lat,
      st.classes, st.chemicals, EXISTS (SELECT 1 FROM chemical_surveys v WHERE v.site_id = st.id) AS surveyed,
      (SELECT count(*)::int FROM hazards h WHERE h.site_id = st.id AND h.raised_by = 'chemical' AND h.status <> 'closed') AS "openDangers",
      (SELECT coalesce(json_agg(json_build_object('id', n.id, 'distanceM', n.d) ORDER BY n.d), '[]'::json) FROM (
        SELECT r.id, round(ST_Distance(r.location::geography, st.location::geography))::int AS d FROM sensitive_receptors r
        WHERE r.location && ST_Expand(st.location, ${radiusM / 90_000}::float8)
          AND ST_DWithin(r.location::geography, st.location::geography, ${radiusM}::float8)) n) AS receptors
    FROM stores st ORDER BY st.code`.execute(db)
  const sites = rows.map((r) => ({ ...r, primaryClass: primaryClass(r.classes) }))
  const ids = [...new Set(sites.flatMap((s) => s.receptors.map((r) => r.id)))]
  const receptors = ids.length === 0 ? [] : await db.selectFrom('sensitive_receptors as r')
    .select(['r.id', 'r.name', 'r.kind', sql<number>`round(ST_X(r.location)::numeric, 6)::float8`.as('lon'), sql<number>`round(ST_Y(r.location)::numeric, 6)::float8`.as('lat')])
    .where('r.id', 'in', ids).orderBy('r.id').execute()
  return { sites, receptors }
}

