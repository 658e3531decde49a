import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { doubleInvestigation, type PartyKind, type Penalty } from '../../domain/accountability.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * Accidents (recorded by POST /api/credit/accidents) as the accountability office follows them up: the
 * investigation and the penalties to each party. An accident is read by whoever reads its site.
 */

export interface AccidentFilter { districtId?: number; from?: string; to?: string; open?: boolean; limit: number }

const accidentColumns = sql`a.id, a.site_id AS "siteId", s.code AS "siteCode", s.name AS "siteName", a.district_id AS "districtId", d.name AS district,
  ${beijingIso(sql`a.occurred_at`)} AS "occurredAt", a.grade, a.deaths, a.injuries, a.description, a.investigation,
  a.investigation_closed_on::text AS "investigationClosedOn"`

interface AccidentRow {
  id: number; siteId: number; siteCode: string; siteName: string; districtId: number; district: string; occurredAt: string; grade: string
  deaths: number; injuries: number; description: string; investigation: string; investigationClosedOn: string | null
}

/** Accidents on the scope's sites, latest first, with how many penalties and whether both investigations are done. */
export async function listAccidents(db: Kysely<DB>, scope: SiteScope, f: AccidentFilter) {
  const { rows } = await sql<AccidentRow & { kinds: PartyKind[]; finesYuan: number }>`
    SELECT ${accidentColumns}, coalesce(array_agg(p.party_kind) FILTER (WHERE p.id IS NOT NULL), '{}') AS kinds,
      coalesce(sum(p.amount_yuan), 0)::float8 AS "finesYuan"
    FROM accidents a JOIN sites s ON s.id = a.site_id JOIN districts d ON d.id = a.district_id
    LEFT JOIN accident_penalties p ON p.accident_id = a.id
    WHERE ${inSiteScope(scope)} ${f.districtId ? sql`AND a.district_id = ${f.districtId}` : sql``}
      ${f.from ? sql`AND a.occurred_at >= (${f.from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}
      ${f.to ? sql`AND a.occurred_at < ((${f.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')` : sql``}
      ${f.open === undefined ? sql`` : f.open ? sql`AND a.investigation_closed_on IS NULL` : sql`AND a.investigation_closed_on IS NOT NULL`}
    GROUP BY a.id, s.id, d.id ORDER BY a.occurred_at DESC, a.id DESC LIMIT ${f.limit}`.execute(db)
  return rows.map(({ kinds, ...a }) => ({ ...a, penalties: kinds.length, doubleInvestigation: doubleInvestigation(kinds.map((partyKind) => ({ partyKind }))) }))
}

export type AccidentSummary = Awaited<ReturnType<typeof listAccidents>>[number]

export async function findAccident(db: Kysely<DB>, scope: SiteScope, id: number) {
  const { rows } = await sql<AccidentRow>`
    SELECT ${accidentColumns} FROM accidents a JOIN sites s ON s.id = a.site_id JOIN districts d ON d.id = a.district_id
    WHERE a.id = ${id} AND ${inSiteScope(scope)}`.execute(db)
  if (!rows[0]) return null
  const penalties = await db.selectFrom('accident_penalties as p').where('p.accident_id', '=', id).orderBy('p.id')
    .select(['p.id', 'p.party_kind as partyKind', 'p.enterprise_id as enterpriseId', 'p.person_id as personId', 'p.party_name as partyName',
      'p.party_role as partyRole', 'p.penalty', 'p.amount_yuan as amountYuan', 'p.top_of_range as topOfRange',
      sql<string>`p.decided_on::text`.as('decidedOn'), 'p.document_no as documentNo'])
    .execute() as { id: number; partyKind: PartyKind; enterpriseId: number | null; personId: number | null; partyName: string; partyRole: string
      penalty: Penalty; amountYuan: number | null; topOfRange: boolean; decidedOn: string; documentNo: string }[]
  const actions = await db.selectFrom('accountability_actions').where('accident_id', '=', id).orderBy('id')
    .select(['id', 'code', 'kind']).execute()
  return { ...rows[0], penalties, doubleInvestigation: doubleInvestigation(penalties), actions }
}

export type Accident = NonNullable<Awaited<ReturnType<typeof findAccident>>>

export async function updateInvestigation(trx: Kysely<DB>, id: number, investigation: string, closedOn: string | null): Promise<void> {
  await trx.updateTable('accidents').set({ investigation, investigation_closed_on: closedOn }).where('id', '=', id).execute()
}

export interface NewPenalty {
  partyKind: PartyKind; enterpriseId: number | null; personId: number | null; partyName: string; partyRole: string; penalty: Penalty
  amountYuan: number | null; topOfRange: boolean; decidedOn: string; documentNo: string
}

export async function insertPenalty(trx: Kysely<DB>, accidentId: number, p: NewPenalty): Promise<number> {
  const row = await trx.insertInto('accident_penalties').values({
    accident_id: accidentId, party_kind: p.partyKind, enterprise_id: p.enterpriseId, person_id: p.personId, party_name: p.partyName,
    party_role: p.partyRole, penalty: p.penalty, amount_yuan: p.amountYuan, top_of_range: p.topOfRange, decided_on: p.decidedOn, document_no: p.documentNo,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function deletePenalty(trx: Kysely<DB>, accidentId: number, penaltyId: number) {
  return trx.deleteFrom('accident_penalties').where('id', '=', penaltyId).where('accident_id', '=', accidentId).returningAll().executeTakeFirst()
}

/** The registered name of a firm or a person a penalty names, or null when there is none with that id. */
export async function partyName(db: Kysely<DB>, kind: 'enterprise' | 'person', id: number): Promise<string | null> {
  const row = kind === 'enterprise'
    ? await db.selectFrom('enterprises').select('name').where('id', '=', id).executeTakeFirst()
    : await db.selectFrom('people').select('name').where('id', '=', id).executeTakeFirst()
  return row?.name ?? null
}
