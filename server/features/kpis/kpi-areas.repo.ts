import { type Kysely, type RawBuilder, sql } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import { withLocalSettings } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import { HAZARD_AGE_BANDS, HAZARD_SEVERITIES, type HazardAgeBand, type HazardSeverity } from '../../domain/hazard-flow.ts'
import { CITY_SCOPE } from '../../domain/roles.ts'
import { deviceReporting } from '../devices/devices.repo.ts'
import { hazardOpenAt } from '../hazards/hazards.repo.ts'
import { siteCertification } from '../people/certification.repo.ts'
import { CAMPAIGN_SUMS, computedCampaignAreas } from './kpi-campaign-areas.ts'
import type { KpiScope } from './kpis.repo.ts'

/*
 * The KPIs' site-proportional part as sums per area (migration 0021): one SQL computes them from the records for
 * any set of sites, `at` any instant; the live portal stores them per area and adds up the stored rows of the
 * caller's scope. A past day, and a patrol contract's area (which cuts across grids), add up the computed rows.
 */

/** The summed columns, in the table's order; each is an integer count but risk_sum. */
export const AREA_SUMS = [
  'supervised', 'beyond_scale', 'standardized', 'cert_required', 'cert_filled', 'video_sites',
  'cranes_live', 'cranes_reporting', 'devices_active', 'devices_reporting',
  'key_total', 'key_enclosure', 'key_dust_net', 'key_spraying', 'key_all_three', 'key_missing',
  'major_0_7', 'major_8_30', 'major_31', 'general_0_7', 'general_8_30', 'general_31', 'hazards_overdue',
  'supervised_open_hazards', 'supervised_overdue_hazards', 'red_sites', 'risk_sum', 'risk_count',
  'chem_sites', 'chem_surveyed', 'chem_major_0_7', 'chem_major_8_30', 'chem_major_31', 'chem_general_0_7', 'chem_general_8_30', 'chem_general_31',
] as const
export type AreaSum = (typeof AREA_SUMS)[number]
export type DistrictTotals = Record<AreaSum, number> & { district_id: number; name: string; key_deadline: string | null; mean_risk: number | null }

/** The column counting open hazards (`chem_`: chemical dangers) of a severity and an age band: `major_8_30` for 8-30. */
export const hazardColumn = (prefix: '' | 'chem_', severity: HazardSeverity, band: HazardAgeBand) =>
  `${prefix}${severity}_${band.replace('-', '_').replace('+', '')}` as AreaSum
const HAZARD_COLUMNS = (prefix: '' | 'chem_') =>
  HAZARD_SEVERITIES.flatMap((severity) => HAZARD_AGE_BANDS.map((band) => ({ severity, band, column: hazardColumn(prefix, severity, band) })))

// A measure not yet done has no date: NULL must count as not done, not as unknown, or NOT allThree would drop it.
const allThree = (day: RawBuilder<string>) =>
  sql`coalesce(k.enclosure_done_on <= ${day} AND k.dust_net_done_on <= ${day} AND k.spraying_done_on <= ${day}, false)`
const ageBuckets = (day: RawBuilder<string>, prefix: '' | 'chem_' = '', only: RawBuilder<unknown> = sql`true`) => {
  const age = sql`${day} - (h.found_at AT TIME ZONE 'Asia/Shanghai')::date`
  const inBand = { '0-7': sql`${age} <= 7`, '8-30': sql`${age} BETWEEN 8 AND 30`, '31+': sql`${age} > 30` }
  return sql.join(HAZARD_COLUMNS(prefix).map(({ severity, band, column }) =>
    sql`count(*) FILTER (WHERE h.severity = ${severity} AND ${inBand[band]} AND ${only})::int AS ${sql.ref(column)}`))
}
const hazardSum = (column: string) => sql`coalesce(sum(${sql.ref(`hz.${column}`)}), 0)::int AS ${sql.ref(column)}`

/**
 * One row per area of the sites matching `where` (on `sites s`), as the records stood `at`, with the instant the
 * row stops being true without a write: the next Beijing midnight, or the first counted device falling silent.
 */
