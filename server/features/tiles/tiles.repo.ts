import { type Kysely, type RawBuilder, sql } from 'kysely'
import { withLocalSettings } from '../../../db/transaction.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import {
  CAMERA_POINTS_FROM_ZOOM, CLUSTER_CELL, SITE_POINTS_FROM_ZOOM, simplifyTolerance, type Tile, TILE_BUFFER, TILE_EXTENT, type TileLayer, tileBounds, tileLonLatBounds,
} from '../../domain/tiles.ts'
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

const LAYERS: Record<TileLayer, LayerQuery> = {
  // What a dot is drawn and labelled with, and what it weighs in the risk heatmap; the name and the rest come with
  // the site panel when it is opened.
  sites: {
    select: sql`SELECT s.id, s.code, s.kind, s.stage, k.id IS NOT NULL AS key, r.grade AS "riskGrade", round(r.score)::int AS "riskScore", s.location AS g
      FROM sites s LEFT JOIN key_projects k ON k.site_id = s.id LEFT JOIN site_risk r ON r.site_id = s.id`,
    geometry: sql`s.location`, polygon: false,
    properties: ['code', 'kind', 'stage', 'key', 'riskGrade', 'riskScore'],
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

/** A Web-Mercator position as a fraction of the world (0…1, y down, as sg_mercator_x/y give it) → whole units of the zoom-z tile whose column or row is `origin`. */
const tileUnits = (fraction: RawBuilder<unknown>, z: number, origin: number) =>
  sql`round((${fraction} * ${2 ** z}::float8 - ${origin}::float8) * ${TILE_EXTENT}::float8)`

/** Web-Mercator → tile units: scale to 4096 across, flip y, round to whole units. */
function toTileSpace(geometry: RawBuilder<unknown>, tile: Tile, polygon: boolean): RawBuilder<unknown> {
  if (!polygon) {
    // A point's units come straight from its longitude and latitude (Web-Mercator as a fraction of the world, as the
    // stored cells reckon it), without ST_Transform: PostgreSQL prices that at 10,000 a row, which made a street
    // tile's plan look costly enough for a parallel worker that takes longer to start than the tile takes.
    return sql`ST_MakePoint(${tileUnits(sql`sg_mercator_x(ST_X(${geometry}))`, tile.z, tile.x)}, ${tileUnits(sql`sg_mercator_y(ST_Y(${geometry}))`, tile.z, tile.y)})`
  }
  const b = tileBounds(tile)
  const scale = TILE_EXTENT / (b.maxX - b.minX)
  const mercator = sql`ST_Transform(${geometry}, 3857)`
  const c = tileBounds(tile, TILE_BUFFER)
  const clipped = sql`ST_ClipByBox2D(ST_SimplifyPreserveTopology(${mercator}, ${simplifyTolerance(tile.z)}::float8), ST_MakeEnvelope(${c.minX}::float8, ${c.minY}::float8, ${c.maxX}::float8, ${c.maxY}::float8, 3857))`
  const units = sql`ST_SnapToGrid(ST_Affine(${clipped}, ${scale}::float8, 0, 0, ${-scale}::float8, ${-b.minX * scale}::float8, ${b.maxY * scale}::float8), 1)`
  // Rounding can fold a thin ring onto itself: repair it, keep the polygons, and wind them as MVT wants.
  return sql`ST_ForcePolygonCCW(ST_CollectionExtract(ST_MakeValid(${units}), 3))`
}

const clustered = (layer: TileLayer, tile: Tile) =>
  (layer === 'sites' && tile.z < SITE_POINTS_FROM_ZOOM) || (layer === 'cameras' && tile.z < CAMERA_POINTS_FROM_ZOOM)
const CLUSTER_PROPERTIES: Partial<Record<TileLayer, string[]>> = { sites: ['count', 'keyCount', 'redCount', 'riskGrade', 'riskSum'], cameras: ['count', 'onlineCount'] }

/** The properties a layer's features carry at the tile's zoom. */
export function tileProperties(layer: TileLayer, tile: Tile): string[] {
  return (clustered(layer, tile) && CLUSTER_PROPERTIES[layer]) || LAYERS[layer].properties
}

/** The layer's rows in the tile: id, properties, and `geom` in tile units. */
function tileRows(layer: TileLayer, scope: SiteScope, tile: Tile): RawBuilder<unknown> {
  if (fromStoredCells(layer, scope, tile)) return storedClusterRows(scope, tile)
  const query = LAYERS[layer]
  const near = tileLonLatBounds(tile, clustered(layer, tile) ? 0 : TILE_BUFFER)
  // OFFSET 0 keeps PostgreSQL from folding this into the queries around it, which would repeat the tile-space
  // expression in each filter and column that reads `geom`: computed once per row, not two to four times.
  const rows = sql`
    SELECT q.*, ${toTileSpace(sql`q.g`, tile, query.polygon)} AS geom FROM (
      ${query.select}
      WHERE ${query.geometry} && ST_MakeEnvelope(${near.minX}::float8, ${near.minY}::float8, ${near.maxX}::float8, ${near.maxY}::float8, 4326)
        AND ${query.where(scope)}
    ) q OFFSET 0`
  if (clustered(layer, tile)) return layer === 'cameras' ? cameraCellRows(rows) : clusterRows(rows)
  const columns = sql.join(['id', ...query.properties].map((p) => sql.ref(`l.${p}`)))
  return sql`SELECT ${columns}, l.geom FROM (${rows}) l WHERE NOT ST_IsEmpty(l.geom) ORDER BY l.id`
}

/**
 * Sites gathered into cells of the tile: how many, how many are key projects and 重大 (red), their typical grade and
 * the sum of their risk scores (the heatmap's weight), drawn at their mean position. Only sites inside the tile itself count (no buffer), so each site is in exactly one tile's cell.
 * This is the live form, for a grid supervisor's few grids; city and district zones read the stored cells.
 */
function clusterRows(sites: RawBuilder<unknown>): RawBuilder<unknown> {
  const count = (grade: string) => sql`count(*) FILTER (WHERE p."riskGrade" = ${grade})`
  return cellFeatures(sql`
      SELECT floor(p.x / ${CLUSTER_CELL})::int AS cx, floor(p.y / ${CLUSTER_CELL})::int AS cy, count(*)::int AS count,
        (count(*) FILTER (WHERE p.key))::int AS "keyCount", ${count('red')}::int AS "redCount", coalesce(sum(p."riskScore"), 0) AS "riskSum",
        ${count('red')} AS red, ${count('orange')} AS orange, ${count('yellow')} AS yellow, ${count('blue')} AS blue,
        round(avg(p.x))::float8 AS x, round(avg(p.y))::float8 AS y
      FROM (SELECT ST_X(l.geom) AS x, ST_Y(l.geom) AS y, l.key, l."riskGrade", l."riskScore" FROM (${sites}) l) p
      WHERE p.x >= 0 AND p.x < ${TILE_EXTENT} AND p.y >= 0 AND p.y < ${TILE_EXTENT}
      GROUP BY 1, 2`)
}

/** Cameras gathered into cells of the tile, live: how many, how many online, at their mean position. */
function cameraCellRows(cameras: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`
    SELECT c.cy * ${TILE_EXTENT / CLUSTER_CELL}::int + c.cx AS id, c.count, c."onlineCount", ST_MakePoint(c.x, c.y) AS geom FROM (
      SELECT floor(p.x / ${CLUSTER_CELL})::int AS cx, floor(p.y / ${CLUSTER_CELL})::int AS cy, count(*)::int AS count,
        (count(*) FILTER (WHERE p.online))::int AS "onlineCount", round(avg(p.x))::float8 AS x, round(avg(p.y))::float8 AS y
      FROM (SELECT ST_X(l.geom) AS x, ST_Y(l.geom) AS y, l.online FROM (${cameras}) l) p
      WHERE p.x >= 0 AND p.x < ${TILE_EXTENT} AND p.y >= 0 AND p.y < ${TILE_EXTENT}
      GROUP BY 1, 2) c ORDER BY id`
}

/** One feature per cell from rows of cx, cy, counts by grade, the score sum and a position in tile units. */
function cellFeatures(cells: RawBuilder<unknown>): RawBuilder<unknown> {
  const perRow = TILE_EXTENT / CLUSTER_CELL
  return sql`
    SELECT c.cy * ${perRow}::int + c.cx AS id, c.count, c."keyCount", c."redCount", ${typicalGrade} AS "riskGrade",
      round(c."riskSum")::int AS "riskSum", ST_MakePoint(c.x, c.y) AS geom
    FROM (${cells}) c ORDER BY id`
}

/**
 * A cell's colour: the grade nearest the mean of its graded sites' grades (blue 0 … red 3). The worst grade would
 * paint every busy cell red, as one 重大 site among hundreds suffices; the red ones are counted apart (`redCount`).
 */
const typicalGrade = sql`(ARRAY['blue', 'yellow', 'orange', 'red'])[
  1 + round((3 * c.red + 2 * c.orange + c.yellow)::numeric / nullif(c.red + c.orange + c.yellow + c.blue, 0))::int]`

/** Whether the tile is drawn from the stored cells (migration 0011): city-wide and district zones at city zoom. */
const fromStoredCells = (layer: TileLayer, scope: SiteScope, tile: Tile) => layer === 'sites' && clustered(layer, tile) && (scope.kind === 'city' || scope.kind === 'district')

/**
 * The same cells from the stored sums: the zoom-17 (or, for zoom ≤ 9, zoom-13) cells inside the tile, added up
 * into its cells of CLUSTER_CELL units, at the mean of their sites' positions.
 */
function storedClusterRows(scope: SiteScope, { z, x, y }: Tile): RawBuilder<unknown> {
  const cellZoom = z + Math.log2(TILE_EXTENT / CLUSTER_CELL)
  const level = cellZoom > 13 ? 17 : 13
  const [shift, span] = [level - cellZoom, 2 ** (level - z)]
  const cells = TILE_EXTENT / CLUSTER_CELL
  const district = scope.kind === 'district' ? sql`AND district_id = ${scope.districtId}` : sql``
  return cellFeatures(sql`
      SELECT (x >> ${shift}::int) - ${x * cells}::int AS cx, (y >> ${shift}::int) - ${y * cells}::int AS cy,
        sum(sites)::int AS count, sum(keys)::int AS "keyCount", sum(red)::int AS "redCount", sum(risk_sum) AS "riskSum",
        sum(red) AS red, sum(orange) AS orange, sum(yellow) AS yellow, sum(blue) AS blue,
        ${tileUnits(sql`sum(sum_x) / sum(sites)`, z, x)} AS x, ${tileUnits(sql`sum(sum_y) / sum(sites)`, z, y)} AS y
      FROM site_cells
      WHERE level = ${level}::smallint AND x >= ${x * span}::int AND x < ${(x + 1) * span}::int
        AND y >= ${y * span}::int AND y < ${(y + 1) * span}::int ${district}
      GROUP BY 1, 2`)
}

/** Brings the stored cells up to date with the rows before a tile is drawn from them (a no-op when nothing changed). */
export async function prepareTile(db: Kysely<DB>, layer: TileLayer, scope: SiteScope, tile: Tile): Promise<void> {
  if (fromStoredCells(layer, scope, tile)) await refreshSiteCells(db)
}

export async function refreshSiteCells(db: Kysely<DB>): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT sg_refresh_site_cells() AS n`.execute(db)
  return rows[0].n
}

/** How many features the layer holds for this scope: the map draws a layer from tiles when it is large. */
export async function layerFeatureCount(db: Kysely<DB>, layer: TileLayer, scope: SiteScope): Promise<number> {
  const query = LAYERS[layer]
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM (${query.select} WHERE ${query.where(scope)}) q`.execute(db)
  return rows[0].n
}

/**
 * Runs a polygon tile's query serially and without JIT. ST_Transform is priced at 10,000 per row, so a tile of many
 * polygons looks costly enough for a parallel worker or JIT compilation, and each takes longer to start than the
 * whole tile takes on one backend (a z14 tile of 1,174 of 100,000 sites, measured when points were transformed too:
 * 29 ms with a worker, 9 ms without). The settings are local to a transaction of its own, four round trips that a
 * point layer, priced as cheap as it is, goes without. The embedded engine has neither workers nor JIT.
 */
function serially<T>(db: Kysely<DB>, layer: TileLayer, work: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  return LAYERS[layer].polygon ? withLocalSettings(db, { max_parallel_workers_per_gather: '0', jit: 'off' }, work) : work(db)
}

/** The tile as PostGIS encodes it (server engine only: the embedded PostGIS has no protobuf). */
export function postgisTile(db: Kysely<DB>, layer: TileLayer, scope: SiteScope, tile: Tile): Promise<Uint8Array> {
  return serially(db, layer, async (trx) => {
    const { rows } = await sql<{ mvt: Uint8Array | null }>`
      SELECT ST_AsMVT(t, ${layer}, ${TILE_EXTENT}, 'geom', 'id') AS mvt FROM (${tileRows(layer, scope, tile)}) t`.execute(trx)
    return new Uint8Array(rows[0]?.mvt ?? [])
  })
}

export interface TileFeature { id: number; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }

/** The same rows, for encoding in Node: geometry as GeoJSON in tile units. */
export async function tileFeatures(db: Kysely<DB>, layer: TileLayer, scope: SiteScope, tile: Tile): Promise<TileFeature[]> {
  const properties = tileProperties(layer, tile)
  const { rows } = await sql<Record<string, unknown> & { id: number; geojson: string }>`
    SELECT t.*, ST_AsGeoJSON(t.geom) AS geojson FROM (${tileRows(layer, scope, tile)}) t`.execute(db)
  return rows.map((row) => ({
    id: row.id,
    properties: Object.fromEntries(properties.map((p) => [p, row[p]])),
    geometry: JSON.parse(row.geojson),
  }))
}
