import { type Kysely, type RawBuilder, sql } from 'kysely'
import { insertMany } from '../../../db/bulk.ts'
import { type AsOf, beijingIso, jsonb, LIVE } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import type { DustRule } from '../../domain/dust.ts'
import type { RiskInputs, RiskScore } from '../../domain/risk.ts'
import { type BoostState, boostStateRow } from '../campaigns/campaigns.repo.ts'
import { exceedingWindows } from '../dust/dust.repo.ts'
import { hazardOpenAt } from '../hazards/hazards.repo.ts'
import { siteCertification } from '../people/certification.repo.ts'

/* Reading a stale site's records into RiskInputs, and writing coverage and scores back. */

/**
 * The instant a pass starts, as PostgreSQL's own text: a JS Date would drop the microseconds, and a mark made in
 * the same millisecond would then fall after the cutoff and wait for the next pass.
 */
export type StaleCutoff = string

/**
 * The cutoff as a timestamptz in SQL. Sent as text: a parameter the server types as timestamptz is serialized by
 * postgres.js through a JS Date, which drops the microseconds again and let a mark made just before the cutoff
 * fall after it (seen as a flaky coverage test on the server engine).
 */
const cutoffAt = (cutoff: StaleCutoff) => sql`${cutoff}::text::timestamptz`

/** Sites marked stale up to `cutoff`; later marks are left for the next round. */
export const staleSites = (cutoff: StaleCutoff, coverageOnly = false): RawBuilder<unknown> =>
  sql`SELECT site_id FROM risk_stale WHERE marked_at <= ${cutoffAt(cutoff)}${coverageOnly ? sql` AND coverage` : sql``}`

export async function staleCutoff(db: Kysely<DB>): Promise<StaleCutoff> {
  const { rows } = await sql<{ t: string }>`SELECT clock_timestamp()::text AS t`.execute(db)
  return rows[0].t
}

export async function anyStale(db: Kysely<DB>, cutoff: StaleCutoff): Promise<boolean> {
  const { rows } = await sql<{ any: boolean }>`SELECT EXISTS (${staleSites(cutoff)}) AS any`.execute(db)
  return rows[0].any
}

/** Whether a pass may have work, in one statement: the holiday boosts' state, and whether any site is marked at all. */
export async function passProbe(db: Kysely<DB>): Promise<BoostState & { anyMarked: boolean }> {
  const { rows } = await sql<BoostState & { anyMarked: boolean }>`
    SELECT b.applied, b.running, EXISTS (SELECT 1 FROM risk_stale) AS "anyMarked" FROM (${boostStateRow()}) b`.execute(db)
  return rows[0]
}

/**
 * Coverage = area(footprint ∩ union of online cameras' sectors) / area(footprint), in EPSG:4549 metres.
 * `gridSize` is the engine's overlay precision (see db/engine.ts): PGlite needs a fixed grid to not fail silently.
 */
export async function refreshCoverage(db: Kysely<DB>, cutoff: StaleCutoff, gridSize: number): Promise<void> {
  await sql`
    INSERT INTO site_coverage (site_id, cameras, online_cameras, footprint_m2, covered_m2, coverage_ratio, computed_at)
    SELECT id, cameras, online_cameras, footprint_m2, covered_m2,
           CASE WHEN footprint_m2 > 0 THEN least(1, covered_m2 / footprint_m2) END, now()
    FROM (SELECT s.id, count(c.id) AS cameras, count(c.id) FILTER (WHERE c.online) AS online_cameras,
                 ST_Area(ST_Transform(s.footprint, 4549)) AS footprint_m2,
                 CASE WHEN s.footprint IS NOT NULL THEN coalesce(ST_Area(ST_Intersection(ST_Transform(s.footprint, 4549),
                   ST_Union(sg_camera_sector(c.location, c.heading_deg, c.fov_deg, c.range_m), ${gridSize}::float8) FILTER (WHERE c.online),
                   ${gridSize}::float8)), 0) END AS covered_m2
          FROM sites s LEFT JOIN cameras c ON c.site_id = s.id
          WHERE s.id IN (${staleSites(cutoff, true)})
          GROUP BY s.id) x
    ORDER BY id  -- one lock order for every writer, so concurrent passes cannot deadlock
    ON CONFLICT (site_id) DO UPDATE SET cameras = EXCLUDED.cameras, online_cameras = EXCLUDED.online_cameras,
      footprint_m2 = EXCLUDED.footprint_m2, covered_m2 = EXCLUDED.covered_m2, coverage_ratio = EXCLUDED.coverage_ratio,
      computed_at = EXCLUDED.computed_at`.execute(db)
}

