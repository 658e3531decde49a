import { type Kysely, type RawBuilder, sql } from 'kysely'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import { withLocalSettings } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import type { DustRule } from '../../domain/dust.ts'
import { HAZARD_AGE_BANDS, HAZARD_SEVERITIES, type HazardAgeBand, type HazardSeverity } from '../../domain/hazard-flow.ts'
import { CITY_SCOPE, type SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { exceedingWindows } from '../dust/dust.repo.ts'
import { type AreaSum, type DistrictTotals, districtTotals, hazardColumn, readsStoredAreas, refreshKpiAreas } from './kpi-areas.repo.ts'

/*
 * The plan's KPIs, computed in SQL from the records; nothing is entered by hand. Video and crane monitoring count
 * what devices actually reported: a camera the platform reports online, a crane monitor heard from within two of its
 * intervals (devices.repo.ts). Read `at` an instant — now, or the end of a day the history keeps (features/history) —
 * so that a past day's figures come from this same SQL; records with a time (hazards, notices, measures, readings,
 * accidents) are taken as they stood then, state without one (stage, devices) as it is. Live, the per-site counts
 * come from sums kept per area (kpi-areas.repo.ts), which a test and the reconciliation job hold equal to a recount.
 */

/** An area to report on, within what the caller may read (`access`, the whole city when absent). */
export interface KpiScope { districtId?: number; gridId?: number; access?: SiteScope }

export const inScope = ({ districtId, gridId, access = CITY_SCOPE }: KpiScope): RawBuilder<unknown> =>
  sql.join([inSiteScope(access), ...(districtId ? [sql`s.district_id = ${districtId}`] : []), ...(gridId ? [sql`s.grid_id = ${gridId}`] : [])], sql` AND `)

/**
 * Whether the site `siteId` (a column of another table) is in the scope. For the whole city it is plain true: a join
 * to sites only to keep every row made PostgreSQL scan all of them (a million) for a campaign's 5,000 targets. For a
 * district it is the row's own district column where it has one (kept by trigger, migration 0009), not a probe of
 * sites per row: a district's campaign totals took 47 ms at 100,000 sites that way.
 */
export function siteInScope(scope: KpiScope, siteId: RawBuilder<unknown>, districtOf?: RawBuilder<unknown>): RawBuilder<unknown> {
  if (!scope.gridId && (scope.access ?? CITY_SCOPE).kind === 'city') {
    if (!scope.districtId) return sql`true`
    if (districtOf) return sql`${districtOf} = ${scope.districtId}`
  }
  return sql`EXISTS (SELECT 1 FROM sites s WHERE s.id = ${siteId} AND ${inScope(scope)})`
}

// The day as a range of instants, which the index on issue times serves (49 → 1.5 ms at 100,000 sites); a date cast of each row cannot.
const startOf = (day: RawBuilder<string>) => sql`(${day}::timestamp AT TIME ZONE 'Asia/Shanghai')`

/** part / whole rounded half up to 4 decimals, as PostgreSQL's round(numeric, 4) does; null when whole is 0. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.floor((2 * part * 10_000 + whole) / (2 * whole)) / 10_000 : null
}

const total = (rows: DistrictTotals[], column: AreaSum) => rows.reduce((n, r) => n + r[column], 0)

/**
 * The site-proportional figures add up the areas of the scope (kpi-areas.repo.ts); what is small or moves by the
 * hour is read here at each call: today's notices, the last 24 hours' PM10 windows, accidents and open actions.
 */
export async function computeKpis(db: Kysely<DB>, scope: KpiScope, dust: DustRule, at: AsOf = LIVE) {
  const where = inScope(scope)
  const { instant, day: today } = at
  const startOfToday = startOf(today)
  const [districts, notices, pm10] = await Promise.all([
    districtTotals(db, scope, where, at),
    sql<{ type: string; name_zh: string; count: number }>`
      SELECT t.code AS type, t.name_zh, count(n.id)::int AS count FROM notice_types t
      LEFT JOIN (SELECT n.* FROM notices n WHERE ${siteInScope(scope, sql`n.site_id`, sql`n.district_id`)}
                 AND n.issued_at >= ${startOfToday} AND n.issued_at < ${startOfToday} + interval '1 day') n ON n.type_code = t.code
      GROUP BY t.code, t.name_zh, t.sort ORDER BY t.sort`.execute(db),
    // A few thousand readings (the key projects' monitors) from this month's partition, for which PostgreSQL plans two
    // workers: starting them took 38 of the statement's 41 ms at 100,000 sites on a busy 2-core server.
    withLocalSettings(db, { max_parallel_workers_per_gather: '0' }, (trx) => sql<{ windows: number; sites: number }>`
      SELECT count(*)::int AS windows, count(DISTINCT site_id)::int AS sites
      FROM (${exceedingWindows(dust, sql`${instant} - interval '24 hours'`, sql`SELECT s.id FROM sites s WHERE ${where}`, instant)}) w`.execute(trx)),
  ])
  const ranked = districts.filter((d) => d.supervised > 0)
  const { rows: watch } = await sql<{ district_id: number; accidents_12m: number; open_actions: number }>`
    SELECT d.id AS district_id,
      (SELECT count(*) FROM accidents a WHERE a.district_id = d.id
         AND a.occurred_at >= ${instant} - interval '12 months' AND a.occurred_at <= ${instant} AND ${siteInScope(scope, sql`a.site_id`, sql`a.district_id`)})::int AS accidents_12m,
      (SELECT count(*) FROM accountability_actions x WHERE x.district_id = d.id AND x.reply IS NULL)::int AS open_actions
    FROM districts d WHERE d.id = ANY(${ranked.map((d) => d.district_id)}::int[])`.execute(db)
  const sum = (column: AreaSum) => total(districts, column)
  const headline = {
    supervised_today: sum('supervised'), beyond_scale_projects: sum('beyond_scale'),
    standardization_coverage: ratio(sum('standardized'), sum('supervised')),
    certificate_rate: ratio(sum('cert_filled'), sum('cert_required')),
    video_installation_rate: ratio(sum('video_sites'), sum('supervised')),
    crane_monitoring_rate: ratio(sum('cranes_reporting'), sum('cranes_live')),
    device_online_rate: ratio(sum('devices_reporting'), sum('devices_active')),
  }
  const keyed = districts.filter((d) => d.key_total > 0)
  const deadlines = keyed.map((d) => d.key_deadline).filter((d) => d !== null).sort()
  const keyProjects = {
    total: sum('key_total'), deadline: deadlines[0] ?? null, enclosure: sum('key_enclosure'), dust_net: sum('key_dust_net'),
    spraying: sum('key_spraying'), all_three: sum('key_all_three'), missing_after_deadline: sum('key_missing'),
  }
  const hazards = HAZARD_SEVERITIES.flatMap((severity) => HAZARD_AGE_BANDS.map((age) => ({ severity, age, open: sum(hazardColumn('', severity, age)) })))
  const watchOf = new Map(watch.map((w) => [w.district_id, w]))
  const ranking = ranked.map((d) => ({
    district_id: d.district_id, name: d.name, supervised_sites: d.supervised, open_hazards: d.supervised_open_hazards,
    overdue_hazards: d.supervised_overdue_hazards, red_sites: d.red_sites, mean_risk: d.mean_risk,
    accidents_12m: watchOf.get(d.district_id)?.accidents_12m ?? 0, open_actions: watchOf.get(d.district_id)?.open_actions ?? 0,
  })).sort((a, b) => (b.mean_risk ?? -Infinity) - (a.mean_risk ?? -Infinity) || a.district_id - b.district_id)
  return {
    headline, notices: notices.rows, keyProjects, hazards, hazardsOverdue: sum('hazards_overdue'), pm10: pm10.rows[0], ranking, chemicals: chemicalsOf(districts),
    keyByDistrict: keyed.map((d) => ({ district_id: d.district_id, name: d.name, total: d.key_total, all_three: d.key_all_three })),
  }
}

/**
 * The hazardous-chemicals campaign's KPIs: sites surveyed (风险辨识 done at least once) out of the sites storing
 * chemicals now, and the open chemical dangers by age in days since found, as the hazard KPIs count them.
 */
function chemicalsOf(districts: DistrictTotals[]) {
  const sites = total(districts, 'chem_sites')
  const surveyed = total(districts, 'chem_surveyed')
  const open = (band: HazardAgeBand, severity: HazardSeverity) => total(districts, hazardColumn('chem_', severity, band))
  const byAge = HAZARD_AGE_BANDS.map((ageDays) => ({ ageDays, open: open(ageDays, 'major') + open(ageDays, 'general'), major: open(ageDays, 'major'), general: open(ageDays, 'general') }))
  return {
    sitesWithChemicals: sites, sitesSurveyed: surveyed, surveyedShare: sites > 0 ? Math.round((surveyed / sites) * 10_000) / 10_000 : null,
    openDangers: byAge.reduce((n, b) => n + b.open, 0), openDangersByAge: byAge,
  }
}

/** The chemicals block alone, for the chemicals screen: from the same sums. */
export async function chemicalKpis(db: Kysely<DB>, scope: KpiScope) {
  if (readsStoredAreas(scope, LIVE)) await refreshKpiAreas(db)
  return chemicalsOf(await districtTotals(db, scope, inScope(scope), LIVE))
}

export async function scopeExists(db: Kysely<DB>, scope: KpiScope): Promise<boolean> {
  if (scope.districtId && !(await db.selectFrom('districts').select('id').where('id', '=', scope.districtId).executeTakeFirst())) return false
  if (scope.gridId && !(await db.selectFrom('grids').select('id').where('id', '=', scope.gridId).executeTakeFirst())) return false
  return true
}
