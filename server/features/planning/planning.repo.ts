import { type Kysely, type RawBuilder, sql } from 'kysely'
import { lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * The planners' selection: sites under way inside a drawn or chosen area that meet the criteria, with what the
 * dust-priority score needs. Areas and criteria are SQL conditions on the site row `s`, all in WGS-84; distances
 * are measured on the geography, so a 500 m circle is 500 m wherever it is drawn.
 */

export type Position = [number, number]
export type SelectionShape =
  | { type: 'polygon'; coordinates: Position[][] }
  | { type: 'circle'; center: Position; radiusM: number }
  | { type: 'buffer'; line: Position[]; distanceM: number }
  | { type: 'grid' | 'district'; id: number }

export interface SelectionCriteria {
  inKeyArea?: boolean
  minFloorAreaM2?: number
  minFootprintM2?: number
  stages?: string[]
  minPm10Days?: number
  maxReceptorDistanceM?: number
  grades?: string[]
}

/** A drawn polygon as PostGIS reads it (outer ring first, then holes). */
const polygonOf = (coordinates: Position[][]) => sql`ST_GeomFromGeoJSON(${JSON.stringify({ type: 'Polygon', coordinates })})`
/** A road as a line, or a receptor as a point, to buffer. */
const lineOf = (line: Position[]) =>
  sql`ST_GeomFromGeoJSON(${JSON.stringify(line.length === 1 ? { type: 'Point', coordinates: line[0] } : { type: 'LineString', coordinates: line })})`

/** Why a drawn polygon cannot be used (self-intersecting, a hole outside its shell …), or null when it can. */
export async function polygonProblem(db: Kysely<DB>, coordinates: Position[][]): Promise<string | null> {
  const { rows } = await sql<{ reason: string }>`SELECT ST_IsValidReason(${polygonOf(coordinates)}) AS reason`.execute(db)
  return rows[0].reason === 'Valid Geometry' ? null : rows[0].reason
}

function inShape(shape: SelectionShape): RawBuilder<unknown> {
  switch (shape.type) {
    case 'polygon': return sql`ST_Covers(${polygonOf(shape.coordinates)}, s.location)`
    case 'circle': return sql`ST_DWithin(s.location::geography, ST_SetSRID(ST_MakePoint(${shape.center[0]}::float8, ${shape.center[1]}::float8), 4326)::geography, ${shape.radiusM}::float8)`
    case 'buffer': return sql`ST_DWithin(s.location::geography, ${lineOf(shape.line)}::geography, ${shape.distanceM}::float8)`
    case 'grid': return sql`ST_Covers((SELECT geom FROM grids WHERE id = ${shape.id}), s.location)`
    case 'district': return sql`ST_Covers((SELECT geom FROM districts WHERE id = ${shape.id}), s.location)`
  }
}

const inKeyArea = sql`EXISTS (SELECT 1 FROM key_areas a WHERE ST_Covers(a.geom, s.location))`
// The risk pass already counted exceedance days; reading its breakdown keeps one definition of an exceedance day.
const pm10Days = sql`coalesce((SELECT (b->>'value')::float8 FROM jsonb_array_elements(r.breakdown) b WHERE b->>'factor' = 'pm10ExceedanceDays30'), 0)`

function meetsCriteria(c: SelectionCriteria): RawBuilder<unknown>[] {
  const conditions: RawBuilder<unknown>[] = []
  if (c.inKeyArea !== undefined) conditions.push(c.inKeyArea ? inKeyArea : sql`NOT ${inKeyArea}`)
  if (c.minFloorAreaM2 !== undefined) conditions.push(sql`s.floor_area_m2 >= ${c.minFloorAreaM2}::float8`)
  if (c.minFootprintM2 !== undefined) conditions.push(sql`s.footprint IS NOT NULL AND ST_Area(s.footprint::geography) >= ${c.minFootprintM2}::float8`)
  if (c.stages?.length) conditions.push(sql`s.stage IN (${sql.join(c.stages)})`)
  if (c.minPm10Days !== undefined) conditions.push(sql`${pm10Days} >= ${c.minPm10Days}::float8`)
  if (c.maxReceptorDistanceM !== undefined) {
    conditions.push(sql`EXISTS (SELECT 1 FROM sensitive_receptors sr WHERE ST_DWithin(sr.location::geography, s.location::geography, ${c.maxReceptorDistanceM}::float8))`)
  }
  if (c.grades?.length) conditions.push(sql`r.grade IN (${sql.join(c.grades)})`)
  return conditions
}

export const MAX_CANDIDATES = 5_000

/** The nearest receptor is found by the index's planar degrees, then measured in metres: at 31° N the two agree but for near-ties. */
export async function findCandidates(db: Kysely<DB>, scope: SiteScope, criteria: SelectionCriteria, shape?: SelectionShape) {
  const where = sql.join([inSiteScope(scope), sql`s.stage <> 'completed'`, ...(shape ? [inShape(shape)] : []), ...meetsCriteria(criteria)], sql` AND `)
  const { rows } = await sql<{
    id: number; code: string; name: string; districtId: number; district: string; stage: 'earthworks' | 'main_structure' | 'finishing' | 'completed'
    floorAreaM2: number; footprintM2: number | null; riskGrade: 'red' | 'orange' | 'yellow' | 'blue' | null; inKeyArea: boolean
    pm10Days: number; nearestReceptorM: number | null; keyProjectRank: number | null; location: Position
  }>`
    SELECT s.id, s.code, s.name, s.district_id AS "districtId", d.name AS district, s.stage, s.floor_area_m2 AS "floorAreaM2",
      round(ST_Area(s.footprint::geography)::numeric)::float8 AS "footprintM2", r.grade AS "riskGrade", ${inKeyArea} AS "inKeyArea",
      ${pm10Days} AS "pm10Days", ${lonLatJson(sql`s.location`)} AS location, k.rank AS "keyProjectRank",
      (SELECT round(ST_Distance(sr.location::geography, s.location::geography)::numeric)::float8 FROM sensitive_receptors sr
       ORDER BY sr.location <-> s.location LIMIT 1) AS "nearestReceptorM"
    FROM sites s JOIN districts d ON d.id = s.district_id LEFT JOIN site_risk r ON r.site_id = s.id LEFT JOIN key_projects k ON k.site_id = s.id
    WHERE ${where}
    ORDER BY s.id LIMIT ${MAX_CANDIDATES + 1}`.execute(db)
  return rows
}
