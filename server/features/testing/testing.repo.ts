import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { enterpriseInScope, inSiteScope } from '../auth/site-scope.ts'

const isTesting = sql<boolean>`'testing' = ANY(e.kinds)`

export interface ReportFilter { siteId?: number; institutionId?: number; material?: string; conforming?: boolean; limit: number; offset: number }
export interface NewReport {
  reportNo: string; institutionId: number; siteId: number; material: string; item: string
  requiredValue: string; measuredValue: string; conforming: boolean; sampledOn: string; issuedOn: string
}

/** Testing institutions the scope has reports from (the city sees all), local and 外地进苏, with their record in brief. */
export async function listInstitutions(db: Kysely<DB>, scope: SiteScope, origin?: string) {
  const { rows } = await sql<{
    id: number; name: string; creditCode: string; origin: string; registeredPlace: string; enteredOn: string | null
    scopes: string[]; lastCapability: { result: string; heldOn: string; item: string } | null
    lastFlightCheck: { outcome: string; inspectedAt: string } | null; reports: number; nonConforming: number
  }>`
    SELECT e.id, e.name, e.credit_code AS "creditCode", e.origin, e.registered_place AS "registeredPlace", e.entered_on::text AS "enteredOn",
      coalesce((SELECT array_agg(q.category || CASE WHEN q.scope <> '' THEN '：' || q.scope ELSE '' END ORDER BY q.category)
        FROM enterprise_qualifications q WHERE q.enterprise_id = e.id AND q.valid_until >= ${beijingToday}), '{}') AS scopes,
      (SELECT json_build_object('result', v.result, 'heldOn', v.held_on::text, 'item', v.item) FROM capability_verifications v
        WHERE v.institution_id = e.id ORDER BY v.held_on DESC, v.id DESC LIMIT 1) AS "lastCapability",
      (SELECT json_build_object('outcome', i.outcome, 'inspectedAt', ${beijingIso(sql`i.inspected_at`)}) FROM enterprise_inspections i
        WHERE i.enterprise_id = e.id AND i.kind = 'flight_check' ORDER BY i.inspected_at DESC, i.id DESC LIMIT 1) AS "lastFlightCheck",
      coalesce(r.reports, 0)::int AS reports, coalesce(r.non_conforming, 0)::int AS "nonConforming"
    FROM enterprises e
    LEFT JOIN (SELECT t.institution_id, count(*) AS reports, count(*) FILTER (WHERE NOT t.conforming) AS non_conforming
      FROM testing_reports t JOIN sites s ON s.id = t.site_id WHERE ${inSiteScope(scope)} GROUP BY t.institution_id) r ON r.institution_id = e.id
    WHERE ${isTesting} AND ${enterpriseInScope(scope)} ${origin ? sql`AND e.origin = ${origin}` : sql``}
    ORDER BY e.origin, e.name`.execute(db)
  return rows.map((row) => ({ ...row, nonConformingShare: row.reports ? row.nonConforming / row.reports : null }))
}

/** One testing institution in the scope: qualifications, capability verifications, flight checks. Reports come from listReports. */
export async function findInstitution(db: Kysely<DB>, scope: SiteScope, id: number) {
  const institution = await db.selectFrom('enterprises as e')
    .select(['e.id', 'e.name', 'e.credit_code as creditCode', 'e.origin', 'e.registered_place as registeredPlace',
      sql<string | null>`e.entered_on::text`.as('enteredOn'), 'e.contact_name as contactName', 'e.contact_phone as contactPhone', 'e.address'])
    .where('e.id', '=', id).where(isTesting).where(enterpriseInScope(scope)).executeTakeFirst()
  if (!institution) return undefined
  const [qualifications, capabilityVerifications, flightChecks] = await Promise.all([
    db.selectFrom('enterprise_qualifications as q')
      .select(['q.id', 'q.category', 'q.grade', 'q.certificate_no as certificateNo', 'q.scope', sql<string>`q.valid_until::text`.as('validUntil'),
        sql<boolean>`q.valid_until >= ${beijingToday}`.as('valid')])
      .where('q.enterprise_id', '=', id).orderBy('q.category').execute(),
    db.selectFrom('capability_verifications as v')
      .select(['v.id', 'v.scheme', 'v.item', 'v.result', sql<string>`v.held_on::text`.as('heldOn')])
      .where('v.institution_id', '=', id).orderBy('v.held_on', 'desc').orderBy('v.id', 'desc').execute(),
    db.selectFrom('enterprise_inspections as i').leftJoin('users as u', 'u.id', 'i.inspector_id')
      .select(['i.id', beijingIso(sql`i.inspected_at`).as('inspectedAt'), 'i.outcome', 'i.findings', 'u.display_name as inspector'])
      .where('i.enterprise_id', '=', id).where('i.kind', '=', 'flight_check').orderBy('i.inspected_at', 'desc').orderBy('i.id', 'desc').execute(),
  ])
  return { ...institution, qualifications, capabilityVerifications, flightChecks }
}

const reportColumns = sql`t.id, t.report_no AS "reportNo", t.institution_id AS "institutionId", e.name AS institution, e.origin AS "institutionOrigin",
  t.site_id AS "siteId", s.name AS "siteName", s.code AS "siteCode", t.material, t.item, t.required_value AS "requiredValue",
  t.measured_value AS "measuredValue", t.conforming, t.sampled_on::text AS "sampledOn", t.issued_on::text AS "issuedOn",
  (SELECT h.id FROM hazards h WHERE h.raised_by = 'testing' AND h.source_ref = 'testing:' || t.id ORDER BY h.id DESC LIMIT 1) AS "hazardId"`