export function computedAreas(where: RawBuilder<unknown>, at: AsOf = LIVE): RawBuilder<Record<string, unknown>> {
  const { instant, day } = at
  const reporting = deviceReporting()
  // Each part is grouped by site once, then joined: inlined, the certification was recomputed per site.
  return sql`
    WITH beyond AS MATERIALIZED (SELECT DISTINCT w.site_id FROM dangerous_works w JOIN sites s ON s.id = w.site_id WHERE ${where} AND w.beyond_scale AND w.status <> 'completed'),
    video AS MATERIALIZED (SELECT DISTINCT c.site_id FROM cameras c JOIN sites s ON s.id = c.site_id JOIN devices v ON v.camera_id = c.id
              WHERE ${where} AND c.purpose = 'site_video' AND c.online AND ${reporting}),
    crane AS MATERIALIZED (SELECT c.site_id, count(DISTINCT c.id)::int AS live, count(v.id) FILTER (WHERE ${reporting})::int AS reporting
              FROM cranes c JOIN sites s ON s.id = c.site_id LEFT JOIN devices v ON v.crane_id = c.id WHERE ${where} AND c.stage <> 'dismantled' GROUP BY c.site_id),
    device AS MATERIALIZED (SELECT v.site_id, count(*) FILTER (WHERE v.status = 'active')::int AS active, count(*) FILTER (WHERE ${reporting})::int AS reporting,
                 min(v.last_seen_at + make_interval(secs => v.interval_s * 2)) FILTER (WHERE ${reporting}) AS silent_at
               FROM devices v JOIN sites s ON s.id = v.site_id WHERE ${where} GROUP BY v.site_id),
    cert AS MATERIALIZED (SELECT x.site_id, x.required, x.filled FROM (${siteCertification(where)}) x),
    key AS MATERIALIZED (SELECT k.site_id, count(*)::int AS total, min(k.deadline) AS deadline,
              count(*) FILTER (WHERE k.enclosure_done_on <= ${day})::int AS enclosure, count(*) FILTER (WHERE k.dust_net_done_on <= ${day})::int AS dust_net,
              count(*) FILTER (WHERE k.spraying_done_on <= ${day})::int AS spraying, count(*) FILTER (WHERE ${allThree(day)})::int AS all_three,
              count(*) FILTER (WHERE NOT ${allThree(day)} AND k.deadline < ${day})::int AS missing
            FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE ${where} GROUP BY k.site_id),
    hz AS MATERIALIZED (SELECT h.site_id, count(*)::int AS open, count(*) FILTER (WHERE h.deadline < ${day})::int AS overdue,
             ${ageBuckets(day)}, ${ageBuckets(day, 'chem_', sql`h.raised_by = 'chemical'`)}
           FROM hazards h JOIN sites s ON s.id = h.site_id WHERE ${where} AND ${hazardOpenAt(instant, 'h.')} GROUP BY h.site_id),
    -- Chemicals as stored now, as the chemicals map shows them: the register keeps no history of its own.
    chem AS MATERIALIZED (SELECT c.site_id, EXISTS (SELECT 1 FROM chemical_surveys v WHERE v.site_id = c.site_id) AS surveyed
             FROM (SELECT DISTINCT c.site_id FROM site_chemicals c JOIN sites s ON s.id = c.site_id WHERE ${where} AND c.removed_on IS NULL) c),
    scoped AS (SELECT s.id, s.district_id, coalesce(s.grid_id, 0) AS grid_key, s.stage <> 'completed' AS supervised,
                 s.standardization_score IS NOT NULL AS standardized FROM sites s WHERE ${where})
    SELECT s.district_id, s.grid_key,
      count(*) FILTER (WHERE s.supervised)::int AS supervised,
      count(beyond.site_id) FILTER (WHERE s.supervised)::int AS beyond_scale,
      count(*) FILTER (WHERE s.supervised AND s.standardized)::int AS standardized,
      coalesce(sum(cert.required), 0)::int AS cert_required, coalesce(sum(cert.filled), 0)::int AS cert_filled,
      count(video.site_id) FILTER (WHERE s.supervised)::int AS video_sites,
      coalesce(sum(crane.live) FILTER (WHERE s.supervised), 0)::int AS cranes_live,
      coalesce(sum(crane.reporting) FILTER (WHERE s.supervised), 0)::int AS cranes_reporting,
      coalesce(sum(device.active) FILTER (WHERE s.supervised), 0)::int AS devices_active,
      coalesce(sum(device.reporting) FILTER (WHERE s.supervised), 0)::int AS devices_reporting,
      coalesce(sum(key.total), 0)::int AS key_total, min(key.deadline) AS key_deadline,
      ${sql.join(['enclosure', 'dust_net', 'spraying', 'all_three', 'missing'].map((m) => sql`coalesce(sum(key.${sql.raw(m)}), 0)::int AS ${sql.ref(`key_${m}`)}`))},
      ${sql.join((['', 'chem_'] as const).flatMap((prefix) => HAZARD_COLUMNS(prefix).map(({ column }) => hazardSum(column))))},
      count(chem.site_id)::int AS chem_sites, count(chem.site_id) FILTER (WHERE chem.surveyed)::int AS chem_surveyed,
      coalesce(sum(hz.overdue), 0)::int AS hazards_overdue,
      coalesce(sum(hz.open) FILTER (WHERE s.supervised), 0)::int AS supervised_open_hazards,
      coalesce(sum(hz.overdue) FILTER (WHERE s.supervised), 0)::int AS supervised_overdue_hazards,
      count(*) FILTER (WHERE s.supervised AND r.grade = 'red')::int AS red_sites,
      coalesce(sum(r.score::numeric) FILTER (WHERE s.supervised), 0) AS risk_sum,
      count(r.site_id) FILTER (WHERE s.supervised)::int AS risk_count,
      ${instant} AS computed_at,
      least((${day} + 1)::timestamp AT TIME ZONE 'Asia/Shanghai', min(device.silent_at)) AS valid_until
    FROM scoped s LEFT JOIN beyond ON beyond.site_id = s.id LEFT JOIN video ON video.site_id = s.id LEFT JOIN crane ON crane.site_id = s.id
      LEFT JOIN device ON device.site_id = s.id LEFT JOIN cert ON cert.site_id = s.id LEFT JOIN key ON key.site_id = s.id
      LEFT JOIN hz ON hz.site_id = s.id LEFT JOIN chem ON chem.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id
    GROUP BY s.district_id, s.grid_key`
}

