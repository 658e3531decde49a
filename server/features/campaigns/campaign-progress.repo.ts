import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingToday, geoJsonText, LIVE } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { CITY_SCOPE, type SiteScope } from '../../domain/roles.ts'
import { districtInScope, inSiteScope } from '../auth/site-scope.ts'
import { CAMPAIGN_SUMS, computedCampaignAreas } from '../kpis/kpi-campaign-areas.ts'
import { readsStoredAreas, storedInScope } from '../kpis/kpi-areas.repo.ts'
import { inScope, type KpiScope } from '../kpis/kpis.repo.ts'
import { districtInCampaign } from './campaigns.repo.ts'

/*
 * How far a campaign has got, per district: targets planned and inspected, the hazards its inspections found and
 * how many are closed, the penalties issued on them, and whether each major finding got the “四个一律”
 * follow-through (a stop-work notice and a penalty).
 */

export interface DistrictProgressRow {
  districtId: number; name: string; planned: number; inspected: number; inspections: number; findings: number; majorFindings: number
  hazardsOpen: number; hazardsClosed: number; penalties: number; followedThrough: number; geometry: unknown
}

/** Per-site figures of one campaign, for the sites matching `sites` (a condition on `s`). */
const perSite = (campaignId: number, sites: RawBuilder<boolean>) => sql`
  SELECT s.id AS site_id, s.district_id,
    EXISTS (SELECT 1 FROM campaign_targets ct WHERE ct.campaign_id = ${campaignId} AND ct.site_id = s.id) AS planned,
    (SELECT count(*) FROM inspections i WHERE i.campaign_id = ${campaignId} AND i.site_id = s.id) AS inspections,
    h.findings, h.major, h.closed, h.penalties, h.followed_through
  FROM sites s
  LEFT JOIN LATERAL (
    SELECT count(*) AS findings, count(*) FILTER (WHERE hz.severity = 'major') AS major, count(*) FILTER (WHERE hz.status = 'closed') AS closed,
      coalesce(sum((SELECT count(*) FROM notices n WHERE n.hazard_id = hz.id AND n.type_code = 'penalty')), 0) AS penalties,
      count(*) FILTER (WHERE hz.severity = 'major'
        AND EXISTS (SELECT 1 FROM notices n WHERE n.hazard_id = hz.id AND n.type_code = 'stop_work_rectification')
        AND EXISTS (SELECT 1 FROM notices n WHERE n.hazard_id = hz.id AND n.type_code = 'penalty')) AS followed_through
    FROM hazards hz JOIN inspections i ON i.id = hz.inspection_id WHERE i.campaign_id = ${campaignId} AND i.site_id = s.id) h ON true
  WHERE ${sites} AND (s.id IN (SELECT site_id FROM campaign_targets WHERE campaign_id = ${campaignId})
    OR s.id IN (SELECT site_id FROM inspections WHERE campaign_id = ${campaignId}))`

/** One row per district of the caller's zone that the campaign covers, with its outline for the map. */
export async function districtProgress(db: Kysely<DB>, scope: SiteScope, campaignId: number): Promise<DistrictProgressRow[]> {
  const { rows } = await sql<Record<string, any>>`
    WITH p AS (${perSite(campaignId, inSiteScope(scope))})
    SELECT d.id, d.name, ${geoJsonText(sql`ST_SimplifyPreserveTopology(d.geom, 0.002)`, 5)}::json AS geometry,
      count(p.site_id) FILTER (WHERE p.planned) AS planned, count(p.site_id) FILTER (WHERE p.inspections > 0) AS inspected,
      coalesce(sum(p.inspections), 0) AS inspections, coalesce(sum(p.findings), 0) AS findings, coalesce(sum(p.major), 0) AS major,
      coalesce(sum(p.closed), 0) AS closed, coalesce(sum(p.penalties), 0) AS penalties, coalesce(sum(p.followed_through), 0) AS followed
    FROM campaigns c JOIN districts d ON ${districtInCampaign} AND ${districtInScope(scope)}
    LEFT JOIN p ON p.district_id = d.id
    WHERE c.id = ${campaignId}
    GROUP BY d.id, d.name, d.geom ORDER BY d.id`.execute(db)
  return rows.map((r) => ({
    districtId: r.id, name: r.name, geometry: r.geometry, planned: Number(r.planned), inspected: Number(r.inspected),
    inspections: Number(r.inspections), findings: Number(r.findings), majorFindings: Number(r.major),
    hazardsOpen: Number(r.findings) - Number(r.closed), hazardsClosed: Number(r.closed), penalties: Number(r.penalties), followedThrough: Number(r.followed),
  }))
}

/** The campaign's sites in the caller's zone (targets, and sites inspected under it without being one), as points. */
export async function campaignSites(db: Kysely<DB>, scope: SiteScope, campaignId: number) {
  const { rows } = await sql<{ id: number; code: string; name: string; districtId: number; lon: number; lat: number; source: string | null; inspections: number; openHazards: number }>`
    SELECT s.id, s.code, s.name, s.district_id AS "districtId", ST_X(s.location) AS lon, ST_Y(s.location) AS lat,
      (SELECT ct.source FROM campaign_targets ct WHERE ct.campaign_id = ${campaignId} AND ct.site_id = s.id) AS source,
      p.inspections::int AS inspections, (p.findings - p.closed)::int AS "openHazards"
    FROM (${perSite(campaignId, inSiteScope(scope))}) p JOIN sites s ON s.id = p.site_id ORDER BY s.id`.execute(db)
  return rows
}

/**
 * The running campaigns the wall shows for the KPI scope, with their totals in it; none when nothing runs. Added up
 * from the sums kept per area (kpi-campaign-areas.ts), which the caller has brought up to date; a patrol contract's
 * area cuts across areas, so its sums are computed from the records by the same SQL.
 */
export async function runningCampaignTotals(db: Kysely<DB>, scope: KpiScope) {
  const access = scope.access ?? CITY_SCOPE
  const areas = readsStoredAreas(scope, LIVE) ? sql`SELECT * FROM kpi_campaign_areas a WHERE ${storedInScope(scope)}` : computedCampaignAreas(inScope(scope))
  const { rows } = await sql<{ id: number; name: string; kind: string; startsOn: string; endsOn: string } & Record<(typeof CAMPAIGN_SUMS)[number], number>>`
    SELECT c.id, c.name, c.kind, c.starts_on::text AS "startsOn", c.ends_on::text AS "endsOn",
      ${sql.join(CAMPAIGN_SUMS.map((column) => sql`coalesce(sum(a.${sql.raw(column)}), 0)::int AS ${sql.ref(column)}`))}
    FROM campaigns c LEFT JOIN (${areas}) a ON a.campaign_id = c.id
    WHERE ${beijingToday} BETWEEN c.starts_on AND c.ends_on
      AND EXISTS (SELECT 1 FROM districts d WHERE ${districtInScope(access)} AND ${districtInCampaign})
    GROUP BY c.id ORDER BY c.ends_on, c.id LIMIT 5`.execute(db)
  return rows
}
