import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingToday } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'

/*
 * A report's figures for one period and area, each a number under a key. Records count when their own time falls
 * in the period (an inspection's, a notice's, a hazard's finding, closing or deadline, an accident's, a
 * complaint's receipt); states (projects, targets, key projects, ranking) come from the snapshots of the period's
 * last captured day, and dust from every captured day of it. Nothing is read as it stands today, so a past
 * period gives the same numbers however often it is asked for.
 */

export type Values = Map<string, number | null>
export interface PeriodFigures {
  snapshotDay: string | null
  sections: Record<string, Values>
  /** The city's ranking at the city's last captured day of the period, by district. */
  ranking: Map<number, { rank: number; name: string; meanRisk: number | null; openHazards: number; overdueHazards: number; redSites: number }>
}

interface Bounds { start: string; end: string; districtId: number | null }

/** The period as a range of instants, Beijing days: from the first day's midnight to the midnight after the last. */
const from = (b: Bounds) => sql`(${b.start}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`
const until = (b: Bounds) => sql`((${b.end}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`
const within = (b: Bounds, column: string) => sql`${sql.ref(column)} >= ${from(b)} AND ${sql.ref(column)} < ${until(b)}`
const area = (b: Bounds, alias: string) => (b.districtId === null ? sql`true` : sql`${sql.ref(`${alias}.district_id`)} = ${b.districtId}`)

async function keyed(db: Kysely<DB>, query: RawBuilder<{ key: string; value: number | null }>): Promise<Values> {
  return new Map((await query.execute(db)).rows.map((r) => [r.key, r.value === null ? null : Number(r.value)]))
}

/** The last day of the period with a KPI snapshot of the area (district_id NULL = the city). */
async function lastSnapshot(db: Kysely<DB>, b: Bounds, districtId: number | null) {
  const { rows } = await sql<{ day: string; kpis: Record<string, unknown> }>`
    SELECT day::text AS day, kpis FROM kpi_days
    WHERE coalesce(district_id, 0) = ${districtId ?? 0} AND day >= ${b.start}::date AND day <= ${b.end}::date
    ORDER BY day DESC LIMIT 1`.execute(db)
  return rows[0] ?? null
}

const percent = (value: unknown) => (typeof value === 'number' ? Math.round(value * 1000) / 10 : null)

function fromKpis(kpis: Record<string, unknown> | undefined): { targets: Values; keyProjects: Values } {
  const targets = (kpis?.targets ?? {}) as Record<string, unknown>
  const key = (kpis?.keyProjects ?? {}) as Record<string, unknown>
  const count = (value: unknown) => (typeof value === 'number' ? value : null)
  return {
    targets: new Map(['certificateRate', 'videoInstallationRate', 'craneMonitoringRate', 'standardizationCoverage'].map((k) => [k, percent(targets[k])])),
    keyProjects: new Map(['total', 'highEnclosure', 'dustNet', 'spraying', 'allThree', 'missingAfterDeadline'].map((k) => [k, count(key[k])])),
  }
}