/** The stored areas a scope adds up: a grid supervisor's grids, a district, or the city, narrowed to a district or grid. */
export function storedInScope({ districtId, gridId, access = CITY_SCOPE }: KpiScope): RawBuilder<unknown> {
  const access_ = access.kind === 'city' ? [] : access.kind === 'district' ? [sql`a.district_id = ${access.districtId}`]
    : [sql`a.grid_key IN (SELECT gs.grid_id FROM grid_supervisors gs WHERE gs.user_id = ${access.kind === 'grids' ? access.userId : -1})`]
  return sql.join([sql`true`, ...access_, ...(districtId ? [sql`a.district_id = ${districtId}`] : []), ...(gridId ? [sql`a.grid_key = ${gridId}`] : [])], sql` AND `)
}

/**
 * Whether the scope's figures `at` add up the stored areas, which the caller brings up to date first with
 * `refreshKpiAreas`, once for everything it reads. A past instant, and a patrol contract's area (which does not
 * follow area lines), are computed from the records instead.
 */
export const readsStoredAreas = (scope: KpiScope, at: AsOf) => at === LIVE && scope.access?.kind !== 'contract'

/** The sums per district of the areas in `scope`, stored or computed (readsStoredAreas). */
export async function districtTotals(db: Kysely<DB>, scope: KpiScope, where: RawBuilder<unknown>, at: AsOf): Promise<DistrictTotals[]> {
  const areas = readsStoredAreas(scope, at) ? sql`SELECT * FROM kpi_areas a WHERE ${storedInScope(scope)}` : computedAreas(where, at)
  const { rows } = await sql<DistrictTotals>`
    SELECT a.district_id, d.name, min(a.key_deadline)::text AS key_deadline,
      round(sum(a.risk_sum) / nullif(sum(a.risk_count), 0), 1)::float8 AS mean_risk,
      ${sql.join(AREA_SUMS.map((column) => column === 'risk_sum' ? sql`sum(a.risk_sum)::float8 AS risk_sum` : sql`sum(a.${sql.raw(column)})::int AS ${sql.ref(column)}`))}
    FROM (${areas}) a JOIN districts d ON d.id = a.district_id
    GROUP BY a.district_id, d.name ORDER BY a.district_id`.execute(db)
  return rows
}

