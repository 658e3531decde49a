import { type Kysely, type RawBuilder, sql } from 'kysely'
import { geoJsonText, type OutputCrs } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { enterpriseInScope, inSiteScope } from '../auth/site-scope.ts'

/*
 * The OGC API collections as SQL. Features are assembled as GeoJSON text inside PostgreSQL, as the map's layers
 * are (features/layers), so a page of 10,000 features builds no per-feature objects in Node. Geometries are stored
 * in WGS-84 and written in the CRS the client asked for (ogc.crs.ts).
 */

export const COLLECTION_IDS = ['sites', 'grids', 'enterprises'] as const
export type CollectionId = (typeof COLLECTION_IDS)[number]

/** A box in east/north terms in the CRS `srid` (bbox-crs): degrees for 4326 and 4490, metres for 4549. */
export interface Bbox { minX: number; minY: number; maxX: number; maxY: number; srid: number }
/** Bounds of a `datetime` filter as RFC 3339 instants; an absent bound is open. */
export interface TimeFilter { from?: string; to?: string }
export interface ItemsFilter { bbox?: Bbox; datetime?: TimeFilter }

interface Source {
  /** FROM and joins; the feature's row is aliased `x`. */
  from: RawBuilder<unknown>
  /** Of the scope: an enterprise's geometry is its sites that the caller may see. */
  geometry(scope: SiteScope): RawBuilder<unknown>
  properties: RawBuilder<unknown>
  conditions(scope: SiteScope, filter: ItemsFilter): RawBuilder<unknown>[]
}

/** A Beijing calendar day of an instant: sites' dates are days in the portal's time zone. */
const beijingDay = (instant: string) => sql`(${instant}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`
// Through box2d rather than ST_MakeEnvelope: a box of zero width or height becomes a line or a point, which
// intersects what it touches, where a degenerate envelope polygon intersects nothing. A box in metres has its edges
// cut every kilometre before it is taken to WGS-84, so that they bend as the projection's straight lines do.
function intersects(geometry: RawBuilder<unknown>, b: Bbox) {
  const box = sql`ST_SetSRID(ST_MakeBox2D(ST_Point(${b.minX}, ${b.minY}), ST_Point(${b.maxX}, ${b.maxY}))::geometry, ${sql.lit(b.srid)})`
  return sql`ST_Intersects(${geometry}, ${b.srid === 4326 ? box : sql`ST_Transform(ST_Segmentize(${box}, 1000), 4326)`})`
}

const SOURCES: Record<CollectionId, Source> = {
  // A site's time is its planned construction period, the days from start_date to planned_end_date.
  sites: {
    from: sql`sites x JOIN districts d ON d.id = x.district_id LEFT JOIN grids g ON g.id = x.grid_id LEFT JOIN site_risk r ON r.site_id = x.id`,
    geometry: () => sql`x.location`,
    properties: sql`json_build_object('code', x.code, 'name', x.name, 'kind', x.kind, 'stage', x.stage, 'district', d.name,
      'grid', g.code, 'riskGrade', r.grade, 'startDate', x.start_date::text, 'plannedEndDate', x.planned_end_date::text)`,
    conditions: (scope, { bbox, datetime }) => [
      inSiteScope(scope, 'x'),
      ...(bbox ? [intersects(sql`x.location`, bbox)] : []),
      ...(datetime?.from ? [sql`x.planned_end_date >= ${beijingDay(datetime.from)}`] : []),
      ...(datetime?.to ? [sql`x.start_date <= ${beijingDay(datetime.to)}`] : []),
    ],
  },
  // Grid boundaries are the same for everyone, as on the map (layers/grids); they carry no site data.
  grids: {
    from: sql`grids x JOIN districts d ON d.id = x.district_id JOIN townships t ON t.id = x.township_id`,
    geometry: () => sql`x.geom`,
    properties: sql`json_build_object('code', x.code, 'name', x.name, 'district', d.name, 'township', t.name)`,
    conditions: (_scope, { bbox }) => (bbox ? [intersects(sql`x.geom`, bbox)] : []),
  },
  // 企业库: a firm has no place of its own; its feature is a MultiPoint of its sites (as a party) in the caller's zone.
  enterprises: {
    from: sql`enterprises x`,
    geometry: (scope) => sql`(SELECT ST_Multi(ST_Collect(s.location ORDER BY s.id)) FROM site_parties sp JOIN sites s ON s.id = sp.site_id
      WHERE sp.enterprise_id = x.id AND ${inSiteScope(scope)})`,
    properties: sql`json_build_object('creditCode', x.credit_code, 'name', x.name, 'kinds', x.kinds, 'origin', x.origin, 'registeredPlace', x.registered_place,
      'creditGrade', (SELECT ec.grade FROM enterprise_credit ec WHERE ec.enterprise_id = x.id ORDER BY ec.period_end DESC LIMIT 1))`,
    conditions: (scope, { bbox }) => [enterpriseInScope(scope, 'x'), ...(bbox ? [intersects(SOURCES.enterprises.geometry(scope), bbox)] : [])],
  },
}

