import { type Kysely, sql } from 'kysely'
import { beijingToday, escapeLike } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { maskIdNumber } from '../../domain/id-number.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope, personInScope } from '../auth/site-scope.ts'
import { certificateValid } from './certification.repo.ts'

/* The people registry: persons, their certificates (renewals chained by replaces_id) and where they are staffed. */

export const EXPIRING_WITHIN_DAYS = 30

export interface PeopleQuery { q?: string; employerId?: number; role?: string; expiring?: boolean; limit: number; offset: number }

/** The certificate standing of a person `p` today: expired (a current one lapsed), expiring within 30 days, or ok. */
const standing = sql<'expired' | 'expiring' | 'ok' | 'none'>`(SELECT CASE
    WHEN count(*) = 0 THEN 'none'
    WHEN bool_or(c.expires_on < ${beijingToday}) THEN 'expired'
    WHEN bool_or(c.expires_on <= ${beijingToday} + ${EXPIRING_WITHIN_DAYS}::int) THEN 'expiring' ELSE 'ok' END
  FROM certificates c WHERE c.person_id = p.id AND c.revoked_on IS NULL
    AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id))`

export async function listPeople(db: Kysely<DB>, scope: SiteScope, q: PeopleQuery) {
  let query = db.selectFrom('people as p').leftJoin('enterprises as e', 'e.id', 'p.employer_id')
    .select(['p.id', 'p.name', 'p.id_number as idNumber', 'p.employer_id as employerId', 'e.name as employerName', standing.as('certificateStanding'),
      sql<string[]>`array(SELECT DISTINCT st.role FROM site_staff st WHERE st.person_id = p.id AND st.to_date IS NULL ORDER BY 1)`.as('currentRoles')])
    .where(personInScope(scope))
  if (q.q) {
    const like = `%${escapeLike(q.q)}%`
    query = query.where((eb) => eb.or([eb('p.name', 'ilike', like), eb('e.name', 'ilike', like), eb('p.id_number', '=', q.q!.toUpperCase())]))
  }
  if (q.employerId) query = query.where('p.employer_id', '=', q.employerId)
  if (q.role) query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM site_staff st WHERE st.person_id = p.id AND st.to_date IS NULL AND st.role = ${q.role})`)
  if (q.expiring) {
    query = query.where(sql<boolean>`EXISTS (SELECT 1 FROM certificates c WHERE c.person_id = p.id AND c.revoked_on IS NULL
      AND c.expires_on BETWEEN ${beijingToday} AND ${beijingToday} + ${EXPIRING_WITHIN_DAYS}::int AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id))`)
  }
  const [rows, total] = await Promise.all([
    query.orderBy('p.name').orderBy('p.id').limit(q.limit).offset(q.offset).execute(),
    query.clearSelect().select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ])
  return { total: total.n, people: rows.map(({ idNumber, ...r }) => ({ ...r, idNumberMasked: maskIdNumber(idNumber) })) }
}

export function findPerson(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('people as p').leftJoin('enterprises as e', 'e.id', 'p.employer_id')
    .select(['p.id', 'p.name', 'p.id_number as idNumber', 'p.phone', 'p.employer_id as employerId', 'e.name as employerName'])
    .where('p.id', '=', id).where(personInScope(scope)).executeTakeFirst()
}

/** Every certificate of a person, oldest first; each names the one it renewed, so the web app draws the chain. */
export function certificatesOf(db: Kysely<DB>, personId: number) {
  return db.selectFrom('certificates as c')
    .select(['c.id', 'c.kind', 'c.specialty', 'c.number', 'c.issuer', sql<string>`c.issued_on::text`.as('issuedOn'), sql<string>`c.expires_on::text`.as('expiresOn'),
      sql<string | null>`c.revoked_on::text`.as('revokedOn'), 'c.replaces_id as replacesId', certificateValid().as('valid'),
      sql<number>`(c.expires_on - ${beijingToday})::int`.as('daysLeft'),
      sql<number | null>`(SELECT r.id FROM certificates r WHERE r.replaces_id = c.id ORDER BY r.id LIMIT 1)`.as('replacedById')])
    .where('c.person_id', '=', personId).orderBy('c.issued_on').orderBy('c.id').execute()
}

/** A person's assignments; out-of-scope sites are left out for a scoped reader. */
export function assignmentsOf(db: Kysely<DB>, scope: SiteScope, personId: number) {
  return db.selectFrom('site_staff as st').innerJoin('sites as s', 's.id', 'st.site_id')
    .select(['st.id', 'st.site_id as siteId', 's.name as siteName', 's.stage as siteStage', 'st.role', sql<string>`st.from_date::text`.as('fromDate'),
      sql<string | null>`st.to_date::text`.as('toDate')])
    .where('st.person_id', '=', personId).where(inSiteScope(scope)).orderBy(sql`st.to_date IS NULL`, 'desc').orderBy('st.from_date', 'desc').execute()
}

export function findPersonByIdNumber(db: Kysely<DB>, idNumber: string) {
  return db.selectFrom('people').select(['id', 'name']).where('id_number', '=', idNumber).executeTakeFirst()
}

export async function employerExists(db: Kysely<DB>, id: number): Promise<boolean> {
  return (await db.selectFrom('enterprises').select('id').where('id', '=', id).executeTakeFirst()) !== undefined
}

export interface PersonFields { idNumber: string; name: string; employerId: number | null; phone: string | null }

export async function insertPerson(trx: Kysely<DB>, p: PersonFields): Promise<number> {
  const row = await trx.insertInto('people').values({ id_number: p.idNumber, name: p.name, employer_id: p.employerId, phone: p.phone })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updatePerson(trx: Kysely<DB>, id: number, p: Partial<PersonFields>): Promise<void> {
  await trx.updateTable('people').set({
    ...(p.idNumber !== undefined ? { id_number: p.idNumber } : {}), ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.employerId !== undefined ? { employer_id: p.employerId } : {}), ...(p.phone !== undefined ? { phone: p.phone } : {}), updated_at: sql`now()`,
  }).where('id', '=', id).execute()
}

export interface CertificateFields { kind: string; specialty: string; number: string; issuer: string; issuedOn: string; expiresOn: string; replacesId: number | null }

export function findCertificate(db: Kysely<DB>, personId: number, id: number) {
  return db.selectFrom('certificates').selectAll().where('person_id', '=', personId).where('id', '=', id).executeTakeFirst()
}

export async function certificateNumberTaken(db: Kysely<DB>, kind: string, number: string): Promise<boolean> {
  return (await db.selectFrom('certificates').select('id').where('kind', '=', kind).where('number', '=', number).executeTakeFirst()) !== undefined
}

export async function insertCertificate(trx: Kysely<DB>, personId: number, c: CertificateFields): Promise<number> {
  const row = await trx.insertInto('certificates').values({
    person_id: personId, kind: c.kind, specialty: c.specialty, number: c.number, issuer: c.issuer,
    issued_on: sql`${c.issuedOn}::date`, expires_on: sql`${c.expiresOn}::date`, replaces_id: c.replacesId,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function revokeCertificate(trx: Kysely<DB>, id: number, on: string): Promise<void> {
  await trx.updateTable('certificates').set({ revoked_on: sql`${on}::date` }).where('id', '=', id).execute()
}

/** A certificate changed: the risk model reads 持证上岗率, so the sites the person is staffed on now are recomputed. */
export async function markPersonSitesStale(trx: Kysely<DB>, personId: number): Promise<void> {
  await sql`INSERT INTO risk_stale (site_id) SELECT DISTINCT site_id FROM site_staff WHERE person_id = ${personId} AND to_date IS NULL
    ON CONFLICT (site_id) DO UPDATE SET marked_at = clock_timestamp()`.execute(trx)
}