export async function periodFigures(db: Kysely<DB>, b: Bounds): Promise<PeriodFigures> {
  const snapshot = await lastSnapshot(db, b, b.districtId)
  const city = b.districtId === null ? snapshot : await lastSnapshot(db, b, null)
  const day = snapshot?.day ?? null
  const [projects, inspections, notices, hazards, penalties, accidents, dust, complaints] = await Promise.all([
    keyed(db, sql`
      SELECT coalesce(s.kind, 'total') AS key, count(*)::int AS value FROM site_days sd JOIN sites s ON s.id = sd.site_id
      WHERE sd.day = ${day}::date AND sd.stage <> 'completed' AND ${area(b, 'sd')} GROUP BY ROLLUP (s.kind)
      UNION ALL SELECT 'stage.' || sd.stage, count(*)::int FROM site_days sd
      WHERE sd.day = ${day}::date AND sd.stage <> 'completed' AND ${area(b, 'sd')} GROUP BY sd.stage`),
    keyed(db, sql`
      SELECT coalesce(i.kind, 'total') AS key, count(*)::int AS value FROM inspections i
      WHERE ${within(b, 'i.inspected_at')} AND ${area(b, 'i')} GROUP BY ROLLUP (i.kind)
      UNION ALL SELECT 'sites', count(DISTINCT i.site_id)::int FROM inspections i WHERE ${within(b, 'i.inspected_at')} AND ${area(b, 'i')}`),
    keyed(db, sql`
      SELECT coalesce(n.type_code, 'total') AS key, count(*)::int AS value FROM notices n
      WHERE ${within(b, 'n.issued_at')} AND ${area(b, 'n')} GROUP BY ROLLUP (n.type_code)`),
    keyed(db, sql`
      SELECT 'found' AS key, count(*)::int AS value FROM hazards h WHERE ${within(b, 'h.found_at')} AND ${area(b, 'h')}
      UNION ALL SELECT 'foundMajor', count(*)::int FROM hazards h WHERE ${within(b, 'h.found_at')} AND ${area(b, 'h')} AND h.severity = 'major'
      UNION ALL SELECT 'closed', count(*)::int FROM hazards h WHERE ${within(b, 'h.closed_at')} AND ${area(b, 'h')}
      UNION ALL SELECT 'meanClosureDays', round(avg(extract(epoch FROM h.closed_at - h.found_at) / 86400)::numeric, 1)::float8
        FROM hazards h WHERE ${within(b, 'h.closed_at')} AND ${area(b, 'h')}
      -- Overdue: due in the period and not closed by the end of its deadline (one still to come, in a period not yet over, is not).
      UNION ALL SELECT 'overdue', count(*)::int FROM hazards h
        WHERE h.deadline >= ${b.start}::date AND h.deadline <= ${b.end}::date AND h.deadline < ${beijingToday} AND ${area(b, 'h')}
          AND (h.closed_at IS NULL OR (h.closed_at AT TIME ZONE 'Asia/Shanghai')::date > h.deadline)
      UNION ALL SELECT 'openAtEnd', sum(sd.open_hazards)::int FROM site_days sd WHERE sd.day = ${day}::date AND ${area(b, 'sd')}
      UNION ALL SELECT 'overdueAtEnd', sum(sd.overdue_hazards)::int FROM site_days sd WHERE sd.day = ${day}::date AND ${area(b, 'sd')}`),
    keyed(db, sql`
      SELECT 'decisions' AS key, count(*)::int AS value FROM notices n WHERE n.type_code = 'penalty' AND ${within(b, 'n.issued_at')} AND ${area(b, 'n')}
      UNION ALL SELECT 'sites', count(DISTINCT n.site_id)::int FROM notices n WHERE n.type_code = 'penalty' AND ${within(b, 'n.issued_at')} AND ${area(b, 'n')}`),
    keyed(db, sql`
      SELECT coalesce(a.grade, 'total') AS key, count(*)::int AS value FROM accidents a
      WHERE ${within(b, 'a.occurred_at')} AND ${area(b, 'a')} GROUP BY ROLLUP (a.grade)
      UNION ALL SELECT 'deaths', coalesce(sum(a.deaths), 0)::int FROM accidents a WHERE ${within(b, 'a.occurred_at')} AND ${area(b, 'a')}
      UNION ALL SELECT 'injuries', coalesce(sum(a.injuries), 0)::int FROM accidents a WHERE ${within(b, 'a.occurred_at')} AND ${area(b, 'a')}`),
    // A captured day counts only once its snapshot is in: with none, the figures are unknown rather than zero.
    keyed(db, sql`
      SELECT k AS key, CASE WHEN x.days > 0 THEN v END AS value FROM (
        SELECT count(DISTINCT sd.day)::int AS days, count(*) FILTER (WHERE sd.pm10_windows > 0)::int AS site_days,
          count(DISTINCT sd.site_id) FILTER (WHERE sd.pm10_windows > 0)::int AS sites, coalesce(sum(sd.pm10_windows), 0)::int AS windows
        FROM site_days sd WHERE sd.day >= ${b.start}::date AND sd.day <= ${b.end}::date AND ${area(b, 'sd')}) x,
      LATERAL (VALUES ('siteDays', x.site_days), ('sites', x.sites), ('windows', x.windows), ('days', x.days)) AS f(k, v)`),
    keyed(db, sql`
      SELECT coalesce(c.category, 'total') AS key, count(*)::int AS value FROM complaints c
      WHERE ${within(b, 'c.received_at')} AND ${area(b, 'c')} GROUP BY ROLLUP (c.category)
      UNION ALL SELECT 'founded', count(*)::int FROM complaints c WHERE ${within(b, 'c.received_at')} AND ${area(b, 'c')} AND c.founded
      UNION ALL SELECT 'closed', count(*)::int FROM complaints c WHERE ${within(b, 'c.closed_at')} AND ${area(b, 'c')}`),
  ])
  if (day === null) for (const key of ['openAtEnd', 'overdueAtEnd']) hazards.set(key, null)
  const { targets, keyProjects } = fromKpis(snapshot?.kpis)
  const ranking = ((city?.kpis.districtRanking ?? []) as { rank: number; districtId: number; name: string; meanRisk: number | null; openHazards: number; overdueHazards: number; redSites: number }[])
  return {
    snapshotDay: day,
    sections: { projects, inspections, notices, hazards, penalties, accidents, targets, keyProjects, dust, complaints },
    ranking: new Map(ranking.map((r) => [r.districtId, { rank: r.rank, name: r.name, meanRisk: r.meanRisk, openHazards: r.openHazards, overdueHazards: r.overdueHazards, redSites: r.redSites }])),
  }
}
