import { type Kysely, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { beijingIso } from '../../../db/sql.ts'
import { type KpiKey, kpiSeriesDef, type SiteDayAggregate } from '../../domain/kpi-series.ts'
import { INSPECTION_ZH } from '../../domain/labels-zh.ts'
import { episodes, type FactorPoints } from '../../domain/site-timeline.ts'

/*
 * The KPIs over time, read from what the nightly job kept (kpi_days, site_days; features/history), never recomputed
 * from today's rows; and a site's risk days with the records that moved them.
 */

/** The city (kpi_days rows with no district; every site day) or these districts, each its own series. */
export type Areas = { city: true } | { districts: number[] }

export interface AreaSeries { districtId: number | null; values: Record<KpiKey, (number | null)[]> }
export interface Series { days: string[]; areas: AreaSeries[] }

const areaIds = (areas: Areas) => ('city' in areas ? [0] : areas.districts)
const SITE_DAY_SQL: Record<SiteDayAggregate, ReturnType<typeof sql<number | null>>> = {
  meanRisk: sql`round(avg(d.risk_score)::numeric, 1)::float8`,
  redOrangeSites: sql`count(*) FILTER (WHERE d.risk_grade IN ('red', 'orange'))::float8`,
  meanCoverage: sql`round(avg(d.coverage_ratio)::numeric, 4)::float8`,
}

/** Every day from `from` to `to` with a capture for one of the areas: each KPI's value per area and day (null where not kept). */
export async function kpiSeries(db: Kysely<DB>, keys: readonly KpiKey[], from: string, to: string, areas: Areas): Promise<Series> {
  const defs = keys.map(kpiSeriesDef)
  const stored = defs.flatMap((d) => ('kpiPath' in d.source ? [{ key: d.key, path: `{${d.source.kpiPath.join(',')}}` }] : []))
  const aggregated = defs.flatMap((d) => ('siteDays' in d.source ? [{ key: d.key, expr: SITE_DAY_SQL[d.source.siteDays] }] : []))
  const ids = areaIds(areas)
  const inRange = sql`BETWEEN ${from}::date AND ${to}::date`

  // The jsonb paths come from the catalogue, bound as parameters; a missing or null value reads as NULL.
  const kpiRows = (await sql<{ day: string; area: number } & Record<string, number | null>>`
    SELECT to_char(k.day, 'YYYY-MM-DD') AS day, coalesce(k.district_id, 0) AS area
      ${sql.join(stored.map((s, i) => sql`, (k.kpis #>> ${s.path}::text[])::float8 AS ${sql.ref(`v${i}`)}`), sql``)}
    FROM kpi_days k WHERE k.day ${inRange} AND coalesce(k.district_id, 0) IN (${sql.join(ids)})`.execute(db)).rows

  const siteRows = aggregated.length === 0 ? [] : (await sql<{ day: string; area: number } & Record<string, number | null>>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day, ${'city' in areas ? sql`0` : sql`d.district_id`} AS area
      ${sql.join(aggregated.map((a, i) => sql`, ${a.expr} AS ${sql.ref(`a${i}`)}`), sql``)}
    FROM site_days d WHERE d.day ${inRange} AND d.stage <> 'completed'
      ${'city' in areas ? sql`` : sql`AND d.district_id IN (${sql.join(ids)})`}
    GROUP BY 1, 2`.execute(db)).rows

  const days = [...new Set([...kpiRows, ...siteRows].map((r) => r.day))].sort()
  const index = new Map(days.map((d, i) => [d, i]))
  const result = ids.map((id): AreaSeries => ({
    districtId: id === 0 ? null : id,
    values: Object.fromEntries(keys.map((k) => [k, days.map((): number | null => null)])) as AreaSeries['values'],
  }))
  const byArea = new Map(ids.map((id, i) => [id, result[i]]))
  const put = (row: { day: string; area: number }, key: KpiKey, value: number | null) => {
    const area = byArea.get(Number(row.area))
    if (area) area.values[key][index.get(row.day) as number] = value === null ? null : Number(value)
  }
  for (const row of kpiRows) stored.forEach((s, i) => put(row, s.key, row[`v${i}`]))
  for (const row of siteRows) aggregated.forEach((a, i) => put(row, a.key, row[`a${i}`]))
  return { days, areas: result }
}

/** The districts (id, name) that the SQL condition on alias `d` admits, by id. */
export async function districtNames(db: Kysely<DB>, where: ReturnType<typeof sql<boolean>>) {
  return (await sql<{ id: number; name: string }>`SELECT d.id, d.name FROM districts d WHERE ${where} ORDER BY d.id`.execute(db)).rows
}

export interface TimelineDay { date: string; score: number | null; grade: string | null; breakdown: FactorPoints[]; pm10Windows: number }
export type EventKind = 'inspection' | 'hazard_opened' | 'hazard_closed' | 'pm10_episode' | 'notice'
export interface TimelineEvent { at: string; kind: EventKind; title: string; refId: number | null; until?: string }

/** The site's kept days from `from` to `to`, in order. */
export async function siteDays(db: Kysely<DB>, siteId: number, from: string, to: string): Promise<TimelineDay[]> {
  const { rows } = await sql<{ date: string; score: number | null; grade: string | null; breakdown: FactorPoints[] | null; pm10: number }>`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS date, d.risk_score AS score, d.risk_grade AS grade, d.risk_breakdown AS breakdown, d.pm10_windows AS pm10
    FROM site_days d WHERE d.site_id = ${siteId} AND d.day BETWEEN ${from}::date AND ${to}::date ORDER BY d.day`.execute(db)
  return rows.map((r) => ({ date: r.date, score: r.score === null ? null : Number(r.score), grade: r.grade, breakdown: r.breakdown ?? [], pm10Windows: Number(r.pm10) }))
}

/**
 * The records that move a site's risk, from `from` to `to` (Beijing days): inspections, hazards found and closed,
 * notices, and the days over the PM10 limit merged into episodes. In time order.
 */
export async function siteEvents(db: Kysely<DB>, siteId: number, from: string, to: string, days: readonly TimelineDay[]): Promise<TimelineEvent[]> {
  const start = sql`(${from}::date::timestamp AT TIME ZONE 'Asia/Shanghai')`
  const end = sql`((${to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`
  const within = (column: string) => sql`${sql.ref(column)} >= ${start} AND ${sql.ref(column)} < ${end}`
  const { rows } = await sql<{ at: string; kind: EventKind; title: string; ref_id: number; sort: string }>`
    SELECT ${beijingIso(sql`i.inspected_at`)} AS at, 'inspection' AS kind, i.kind AS title, i.id AS ref_id, i.inspected_at AS sort
      FROM inspections i WHERE i.site_id = ${siteId} AND ${within('i.inspected_at')}
    UNION ALL SELECT ${beijingIso(sql`h.found_at`)}, 'hazard_opened', h.category || '：' || h.description, h.id, h.found_at
      FROM hazards h WHERE h.site_id = ${siteId} AND ${within('h.found_at')}
    UNION ALL SELECT ${beijingIso(sql`h.closed_at`)}, 'hazard_closed', h.category || '：' || h.description, h.id, h.closed_at
      FROM hazards h WHERE h.site_id = ${siteId} AND ${within('h.closed_at')}
    UNION ALL SELECT ${beijingIso(sql`n.issued_at`)}, 'notice', t.name_zh || ' ' || n.code, n.id, n.issued_at
      FROM notices n JOIN notice_types t ON t.code = n.type_code WHERE n.site_id = ${siteId} AND ${within('n.issued_at')}
    ORDER BY sort, ref_id`.execute(db)
  const records: TimelineEvent[] = rows.map((r) => ({
    at: r.at, kind: r.kind, refId: Number(r.ref_id),
    title: r.kind === 'inspection' ? INSPECTION_ZH[r.title as keyof typeof INSPECTION_ZH] ?? r.title : r.title,
  }))
  const pm10: TimelineEvent[] = episodes(days.filter((d) => d.pm10Windows > 0).map((d) => d.date)).map((e) => ({
    at: `${e.start}T00:00:00+08:00`, kind: 'pm10_episode', refId: null, until: e.end,
    title: e.days === 1 ? 'PM10 超标 1 天' : `PM10 连续超标 ${e.days} 天`,
  }))
  return [...records, ...pm10].sort((a, b) => a.at.localeCompare(b.at))
}
