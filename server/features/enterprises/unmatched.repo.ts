import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'

/*
 * Firm names recorded that match no registered firm: a site's parties (enterprise_id NULL) and the crane owners
 * the old rental-company column named (owner_id NULL). Kept as typed, listed for an admin, who links every record
 * of the name to one firm in a single step.
 */

/** The legal form at the end of a firm's name, dropped to compare names typed slightly differently. */
export const stem = (name: ReturnType<typeof sql.ref> | string) =>
  sql`regexp_replace(regexp_replace(${name}, '\\s+', '', 'g'), '(股份有限公司|有限责任公司|有限公司|公司)$', '')`

const SUGGESTIONS = 3

/** Each unmatched name with its roles and site count, most used first, with up to three likely registry firms. */
export async function unmatchedNames(db: Kysely<DB>, limit: number) {
  const { rows } = await sql<{ recordedName: string; roles: string[]; sites: number; suggestions: { id: number; name: string; creditCode: string }[] }>`
    SELECT u.recorded_name AS "recordedName", u.roles, u.sites, coalesce(m.suggestions, '[]'::json) AS suggestions
    FROM (SELECT recorded_name, array_agg(DISTINCT role ORDER BY role) AS roles, count(*)::int AS sites
          FROM (SELECT recorded_name, role FROM site_parties WHERE enterprise_id IS NULL
                UNION ALL SELECT owner_recorded_name, 'crane_owner' FROM crane_machines WHERE owner_id IS NULL AND owner_recorded_name <> '') n
          GROUP BY recorded_name) u
    LEFT JOIN LATERAL (
      SELECT json_agg(json_build_object('id', c.id, 'name', c.name, 'creditCode', c.credit_code)) AS suggestions
      FROM (SELECT e.id, e.name, e.credit_code FROM enterprises e
            WHERE ${stem(sql.ref('e.name'))} = ${stem(sql.ref('u.recorded_name'))} OR e.name LIKE left(u.recorded_name, 4) || '%'
            ORDER BY (${stem(sql.ref('e.name'))} = ${stem(sql.ref('u.recorded_name'))}) DESC, abs(length(e.name) - length(u.recorded_name)), e.name
            LIMIT ${SUGGESTIONS}) c
    ) m ON true
    ORDER BY u.sites DESC, u.recorded_name
    LIMIT ${limit}`.execute(db)
  return rows
}

/**
 * Links every unmatched record with the name (and role, when given) to the firm: site parties (whose sites' risk
 * goes stale by trigger) and crane machines (as their owner). Returns what was linked.
 */
export async function resolveName(trx: Kysely<DB>, recordedName: string, role: string | undefined, enterpriseId: number) {
  const parties = role === 'crane_owner' ? [] : await trx.updateTable('site_parties').set({ enterprise_id: enterpriseId })
    .where('enterprise_id', 'is', null).where('recorded_name', '=', recordedName)
    .$if(role !== undefined, (q) => q.where('role', '=', role!))
    .returning(['site_id as siteId', 'role']).execute()
  const machines = role !== undefined && role !== 'crane_owner' ? [] : await trx.updateTable('crane_machines').set({ owner_id: enterpriseId })
    .where('owner_id', 'is', null).where('owner_recorded_name', '=', recordedName).returning('id').execute()
  return { parties, machineIds: machines.map((m) => m.id) }
}