/** A firm's latest credit grade (credit.job.ts), by the id expression `firm`. */
const latestGrade = (firm: string) =>
  sql.raw(`(SELECT ec.grade FROM enterprise_credit ec WHERE ec.enterprise_id = ${firm} ORDER BY ec.period_end DESC LIMIT 1)`)
/**
 * The contractor's latest grade, and the worst among the owners and installers of the site's live cranes. An
 * unmatched or unrated firm counts as the neutral 'A': the site is not penalised for a gap in the registry.
 */
const contractorGrade = sql`coalesce((SELECT ${latestGrade('sp.enterprise_id')} FROM site_parties sp WHERE sp.site_id = s.id AND sp.role = 'contractor'), 'A')`
const craneFirmGrade = sql`coalesce((SELECT (ARRAY['AAA', 'AA', 'A', 'B', 'C'])[max(array_position(ARRAY['AAA', 'AA', 'A', 'B', 'C'], g.grade))]
  FROM cranes c JOIN crane_machines m ON m.id = c.machine_id
  CROSS JOIN LATERAL (VALUES (${latestGrade('m.owner_id')}), (${latestGrade('c.installer_id')})) g(grade)
  WHERE c.site_id = s.id AND c.stage <> 'dismantled'), 'A')`

export interface StaleSiteInputs { siteId: number; inputs: Omit<RiskInputs, 'pm10ExceedanceDays7' | 'pm10ExceedanceDays30'> }

/**
 * The risk inputs of the sites `stale` (a subquery of ids) as the records stood `at` (now, or the end of a day of
 * the history). Stage, works, cameras, cranes, staff and credit keep no history: they are read as they are.
 */
export async function readRiskInputs(db: Kysely<DB>, stale: RawBuilder<unknown>, receptorRadiusM: number, at: AsOf = LIVE): Promise<StaleSiteInputs[]> {
  const { instant, day } = at
  const { rows } = await sql<Record<string, any>>`
    -- Materialized: as a subquery joined to every site, the planner re-ran it per site (3 s of 6 at 6,000 sites).
    WITH cert AS MATERIALIZED (${siteCertification(sql`s.id IN (${stale})`)})
    SELECT s.id, s.stage, s.standardization_score, cert.required AS cert_required, cert.filled AS cert_filled,
      ${contractorGrade} AS contractor_credit, ${craneFirmGrade} AS crane_firm_credit,
      coalesce(dw.beyond, 0) AS beyond, coalesce(dw.dangerous, 0) AS dangerous, coalesce(dw.demolitions, 0) AS demolitions,
      coalesce(h.open, 0) AS open, coalesce(h.overdue, 0) AS overdue, coalesce(h.major, 0) AS major,
      coalesce(n.rectification, 0) AS rectification, coalesce(n.stop_work, 0) AS stop_work, coalesce(n.penalties, 0) AS penalties,
      coalesce(cv.cameras, 0) AS cameras, coalesce(cv.cameras - cv.online_cameras, 0) AS offline, cv.coverage_ratio,
      coalesce(cr.tower, 0) AS tower, coalesce(cr.unmonitored, 0) AS unmonitored,
      (SELECT count(*) FROM sensitive_receptors r WHERE r.location && ST_Expand(s.location, ${receptorRadiusM / 90_000}::float8)
         AND ST_DWithin(r.location::geography, s.location::geography, ${receptorRadiusM}::float8)) AS receptors,
      (SELECT count(*) FROM complaints fc WHERE fc.site_id = s.id AND fc.founded
         AND fc.closed_at >= ${instant} - interval '90 days' AND fc.closed_at <= ${instant}) AS founded_complaints
    FROM sites s
    LEFT JOIN (SELECT site_id, count(*) FILTER (WHERE beyond_scale) AS beyond, count(*) FILTER (WHERE NOT beyond_scale) AS dangerous,
                      count(*) FILTER (WHERE category = 'demolition') AS demolitions
               FROM dangerous_works WHERE status <> 'completed' AND site_id IN (${stale}) GROUP BY site_id) dw ON dw.site_id = s.id
    LEFT JOIN (SELECT site_id, count(*) AS open, count(*) FILTER (WHERE deadline < ${day}) AS overdue,
                      count(*) FILTER (WHERE severity = 'major') AS major
               FROM hazards WHERE ${hazardOpenAt(instant)} AND site_id IN (${stale}) GROUP BY site_id) h ON h.site_id = s.id
    LEFT JOIN (SELECT site_id,
                      count(*) FILTER (WHERE type_code = 'rectification' AND issued_at >= ${instant} - interval '90 days') AS rectification,
                      count(*) FILTER (WHERE type_code = 'stop_work_rectification' AND issued_at >= ${instant} - interval '90 days') AS stop_work,
                      count(*) FILTER (WHERE type_code = 'penalty') AS penalties
               FROM notices WHERE issued_at >= ${instant} - interval '365 days' AND issued_at <= ${instant} AND site_id IN (${stale})
               GROUP BY site_id) n ON n.site_id = s.id
    LEFT JOIN site_coverage cv ON cv.site_id = s.id
    LEFT JOIN cert ON cert.site_id = s.id
    LEFT JOIN (SELECT site_id, count(*) FILTER (WHERE kind = 'tower_crane') AS tower, count(*) FILTER (WHERE NOT monitored) AS unmonitored
               FROM cranes WHERE stage <> 'dismantled' AND site_id IN (${stale}) GROUP BY site_id) cr ON cr.site_id = s.id
    WHERE s.id IN (${stale})
    ORDER BY s.id`.execute(db)
  return rows.map((r) => ({
    siteId: r.id,
    inputs: {
      stage: r.stage, beyondScaleWorks: Number(r.beyond), dangerousWorks: Number(r.dangerous), demolitions: Number(r.demolitions),
      openHazards: Number(r.open), overdueHazards: Number(r.overdue), majorOpenHazards: Number(r.major),
      rectificationNotices90: Number(r.rectification), stopWorkNotices90: Number(r.stop_work), penalties365: Number(r.penalties),
      cameras: Number(r.cameras), offlineCameras: Number(r.offline), coverageRatio: r.coverage_ratio === null ? null : Number(r.coverage_ratio),
      towerCranes: Number(r.tower), unmonitoredCranes: Number(r.unmonitored), standardizationScore: r.standardization_score,
      certificateRate: r.cert_required > 0 ? r.cert_filled / r.cert_required : 1, contractorCredit: r.contractor_credit,
      craneFirmCredit: r.crane_firm_credit, sensitiveReceptors: Number(r.receptors),
      foundedComplaints90: Number(r.founded_complaints),
    },
  }))
}

