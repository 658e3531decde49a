import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import type { Measurement } from '../../domain/scaffold.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { stem } from '../enterprises/unmatched.repo.ts'

export interface SamplingFilter {
  siteId?: number; campaignId?: number; component?: string; verdict?: 'pass' | 'fail'; manufacturer?: string; limit: number; offset: number
}
export interface NewSampling {
  siteId: number; campaignId: number | null; sampledOn: string; component: string; batchNo: string; manufacturerName: string
  manufacturerId: number | null; sampleCount: number; labId: number; results: Measurement[]; verdict: 'pass' | 'fail'; failedSamples: number
  recordedBy: number | null
}
export interface SamplingRow {
  id: number; siteId: number; siteCode: string; siteName: string; districtId: number; campaignId: number | null; campaignName: string | null
  sampledOn: string; component: string; batchNo: string; manufacturerName: string; manufacturerId: number | null; sampleCount: number
  labId: number; lab: string; results: Measurement[]; verdict: 'pass' | 'fail'; failedSamples: number; hazardId: number | null
  hazardStatus: string | null; recordedAt: string
}

const columns = sql`x.id, x.site_id AS "siteId", s.code AS "siteCode", s.name AS "siteName", x.district_id AS "districtId",
  x.campaign_id AS "campaignId", c.name AS "campaignName", x.sampled_on::text AS "sampledOn", x.component, x.batch_no AS "batchNo",
  x.manufacturer_name AS "manufacturerName", x.manufacturer_id AS "manufacturerId", x.sample_count AS "sampleCount",
  x.lab_id AS "labId", lab.name AS lab, x.results, x.verdict, x.failed_samples AS "failedSamples", x.hazard_id AS "hazardId",
  h.status AS "hazardStatus", ${beijingIso(sql`x.recorded_at`)} AS "recordedAt"`
const from = sql`FROM scaffold_samplings x JOIN sites s ON s.id = x.site_id JOIN enterprises lab ON lab.id = x.lab_id
  LEFT JOIN campaigns c ON c.id = x.campaign_id LEFT JOIN hazards h ON h.id = x.hazard_id`

function where(scope: SiteScope, f: Omit<SamplingFilter, 'limit' | 'offset'>) {
  return sql.join([
    inSiteScope(scope),
    ...(f.siteId ? [sql`x.site_id = ${f.siteId}`] : []),
    ...(f.campaignId ? [sql`x.campaign_id = ${f.campaignId}`] : []),
    ...(f.component ? [sql`x.component = ${f.component}`] : []),
    ...(f.verdict ? [sql`x.verdict = ${f.verdict}`] : []),
    // A manufacturer as the ranking names it: its registered firm's name, or the name as typed.
    ...(f.manufacturer ? [sql`(x.manufacturer_name = ${f.manufacturer} OR x.manufacturer_id IN (SELECT id FROM enterprises WHERE name = ${f.manufacturer}))`] : []),
  ], sql` AND `)
}

/** Samplings on the scope's sites, newest first, with the total for paging. */
export async function listSamplings(db: Kysely<DB>, scope: SiteScope, f: SamplingFilter) {
  const condition = where(scope, f)
  const [items, total] = await Promise.all([
    sql<SamplingRow>`SELECT ${columns} ${from} WHERE ${condition} ORDER BY x.sampled_on DESC, x.id DESC LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from} WHERE ${condition}`.execute(db),
  ])
  return { items: items.rows, total: total.rows[0].n }
}

/** The same rows for an export: every match, up to `max`. */
export async function exportSamplings(db: Kysely<DB>, scope: SiteScope, f: Omit<SamplingFilter, 'limit' | 'offset'>, max: number) {
  return (await sql<SamplingRow>`SELECT ${columns} ${from} WHERE ${where(scope, f)} ORDER BY x.sampled_on DESC, x.id DESC LIMIT ${max}`.execute(db)).rows
}

export async function findSampling(db: Kysely<DB>, scope: SiteScope, id: number): Promise<SamplingRow | undefined> {
  return (await sql<SamplingRow>`SELECT ${columns} ${from} WHERE x.id = ${id} AND ${inSiteScope(scope)}`.execute(db)).rows[0]
}

