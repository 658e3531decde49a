import type { Position } from 'geojson'
import { type Kysely, sql } from 'kysely'
import { offsetMeters, pointWkt, polygonWkt, rotatedRectangle } from '../../db/seed/geometry.ts'
import type { DB } from '../../db/types.ts'

/*
 * A hand-built town for tests whose answers are known: one square district split into a west and an east
 * grid, and sites, cameras, cranes, hazards, notices and readings added one by one. Times are relative to now().
 */

export const TOWN_CENTRE: Position = [120.61, 31.31]

export interface Town { districtId: number; westGridId: number; eastGridId: number }

export async function buildTown(db: Kysely<DB>): Promise<Town> {
  const square = (minX: number, maxX: number) => `SRID=4326;MULTIPOLYGON(((${minX} 31.3,${maxX} 31.3,${maxX} 31.32,${minX} 31.32,${minX} 31.3)))`
  const district = await db.insertInto('districts').values({
    adcode: 320599, name: '测试区', name_en: 'Test', seat: pointWkt(TOWN_CENTRE), geom: square(120.6, 120.62),
  }).returning('id').executeTakeFirstOrThrow()
  const township = await db.insertInto('townships').values({ code: '320599001000', name: '测试街道', district_id: district.id, geom: square(120.6, 120.62) })
    .returning('id').executeTakeFirstOrThrow()
  const grid = (code: string, minX: number, maxX: number) => db.insertInto('grids')
    .values({ code, name: `测试街道${code}网格`, township_id: township.id, district_id: district.id, geom: square(minX, maxX) })
    .returning('id').executeTakeFirstOrThrow()
  return { districtId: district.id, westGridId: (await grid('W', 120.6, 120.61)).id, eastGridId: (await grid('E', 120.61, 120.62)).id }
}

export interface SiteSpec {
  grid: 'west' | 'east'
  /** Metres east and north of the grid's centre. */
  at?: [number, number]
  /** Side of a square footprint in metres; 0 for none. */
  side?: number
  kind?: string
  stage?: string
  standardizationScore?: number | null
}

let siteCounter = 0

export async function addSite(db: Kysely<DB>, town: Town, spec: SiteSpec): Promise<{ id: number; centre: Position; ring: Position[] | null }> {
  const centre = offsetMeters([spec.grid === 'west' ? 120.605 : 120.615, 31.31], spec.at?.[0] ?? 0, spec.at?.[1] ?? 0)
  const side = spec.side ?? 100
  const ring = side > 0 ? rotatedRectangle(centre, side, side, 0) : null
  siteCounter += 1
  const site = await db.insertInto('sites').values({
    code: `T${process.pid}-${siteCounter}`, name: `测试项目${siteCounter}`, kind: spec.kind ?? 'housing', stage: spec.stage ?? 'main_structure',
    district_id: town.districtId, grid_id: spec.grid === 'west' ? town.westGridId : town.eastGridId,
    location: pointWkt(centre), footprint: ring ? polygonWkt(ring) : null, floor_area_m2: 10_000, contract_value_wan: 3_000,
    start_date: sql`current_date - 200`, planned_end_date: sql`current_date + 200`, responsibility_docs_ok: true,
    standardization_score: spec.standardizationScore === undefined ? 85 : spec.standardizationScore,
  }).returning('id').executeTakeFirstOrThrow()
  // Its parties as an office might record them: names the registry does not know.
  await sql`INSERT INTO site_parties (site_id, role, recorded_name) VALUES (${site.id}, 'owner', '测试置业有限公司'), (${site.id}, 'contractor', '测试建设集团有限公司')`.execute(db)
  return { id: site.id, centre, ring }
}

export interface CameraSpec { at: Position; heading: number; fov: number; range: number; online?: boolean; purpose?: string }

