import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { CreditContribution } from '../../domain/credit.ts'
import type { CreditGrade } from '../../domain/credit-config.ts'
import { CITY_SCOPE, type SiteScope } from '../../domain/roles.ts'
import { enterpriseInScope, inSiteScope } from '../auth/site-scope.ts'
import { inScope, type KpiScope } from '../kpis/kpis.repo.ts'

/* The ranking and a firm's record read from enterprise_credit (credit.job.ts writes it); accidents and awards. */

export interface RankingQuery { kind?: string; order: 'asc' | 'desc'; activeOnly: boolean; limit: number; offset: number }
export interface RankedFirm {
  id: number; name: string; kinds: string[]; origin: string; score: number; grade: CreditGrade; periodEnd: string; activeSites: number
}

/**
 * Per firm, how many sites of the scope (and of `within`, a further condition on `sites s`) it works on now (not
 * completed): as a party, or owning or installing a live crane. One aggregate for all firms, joined to each. It goes
 * from the area's sites to their firms by the site indexes: from every firm's sites to the area, a grid's took 80 ms.
 */
const activeSitesPerFirm = (scope: SiteScope, within: RawBuilder<unknown>) => sql`
  WITH area AS MATERIALIZED (SELECT s.id FROM sites s WHERE s.stage <> 'completed' AND ${inSiteScope(scope)} AND ${within})
  SELECT fs.firm, count(DISTINCT fs.site_id)::int AS sites FROM (
    SELECT sp.enterprise_id AS firm, sp.site_id FROM area JOIN site_parties sp ON sp.site_id = area.id WHERE sp.enterprise_id IS NOT NULL
    UNION ALL SELECT m.owner_id, c.site_id FROM area JOIN cranes c ON c.site_id = area.id JOIN crane_machines m ON m.id = c.machine_id WHERE c.stage <> 'dismantled'
    UNION ALL SELECT c.installer_id, c.site_id FROM area JOIN cranes c ON c.site_id = area.id WHERE c.stage <> 'dismantled' AND c.installer_id IS NOT NULL
  ) fs GROUP BY fs.firm`

/** Firms of the scope with their latest snapshot, lowest score first by default; `total` counts all that match. */
export async function rankFirms(db: Kysely<DB>, scope: SiteScope, q: RankingQuery, within: RawBuilder<unknown> = sql`true`): Promise<{ total: number; items: RankedFirm[] }> {
  const { rows } = await sql<RankedFirm & { total: number }>`
    SELECT e.id, e.name, e.kinds, e.origin, ec.score, ec.grade, ec.period_end::text AS "periodEnd", coalesce(a.sites, 0) AS "activeSites",
      count(*) OVER ()::int AS total
    FROM enterprises e
    JOIN LATERAL (SELECT score, grade, period_end FROM enterprise_credit WHERE enterprise_id = e.id ORDER BY period_end DESC LIMIT 1) ec ON true
    LEFT JOIN (${activeSitesPerFirm(scope, within)}) a ON a.firm = e.id
    WHERE ${enterpriseInScope(scope)} ${q.kind ? sql`AND ${q.kind} = ANY (e.kinds)` : sql``} ${q.activeOnly ? sql`AND a.sites > 0` : sql``}
    ORDER BY ec.score ${q.order === 'asc' ? sql`ASC` : sql`DESC`}, e.name, e.id
    LIMIT ${q.limit} OFFSET ${q.offset}`.execute(db)
  return { total: rows[0]?.total ?? 0, items: rows.map(({ total: _, ...r }) => ({ ...r, score: Number(r.score) })) }
}

/** The sites a firm (`firm`, a column) works on: as a party, or owning or installing a live crane. */
const sitesOfFirm = (firm: RawBuilder<unknown>) => sql`
  SELECT sp.site_id FROM site_parties sp WHERE sp.enterprise_id = ${firm}
  UNION SELECT c.site_id FROM cranes c JOIN crane_machines m ON m.id = c.machine_id WHERE m.owner_id = ${firm} AND c.stage <> 'dismantled'
  UNION SELECT c.site_id FROM cranes c WHERE c.installer_id = ${firm} AND c.stage <> 'dismantled'`

/**
 * The ten lowest-scored firms working on an active site of the KPI report's area: the firms to watch. Each pass
 * scores every firm, so a firm's latest score is its score of the latest period, which an index keeps in order.
 * - The city or a district: firms are taken lowest first from that index and each asked whether it has such a site,
 *   until ten have (OFFSET 0 keeps PostgreSQL from asking every firm before sorting); only those ten are counted.
 *   Counting every firm's sites first took 0.9 s at 100,000 sites.
 * - A grid, a supervisor's grids or a patrol contract: few firms work there, and walking the city's firms to find
 *   them asked thousands; the area's sites are counted per firm instead, then ranked.
 */
