import { type Kysely, type RawBuilder, sql } from 'kysely'
import { escapeLike, geoJsonText, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { SITE_COLUMN_NAMES } from '../../domain/site-columns.ts'
import { districtInScope, gridInScope, inSiteScope } from '../auth/site-scope.ts'

/*
 * GeoJSON layers are assembled inside PostgreSQL and handed to the client as text: no per-feature objects are
 * built in Node, which keeps the whole-city layers fast on both engines. Coordinates keep 6 decimals (~0.1 m).
 */

export const SITE_KINDS = ['housing', 'municipal', 'rail_transit', 'small_temporary'] as const
export const SITE_STAGES = ['earthworks', 'main_structure', 'finishing', 'completed'] as const
export const RISK_GRADES = ['red', 'orange', 'yellow', 'blue'] as const

export interface SiteFilter {
  /** Whose sites: always set, from the session (see features/auth/site-scope.ts). */
  scope: SiteScope
  bbox?: { minLon: number; minLat: number; maxLon: number; maxLat: number }
  districtIds?: number[]
  kinds?: string[]
  stages?: string[]
  key?: boolean
  q?: string
  grades?: string[]
  /** Only sites with (true) or without (false) an active 超危大 sub-project. */
  beyondScale?: boolean
  /** Only sites whose camera coverage is below this ratio (sites without a camera count as 0). */
  coverageBelow?: number
}

async function featureCollection(db: Kysely<DB>, features: RawBuilder<unknown>): Promise<string> {
  const { rows } = await sql<{ fc: string }>`
    SELECT '{"type":"FeatureCollection","features":[' || coalesce(string_agg(f, ',' ORDER BY id), '') || ']}' AS fc
    FROM (${features}) AS features(id, f)`.execute(db)
  return rows[0].fc
}

/**
 * One feature as JSON text; `properties` is a json_build_object(...) expression. Concatenated rather than built
 * with json_build_object: that would parse ST_AsGeoJSON's text back into json only to print it again (a fifth of
 * a whole-city layer's time, measured).
 */
const feature = (id: RawBuilder<unknown>, geom: RawBuilder<unknown>, properties: RawBuilder<unknown>) =>
  sql`${id}, '{"type":"Feature","id":' || ${id} || ',"geometry":' || coalesce(${geoJsonText(geom)}, 'null') || ',"properties":' || ${properties}::text || '}'`

/** Counts of sites are given only for areas in the caller's scope; others show null, not a misleading 0. */
export function districtsLayer(db: Kysely<DB>, scope: SiteScope): Promise<string> {
  return featureCollection(db, sql`
    SELECT ${feature(sql`d.id`, sql`d.geom`, sql`json_build_object('adcode', d.adcode, 'name', d.name, 'nameEn', d.name_en,
      'functionalZone', d.functional_zone, 'seat', ${lonLatJson(sql`d.seat`)},
      'siteCount', CASE WHEN ${districtInScope(scope)} THEN coalesce(sc.n, 0) END)`)}
    FROM districts d
    -- Counted in one pass: a count per district read each district's sites scattered over the whole table
    -- (0.45–0.9 s at 100,000 sites, against 0.1 s for one pass).
    LEFT JOIN (SELECT s.district_id, count(*) AS n FROM sites s WHERE ${inSiteScope(scope)} GROUP BY s.district_id) sc ON sc.district_id = d.id`)
}

export function gridsLayer(db: Kysely<DB>, scope: SiteScope): Promise<string> {
  return featureCollection(db, sql`
    SELECT ${feature(sql`g.id`, sql`g.geom`, sql`json_build_object('code', g.code, 'name', g.name, 'districtId', g.district_id,
      'township', t.name, 'siteCount', CASE WHEN ${gridInScope(scope)} THEN coalesce(sc.n, 0) END,
      'supervisors', coalesce((SELECT json_agg(u.display_name ORDER BY u.id) FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id
                               WHERE gs.grid_id = g.id), '[]'::json))`)}
    FROM grids g JOIN townships t ON t.id = g.township_id
    LEFT JOIN (SELECT grid_id, count(*) AS n FROM sites GROUP BY grid_id) sc ON sc.grid_id = g.id`)
}

/**
 * Sites as points (the whole city) or as their footprint polygons (street zoom, so always within a bbox).
 * Sites without a surveyed footprint are left out of the polygons; their point still shows.
 */
export function sitesLayer(db: Kysely<DB>, filter: SiteFilter, shape: 'point' | 'footprint' = 'point'): Promise<string> {
  const geom = shape === 'point' ? sql`s.location` : sql`s.footprint`
  return featureCollection(db, sql`
    SELECT ${feature(sql`s.id`, geom, sql`json_build_object('code', s.code, 'name', s.name, 'kind', s.kind,
      'stage', s.stage, 'districtId', s.district_id, 'gridId', s.grid_id, 'key', k.id IS NOT NULL,
      'floorArea', s.floor_area_m2, 'riskScore', r.score, 'riskGrade', r.grade, 'coverageRatio', cv.coverage_ratio,
      'cameras', coalesce(cv.cameras, 0), 'onlineCameras', coalesce(cv.online_cameras, 0))`)}
    FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id ${riskAndCoverage(filter)}
    WHERE ${shape === 'footprint' ? sql`s.footprint IS NOT NULL AND ` : sql``}${siteConditions(filter, geom)}`)
}

/**
 * Each column's value per site, as the points layer's properties give it. Keyed by the wire names, so a column
 * added to the body without its SQL fails to compile. `p.xy` is the site's [lon, lat] (see siteColumns).
 */
const SITE_COLUMNS: Record<(typeof SITE_COLUMN_NAMES)[number], RawBuilder<unknown>> = {
  id: sql`s.id`, lon: sql`p.xy[1]`, lat: sql`p.xy[2]`,
  code: sql`s.code`, name: sql`s.name`, kind: sql`s.kind`, stage: sql`s.stage`, key: sql`(k.id IS NOT NULL)::int`,
  floorArea: sql`s.floor_area_m2`, riskScore: sql`r.score`, riskGrade: sql`r.grade`, coverageRatio: sql`cv.coverage_ratio`,
  cameras: sql`coalesce(cv.cameras, 0)`, onlineCameras: sql`coalesce(cv.online_cameras, 0)`,
}

/**
 * The sites the points layer shows (same joins, same filter), as a SiteColumnsBody in JSON text. The aggregates of
 * one Agg node read its input once, so every column takes the id-ordered subquery's rows in the same order; one
 * ORDER BY per aggregate instead would sort the rows once per column on PostgreSQL 15. array_agg → to_json rather
 * than json_agg, which puts a space after every comma (1.4 MB at 100,000 sites).
 *
 * Coordinates are the digits ST_AsText(…, 6) prints, which is ST_AsGeoJSON's routine: it rounds the exact binary
 * value, while round(x::numeric, 6) rounds the 15 digits ::numeric keeps, and the two differ on near-ties (119
 * sites of a seeded 100,000, by 1e-6°). OFFSET 0 keeps PostgreSQL from inlining `p` into both columns,
 * which would print each point twice.
 */
export async function siteColumns(db: Kysely<DB>, filter: SiteFilter): Promise<string> {
  const selected = SITE_COLUMN_NAMES.map((name) => sql`${SITE_COLUMNS[name]} AS ${sql.ref(name)}`)
  const columns = SITE_COLUMN_NAMES.map((name) => sql`${sql.lit(name)}, coalesce(to_json(array_agg(${sql.ref(name)})), '[]'::json)`)
  const { rows } = await sql<{ body: string }>`
    SELECT json_build_object('count', count(*), ${sql.join(columns)})::text AS body
    FROM (SELECT ${sql.join(selected)}
          FROM sites s CROSS JOIN LATERAL (SELECT string_to_array(btrim(ST_AsText(s.location, 6), 'POINT()'), ' ')::float8[] OFFSET 0) AS p(xy)
            LEFT JOIN key_projects k ON k.site_id = s.id ${riskAndCoverage(filter)}
          WHERE ${siteConditions(filter, sql`s.location`)} ORDER BY s.id) AS site`.execute(db)
  return rows[0].body
}

/**
 * Joins each site's risk (`r`) and camera coverage (`cv`). Within a bbox they are looked up by primary key, site by
 * site: PostgreSQL would otherwise read all of both tables to hash them, 100,000 rows each to join a viewport's 4,000
 * (measured). LIMIT 1 (a site has one row of each) keeps it from turning the lookups back into such a join. Without a
 * bbox most of the city's sites are wanted, and the hash join is the faster: the plain joins leave it the choice.
 */
function riskAndCoverage({ bbox }: SiteFilter): RawBuilder<unknown> {
  if (!bbox) return sql`LEFT JOIN site_risk r ON r.site_id = s.id LEFT JOIN site_coverage cv ON cv.site_id = s.id`
  return sql`LEFT JOIN LATERAL (SELECT r.score, r.grade FROM site_risk r WHERE r.site_id = s.id LIMIT 1) r ON true
    LEFT JOIN LATERAL (SELECT cv.coverage_ratio, cv.cameras, cv.online_cameras FROM site_coverage cv WHERE cv.site_id = s.id LIMIT 1) cv ON true`
}

/** The ids of the sites a filter matches, by code: what an export of "the sites on the map" lists. */
export async function filteredSiteIds(db: Kysely<DB>, filter: SiteFilter, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    SELECT s.id FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id ${riskAndCoverage(filter)}
    WHERE ${siteConditions(filter, sql`s.location`)} ORDER BY s.code LIMIT ${limit}`.execute(db)
  return rows.map((r) => r.id)
}

function siteConditions(filter: SiteFilter, bboxOn: RawBuilder<unknown>): RawBuilder<unknown> {
  const conditions: RawBuilder<unknown>[] = [inSiteScope(filter.scope)]
  const { bbox, districtIds, kinds, stages, key, q, grades, beyondScale, coverageBelow } = filter
  if (bbox) conditions.push(sql`${bboxOn} && ST_MakeEnvelope(${bbox.minLon}, ${bbox.minLat}, ${bbox.maxLon}, ${bbox.maxLat}, 4326)`)
  if (districtIds?.length) conditions.push(sql`s.district_id IN (${sql.join(districtIds)})`)
  if (kinds?.length) conditions.push(sql`s.kind IN (${sql.join(kinds)})`)
  if (stages?.length) conditions.push(sql`s.stage IN (${sql.join(stages)})`)
  if (key !== undefined) conditions.push(key ? sql`k.id IS NOT NULL` : sql`k.id IS NULL`)
  if (grades?.length) conditions.push(sql`r.grade IN (${sql.join(grades)})`)
  if (beyondScale !== undefined) {
    const exists = sql`EXISTS (SELECT 1 FROM dangerous_works w WHERE w.site_id = s.id AND w.beyond_scale AND w.status <> 'completed')`
    conditions.push(beyondScale ? exists : sql`NOT ${exists}`)
  }
  if (coverageBelow !== undefined) {
    conditions.push(sql`(coalesce(cv.cameras, 0) = 0 OR cv.coverage_ratio < ${coverageBelow}::float8)`)
  }
  if (q) {
    const pattern = `%${escapeLike(q)}%`
    conditions.push(sql`(s.name ILIKE ${pattern} OR s.code ILIKE ${pattern})`)
  }
  return sql.join(conditions, sql` AND `)
}

export function keyAreasLayer(db: Kysely<DB>, scope: SiteScope): Promise<string> {
  return featureCollection(db, sql`
    SELECT ${feature(sql`a.id`, sql`a.geom`, sql`json_build_object('name', a.name, 'districtId', a.district_id,
      'keyProjectCount', (SELECT count(*) FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE k.key_area_id = a.id AND ${inSiteScope(scope)}))`)}
    FROM key_areas a`)
}

export function keyProjectsLayer(db: Kysely<DB>, scope: SiteScope): Promise<string> {
  return featureCollection(db, sql`
    SELECT ${feature(sql`k.id`, sql`s.location`, sql`json_build_object('siteId', s.id, 'code', s.code, 'name', s.name,
      'rank', k.rank, 'keyAreaId', k.key_area_id, 'districtId', s.district_id, 'deadline', k.deadline::text,
      'enclosureDoneOn', k.enclosure_done_on::text, 'dustNetDoneOn', k.dust_net_done_on::text, 'sprayingDoneOn', k.spraying_done_on::text,
      'measuresDone', (k.enclosure_done_on IS NOT NULL)::int + (k.dust_net_done_on IS NOT NULL)::int + (k.spraying_done_on IS NOT NULL)::int)`)}
    FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE ${inSiteScope(scope)}`)
}

export function demoZoneLayer(db: Kysely<DB>, scope: SiteScope): Promise<string> {
  return featureCollection(db, sql`
    SELECT ${feature(sql`z.id`, sql`z.geom`, sql`json_build_object('name', z.name, 'description', z.description,
      'areaKm2', round((ST_Area(z.geom::geography) / 1e6)::numeric, 2),
      'siteCount', (SELECT count(*) FROM sites s WHERE ST_Covers(z.geom, s.location) AND ${inSiteScope(scope)}))`)}
    FROM demo_zones z`)
}

export function waterLayer(db: Kysely<DB>): Promise<string> {
  return featureCollection(db, sql`
    SELECT ${feature(sql`w.id`, sql`w.geom`, sql`json_build_object('name', w.name, 'kind', w.kind)`)}
    FROM water_bodies w`)
}

export function camerasLayer(db: Kysely<DB>, scope: SiteScope, bbox?: SiteFilter['bbox']): Promise<string> {
  const inBox = bbox ? sql`c.location && ST_MakeEnvelope(${bbox.minLon}, ${bbox.minLat}, ${bbox.maxLon}, ${bbox.maxLat}, 4326)` : sql`true`
  return featureCollection(db, sql`
    SELECT ${feature(sql`c.id`, sql`c.location`, sql`json_build_object('siteId', c.site_id, 'code', c.code, 'purpose', c.purpose,
      'heading', c.heading_deg, 'fov', c.fov_deg, 'range', c.range_m, 'online', c.online)`)}
    FROM cameras c JOIN sites s ON s.id = c.site_id WHERE ${inBox} AND ${inSiteScope(scope)}`)
}
