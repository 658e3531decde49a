import { type Kysely, sql } from 'kysely'
import { beijingToday, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { creditCodeProblem } from '../../domain/credit-code.ts'
import type { PartyRole } from '../../domain/enterprise.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * A site sheet names its parties (建设/勘察/设计/施工/监理单位) as text. Each name becomes a site_parties row, linked to
 * the registry by the contractor's 统一社会信用代码 when the sheet gives one, else by the exact registered name; a
 * name that matches nothing is kept as recorded, for an admin to resolve. The dry run lists both.
 */

const PARTY_FIELDS: Record<string, PartyRole> = {
  owner_org: 'owner', surveyor_org: 'surveyor', designer_org: 'designer', contractor_org: 'contractor', supervisor_org: 'supervisor',
}

export interface PartyLink { role: PartyRole; recordedName: string; enterpriseId: number | null }
interface Firm { id: number; name: string; credit_code: string }

/** The party links of every row (by row), and the report of what matched. Unmatched names warn their rows. */
export async function matchSiteParties(db: Kysely<DB>, mapping: ColumnMapping, rows: CandidateRow[]) {
  const names = new Set<string>()
  const codes = new Set<string>()
  for (const row of rows) {
    for (const field of Object.keys(PARTY_FIELDS)) if (typeof row.record[field] === 'string') names.add(row.record[field] as string)
    if (typeof row.record.contractor_credit_code === 'string') codes.add(row.record.contractor_credit_code)
  }
  const { rows: firms } = await sql<Firm>`SELECT id, name, credit_code FROM enterprises
    WHERE name IN (SELECT jsonb_array_elements_text(${jsonb([...names])})) OR credit_code IN (SELECT jsonb_array_elements_text(${jsonb([...codes])}))`.execute(db)
  const byName = new Map(firms.map((f) => [f.name, f]))
  const byCode = new Map(firms.map((f) => [f.credit_code, f]))
  const links = new Map<CandidateRow, PartyLink[]>()
  const tally = new Map<string, { role: PartyRole; name: string; firm: Firm | null; via: 'credit_code' | 'name'; rows: number }>()
  for (const row of rows) {
    const code = row.record.contractor_credit_code as string | undefined
    if (code && creditCodeProblem(code)) row.warnings.push({ code: 'invalid_credit_code', column: mapping.fields.contractor_credit_code, value: code })
    const rowLinks: PartyLink[] = []
    for (const [field, role] of Object.entries(PARTY_FIELDS)) {
      const name = row.record[field]
      if (typeof name !== 'string') continue
      const viaCode = role === 'contractor' && code ? byCode.get(code) : undefined
      const firm = viaCode ?? byName.get(name) ?? null
      if (!firm) row.warnings.push({ code: 'party_unmatched', column: mapping.fields[field], value: name })
      rowLinks.push({ role, recordedName: name, enterpriseId: firm?.id ?? null })
      const key = `${role}|${name}`
      const seen = tally.get(key) ?? { role, name, firm, via: viaCode ? 'credit_code' as const : 'name' as const, rows: 0 }
      seen.rows += 1
      tally.set(key, seen)
    }
    links.set(row, rowLinks)
  }
  const all = [...tally.values()]
  return {
    links,
    report: {
      matched: all.filter((t) => t.firm).map((t) => ({ role: t.role, name: t.name, enterpriseId: t.firm!.id, enterpriseName: t.firm!.name, via: t.via, rows: t.rows })),
      unmatched: all.filter((t) => !t.firm).map((t) => ({ role: t.role, name: t.name, rows: t.rows })),
    },
  }
}

/**
 * After the sites are written: their parties (a blank cell keeps what the site has) and a named 安全总监 as a current
 * site_staff row, unless the same name already holds the post. Triggers mark the sites' risk stale.
 */
export async function writeSiteParties(trx: Kysely<DB>, written: CandidateRow[], links: Map<CandidateRow, PartyLink[]>) {
  const parties = written.flatMap((row) => (links.get(row) ?? []).map((l) => ({ code: row.record.code, role: l.role, name: l.recordedName, enterprise_id: l.enterpriseId })))
  if (parties.length > 0) {
    await sql`
      INSERT INTO site_parties (site_id, role, enterprise_id, recorded_name)
      SELECT s.id, v.role, v.enterprise_id, v.name FROM jsonb_to_recordset(${jsonb(parties)}) AS v(code text, role text, name text, enterprise_id int)
      JOIN sites s ON s.code = v.code
      -- The same name unmatched again keeps the firm an admin linked it to; a new name or a match replaces it.
      ON CONFLICT (site_id, role) DO UPDATE SET recorded_name = EXCLUDED.recorded_name,
        enterprise_id = coalesce(EXCLUDED.enterprise_id, CASE WHEN site_parties.recorded_name = EXCLUDED.recorded_name THEN site_parties.enterprise_id END)
      WHERE site_parties.recorded_name IS DISTINCT FROM EXCLUDED.recorded_name
        OR (EXCLUDED.enterprise_id IS NOT NULL AND site_parties.enterprise_id IS DISTINCT FROM EXCLUDED.enterprise_id)`.execute(trx)
  }
  const directors = written.filter((r) => typeof r.record.safety_director === 'string').map((r) => ({ code: r.record.code, name: r.record.safety_director }))
  if (directors.length === 0) return
  const changed = sql`SELECT s.id, v.name FROM jsonb_to_recordset(${jsonb(directors)}) AS v(code text, name text) JOIN sites s ON s.code = v.code
    WHERE NOT EXISTS (SELECT 1 FROM site_staff st WHERE st.site_id = s.id AND st.role = 'safety_director' AND st.to_date IS NULL AND st.recorded_name = v.name)`
  // The one who held the post before steps down today; the new name takes it from today.
  await sql`UPDATE site_staff SET to_date = greatest(from_date, ${beijingToday}) WHERE role = 'safety_director' AND to_date IS NULL
    AND site_id IN (SELECT id FROM (${changed}) c)`.execute(trx)
  await sql`INSERT INTO site_staff (site_id, role, recorded_name, from_date) SELECT c.id, 'safety_director', c.name, ${beijingToday} FROM (${changed}) c`.execute(trx)
}
