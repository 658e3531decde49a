import { type Kysely, sql } from 'kysely'
import { insertMany } from '../../../db/bulk.ts'
import { type AsOf, beijingIso, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import type { SiteScore } from '../risk/risk.service.ts'

/* The kept history: each site's day and each area's KPI report, written once a day ends, read for playback. */

// smallint columns: a count beyond this is not a number anyone reads off a map, and must not fail a night's capture.
const SMALLINT_MAX = 32_767
const small = (n: number) => Math.min(n, SMALLINT_MAX)

/** The captured days, oldest first (the city's KPI rows: every capture writes one). */
export async function capturedDays(db: Kysely<DB>): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`SELECT day::text AS day FROM kpi_days WHERE district_id IS NULL ORDER BY day`.execute(db)
  return rows.map((r) => r.day)
}

export async function lastCapturedDay(db: Kysely<DB>): Promise<string | null> {
  const { rows } = await sql<{ day: string | null }>`SELECT max(day)::text AS day FROM kpi_days WHERE district_id IS NULL`.execute(db)
  return rows[0].day
}

/**
 * Turns off PostgreSQL's JIT for the rest of the capture's transaction. A capture reads every site at once, so the
 * planner's costs pass the JIT threshold and it compiled for 2.0 s of a 2.4 s query at 6,000 sites (bench:history).
 */
export async function withoutJit(db: Kysely<DB>): Promise<void> {
  await sql`SET LOCAL jit = off`.execute(db)
}

/** The day's month partition of site_days, made if missing (idempotent). */
export async function prepareSiteDayPartition(db: Kysely<DB>, day: string): Promise<void> {
  await sql`SELECT sg_site_day_partitions(${day}::date, ${day}::date)`.execute(db)
}

/**
 * Every site's row for `day`: the risk scored as of the day's end (`scores`), and the rest read `at` the same
 * instant. Coverage and stage keep no history of their own, so they are what they are at capture; run nightly,
 * that is the day's end.
 */
export async function writeSiteDays(db: Kysely<DB>, day: string, at: AsOf, scores: SiteScore[]): Promise<number> {
  const { rows } = await sql<{ id: number; district_id: number; grid_id: number | null; stage: string; coverage_ratio: number | null;
    key_project: boolean; enclosure: boolean | null; dust_net: boolean | null; spraying: boolean | null }>`
    SELECT s.id, s.district_id, s.grid_id, s.stage, cv.coverage_ratio, k.site_id IS NOT NULL AS key_project,
      CASE WHEN k.site_id IS NOT NULL THEN coalesce(k.enclosure_done_on <= ${at.day}, false) END AS enclosure,
      CASE WHEN k.site_id IS NOT NULL THEN coalesce(k.dust_net_done_on <= ${at.day}, false) END AS dust_net,
      CASE WHEN k.site_id IS NOT NULL THEN coalesce(k.spraying_done_on <= ${at.day}, false) END AS spraying
    FROM sites s LEFT JOIN site_coverage cv ON cv.site_id = s.id LEFT JOIN key_projects k ON k.site_id = s.id`.execute(db)
  const bySite = new Map(scores.map((score) => [score.siteId, score]))
  await sql`DELETE FROM site_days WHERE day = ${day}::date`.execute(db)
  await insertMany(db, 'site_days', rows.map((site) => {
    const score = bySite.get(site.id)
    return {
      day, site_id: site.id, district_id: site.district_id, grid_id: site.grid_id, stage: site.stage,
      risk_score: score?.risk.score ?? null, risk_grade: score?.risk.grade ?? null,
      risk_breakdown: score ? jsonb(score.risk.breakdown) : null, coverage_ratio: site.coverage_ratio,
      open_hazards: small(score?.hazards.open ?? 0), overdue_hazards: small(score?.hazards.overdue ?? 0), major_hazards: small(score?.hazards.major ?? 0),
      key_project: site.key_project, enclosure: site.enclosure, dust_net: site.dust_net, spraying: site.spraying,
      pm10_windows: small(score?.pm10.windowsToday ?? 0), pm10_days_30: small(score?.pm10.exceedanceDays30 ?? 0),
    }
  }))
  return rows.length
}