const COLUMNS = ['district_id', 'grid_key', ...AREA_SUMS, 'key_deadline', 'computed_at', 'valid_until']

/**
 * Recomputes the areas marked stale by a write, and those whose valid_until has passed, in one transaction; returns
 * how many areas were recomputed. The marks are taken with DELETE … RETURNING first, so a write committed after that
 * leaves its mark for the next pass, and one committed before is seen by the recompute that follows.
 */
export async function refreshKpiAreas(db: Kysely<DB>): Promise<number> {
  // What nearly every read finds, asked in one statement without a transaction: nothing marked, nothing expired.
  // min() reads one entry of the valid_until index; EXISTS over a filter was planned as a scan of every area (4 ms).
  const { rows: [probe] } = await sql<{ due: boolean }>`
    SELECT EXISTS (SELECT 1 FROM kpi_areas_stale) OR coalesce((SELECT min(valid_until) FROM kpi_areas) <= now(), false) AS due`.execute(db)
  if (!probe.due) return 0
  // JIT compiles this recount for seconds of a city's (its plans look costly) and saves nothing here.
  return withLocalSettings(db, { jit: 'off' }, async (trx) => {
    // One refresh at a time: two requests finding the same expired areas would both rewrite them, and the second's
    // campaign rows would collide with the first's. The second waits, then finds nothing left due.
    await sql`SELECT pg_advisory_xact_lock(hashtext('kpi_areas.refresh'))`.execute(trx)
    const { rows: due } = await sql<{ district_id: number; grid_key: number }>`
      WITH marked AS (DELETE FROM kpi_areas_stale RETURNING district_id, grid_key)
      SELECT district_id, grid_key FROM marked UNION SELECT district_id, grid_key FROM kpi_areas WHERE valid_until <= now()`.execute(trx)
    if (due.length === 0) return 0
    const grids = due.filter((a) => a.grid_key !== 0).map((a) => a.grid_key)
    const outside = due.filter((a) => a.grid_key === 0).map((a) => a.district_id)
    // Whole grids, and a district's sites outside every grid: each area computed is complete, whatever district it is in.
    const where = sql`(s.grid_id = ANY(${grids}::int[]) OR (s.grid_id IS NULL AND s.district_id = ANY(${outside}::int[])))`
    // Both tables' rows of the due areas go, and are written again below.
    for (const table of ['kpi_areas', 'kpi_campaign_areas']) {
      await sql`DELETE FROM ${sql.table(table)} a USING jsonb_to_recordset(${JSON.stringify(due)}::text::jsonb) AS d(district_id int, grid_key int)
                WHERE a.district_id = d.district_id AND a.grid_key = d.grid_key`.execute(trx)
    }
    await sql`INSERT INTO kpi_areas (${sql.join(COLUMNS.map((c) => sql.ref(c)))}) SELECT ${sql.join(COLUMNS.map((c) => sql.ref(`c.${c}`)))}
              FROM (${computedAreas(where)}) c
              ON CONFLICT (district_id, grid_key) DO UPDATE SET ${sql.join(COLUMNS.slice(2).map((c) => sql`${sql.ref(c)} = EXCLUDED.${sql.ref(c)}`))}`.execute(trx)
    await sql`INSERT INTO kpi_campaign_areas (campaign_id, district_id, grid_key, ${sql.join(CAMPAIGN_SUMS.map((c) => sql.ref(c)))})
              SELECT campaign_id, district_id, grid_key, ${sql.join(CAMPAIGN_SUMS.map((c) => sql.ref(c)))} FROM (${computedCampaignAreas(where)}) c`.execute(trx)
    return due.length
  })
}