export interface ReportRow {
  id: number; reportNo: string; institutionId: number; institution: string; institutionOrigin: string; siteId: number; siteName: string
  siteCode: string; material: string; item: string; requiredValue: string; measuredValue: string; conforming: boolean
  sampledOn: string; issuedOn: string; hazardId: number | null
}

/** Reports on the scope's sites, newest first, with the total for paging. */
export async function listReports(db: Kysely<DB>, scope: SiteScope, f: ReportFilter) {
  const where = sql.join([
    inSiteScope(scope),
    ...(f.siteId ? [sql`t.site_id = ${f.siteId}`] : []),
    ...(f.institutionId ? [sql`t.institution_id = ${f.institutionId}`] : []),
    ...(f.material ? [sql`t.material = ${f.material}`] : []),
    ...(f.conforming !== undefined ? [sql`t.conforming = ${f.conforming}`] : []),
  ], sql` AND `)
  const from = sql`FROM testing_reports t JOIN sites s ON s.id = t.site_id JOIN enterprises e ON e.id = t.institution_id WHERE ${where}`
  const [items, total] = await Promise.all([
    sql<ReportRow>`SELECT ${reportColumns} ${from} ORDER BY t.issued_on DESC, t.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from}`.execute(db),
  ])
  return { items: items.rows, total: total.rows[0].n }
}

export async function findReport(db: Kysely<DB>, scope: SiteScope, id: number): Promise<ReportRow | undefined> {
  const { rows } = await sql<ReportRow>`SELECT ${reportColumns} FROM testing_reports t JOIN sites s ON s.id = t.site_id
    JOIN enterprises e ON e.id = t.institution_id WHERE t.id = ${id} AND ${inSiteScope(scope)}`.execute(db)
  return rows[0]
}

/** A site the scope may record on, with its start day (a sample cannot be older than the works). */
export function findScopedSite(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('sites as s').select(['s.id', sql<string | null>`s.start_date::text`.as('startDate')])
    .where('s.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}

/**
 * A testing enterprise, with the texts of its qualifications still valid on the day the report was issued. Not
 * narrowed by scope: a district may record the first report of an institution from elsewhere (外地进苏).
 */
export async function findTestingInstitution(db: Kysely<DB>, id: number, onDay: string) {
  const institution = await db.selectFrom('enterprises as e').select(['e.id', 'e.name']).where('e.id', '=', id).where(isTesting).executeTakeFirst()
  if (!institution) return undefined
  const qualifications = await db.selectFrom('enterprise_qualifications as q').select(['q.category', 'q.scope'])
    .where('q.enterprise_id', '=', id).where(sql<boolean>`q.valid_until >= ${onDay}::date`).execute()
  return { ...institution, qualificationTexts: qualifications.map((q) => `${q.category} ${q.scope}`) }
}

export async function reportNoTaken(db: Kysely<DB>, reportNo: string): Promise<boolean> {
  return Boolean(await db.selectFrom('testing_reports').select('id').where('report_no', '=', reportNo).executeTakeFirst())
}

export async function insertReport(trx: Kysely<DB>, r: NewReport): Promise<number> {
  const row = await trx.insertInto('testing_reports').values({
    report_no: r.reportNo, institution_id: r.institutionId, site_id: r.siteId, material: r.material, item: r.item,
    required_value: r.requiredValue, measured_value: r.measuredValue, conforming: r.conforming, sampled_on: r.sampledOn, issued_on: r.issuedOn,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function insertCapabilityVerification(trx: Kysely<DB>, v: { institutionId: number; scheme: string; item: string; result: string; heldOn: string }) {
  return trx.insertInto('capability_verifications').values({ institution_id: v.institutionId, scheme: v.scheme, item: v.item, result: v.result, held_on: v.heldOn })
    .returning('id').executeTakeFirstOrThrow()
}

export async function insertFlightCheck(trx: Kysely<DB>, f: { institutionId: number; inspectedAt: string; inspectorId: number; outcome: string; findings: string }) {
  return trx.insertInto('enterprise_inspections').values({
    enterprise_id: f.institutionId, kind: 'flight_check', inspected_at: f.inspectedAt, inspector_id: f.inspectorId, outcome: f.outcome, findings: f.findings,
  }).returning('id').executeTakeFirstOrThrow()
}

/** Sites of the scope with non-conforming campaign results, one point per site and campaign material, as GeoJSON. */
export async function nonConformingSitesLayer(db: Kysely<DB>, scope: SiteScope, materials: readonly string[]): Promise<string> {
  const { rows } = await sql<{ geojson: string }>`
    SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
      'type', 'Feature', 'geometry', ST_AsGeoJSON(f.location, 6)::json,
      'properties', json_build_object('siteId', f.site_id, 'code', f.code, 'name', f.name, 'material', f.material,
        'reports', f.reports, 'lastIssuedOn', f.last_issued_on)) ORDER BY f.site_id, f.material), '[]'::json))::text AS geojson
    FROM (SELECT s.id AS site_id, s.code, s.name, s.location, t.material, count(*)::int AS reports, max(t.issued_on)::text AS last_issued_on
      FROM testing_reports t JOIN sites s ON s.id = t.site_id
      WHERE NOT t.conforming AND t.material IN (${sql.join(materials)}) AND ${inSiteScope(scope)}
      GROUP BY s.id, t.material) f`.execute(db)
  return rows[0].geojson
}