/** A camera, with the video platform's device for it, which has just reported. */
export async function addCamera(db: Kysely<DB>, siteId: number, c: CameraSpec): Promise<void> {
  const camera = await db.insertInto('cameras').values({
    site_id: siteId, code: `CAM-T-${siteId}-${c.heading}-${c.range}-${Math.random().toString(36).slice(2, 7)}`, purpose: c.purpose ?? 'site_video',
    location: pointWkt(c.at), heading_deg: c.heading, fov_deg: c.fov, range_m: c.range, online: c.online ?? true,
  }).returning('id').executeTakeFirstOrThrow()
  await addReportingDevice(db, { kind: 'camera', siteId, cameraId: camera.id, identity: `camera-t${camera.id}` })
}

/** A machine installed and in use on a site: its `cranes` row (the installation), without a monitor device. */
export async function addCraneInstallation(db: Kysely<DB>, siteId: number, kind: string, monitored: boolean): Promise<number> {
  const recordNo = `T-${siteId}-${kind}-${monitored}-${Math.random().toString(36).slice(2, 7)}`
  const machine = await db.insertInto('crane_machines').values({ record_no: recordNo, kind, owner_recorded_name: '测试租赁有限公司', filed_on: sql`current_date - 120` })
    .returning('id').executeTakeFirstOrThrow()
  const crane = await db.insertInto('cranes').values({
    site_id: siteId, machine_id: machine.id, kind, registration_no: recordNo, installed_on: sql`current_date - 100`, monitored,
  }).returning('id').executeTakeFirstOrThrow()
  return crane.id
}

/** A crane in use; a monitored one has a safety monitor that has just reported. */
export async function addCrane(db: Kysely<DB>, siteId: number, kind: string, monitored: boolean): Promise<void> {
  const craneId = await addCraneInstallation(db, siteId, kind, monitored)
  if (monitored) await addReportingDevice(db, { kind: 'crane_monitor', siteId, craneId, identity: `crane-t${craneId}` })
}

async function addReportingDevice(db: Kysely<DB>, d: { kind: string; siteId: number; identity: string; craneId?: number; cameraId?: number }) {
  await db.insertInto('devices').values({
    code: d.identity, kind: d.kind, site_id: d.siteId, crane_id: d.craneId ?? null, camera_id: d.cameraId ?? null, protocol: 'mqtt',
    identity: d.identity, secret_sha256: '0'.repeat(64), interval_s: 60, last_seen_at: sql`now()`,
  }).execute()
}

/** A hazard found `ageDays` ago with its deadline `dueInDays` from today (negative: overdue). */
export async function addHazard(db: Kysely<DB>, siteId: number, h: { severity: string; status: string; ageDays: number; dueInDays: number }): Promise<number> {
  const row = await db.insertInto('hazards').values({
    site_id: siteId, severity: h.severity, category: '测试隐患', description: '测试隐患', status: h.status,
    found_at: sql`now() - make_interval(days => ${h.ageDays})`, deadline: sql`current_date + ${h.dueInDays}::int`,
    closed_at: h.status === 'closed' ? sql`now()` : null,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function addNotice(db: Kysely<DB>, siteId: number, type: string, ageDays = 0, hazardId: number | null = null): Promise<void> {
  await db.insertInto('notices').values({
    code: `N-${siteId}-${type}-${ageDays}-${Math.random().toString(36).slice(2, 7)}`, site_id: siteId, type_code: type, hazard_id: hazardId,
    issued_at: sql`now() - make_interval(days => ${ageDays})`, content: '测试',
  }).execute()
}

/** One reading per hour, `hoursAgo` hours back from now. */
export async function addPm10(db: Kysely<DB>, siteId: number, readings: { hoursAgo: number; pm10: number }[]): Promise<void> {
  for (const r of readings) {
    await db.insertInto('pm10_readings').values({ site_id: siteId, measured_at: sql`now() - make_interval(hours => ${r.hoursAgo})`, pm10: r.pm10 }).execute()
  }
}