/** Per site of `sites` and Beijing day of the 30 up to `at`: how many averaged windows exceeded the limit. */
export async function readExceedingWindowsPerDay(db: Kysely<DB>, sites: RawBuilder<unknown>, rule: DustRule, at: AsOf = LIVE) {
  const { rows } = await sql<{ site_id: number; age_days: number; windows: number }>`
    SELECT site_id, ${at.day} - (window_start AT TIME ZONE 'Asia/Shanghai')::date AS age_days, count(*)::int AS windows
    FROM (${exceedingWindows(rule, sql`${at.instant} - interval '30 days'`, sites, at.instant)}) w
    GROUP BY 1, 2`.execute(db)
  return rows
}

export async function writeRiskScores(db: Kysely<DB>, scores: { siteId: number; risk: RiskScore }[]): Promise<void> {
  await insertMany(db, 'site_risk', scores.map(({ siteId, risk }) => ({
    site_id: siteId, score: risk.score, grade: risk.grade,
    // Cast from text: the drivers would JSON-encode a string bound to jsonb a second time.
    breakdown: jsonb(risk.breakdown), computed_at: sql`now()`,
  })), 'site_id')
}

export async function clearStale(db: Kysely<DB>, cutoff: StaleCutoff): Promise<void> {
  await sql`DELETE FROM risk_stale WHERE marked_at <= ${cutoffAt(cutoff)}`.execute(db)
}

export async function markAllStale(db: Kysely<DB>): Promise<void> {
  await sql`INSERT INTO risk_stale (site_id, coverage) SELECT id, true FROM sites
            ON CONFLICT (site_id) DO UPDATE SET coverage = true, marked_at = clock_timestamp()`.execute(db)
}

/**
 * Every site's risk, but not its coverage, to be recomputed: what a change of the model's weights (a holiday
 * period starting or ending) needs. Coverage is the costly part of a pass, and no weight changes it.
 */
export async function markAllRiskStale(db: Kysely<DB>): Promise<void> {
  await sql`INSERT INTO risk_stale (site_id, coverage) SELECT id, false FROM sites
            ON CONFLICT (site_id) DO UPDATE SET marked_at = clock_timestamp()`.execute(db)
}

export async function findSiteRisk(db: Kysely<DB>, scope: SiteScope, siteId: number) {
  return db.selectFrom('site_risk as r').innerJoin('sites as s', 's.id', 'r.site_id').where('r.site_id', '=', siteId).where(inSiteScope(scope))
    .select(['r.score', 'r.grade', 'r.breakdown', beijingIso(sql`r.computed_at`).as('computedAt')])
    .executeTakeFirst()
}