const where = (conditions: RawBuilder<unknown>[]) => (conditions.length ? sql.join(conditions, sql` AND `) : sql`true`)
/** The CRS features are written in, and with how many decimals. */
export interface FeatureCrs extends OutputCrs { digits: number }
const featureText = (source: Source, scope: SiteScope, crs: FeatureCrs) =>
  sql`json_build_object('type', 'Feature', 'id', x.id, 'geometry', ${geoJsonText(source.geometry(scope), crs.digits, crs)}::json, 'properties', ${source.properties})::text`

/**
 * One page of matching features by id, as a JSON array text, with the count of all that match. The page's ids are
 * found first and only they are built as GeoJSON: an OFFSET over the built features would build every skipped one,
 * so a client paging through a city would pay for it quadratically.
 */
export async function itemsPage(db: Kysely<DB>, scope: SiteScope, collection: CollectionId, filter: ItemsFilter, page: { limit: number; offset: number }, crs: FeatureCrs) {
  const source = SOURCES[collection]
  const conditions = where(source.conditions(scope, filter))
  const { rows } = await sql<{ numberMatched: number; numberReturned: number; features: string }>`
    WITH ids AS (SELECT x.id FROM ${source.from} WHERE ${conditions} ORDER BY x.id LIMIT ${page.limit} OFFSET ${page.offset}),
    page AS (SELECT x.id, ${featureText(source, scope, crs)} AS f FROM ${source.from} WHERE x.id IN (SELECT id FROM ids))
    SELECT (SELECT count(*) FROM ${source.from} WHERE ${conditions})::int AS "numberMatched",
      (SELECT count(*) FROM ids)::int AS "numberReturned",
      '[' || coalesce((SELECT string_agg(f, ',' ORDER BY id) FROM page), '') || ']' AS features`.execute(db)
  return rows[0]
}

/** One feature as GeoJSON text, or undefined when there is none with this id in the caller's scope. */
export async function item(db: Kysely<DB>, scope: SiteScope, collection: CollectionId, id: number, crs: FeatureCrs): Promise<string | undefined> {
  const source = SOURCES[collection]
  const { rows } = await sql<{ f: string }>`
    SELECT ${featureText(source, scope, crs)} AS f FROM ${source.from} WHERE x.id = ${id} AND ${where(source.conditions(scope, {}))}`.execute(db)
  return rows[0]?.f
}

export interface Extent { bbox: [number, number, number, number]; firstDay: string | null; lastDay: string | null }

/**
 * Each collection's extent for the caller: the bounds of the sites in scope (or of the city when there are none)
 * with their first and last planned day, and the bounds of all grids.
 */
export async function extents(db: Kysely<DB>, scope: SiteScope): Promise<Record<CollectionId, Extent>> {
  const box = (extent: RawBuilder<unknown>) => sql`json_build_array(ST_XMin(${extent}), ST_YMin(${extent}), ST_XMax(${extent}), ST_YMax(${extent}))`
  const city = sql`(SELECT ST_Extent(geom) FROM districts)`
  // An enterprise's features are points of the sites in scope: the same bounds as the sites'.
  const { rows } = await sql<{ sites: Extent; grids: Extent; enterprises: Extent }>`
    SELECT json_build_object('bbox', ${box(sql`coalesce(s.e, ${city})`)}, 'firstDay', s.first_day, 'lastDay', s.last_day) AS sites,
      json_build_object('bbox', ${box(sql`coalesce(s.e, ${city})`)}, 'firstDay', null, 'lastDay', null) AS enterprises,
      json_build_object('bbox', ${box(sql`coalesce((SELECT ST_Extent(geom) FROM grids), ${city})`)}, 'firstDay', null, 'lastDay', null) AS grids
    FROM (SELECT ST_Extent(x.location) AS e, min(x.start_date)::text AS first_day, max(x.planned_end_date)::text AS last_day
          FROM sites x WHERE ${inSiteScope(scope, 'x')}) s`.execute(db)
  return rows[0]
}
