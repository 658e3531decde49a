import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { CreditContribution } from '../../domain/credit.ts'
import type { CreditGrade } from '../../domain/credit-config.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { enterpriseInScope, inSiteScope } from '../auth/site-scope.ts'

/* The ranking and a firm's record read from enterprise_credit (credit.job.ts writes it); accidents and awards. */

export interface RankingQuery { kind?: string; order: 'asc' | 'desc'; activeOnly: boolean; limit: number; offset: number }
export interface RankedFirm {
  id: number; name: string; kinds: string[]; origin: string; score: number; grade: CreditGrade; periodEnd: string; activeSites: number
}

/**
 * Per firm, how many sites of the scope (and of `within`, a further condition on `sites s`) it works on now (not
 * completed): as a party, or owning or installing a live crane. One aggregate for all firms, joined to each.
 */
const activeSitesPerFirm = (scope: SiteScope, within: RawBuilder<unknown>) => sql`
  SELECT fs.firm, count(DISTINCT fs.site_id)::int AS sites FROM (
    SELECT enterprise_id AS firm, site_id FROM site_parties WHERE enterprise_id IS NOT NULL
    UNION ALL SELECT m.owner_id, c.site_id FROM cranes c JOIN crane_machines m ON m.id = c.machine_id WHERE c.stage <> 'dismantled'
    UNION ALL SELECT installer_id, site_id FROM cranes WHERE stage <> 'dismantled' AND installer_id IS NOT NULL
  ) fs JOIN sites s ON s.id = fs.site_id
  WHERE s.stage <> 'completed' AND ${inSiteScope(scope)} AND ${within}
  GROUP BY fs.firm`

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

/** The ten lowest-scored firms working on an active site of the KPI report's area: the firms to watch. */
export async function lowestCreditFirms(db: Kysely<DB>, scope: SiteScope, area: { districtId?: number; gridId?: number }): Promise<RankedFirm[]> {
  const within = sql.join([sql`true`, ...(area.districtId ? [sql`s.district_id = ${area.districtId}`] : []), ...(area.gridId ? [sql`s.grid_id = ${area.gridId}`] : [])], sql` AND `)
  return (await rankFirms(db, scope, { order: 'asc', activeOnly: true, limit: 10, offset: 0 }, within)).items
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
