import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday, escapeLike } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { enterpriseInScope, inSiteScope } from '../auth/site-scope.ts'

export interface EnterpriseFilter { q?: string; kind?: string; origin?: string; limit: number; offset: number }

export interface EnterpriseFields {
  creditCode: string; name: string; kinds: string[]; origin: string; registeredPlace: string; enteredOn: string | null
  legalRepresentative: string | null; contactName: string | null; contactPhone: string | null; address: string | null
}

/** The latest month-end credit snapshot of `e`, or null before the first is computed. */
const latestCredit = sql<{ grade: string; score: number; periodEnd: string } | null>`(
  SELECT json_build_object('grade', ec.grade, 'score', round(ec.score::numeric, 1), 'periodEnd', ec.period_end::text)
  FROM enterprise_credit ec WHERE ec.enterprise_id = e.id ORDER BY ec.period_end DESC LIMIT 1)`

/** Sites the firm is a party of, not completed, in the caller's scope. */
const activeSites = (scope: SiteScope) => sql<number>`(
  SELECT count(DISTINCT sp.site_id)::int FROM site_parties sp JOIN sites s ON s.id = sp.site_id
  WHERE sp.enterprise_id = e.id AND s.stage <> 'completed' AND ${inSiteScope(scope)})`

const summaryColumns = (scope: SiteScope) => [
  'e.id', 'e.credit_code as creditCode', 'e.name', 'e.kinds', 'e.origin', 'e.registered_place as registeredPlace',
  latestCredit.as('credit'), activeSites(scope).as('activeSites'),
] as const

export async function listEnterprises(db: Kysely<DB>, scope: SiteScope, f: EnterpriseFilter) {
  let query = db.selectFrom('enterprises as e').where(enterpriseInScope(scope))
  if (f.q) {
    const like = `%${escapeLike(f.q)}%`
    query = query.where((eb) => eb.or([eb('e.name', 'like', like), eb('e.credit_code', 'like', `${escapeLike(f.q!.toUpperCase())}%`)]))
  }
  if (f.kind) query = query.where(sql<boolean>`${f.kind} = ANY(e.kinds)`)
  if (f.origin) query = query.where('e.origin', '=', f.origin)
  const [count, enterprises] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    query.select(summaryColumns(scope)).orderBy('e.name').limit(f.limit).offset(f.offset).execute(),
  ])
  return { total: Number(count.n), enterprises }
}

/** Every firm matching the filter, for an export: the same rows as the list without paging. */
export async function exportEnterprises(db: Kysely<DB>, scope: SiteScope, f: Omit<EnterpriseFilter, 'limit' | 'offset'>, max: number) {
  return (await listEnterprises(db, scope, { ...f, limit: max, offset: 0 })).enterprises
}

/** One firm with its fields and qualifications; undefined when it is not in the scope. */
export async function findEnterprise(db: Kysely<DB>, scope: SiteScope, id: number) {
  const enterprise = await db.selectFrom('enterprises as e').where('e.id', '=', id).where(enterpriseInScope(scope))
    .select([...summaryColumns(scope), sql<string | null>`e.entered_on::text`.as('enteredOn'), 'e.legal_representative as legalRepresentative',
      'e.contact_name as contactName', 'e.contact_phone as contactPhone', 'e.address',
      sql<string>`${beijingToday}::text`.as('today')])
    .executeTakeFirst()
  if (!enterprise) return undefined
  const qualifications = await db.selectFrom('enterprise_qualifications').where('enterprise_id', '=', id).orderBy('category')
    .select(['id', 'category', 'grade', 'certificate_no as certificateNo', 'scope', sql<string>`valid_until::text`.as('validUntil')]).execute()
  return { ...enterprise, qualifications }
}

/** The firm's sites by role, with where they are, in the caller's scope. */
export async function sitesOf(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('site_parties as sp').innerJoin('sites as s', 's.id', 'sp.site_id').innerJoin('districts as d', 'd.id', 's.district_id')
    .where('sp.enterprise_id', '=', id).where(inSiteScope(scope)).orderBy('s.stage').orderBy('s.code')
    .select(['s.id', 's.code', 's.name', 's.stage', 'sp.role', 'd.name as district',
      sql<number>`round(ST_X(s.location)::numeric, 6)::float8`.as('lon'), sql<number>`round(ST_Y(s.location)::numeric, 6)::float8`.as('lat')])
    .execute()
}

const RECORD_LIMIT = 50