/**
 * The background reconciliation: every stored area against a full recount from the records, now. Returns the areas
 * that differ (none, when the triggers and expiries are right), each with the columns that differ.
 */
export async function reconcileKpiAreas(db: Kysely<DB>): Promise<{ districtId: number; gridKey: number; columns: string[] }[]> {
  const compared = [...AREA_SUMS, 'key_deadline'] as const
  const { rows } = await sql<{ district_id: number; grid_key: number; columns: string[] }>`
    SELECT coalesce(a.district_id, c.district_id) AS district_id, coalesce(a.grid_key, c.grid_key) AS grid_key,
      CASE WHEN a.district_id IS NULL THEN ARRAY['not stored'] WHEN c.district_id IS NULL THEN ARRAY['no longer exists'] ELSE array_remove(ARRAY[${sql.join(compared.map((col) => sql`CASE WHEN a.${sql.raw(col)} IS DISTINCT FROM c.${sql.raw(col)} THEN ${col} END`))}]::text[], NULL) END AS columns
    FROM kpi_areas a FULL JOIN (${computedAreas(sql`true`)}) c ON c.district_id = a.district_id AND c.grid_key = a.grid_key
    WHERE a.district_id IS NULL OR c.district_id IS NULL
      OR (${sql.join(compared.map((col) => sql.ref(`a.${col}`)))}) IS DISTINCT FROM (${sql.join(compared.map((col) => sql.ref(`c.${col}`)))})`.execute(db)
  const campaigns = await differingCampaignAreas(db)
  return [...rows, ...campaigns].map((r) => ({ districtId: r.district_id, gridKey: r.grid_key, columns: r.columns }))
}

/** The same check of the campaign rows (0024): an area's campaigns that differ, as `campaign <id>: <columns>`. */
async function differingCampaignAreas(db: Kysely<DB>) {
  const { rows } = await sql<{ district_id: number; grid_key: number; columns: string[] }>`
    SELECT coalesce(a.district_id, c.district_id) AS district_id, coalesce(a.grid_key, c.grid_key) AS grid_key,
      array_agg('campaign ' || coalesce(a.campaign_id, c.campaign_id) || ': ' || CASE WHEN a.district_id IS NULL THEN 'not stored' WHEN c.district_id IS NULL THEN 'no longer exists'
        ELSE array_to_string(ARRAY[${sql.join(CAMPAIGN_SUMS.map((col) => sql`CASE WHEN a.${sql.raw(col)} IS DISTINCT FROM c.${sql.raw(col)} THEN ${col} END`))}], ', ') END) AS columns
    FROM kpi_campaign_areas a FULL JOIN (${computedCampaignAreas(sql`true`)}) c
      ON c.campaign_id = a.campaign_id AND c.district_id = a.district_id AND c.grid_key = a.grid_key
    WHERE a.district_id IS NULL OR c.district_id IS NULL
      OR (${sql.join(CAMPAIGN_SUMS.map((col) => sql.ref(`a.${col}`)))}) IS DISTINCT FROM (${sql.join(CAMPAIGN_SUMS.map((col) => sql.ref(`c.${col}`)))})
    GROUP BY 1, 2`.execute(db)
  return rows
}

/** Marks areas for the next refresh (the reconciliation's repair). */
export async function markKpiAreasStale(db: Kysely<DB>, areas: { districtId: number; gridKey: number }[]): Promise<void> {
  await sql`INSERT INTO kpi_areas_stale (district_id, grid_key)
            SELECT * FROM jsonb_to_recordset(${JSON.stringify(areas.map((a) => ({ district_id: a.districtId, grid_key: a.gridKey })))}::text::jsonb)
              AS a(district_id int, grid_key int) ON CONFLICT DO NOTHING`.execute(db)
}
