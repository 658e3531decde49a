import { type RawBuilder, sql } from 'kysely'
import type { JsonValue } from './types.ts'

/** A timestamptz as ISO 8601 in Beijing time (`2026-11-24T17:05:00+08:00`), which is how the API shows times. */
export function beijingIso(timestamp: RawBuilder<unknown>): RawBuilder<string> {
  return sql<string>`to_char(${timestamp} AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD"T"HH24:MI:SS+08:00')`
}

/**
 * Today's date in Beijing, in SQL: the day deadlines, ages and validity count from. `current_date` would be the
 * database session's own time zone, which on a server is often UTC and eight hours behind around midnight.
 */
export const beijingToday: RawBuilder<string> = sql<string>`(now() AT TIME ZONE 'Asia/Shanghai')::date`

/**
 * The moment a query reads the records as of, and its Beijing day: now for what the portal shows live, or a past
 * instant for the history (features/history), so that a day's figures come from the same SQL as the live ones.
 */
export interface AsOf { instant: RawBuilder<unknown>; day: RawBuilder<string> }

export const LIVE: AsOf = { instant: sql`now()`, day: beijingToday }

export function asOf(at: Date): AsOf {
  // Sent as text: postgres.js would otherwise bind a timestamptz through a JS Date of its own.
  const instant = sql`${at.toISOString()}::text::timestamptz`
  return { instant, day: sql<string>`(${instant} AT TIME ZONE 'Asia/Shanghai')::date` }
}

/** The user's text for LIKE/ILIKE with its own `%`, `_` and `\` taken literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

/** Where GeoJSON coordinates go: a PostGIS SRID, and whether its first axis is north (latitude, northing) as EPSG defines it. */
export interface OutputCrs { srid: number; northFirst: boolean }
const CRS84_OUT: OutputCrs = { srid: 4326, northFirst: false }

/**
 * A WGS-84 geometry as GeoJSON text with polygons wound as RFC 7946 §3.1.6 requires, exterior rings counter-clockwise
 * and holes clockwise: PostGIS keeps a ring in whatever order it was drawn or imported (the city's outlines come
 * clockwise). Points and lines pass unchanged. `digits` is part of the statement's text, not a parameter. In another
 * CRS (OGC API Part 2) the rings are wound in east/north terms before the axes are put in the CRS's order, so a client
 * that swaps them back sees RFC 7946's winding; no `crs` member is written (the response's Content-Crs says it).
 */
export function geoJsonText(geom: RawBuilder<unknown>, digits = 6, crs: OutputCrs = CRS84_OUT): RawBuilder<string> {
  const wound = sql`ST_ForcePolygonCCW(${geom})`
  const projected = crs.srid === 4326 ? wound : sql`ST_Transform(${wound}, ${sql.lit(crs.srid)})`
  return sql<string>`ST_AsGeoJSON(${crs.northFirst ? sql`ST_FlipCoordinates(${projected})` : projected}, ${sql.lit(digits)}, 0)`
}

/** A point as a JSON `[lon, lat]` with 6 decimals (~0.1 m), the form the API gives single positions in. */
export function lonLatJson(point: RawBuilder<unknown>): RawBuilder<[number, number]> {
  return sql<[number, number]>`json_build_array(round(ST_X(${point})::numeric, 6), round(ST_Y(${point})::numeric, 6))`
}

/**
 * A value bound as jsonb. Sent as text and cast, because postgres.js would encode a JS string bound straight to
 * a jsonb parameter a second time (`"{\"a\":1}"`).
 */
export function jsonb(value: unknown): RawBuilder<JsonValue> {
  return sql<JsonValue>`${JSON.stringify(value)}::text::jsonb`
}
