import { type Kysely, sql } from 'kysely'
import { beijingToday } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { HeldCertificate } from '../../domain/certification.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/* Who is staffed on a site, assignments and their end, and the project managers of two active sites at once. */

export function findSiteFacts(db: Kysely<DB>, scope: SiteScope, siteId: number) {
  return db.selectFrom('sites as s')
    .select(['s.id', 's.stage', 's.floor_area_m2 as floorAreaM2', 's.contract_value_wan as contractValueWan',
      sql<boolean>`EXISTS (SELECT 1 FROM site_parties sp WHERE sp.site_id = s.id AND sp.role = 'supervisor')`.as('hasSupervisor'),
      sql<number>`(SELECT count(*) FROM cranes c WHERE c.site_id = s.id AND c.kind = 'tower_crane' AND c.stage <> 'dismantled')::int`.as('liveTowerCranes')])
    .where('s.id', '=', siteId).where(inSiteScope(scope)).executeTakeFirst()
}

export async function todayInBeijing(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ day: string }>`SELECT ${beijingToday}::text AS day`.execute(db)
  return rows[0].day
}

/** The current staff of a site with each person's certificates (none for an unmatched name). */
export function currentStaff(db: Kysely<DB>, siteId: number) {
  return db.selectFrom('site_staff as st').leftJoin('people as p', 'p.id', 'st.person_id')
    .select(['st.id', 'st.role', 'st.person_id as personId', 'st.recorded_name as recordedName', 'p.name as personName', 'p.id_number as idNumber',
      sql<string>`st.from_date::text`.as('fromDate'),
      sql<HeldCertificate[]>`coalesce((SELECT json_agg(json_build_object('kind', c.kind, 'specialty', c.specialty, 'issuedOn', c.issued_on::text,
        'expiresOn', c.expires_on::text, 'revokedOn', c.revoked_on::text)) FROM certificates c WHERE c.person_id = st.person_id), '[]'::json)`.as('certificates')])
    .where('st.site_id', '=', siteId).where('st.to_date', 'is', null).orderBy('st.role').orderBy('st.id').execute()
}

/** Another active site where the person is the current project manager, if any. */
export function otherActivePmSite(db: Kysely<DB>, personId: number, siteId: number) {
  return db.selectFrom('site_staff as st').innerJoin('sites as s', 's.id', 'st.site_id').select(['s.id', 's.name'])
    .where('st.person_id', '=', personId).where('st.role', '=', 'project_manager').where('st.to_date', 'is', null)
    .where('s.stage', '<>', 'completed').where('s.id', '<>', siteId).executeTakeFirst()
}

/** Project managers of two or more active sites at once, among people staffed in the scope: the flag list. */
export async function doubleProjectManagers(db: Kysely<DB>, scope: SiteScope, siteId?: number) {
  // The sites outside the scope are counted, never named.
  const { rows } = await sql<{ personId: number; name: string; sites: { id: number; name: string }[]; elsewhere: number }>`
    SELECT p.id AS "personId", p.name,
      coalesce(json_agg(json_build_object('id', s.id, 'name', s.name) ORDER BY s.id) FILTER (WHERE ${inSiteScope(scope)}), '[]') AS sites,
      (count(DISTINCT s.id) FILTER (WHERE NOT ${inSiteScope(scope)}))::int AS elsewhere
    FROM site_staff st JOIN sites s ON s.id = st.site_id JOIN people p ON p.id = st.person_id
    WHERE st.role = 'project_manager' AND st.to_date IS NULL AND s.stage <> 'completed'
    GROUP BY p.id HAVING count(DISTINCT s.id) > 1
      AND bool_or(${inSiteScope(scope)}) ${siteId === undefined ? sql`` : sql`AND bool_or(s.id = ${siteId})`}
    ORDER BY p.id`.execute(db)
  return rows
}

export interface Assignment { siteId: number; role: string; personId: number; recordedName: string; fromDate: string }

export async function insertAssignment(trx: Kysely<DB>, a: Assignment): Promise<number> {
  const row = await trx.insertInto('site_staff').values({ site_id: a.siteId, role: a.role, person_id: a.personId, recorded_name: a.recordedName,
    from_date: sql`${a.fromDate}::date` }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export function findAssignment(db: Kysely<DB>, siteId: number, id: number) {
  return db.selectFrom('site_staff').select(['id', 'role', 'person_id as personId', sql<string>`from_date::text`.as('fromDate'),
    sql<string | null>`to_date::text`.as('toDate')]).where('site_id', '=', siteId).where('id', '=', id).executeTakeFirst()
}

export async function endAssignment(trx: Kysely<DB>, id: number, toDate: string): Promise<void> {
  await trx.updateTable('site_staff').set({ to_date: sql`${toDate}::date` }).where('id', '=', id).execute()
}

/** My-zone task: certificates of people staffed now on active sites in scope that expire within `days`, soonest first. */
export function expiringOnSites(db: Kysely<DB>, scope: SiteScope, days: number, limit: number) {
  return db.selectFrom('site_staff as st').innerJoin('sites as s', 's.id', 'st.site_id').innerJoin('certificates as c', 'c.person_id', 'st.person_id')
    .innerJoin('people as p', 'p.id', 'st.person_id')
    .select(['c.id as certificateId', 'p.id as personId', 'p.name as personName', 'st.site_id as siteId', 's.name as siteName', 'st.role', 'c.kind', 'c.specialty',
      sql<string>`c.expires_on::text`.as('expiresOn'), sql<number>`(c.expires_on - ${beijingToday})::int`.as('daysLeft')])
    .where('st.to_date', 'is', null).where('s.stage', '<>', 'completed').where(inSiteScope(scope)).where('c.revoked_on', 'is', null)
    .where(sql<boolean>`c.expires_on BETWEEN ${beijingToday} AND ${beijingToday} + ${days}::int`)
    .where(sql<boolean>`NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id)`)
    .orderBy('c.expires_on').orderBy('c.id').orderBy('st.site_id').limit(limit).execute()
}
