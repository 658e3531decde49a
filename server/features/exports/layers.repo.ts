import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { Geometry } from 'geojson'
import { geoJsonText, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { PURPOSE_ZH, RECEPTOR_ZH } from '../../domain/labels-zh.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { districtInScope, gridInScope, inSiteScope } from '../auth/site-scope.ts'
import type { Cell, ExportColumn, ExportTable } from './formats.ts'

/*
 * The map's layers as export tables. Polygons carry their WKT in CSV and XLSX (GIS tools read a WKT column) and
 * points their longitude and latitude; coordinates are WGS-84 with 6 decimals (~0.1 m), as on the map.
 * Grids, cameras and key projects are the caller's zone only, like the map; districts, key areas, the demo zone
 * and sensitive receptors are reference data that everyone signed in reads, with site counts of their own zone.
 */

export const EXPORT_LAYERS = ['districts', 'grids', 'key-areas', 'key-projects', 'demo-zone', 'cameras', 'receptors'] as const
export type ExportLayer = (typeof EXPORT_LAYERS)[number]

type Row = Record<string, Cell> & { geometry: Geometry }
interface LayerExport {
  title: string
  columns: ExportColumn[]
  /** The layer's rows, each with its GeoJSON geometry, in the file's order. */
  rows(scope: SiteScope): RawBuilder<Row>
  /** Chinese labels for a column's codes, the words an office's own files use (and imports read back). */
  labels?: Record<string, Record<string, string>>
}

/** A polygon's WKT column and its GeoJSON geometry (both keep 6 decimals, with the same rounding). */
const polygon = (geom: RawBuilder<unknown>) => sql`ST_AsText(ST_ForcePolygonCCW(${geom}), 6) AS wkt, ${geoJsonText(geom)}::json AS geometry`
/** A point's columns and its geometry, rounded alike: ST_AsGeoJSON's own rounding can differ in the 6th decimal. */
const point = (at: RawBuilder<unknown>) => sql`round(ST_X(${at})::numeric, 6)::float8 AS lon, round(ST_Y(${at})::numeric, 6)::float8 AS lat,
  json_build_object('type', 'Point', 'coordinates', ${lonLatJson(at)}) AS geometry`
const areaKm2 = (geom: RawBuilder<unknown>) => sql`round((ST_Area(${geom}::geography) / 1e6)::numeric, 2)::float8 AS "areaKm2"`

const WKT: ExportColumn = { key: 'wkt', header: 'WKT', tabularOnly: true }
const LON_LAT: ExportColumn[] = [{ key: 'lon', header: '经度(WGS-84)' }, { key: 'lat', header: '纬度(WGS-84)' }]
const AREA: ExportColumn = { key: 'areaKm2', header: '面积(km²)' }

const LAYERS: Record<ExportLayer, LayerExport> = {
  districts: {
    title: '区县',
    columns: [{ key: 'adcode', header: '行政区划代码' }, { key: 'name', header: '名称' }, { key: 'nameEn', header: '英文名' },
      { key: 'functionalZone', header: '功能区' }, AREA, { key: 'siteCount', header: '项目数' }, WKT],
    // Like the map: a count for the districts the caller reads, none (not a misleading 0) for the others.
    rows: (scope) => sql<Row>`
      SELECT d.adcode, d.name, d.name_en AS "nameEn", d.functional_zone AS "functionalZone", ${areaKm2(sql`d.geom`)},
        CASE WHEN ${districtInScope(scope)} THEN (SELECT count(*) FROM sites s WHERE s.district_id = d.id AND ${inSiteScope(scope)}) END AS "siteCount",
        ${polygon(sql`d.geom`)}
      FROM districts d ORDER BY d.adcode`,
  },
  grids: {
    title: '网格',
    columns: [{ key: 'code', header: '网格编号' }, { key: 'name', header: '网格名称' }, { key: 'district', header: '所属区' },
      { key: 'township', header: '街道/镇' }, { key: 'supervisors', header: '网格监督员' }, { key: 'siteCount', header: '项目数' }, AREA, WKT],
    rows: (scope) => sql<Row>`
      SELECT g.code, g.name, d.name AS district, t.name AS township,
        (SELECT string_agg(u.display_name, '、' ORDER BY u.id) FROM grid_supervisors gs JOIN users u ON u.id = gs.user_id WHERE gs.grid_id = g.id) AS supervisors,
        (SELECT count(*) FROM sites s WHERE s.grid_id = g.id AND ${inSiteScope(scope)}) AS "siteCount", ${areaKm2(sql`g.geom`)}, ${polygon(sql`g.geom`)}
      FROM grids g JOIN districts d ON d.id = g.district_id JOIN townships t ON t.id = g.township_id
      WHERE ${gridInScope(scope)} ORDER BY g.code`,
  },
  'key-areas': {
    title: '扬尘重点管控区域',
    columns: [{ key: 'name', header: '名称' }, { key: 'district', header: '所属区' }, { key: 'keyProjectCount', header: '重点项目数' }, AREA, WKT],
    rows: (scope) => sql<Row>`
      SELECT a.name, d.name AS district,
        (SELECT count(*) FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE k.key_area_id = a.id AND ${inSiteScope(scope)}) AS "keyProjectCount",
        ${areaKm2(sql`a.geom`)}, ${polygon(sql`a.geom`)}
      FROM key_areas a JOIN districts d ON d.id = a.district_id ORDER BY a.id`,
  },
  'key-projects': {
    title: '扬尘重点项目',
    columns: [{ key: 'rank', header: '序号' }, { key: 'code', header: '项目编号' }, { key: 'name', header: '项目名称' },
      { key: 'district', header: '所属区' }, { key: 'grid', header: '网格' }, { key: 'keyArea', header: '重点管控区域' },
      { key: 'deadline', header: '完成期限' }, { key: 'enclosureDoneOn', header: '高标准围挡完成日期' },
      { key: 'dustNetDoneOn', header: '防尘网覆盖完成日期' }, { key: 'sprayingDoneOn', header: '高频次喷淋完成日期' },
      { key: 'measuresDone', header: '已完成措施数' }, ...LON_LAT],
    rows: (scope) => sql<Row>`
      SELECT k.rank, s.code, s.name, d.name AS district, g.name AS grid, a.name AS "keyArea", k.deadline::text AS deadline,
        k.enclosure_done_on::text AS "enclosureDoneOn", k.dust_net_done_on::text AS "dustNetDoneOn",
        k.spraying_done_on::text AS "sprayingDoneOn",
        (k.enclosure_done_on IS NOT NULL)::int + (k.dust_net_done_on IS NOT NULL)::int + (k.spraying_done_on IS NOT NULL)::int AS "measuresDone",
        ${point(sql`s.location`)}
      FROM key_projects k JOIN sites s ON s.id = k.site_id JOIN districts d ON d.id = s.district_id
      LEFT JOIN grids g ON g.id = s.grid_id LEFT JOIN key_areas a ON a.id = k.key_area_id
      WHERE ${inSiteScope(scope)} ORDER BY k.rank`,
  },
  'demo-zone': {
    title: '绿色智慧示范片区',
    columns: [{ key: 'name', header: '名称' }, { key: 'description', header: '说明' }, AREA, { key: 'siteCount', header: '项目数' }, WKT],
    rows: (scope) => sql<Row>`
      SELECT z.name, z.description, ${areaKm2(sql`z.geom`)},
        (SELECT count(*) FROM sites s WHERE ST_Covers(z.geom, s.location) AND ${inSiteScope(scope)}) AS "siteCount",
        ${polygon(sql`z.geom`)}
      FROM demo_zones z ORDER BY z.id`,
  },
  cameras: {
    title: '视频监控点位',
    columns: [{ key: 'code', header: '设备编号' }, { key: 'purpose', header: '用途' }, { key: 'siteCode', header: '项目编号' },
      { key: 'siteName', header: '项目名称' }, { key: 'heading', header: '朝向(°)' }, { key: 'fov', header: '视场角(°)' },
      { key: 'range', header: '可视距离(m)' }, { key: 'online', header: '在线' }, ...LON_LAT],
    labels: { purpose: PURPOSE_ZH },
    rows: (scope) => sql<Row>`
      SELECT c.code, c.purpose, s.code AS "siteCode", s.name AS "siteName", c.heading_deg::float8 AS heading, c.fov_deg::float8 AS fov,
        c.range_m::float8 AS range, c.online, ${point(sql`c.location`)}
      FROM cameras c JOIN sites s ON s.id = c.site_id WHERE ${inSiteScope(scope)} ORDER BY c.code`,
  },
  receptors: {
    title: '敏感目标',
    columns: [{ key: 'name', header: '名称' }, { key: 'kind', header: '类别' }, ...LON_LAT],
    labels: { kind: RECEPTOR_ZH },
    rows: () => sql<Row>`
      SELECT r.name, r.kind, ${point(sql`r.location`)} FROM sensitive_receptors r ORDER BY r.id`,
  },
}

/** One layer as the caller's map shows it, ready for render(). */
export async function layerTable(db: Kysely<DB>, scope: SiteScope, layer: ExportLayer): Promise<ExportTable> {
  const { title, columns, rows, labels = {} } = LAYERS[layer]
  const found = (await rows(scope).execute(db)).rows
  const label = (key: string, value: Cell) => (labels[key] && typeof value === 'string' ? labels[key][value] ?? value : value)
  return {
    title, columns,
    rows: found.map(({ geometry, ...row }) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, label(key, value)]))),
    geometries: found.map((r) => r.geometry),
  }
}