export async function lowestCreditFirms(db: Kysely<DB>, scope: KpiScope): Promise<RankedFirm[]> {
  const access = scope.access ?? CITY_SCOPE
  const latest = sql`(SELECT max(period_end) FROM enterprise_credit)`
  if (scope.gridId || access.kind === 'grids' || access.kind === 'contract') {
    const within = sql.join([sql`true`, ...(scope.districtId ? [sql`s.district_id = ${scope.districtId}`] : []), ...(scope.gridId ? [sql`s.grid_id = ${scope.gridId}`] : [])], sql` AND `)
    const { rows: firms } = await sql<{ firm: number; sites: number }>`${activeSitesPerFirm(access, within)}`.execute(db)
    if (firms.length === 0) return []
    const activeSites = new Map(firms.map((f) => [f.firm, f.sites]))
    // Then the latest scores walked lowest first, as far as the tenth score's ties, keeping the area's firms. Joined
    // in one statement PostgreSQL took the area's firms for 200 (a guess: they are an aggregate) and looked up each
    // of the busiest grid's 4,918 at a million sites (80 ms); given as an array it walks 143 scores (1.3 ms).
    const { rows } = await sql<Omit<RankedFirm, 'activeSites'>>`
      SELECT e.id, e.name, e.kinds, e.origin, ec.score, ec.grade, ec.period_end::text AS "periodEnd"
      FROM (SELECT ec.* FROM enterprise_credit ec WHERE ec.period_end = ${latest} AND ec.enterprise_id = ANY(${firms.map((f) => f.firm)}::int[])
            ORDER BY ec.score FETCH FIRST 10 ROWS WITH TIES) ec JOIN enterprises e ON e.id = ec.enterprise_id
      ORDER BY ec.score, e.name, e.id LIMIT 10`.execute(db)
    return rows.map((r) => ({ ...r, score: Number(r.score), activeSites: activeSites.get(r.id) ?? 0 }))
  }
  const activeInArea = (firm: RawBuilder<unknown>) => sql`(SELECT x.site_id FROM (${sitesOfFirm(firm)}) x
    WHERE EXISTS (SELECT 1 FROM sites s WHERE s.id = x.site_id AND s.stage <> 'completed' AND ${inScope(scope)}))`
  const { rows } = await sql<RankedFirm>`
    SELECT f.*, (SELECT count(*) FROM ${activeInArea(sql`f.id`)} a)::int AS "activeSites"
    FROM (SELECT e.id, e.name, e.kinds, e.origin, ec.score, ec.grade, ec.period_end::text AS "periodEnd"
          FROM enterprise_credit ec JOIN enterprises e ON e.id = ec.enterprise_id
          WHERE ec.period_end = ${latest}
          ORDER BY ec.score, e.name, e.id OFFSET 0) f
    WHERE EXISTS ${activeInArea(sql`f.id`)}
    LIMIT 10`.execute(db)
  return rows.map((r) => ({ ...r, score: Number(r.score) }))
}

export interface FirmCredit {
  id: number; name: string; kinds: string[]
  current: { score: number; grade: CreditGrade; periodEnd: string; breakdown: CreditContribution[] } | null
  history: { periodEnd: string; score: number; grade: CreditGrade }[]
}

/** A firm of the scope with its latest breakdown and its monthly history, oldest first. Undefined when out of scope. */
export async function findFirmCredit(db: Kysely<DB>, scope: SiteScope, id: number): Promise<FirmCredit | undefined> {
  const firm = await db.selectFrom('enterprises as e').select(['e.id', 'e.name', 'e.kinds']).where('e.id', '=', id).where(enterpriseInScope(scope)).executeTakeFirst()
  if (!firm) return undefined
  const rows = await db.selectFrom('enterprise_credit').where('enterprise_id', '=', id).orderBy('period_end')
    .select([sql<string>`period_end::text`.as('periodEnd'), 'score', 'grade', 'breakdown']).execute()
  const last = rows.at(-1)
  return {
    ...firm,
    current: last ? { periodEnd: last.periodEnd, score: Number(last.score), grade: last.grade as CreditGrade, breakdown: last.breakdown as unknown as CreditContribution[] } : null,
    history: rows.map((r) => ({ periodEnd: r.periodEnd, score: Number(r.score), grade: r.grade as CreditGrade })),
  }
}

export async function enterpriseExists(db: Kysely<DB>, id: number): Promise<boolean> {
  return !!(await db.selectFrom('enterprises').select('id').where('id', '=', id).executeTakeFirst())
}

export interface NewAccident { siteId: number; occurredAt: string; grade: string; deaths: number; injuries: number; description: string }

export async function insertAccident(db: Kysely<DB>, a: NewAccident): Promise<number> {
  const row = await db.insertInto('accidents').values({
    site_id: a.siteId, occurred_at: a.occurredAt, grade: a.grade, deaths: a.deaths, injuries: a.injuries, description: a.description,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export interface NewAward { enterpriseId: number; level: string; title: string; siteId: number | null; awardedOn: string }

export async function insertAward(db: Kysely<DB>, a: NewAward): Promise<number> {
  const row = await db.insertInto('enterprise_awards').values({
    enterprise_id: a.enterpriseId, level: a.level, title: a.title, site_id: a.siteId, awarded_on: a.awardedOn,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}