/** The KPI report of the city (districtId null) or a district, as it stood at the end of `day`. */
export async function writeKpiDay(db: Kysely<DB>, day: string, districtId: number | null, at: AsOf, kpis: unknown): Promise<void> {
  await sql`DELETE FROM kpi_days WHERE day = ${day}::date AND coalesce(district_id, 0) = ${districtId ?? 0}`.execute(db)
  await sql`INSERT INTO kpi_days (day, district_id, kpis, as_of) VALUES (${day}::date, ${districtId}, ${jsonb(kpis)}, ${at.instant})`.execute(db)
}

export async function districtIds(db: Kysely<DB>): Promise<number[]> {
  return (await db.selectFrom('districts').select('id').orderBy('id').execute()).map((d) => d.id)
}

/** Months wholly before `keepFrom` are dropped from site_days, and older KPI and playback days deleted. */
export async function dropHistoryBefore(db: Kysely<DB>, keepFrom: string): Promise<number> {
  const { rows } = await sql<{ dropped: number }>`SELECT sg_drop_site_days_before(${keepFrom}::date) AS dropped`.execute(db)
  await sql`DELETE FROM kpi_days WHERE day < date_trunc('month', ${keepFrom}::date)`.execute(db)
  await sql`DELETE FROM playback_days WHERE day < date_trunc('month', ${keepFrom}::date)`.execute(db)
  return rows[0].dropped
}

/**
 * The playback answer for `day` as JSON text, built by PostgreSQL: the day's sites in `scope` as columns, one entry
 * per site in every array. The arrays are filled in one pass over one ordered scan, so they stay aligned.
 */
export async function playbackJson(db: Kysely<DB>, scope: SiteScope, day: string): Promise<string> {
  const inScope = scope.kind === 'city' ? sql`` : sql`AND d.site_id IN (SELECT s.id FROM sites s WHERE ${inSiteScope(scope)})`
  const { rows } = await sql<{ body: string }>`
    SELECT json_build_object('date', ${day}::text, 'sites', json_build_object(
      'ids', coalesce(array_agg(site_id), '{}'), 'scores', coalesce(array_agg(risk_score), '{}'), 'grades', coalesce(array_agg(risk_grade), '{}'),
      'open', coalesce(array_agg(open_hazards), '{}'), 'overdue', coalesce(array_agg(overdue_hazards), '{}'),
      'key', coalesce(array_agg(CASE WHEN key_project THEN enclosure::int + 2 * dust_net::int + 4 * spraying::int END), '{}'),
      'pm10', coalesce(array_agg(pm10_windows), '{}')))::text AS body
    FROM (SELECT * FROM site_days d WHERE d.day = ${day}::date ${inScope} ORDER BY d.site_id) d`.execute(db)
  return rows[0].body
}

export async function writeCityPlayback(db: Kysely<DB>, day: string, bodyGzip: Uint8Array): Promise<void> {
  await sql`INSERT INTO playback_days (day, body_gzip) VALUES (${day}::date, ${Buffer.from(bodyGzip)})
    ON CONFLICT (day) DO UPDATE SET body_gzip = EXCLUDED.body_gzip`.execute(db)
}

/** The city's playback answer kept for `day`, gzipped, or undefined when the day is not kept. */
export async function keptCityPlayback(db: Kysely<DB>, day: string): Promise<Uint8Array | undefined> {
  const { rows } = await sql<{ body_gzip: Uint8Array }>`SELECT body_gzip FROM playback_days WHERE day = ${day}::date`.execute(db)
  return rows[0] ? new Uint8Array(rows[0].body_gzip) : undefined
}

/** The KPI report kept for `day` and the city (districtId null) or a district, or undefined when not captured. */
export async function keptKpis(db: Kysely<DB>, day: string, districtId: number | null) {
  const { rows } = await sql<{ asOf: string; kpis: Record<string, unknown> }>`
    SELECT ${beijingIso(sql`as_of`)} AS "asOf", kpis FROM kpi_days WHERE day = ${day}::date AND coalesce(district_id, 0) = ${districtId ?? 0}`.execute(db)
  return rows[0]
}
