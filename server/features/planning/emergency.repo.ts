import { type Kysely, sql } from 'kysely'
import { lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * The monthly emergency lists: the reduction list (应急减排清单), whose projects commit in writing to dust
 * control and to clean-fuel machinery, and the exemption list (应急豁免清单) of projects and processes that
 * may keep working during an alert. Months are stored as their first day.
 */

export type EmergencyListType = 'reduction' | 'exemption'

export interface EmergencyEntry {
  id: number; siteId: number; code: string; name: string; districtId: number; district: string; stage: string
  process: string | null; dustLetterOn: string | null; fuelLetterOn: string | null; location: [number, number]
}

export async function listEntries(db: Kysely<DB>, scope: SiteScope, type: EmergencyListType, month: string): Promise<EmergencyEntry[]> {
  const { rows } = await sql<EmergencyEntry>`
    SELECT e.id, s.id AS "siteId", s.code, s.name, s.district_id AS "districtId", d.name AS district, s.stage, e.process,
      e.dust_letter_on::text AS "dustLetterOn", e.fuel_letter_on::text AS "fuelLetterOn",
      ${lonLatJson(sql`s.location`)} AS location
    FROM emergency_list_entries e JOIN sites s ON s.id = e.site_id JOIN districts d ON d.id = s.district_id
    WHERE e.list_type = ${type} AND e.month = ${month}::date AND ${inSiteScope(scope)}
    ORDER BY d.id, s.code`.execute(db)
  return rows
}

/** The months that have any list, newest first, so the screen offers only months with data plus the current one. */
export async function listMonths(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ month: string }>`SELECT DISTINCT to_char(month, 'YYYY-MM') AS month FROM emergency_list_entries ORDER BY 1 DESC`.execute(db)
  return rows.map((r) => r.month)
}

export async function addEntry(db: Kysely<DB>, scope: SiteScope, userId: number,
  input: { type: EmergencyListType; month: string; siteId: number; process?: string }, ip: string | null): Promise<number | 'not_found' | 'duplicate'> {
  return db.transaction().execute(async (trx) => {
    const site = await sql<{ id: number }>`SELECT s.id FROM sites s WHERE s.id = ${input.siteId} AND ${inSiteScope(scope)}`.execute(trx)
    if (!site.rows[0]) return 'not_found'
    const { rows } = await sql<{ id: number }>`
      INSERT INTO emergency_list_entries (list_type, month, site_id, process) VALUES (${input.type}, ${input.month}::date, ${input.siteId}, ${input.process ?? null})
      ON CONFLICT (list_type, month, site_id) DO NOTHING RETURNING id`.execute(trx)
    if (!rows[0]) return 'duplicate'
    await writeAudit(trx, { userId, ip, action: 'add', entity: 'emergency_list_entry', entityId: rows[0].id, after: input })
    return rows[0].id
  })
}

export async function recordLetters(db: Kysely<DB>, scope: SiteScope, userId: number, entryId: number,
  letters: { dustLetterOn?: string | null; fuelLetterOn?: string | null }, ip: string | null): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ dust: string | null; fuel: string | null }>`
      SELECT e.dust_letter_on::text AS dust, e.fuel_letter_on::text AS fuel FROM emergency_list_entries e JOIN sites s ON s.id = e.site_id
      WHERE e.id = ${entryId} AND ${inSiteScope(scope)} FOR UPDATE OF e`.execute(trx)
    if (!rows[0]) return false
    const set = {
      ...(letters.dustLetterOn !== undefined ? { dust_letter_on: letters.dustLetterOn } : {}),
      ...(letters.fuelLetterOn !== undefined ? { fuel_letter_on: letters.fuelLetterOn } : {}),
    }
    if (Object.keys(set).length) await trx.updateTable('emergency_list_entries').set(set).where('id', '=', entryId).execute()
    await writeAudit(trx, { userId, ip, action: 'record_letters', entity: 'emergency_list_entry', entityId: entryId,
      before: { dustLetterOn: rows[0].dust, fuelLetterOn: rows[0].fuel }, after: letters })
    return true
  })
}
