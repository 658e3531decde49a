import { type Kysely, type RawBuilder, sql } from 'kysely'
import { geoJsonText, type OutputCrs } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { intersects } from './ogc.filter.ts'
import { COLLECTION_IDS, type CollectionId, type ItemsFilter, type Source, SOURCES } from './ogc.collections.repo.ts'

/*
 * Pages, features and extents of the OGC API collections (ogc.collections.repo.ts). Features are assembled as GeoJSON
 * text inside PostgreSQL, as the map's layers are (features/layers), so a page of 10,000 features builds no
 * per-feature objects in Node. Geometries are stored in WGS-84 and written in the CRS the client asked for.
 */

function where(source: Source, scope: SiteScope, { bbox, datetime, condition }: ItemsFilter) {
  const conditions = [...source.scoped(scope), ...(bbox ? [intersects(source.geometry(scope), bbox)] : []),
    ...(datetime && source.during ? source.during(datetime) : []), ...(condition ? [condition] : [])]
  return conditions.length ? sql.join(conditions, sql` AND `) : sql`true`
}

/** How features are written: in which CRS with how many decimals, and which properties (all when absent). */
export interface FeatureForm extends OutputCrs { digits: number; properties?: string[] }
/** A sort key: a property of the collection, ascending or descending (`sortby=-riskGrade,+name`). */
export interface SortKey { property: string; descending: boolean }

function featureText(source: Source, scope: SiteScope, form: FeatureForm) {
  const chosen = source.properties.filter((p) => !form.properties || form.properties.includes(p.name))
  // json_build_object takes at most 100 arguments; no collection has 50 properties.
  const properties = chosen.length ? sql`json_build_object(${sql.join(chosen.map((p) => sql`${sql.lit(p.name)}, ${p.json ?? p.value}`))})` : sql`'{}'::json`
  return sql`json_build_object('type', 'Feature', 'id', x.id, 'geometry', ${geoJsonText(source.geometry(scope), form.digits, form)}::json, 'properties', ${properties})::text`
}

/** ORDER BY the sort keys, then by id, so that pages are stable. Keys are checked against the collection by the routes. */
function orderBy(source: Source, sortby: SortKey[]) {
  const keys = sortby.map(({ property, descending }) => {
    const value = source.properties.find((p) => p.name === property)!.value
    return descending ? sql`${value} DESC NULLS LAST` : sql`${value} ASC NULLS LAST`
  })
  return sql.join([...keys, sql`x.id`])
}

/**
 * One page of matching features by id, as a JSON array text, with the count of all that match. The page's ids are
 * found first and only they are built as GeoJSON: an OFFSET over the built features would build every skipped one,
 * so a client paging through a city would pay for it quadratically.
 */
export async function itemsPage(db: Kysely<DB>, scope: SiteScope, collection: CollectionId, filter: ItemsFilter,
  page: { limit: number; offset: number; sortby: SortKey[] }, form: FeatureForm) {
  const source = SOURCES[collection]
  const conditions = where(source, scope, filter)
  const order = orderBy(source, page.sortby)
  const { rows } = await sql<{ numberMatched: number; numberReturned: number; features: string }>`
    WITH ids AS (SELECT x.id, row_number() OVER (ORDER BY ${order}) AS n FROM ${source.from} WHERE ${conditions} ORDER BY ${order} LIMIT ${page.limit} OFFSET ${page.offset}),
    page AS (SELECT ids.n, ${featureText(source, scope, form)} AS f FROM ${source.from} JOIN ids ON ids.id = x.id)
    SELECT (SELECT count(*) FROM ${source.from} WHERE ${conditions})::int AS "numberMatched",
      (SELECT count(*) FROM ids)::int AS "numberReturned",
      '[' || coalesce((SELECT string_agg(f, ',' ORDER BY n) FROM page), '') || ']' AS features`.execute(db)
  return rows[0]
}

/** One feature as GeoJSON text, or undefined when there is none with this id in the caller's scope. */
export async function item(db: Kysely<DB>, scope: SiteScope, collection: CollectionId, id: number, form: FeatureForm): Promise<string | undefined> {
  const source = SOURCES[collection]
  const { rows } = await sql<{ f: string }>`
    SELECT ${featureText(source, scope, form)} AS f FROM ${source.from} WHERE x.id = ${id} AND ${where(source, scope, {})}`.execute(db)
  return rows[0]?.f
}

export interface Extent { bbox: [number, number, number, number]; firstDay: string | null; lastDay: string | null }

/**
 * Each collection's extent for the caller in CRS84: the bounds of the sites in scope (or of the city when there are
 * none) for what belongs to sites, with the sites' first and last planned day; its own table's bounds for the rest.
 */
export async function extents(db: Kysely<DB>, scope: SiteScope): Promise<Record<CollectionId, Extent>> {
  const box = (extent: RawBuilder<unknown>) => sql`json_build_array(ST_XMin(${extent}), ST_YMin(${extent}), ST_XMax(${extent}), ST_YMax(${extent}))`
  const city = sql`(SELECT ST_Extent(geom) FROM districts)`
  const columns = COLLECTION_IDS.map((id) => {
    const { extentOf, during } = SOURCES[id]
    const days = during ? sql`s.first_day, 'lastDay', s.last_day` : sql`null, 'lastDay', null`
    return sql`json_build_object('bbox', ${box(sql`coalesce(${extentOf === 'sites' ? sql`s.e` : extentOf}, ${city})`)}, 'firstDay', ${days}) AS ${sql.ref(id)}`
  })
  const { rows } = await sql<Record<CollectionId, Extent>>`
    SELECT ${sql.join(columns)}
    FROM (SELECT ST_Extent(x.location) AS e, min(x.start_date)::text AS first_day, max(x.planned_end_date)::text AS last_day
          FROM sites x WHERE ${inSiteScope(scope, 'x')}) s`.execute(db)
  return rows[0]
}