/** A scaffold campaign (盘扣专项) and whether the day falls in its period. */
export function findScaffoldCampaign(db: Kysely<DB>, id: number, onDay: string) {
  return db.selectFrom('campaigns').select(['id', 'name', sql<boolean>`${onDay}::date BETWEEN starts_on AND ends_on`.as('running')])
    .where('id', '=', id).where('kind', '=', 'scaffold').executeTakeFirst()
}

/**
 * The registered firm a manufacturer's name is, if exactly one firm's name matches it once the legal form
 * (有限公司 …) and spaces are dropped; a name that matches none or several is kept as typed, unlinked.
 */
export async function matchManufacturer(db: Kysely<DB>, name: string): Promise<number | null> {
  const { rows } = await sql<{ id: number }>`SELECT e.id FROM enterprises e WHERE ${stem(sql.ref('e.name'))} = ${stem(name)} LIMIT 2`.execute(db)
  return rows.length === 1 ? rows[0].id : null
}

export async function insertSampling(trx: Kysely<DB>, r: NewSampling): Promise<number> {
  const row = await trx.insertInto('scaffold_samplings').values({
    site_id: r.siteId, campaign_id: r.campaignId, sampled_on: r.sampledOn, component: r.component, batch_no: r.batchNo,
    manufacturer_name: r.manufacturerName, manufacturer_id: r.manufacturerId, sample_count: r.sampleCount, lab_id: r.labId,
    results: jsonb(r.results), verdict: r.verdict, failed_samples: r.failedSamples, recorded_by: r.recordedBy,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function setHazard(trx: Kysely<DB>, id: number, hazardId: number): Promise<void> {
  await trx.updateTable('scaffold_samplings').set({ hazard_id: hazardId }).where('id', '=', id).execute()
}

export interface ManufacturerRow {
  manufacturerName: string; manufacturerId: number | null; samplings: number; failed: number; samples: number; failedSamples: number
  rate: number; lastFailureOn: string | null; districts: number
}

/**
 * Every manufacturer's record across the city, worst first: batches sampled and failed, samples and failed samples,
 * the share of failed batches, the last failure. A manufacturer is its registered firm when linked, else its name
 * as typed. City-wide on purpose: it is a figure about the firm, read by every office that buys its components;
 * it names no site.
 */
export async function manufacturerRanking(db: Kysely<DB>, limit: number): Promise<ManufacturerRow[]> {
  const { rows } = await sql<ManufacturerRow>`
    SELECT coalesce(e.name, min(x.manufacturer_name)) AS "manufacturerName", x.manufacturer_id AS "manufacturerId",
      count(*)::int AS samplings, count(*) FILTER (WHERE x.verdict = 'fail')::int AS failed,
      sum(x.sample_count)::int AS samples, sum(x.failed_samples)::int AS "failedSamples",
      (count(*) FILTER (WHERE x.verdict = 'fail'))::float8 / count(*) AS rate,
      max(x.sampled_on) FILTER (WHERE x.verdict = 'fail')::text AS "lastFailureOn", count(DISTINCT x.district_id)::int AS districts
    FROM scaffold_samplings x LEFT JOIN enterprises e ON e.id = x.manufacturer_id
    GROUP BY x.manufacturer_id, e.name, CASE WHEN x.manufacturer_id IS NULL THEN x.manufacturer_name END
    ORDER BY rate DESC, failed DESC, samplings DESC, "manufacturerName"
    LIMIT ${limit}`.execute(db)
  return rows
}

/** Testing enterprises with the texts of their qualifications valid today: the labs a sampling may name, city-wide. */
export async function testingLabs(db: Kysely<DB>) {
  const { rows } = await sql<{ id: number; name: string; origin: string; qualificationTexts: string[] }>`
    SELECT e.id, e.name, e.origin, array_agg(q.category || ' ' || q.scope ORDER BY q.category) AS "qualificationTexts"
    FROM enterprises e JOIN enterprise_qualifications q ON q.enterprise_id = e.id AND q.valid_until >= ${beijingToday}
    WHERE 'testing' = ANY(e.kinds) GROUP BY e.id ORDER BY e.name`.execute(db)
  return rows
}
