import { type RawBuilder, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { enterpriseInScope, inSiteScope } from '../auth/site-scope.ts'
import { deviceHealth } from '../devices/devices.repo.ts'

/*
 * Every map layer as an OGC API collection, in SQL: where its rows come from, its geometry, its properties and who
 * sees which rows. What belongs to a site (cameras, key projects, devices, a firm's sites) follows the caller's zone
 * as on the map; the city's outlines, key areas, the demo zone and sensitive receptors are the same for everyone.
 */

export const COLLECTION_IDS = ['sites', 'grids', 'enterprises', 'cameras', 'key-projects', 'key-areas', 'districts', 'demo-zones', 'receptors', 'devices'] as const
export type CollectionId = (typeof COLLECTION_IDS)[number]

/** A box in east/north terms in the CRS `srid` (bbox-crs): degrees for 4326 and 4490, metres for 4549. */
export interface Bbox { minX: number; minY: number; maxX: number; maxY: number; srid: number }
/** Bounds of a `datetime` filter as RFC 3339 instants; an absent bound is open. */
export interface TimeFilter { from?: string; to?: string }
/** What selects features besides the caller's zone: a bbox, a datetime, and a CQL2 filter compiled to a condition. */
export interface ItemsFilter { bbox?: Bbox; datetime?: TimeFilter; condition?: RawBuilder<unknown> }

/** A property's JSON Schema type, as the queryables declare it; dates and times are strings with a format. */
export type PropertyType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'date-time' | 'array'
export interface Property {
  name: string
  type: PropertyType
  /** The value as SQL: what is sorted and filtered on. */
  value: RawBuilder<unknown>
  /** What the feature carries, when not the value itself (a time as Beijing ISO text). */
  json?: RawBuilder<unknown>
}
const prop = (name: string, type: PropertyType, value: RawBuilder<unknown>, json?: RawBuilder<unknown>): Property => ({ name, type, value, json })

export interface Source {
  title: string
  description: string
  /** FROM and joins; the feature's row is aliased `x`, its id is `x.id`. */
  from: RawBuilder<unknown>
  /** Of the scope: an enterprise's geometry is its sites that the caller may see. */
  geometry(scope: SiteScope): RawBuilder<unknown>
  /** The geometry's type, for the queryables (`geometry-point`, `geometry-multipolygon` …). */
  geometryType: 'point' | 'multipoint' | 'multipolygon'
  properties: Property[]
  /** Which rows the scope sees, besides the bbox. */
  scoped(scope: SiteScope): RawBuilder<unknown>[]
  /** Site-bound collections share the extent of the sites in scope; the others have their own table's. */
  extentOf: 'sites' | RawBuilder<unknown>
  /** A collection with time: the conditions of a datetime filter. */
  during?(datetime: TimeFilter): RawBuilder<unknown>[]
}

/** A Beijing calendar day of an instant: sites' dates are days in the portal's time zone. */
const beijingDay = (instant: string) => sql`(${instant}::timestamptz AT TIME ZONE 'Asia/Shanghai')::date`
const everyone = () => []
const ownExtent = (table: string, column = 'geom') => sql`(SELECT ST_Extent(${sql.ref(column)}) FROM ${sql.table(table)})`

export const SOURCES: Record<CollectionId, Source> = {
  // A site's time is its planned construction period, the days from start_date to planned_end_date.
  sites: {
    title: '在建项目 Project sites',
    description: 'Construction sites as points with code, name, kind, stage, district, grid, risk grade and planned period; only the sites in your zone',
    from: sql`sites x JOIN districts d ON d.id = x.district_id LEFT JOIN grids g ON g.id = x.grid_id LEFT JOIN site_risk r ON r.site_id = x.id`,
    geometry: () => sql`x.location`,
    geometryType: 'point',
    properties: [prop('code', 'string', sql`x.code`), prop('name', 'string', sql`x.name`), prop('kind', 'string', sql`x.kind`), prop('stage', 'string', sql`x.stage`),
      prop('district', 'string', sql`d.name`), prop('grid', 'string', sql`g.code`), prop('riskGrade', 'string', sql`r.grade`),
      prop('startDate', 'date', sql`x.start_date`), prop('plannedEndDate', 'date', sql`x.planned_end_date`)],
    scoped: (scope) => [inSiteScope(scope, 'x')],
    extentOf: 'sites',
    during: ({ from, to }) => [
      ...(from ? [sql`x.planned_end_date >= ${beijingDay(from)}`] : []),
      ...(to ? [sql`x.start_date <= ${beijingDay(to)}`] : []),
    ],
  },
  // Grid boundaries are the same for everyone, as on the map (layers/grids); they carry no site data.
  grids: {
    title: '监管网格 Grid responsibility zones',
    description: 'Grid zones as polygons with code, name, district and township',
    from: sql`grids x JOIN districts d ON d.id = x.district_id JOIN townships t ON t.id = x.township_id`,
    geometry: () => sql`x.geom`,
    geometryType: 'multipolygon',
    properties: [prop('code', 'string', sql`x.code`), prop('name', 'string', sql`x.name`), prop('district', 'string', sql`d.name`), prop('township', 'string', sql`t.name`)],
    scoped: everyone,
    extentOf: ownExtent('grids'),
  },
  // 企业库: a firm has no place of its own; its feature is a MultiPoint of its sites (as a party) in the caller's zone.
  enterprises: {
    title: '企业库 Enterprises',
    description: 'Enterprises with credit code, name, kinds, origin and latest credit grade, as a MultiPoint of their sites in your zone (null when none)',
    from: sql`enterprises x`,
    geometry: (scope) => sql`(SELECT ST_Multi(ST_Collect(s.location ORDER BY s.id)) FROM site_parties sp JOIN sites s ON s.id = sp.site_id
      WHERE sp.enterprise_id = x.id AND ${inSiteScope(scope)})`,
    geometryType: 'multipoint',
    // Kinds are a list: carried, neither sorted nor filtered on (CQL2's array functions are not offered).
    properties: [prop('creditCode', 'string', sql`x.credit_code`), prop('name', 'string', sql`x.name`), prop('kinds', 'array', sql`x.kinds`),
      prop('origin', 'string', sql`x.origin`), prop('registeredPlace', 'string', sql`x.registered_place`),
      prop('creditGrade', 'string', sql`(SELECT ec.grade FROM enterprise_credit ec WHERE ec.enterprise_id = x.id ORDER BY ec.period_end DESC LIMIT 1)`)],
    scoped: (scope) => [enterpriseInScope(scope, 'x')],
    extentOf: 'sites',
  },
  cameras: {
    title: '视频监控 Cameras',
    description: 'Site cameras as points with code, purpose, site code, heading, field of view and range (metres) and whether online; those of the sites in your zone',
    from: sql`cameras x JOIN sites s ON s.id = x.site_id`,
    geometry: () => sql`x.location`,
    geometryType: 'point',
    properties: [prop('code', 'string', sql`x.code`), prop('purpose', 'string', sql`x.purpose`), prop('site', 'string', sql`s.code`),
      prop('heading', 'number', sql`x.heading_deg`), prop('fov', 'number', sql`x.fov_deg`), prop('range', 'number', sql`x.range_m`), prop('online', 'boolean', sql`x.online`)],
    scoped: (scope) => [inSiteScope(scope)],
    extentOf: 'sites',
  },
  'key-projects': {
    title: '扬尘管控重点项目 Key dust-control projects',
    description: 'The key projects as points with rank, site code and name, key area, district, deadline and the dates their three measures were done; those in your zone',
    from: sql`key_projects x JOIN sites s ON s.id = x.site_id JOIN key_areas a ON a.id = x.key_area_id JOIN districts d ON d.id = s.district_id`,
    geometry: () => sql`s.location`,
    geometryType: 'point',
    properties: [prop('rank', 'integer', sql`x.rank`), prop('code', 'string', sql`s.code`), prop('name', 'string', sql`s.name`), prop('keyArea', 'string', sql`a.name`),
      prop('district', 'string', sql`d.name`), prop('deadline', 'date', sql`x.deadline`), prop('enclosureDoneOn', 'date', sql`x.enclosure_done_on`),
      prop('dustNetDoneOn', 'date', sql`x.dust_net_done_on`), prop('sprayingDoneOn', 'date', sql`x.spraying_done_on`)],
    scoped: (scope) => [inSiteScope(scope)],
    extentOf: 'sites',
  },
  'key-areas': {
    title: '重点区域 Key areas',
    description: 'The key dust-control areas as polygons with name and district',
    from: sql`key_areas x JOIN districts d ON d.id = x.district_id`,
    geometry: () => sql`x.geom`,
    geometryType: 'multipolygon',
    properties: [prop('name', 'string', sql`x.name`), prop('district', 'string', sql`d.name`)],
    scoped: everyone,
    extentOf: ownExtent('key_areas'),
  },
  districts: {
    title: '行政区 Districts',
    description: 'The city’s districts and functional zones as polygons with adcode and Chinese and English names',
    from: sql`districts x`,
    geometry: () => sql`x.geom`,
    geometryType: 'multipolygon',
    properties: [prop('adcode', 'integer', sql`x.adcode`), prop('name', 'string', sql`x.name`), prop('nameEn', 'string', sql`x.name_en`),
      prop('functionalZone', 'boolean', sql`x.functional_zone`)],
    scoped: everyone,
    extentOf: ownExtent('districts'),
  },
  'demo-zones': {
    title: '绿色智慧示范区 Green-smart demonstration zone',
    description: 'The demonstration zone as a polygon with name, description and area in km²',
    from: sql`demo_zones x`,
    geometry: () => sql`x.geom`,
    geometryType: 'multipolygon',
    properties: [prop('name', 'string', sql`x.name`), prop('description', 'string', sql`x.description`),
      prop('areaKm2', 'number', sql`round((ST_Area(x.geom::geography) / 1e6)::numeric, 2)`)],
    scoped: everyone,
    extentOf: ownExtent('demo_zones'),
  },
  receptors: {
    title: '敏感目标 Sensitive receptors',
    description: 'Schools, kindergartens, hospitals and elderly homes as points with kind and name (what raises a nearby site’s dust risk)',
    from: sql`sensitive_receptors x`,
    geometry: () => sql`x.location`,
    geometryType: 'point',
    properties: [prop('kind', 'string', sql`x.kind`), prop('name', 'string', sql`x.name`)],
    scoped: everyone,
    extentOf: ownExtent('sensitive_receptors', 'location'),
  },
  // A device has no place of its own: a camera device is where its camera is, any other at its site.
  devices: {
    title: '物联设备 Field devices',
    description: 'Dust monitors, crane monitors and camera devices as points with code, kind, protocol, status, site code, reporting interval, last heard and health; those in your zone',
    from: sql`devices x JOIN sites s ON s.id = x.site_id LEFT JOIN cameras c ON c.id = x.camera_id`,
    geometry: () => sql`coalesce(c.location, s.location)`,
    geometryType: 'point',
    properties: [prop('code', 'string', sql`x.code`), prop('kind', 'string', sql`x.kind`), prop('protocol', 'string', sql`x.protocol`),
      prop('status', 'string', sql`x.status`), prop('site', 'string', sql`s.code`), prop('intervalS', 'integer', sql`x.interval_s`),
      prop('lastSeenAt', 'date-time', sql`x.last_seen_at`, beijingIso(sql`x.last_seen_at`)), prop('health', 'string', deviceHealth('x'))],
    scoped: (scope) => [inSiteScope(scope)],
    extentOf: 'sites',
  },
}
