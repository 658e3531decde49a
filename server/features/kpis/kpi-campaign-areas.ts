import { type RawBuilder, sql } from 'kysely'

/*
 * Campaign progress as sums per KPI area (migration 0024), recomputed with the area (kpi-areas.repo.ts): for each
 * campaign that targeted or inspected a site of the area, the targets planned and inspected, and what its
 * inspections there found, closed and were penalised for. The records as they are: campaigns keep no history.
 */

export const CAMPAIGN_SUMS = ['planned', 'inspected', 'findings', 'closed', 'penalties'] as const

/** One row per campaign and area, over the sites matching `where` (on `sites s`). */
export function computedCampaignAreas(where: RawBuilder<unknown>): RawBuilder<Record<string, unknown>> {
  return sql`
    WITH scoped AS MATERIALIZED (SELECT s.id, s.district_id, coalesce(s.grid_id, 0) AS grid_key FROM sites s WHERE ${where}),
    pairs AS (SELECT ct.campaign_id, ct.site_id FROM campaign_targets ct JOIN scoped s ON s.id = ct.site_id
              UNION SELECT i.campaign_id, i.site_id FROM inspections i JOIN scoped s ON s.id = i.site_id WHERE i.campaign_id IS NOT NULL)
    SELECT p.campaign_id, s.district_id, s.grid_key,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM campaign_targets ct WHERE ct.campaign_id = p.campaign_id AND ct.site_id = p.site_id))::int AS planned,
      count(*) FILTER (WHERE EXISTS (SELECT 1 FROM inspections i WHERE i.campaign_id = p.campaign_id AND i.site_id = p.site_id))::int AS inspected,
      coalesce(sum(h.findings), 0)::int AS findings, coalesce(sum(h.closed), 0)::int AS closed, coalesce(sum(h.penalties), 0)::int AS penalties
    FROM pairs p JOIN scoped s ON s.id = p.site_id
    LEFT JOIN LATERAL (
      SELECT count(*) AS findings, count(*) FILTER (WHERE hz.status = 'closed') AS closed,
        sum((SELECT count(*) FROM notices n WHERE n.hazard_id = hz.id AND n.type_code = 'penalty')) AS penalties
      FROM inspections i JOIN hazards hz ON hz.inspection_id = i.id WHERE i.campaign_id = p.campaign_id AND i.site_id = p.site_id) h ON true
    GROUP BY p.campaign_id, s.district_id, s.grid_key`
}
