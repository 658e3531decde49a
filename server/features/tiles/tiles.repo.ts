import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { simplifyTolerance, type Tile, TILE_BUFFER, TILE_EXTENT, type TileLayer, tileBounds, tileLonLatBounds } from '../../domain/tiles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * One query per tile layer gives each feature's id, the few properties the map draws, and its geometry already in
 * tile units (0…4096, y down, clipped to the buffered tile, simplified for the zoom, outer rings positive as the
 * MVT spec wants). The server engine wraps that query in ST_AsMVT; the embedded engine's PostGIS has no protobuf,
 * so the same rows are encoded in Node (mvt.ts). We do not use ST_AsMVTGeom because PGlite lacks it too: the
 * transform below is what it does, written out.
 */

interface LayerQuery {
  /** FROM … (with joins); the layer's rows as `id`, its properties, and `g`, a WGS-84 geometry. */
  select: RawBuilder<unknown>
  geometry: RawBuilder<unknown>
  polygon: boolean
  properties: string[]
  where: (scope: SiteScope) => RawBuilder<unknown>
}

const SITE_JOINS = sql`FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id
  LEFT JOIN site_coverage cv ON cv.site_id = s.id`

const LAYERS: Record<TileLayer, LayerQuery> = {
  sites: {
    select: sql`SELECT s.id, s.code, s.name, s.kind, s.stage, k.id IS NOT NULL AS key, r.grade AS "riskGrade", r.score::float8 AS "riskScore",
      cv.coverage_ratio::float8 AS "coverageRatio", coalesce(cv.cameras, 0) AS cameras, s.location AS g ${SITE_JOINS}`,
    geometry: sql`s.location`, polygon: false,
    properties: ['code', 'name', 'kind', 'stage', 'key', 'riskGrade', 'riskScore', 'coverageRatio', 'cameras'],
    where: (scope) => inSiteScope(scope),
  },
  cameras: {
    select: sql`SELECT c.id, c.site_id AS "siteId", c.purpose, c.heading_deg::float8 AS heading, c.fov_deg::float8 AS fov,
      c.range_m::float8 AS range, c.online, c.location AS g FROM cameras c JOIN sites s ON s.id = c.site_id`,
    geometry: sql`c.location`, polygon: false,
    properties: ['siteId', 'purpose', 'heading', 'fov', 'range', 'online'],
    where: (scope) => inSiteScope(scope),
  },
  'key-projects': {
    select: sql`SELECT k.id, s.id AS "siteId", s.code, s.name, k.rank,
      (k.enclosure_done_on IS NOT NULL)::int + (k.dust_net_done_on IS NOT NULL)::int + (k.spraying_done_on IS NOT NULL)::int AS "measuresDone",
      s.location AS g FROM key_projects k JOIN sites s ON s.id = k.site_id`,
    geometry: sql`s.location`, polygon: false,
    properties: ['siteId', 'code', 'name', 'rank', 'measuresDone'],
    where: (scope) => inSiteScope(scope),
  },
  // Grid boundaries are everyone's, as on the map: the zone a supervisor works in is drawn with its neighbours.
  grids: {
    select: sql`SELECT g.id, g.code, g.name, g.district_id AS "districtId", g.geom AS g FROM grids g`,
    geometry: sql`g.geom`, polygon: true,
    properties: ['code', 'name', 'districtId'],
    where: () => sql`true`,
  },
}

export function layerIsScoped(layer: TileLayer): boolean {
  return layer !== 'grids'
}

/** Web-Mercator → tile units: scale to 4096 across, flip y, round to whole units. */
function toTileSpace(geometry: RawBuilder<unknown>, tile: Tile, polygon: boolean): RawBuilder<unknown> {
  const b = tileBounds(tile)
  const scale = TILE_EXTENT / (b.maxX - b.minX)
  const mercator = sql`ST_Transform(${geometry}, 3857)`
  const clipped = polygon ? (() => {
    const c = tileBounds(tile, TILE_BUFFER)
    return sql`ST_ClipByBox2D(ST_SimplifyPreserveTopology(${mercator}, ${simplifyTolerance(tile.z)}::float8), ST_MakeEnvelope(${c.minX}::float8, ${c.minY}::float8, ${c.maxX}::float8, ${c.maxY}::float8, 3857))`
  })() : mercator
  const units = sql`ST_SnapToGrid(ST_Affine(${clipped}, ${scale}::float8, 0, 0, ${-scale}::float8, ${-b.minX * scale}::float8, ${b.maxY * scale}::float8), 1)`
  // Rounding can fold a thin ring onto itself: repair it, keep the polygons, and wind them as MVT wants.
  return polygon ? sql`ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(${units}), 3))` : units
}

/** The layer's rows in the tile: id, properties, and `geom` in tile units. */
function tileRows(layer: TileLayer, scope: SiteScope, tile: Tile): RawBuilder<unknown> {
  const query = LAYERS[layer]
  const near = tileLonLatBounds(tile, TILE_BUFFER)
  const columns = sql.join(['id', ...query.properties].map((p) => sql.ref(`l.${p}`)))
  return sql`
    SELECT ${columns}, l.geom FROM (
      SELECT q.*, ${toTileSpace(sql`q.g`, tile, query.polygon)} AS geom FROM (
        ${query.select}
        WHERE ${query.geometry} && ST_MakeEnvelope(${near.minX}::float8, ${near.minY}::float8, ${near.maxX}::float8, ${near.maxY}::float8, 4326)
          AND ${query.where(scope)}
      ) q
    ) l WHERE NOT ST_IsEmpty(l.geom) ORDER BY l.id`
}

/** How many features the layer holds for this scope: the map draws a layer from tiles when it is large. */
export async function layerFeatureCount(db: Kysely<DB>, layer: TileLayer, scope: SiteScope): Promise<number> {
  const query = LAYERS[layer]
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${query.select} WHERE ${query.where(scope)}) q`.execute(db)
  return rows[0].n
}

/** The tile as PostGIS encodes it (server engine only: the embedded PostGIS has no protobuf). */
export async function postgisTile(db: Kysely<DB>, layer: TileLayer, scope: SiteScope, tile: Tile): Promise<Uint8Array> {
  const { rows } = await sql<{ mvt: Uint8Array | null }>`
    SELECT ST_AsMVT(t, ${layer}, ${TILE_EXTENT}, 'geom', 'id') AS mvt FROM (${tileRows(layer, scope, tile)}) t`.execute(db)
  return new Uint8Array(rows[0]?.mvt ?? [])
}

export interface TileFeature { id: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }

/** The same rows, for encoding in Node: geometry as GeoJSON in tile units. */
export async function tileFeatures(db: Kysely<DB>, layer: TileLayer, scope: SiteScope, tile: Tile): Promise<TileFeature[]> {
  const { properties } = LAYERS[layer]
  const { rows } = await sql<Record<string, unknown> & { id: number; geojson: string }>`
    SELECT t.*, ST_AsGeoJSON(t.geom) AS geojson FROM (${tileRows(layer, scope, tile)}) t`.execute(db)
  return rows.map((row) => ({
    id: row.id,
    properties: Object.fromEntries(properties.map((p) => [p, row[p]])),
    geometry: JSON.parse(row.geojson),
  }))
}