/** What supervisors found where the firm is a party (hazards, notices, accidents) and checks of the firm itself. */
export async function recordOf(db: Kysely<DB>, scope: SiteScope, id: number) {
  const partySites = db.selectFrom('site_parties as sp').innerJoin('sites as s', 's.id', 'sp.site_id')
    .where('sp.enterprise_id', '=', id).where(inSiteScope(scope)).select('sp.site_id')
  const [hazards, notices, accidents, inspections] = await Promise.all([
    db.selectFrom('hazards as h').innerJoin('sites as s', 's.id', 'h.site_id').where('h.site_id', 'in', partySites)
      .orderBy('h.found_at', 'desc').limit(RECORD_LIMIT)
      .select(['h.id', 'h.site_id as siteId', 's.name as siteName', 'h.severity', 'h.category', 'h.status', beijingIso(sql`h.found_at`).as('foundAt')])
      .execute(),
    db.selectFrom('notices as n').innerJoin('sites as s', 's.id', 'n.site_id').where('n.site_id', 'in', partySites)
      .orderBy('n.issued_at', 'desc').limit(RECORD_LIMIT)
      .select(['n.id', 'n.code', 'n.type_code as type', 'n.site_id as siteId', 's.name as siteName', beijingIso(sql`n.issued_at`).as('issuedAt')])
      .execute(),
    db.selectFrom('accidents as a').innerJoin('sites as s', 's.id', 'a.site_id').where('a.site_id', 'in', partySites)
      .orderBy('a.occurred_at', 'desc').limit(RECORD_LIMIT)
      .select(['a.id', 'a.site_id as siteId', 's.name as siteName', 'a.grade', 'a.deaths', 'a.injuries', 'a.description', beijingIso(sql`a.occurred_at`).as('occurredAt')])
      .execute(),
    db.selectFrom('enterprise_inspections').where('enterprise_id', '=', id).orderBy('inspected_at', 'desc')
      .select(['id', 'kind', 'outcome', 'findings', beijingIso(sql`inspected_at`).as('inspectedAt')])
      .execute(),
  ])
  return { hazards, notices, accidents, inspections }
}

/** Which unique field another firm already holds, if any. */
export async function takenBy(db: Kysely<DB>, fields: { creditCode?: string; name?: string }, exceptId?: number) {
  const other = await db.selectFrom('enterprises').select(['credit_code', 'name'])
    .where((eb) => eb.or([eb('credit_code', '=', fields.creditCode ?? ''), eb('name', '=', fields.name ?? '')]))
    .$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
    .executeTakeFirst()
  if (!other) return null
  return other.credit_code === fields.creditCode ? `统一社会信用代码 ${fields.creditCode}` : `the name ${fields.name}`
}

const columnsOf = (f: Partial<EnterpriseFields>) => ({
  credit_code: f.creditCode, name: f.name, kinds: f.kinds, origin: f.origin, registered_place: f.registeredPlace,
  entered_on: f.enteredOn, legal_representative: f.legalRepresentative, contact_name: f.contactName, contact_phone: f.contactPhone, address: f.address,
})

export async function insertEnterprise(trx: Kysely<DB>, fields: EnterpriseFields): Promise<number> {
  const row = await trx.insertInto('enterprises').values(columnsOf(fields) as never).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateEnterprise(trx: Kysely<DB>, id: number, fields: Partial<EnterpriseFields>): Promise<void> {
  await trx.updateTable('enterprises').set({ ...columnsOf(fields), updated_at: sql`now()` } as never).where('id', '=', id).execute()
}

export interface QualificationFields { category: string; grade: string; certificateNo: string; scope: string; validUntil: string }

export async function insertQualification(trx: Kysely<DB>, enterpriseId: number, q: QualificationFields): Promise<number> {
  const row = await trx.insertInto('enterprise_qualifications').values({
    enterprise_id: enterpriseId, category: q.category, grade: q.grade, certificate_no: q.certificateNo, scope: q.scope, valid_until: q.validUntil,
  }).onConflict((oc) => oc.columns(['enterprise_id', 'category']).doNothing()).returning('id').executeTakeFirst()
  return row?.id ?? 0
}

export async function deleteQualification(trx: Kysely<DB>, enterpriseId: number, id: number) {
  return trx.deleteFrom('enterprise_qualifications').where('id', '=', id).where('enterprise_id', '=', enterpriseId)
    .returning(['category', 'grade', 'certificate_no as certificateNo']).executeTakeFirst()
}
