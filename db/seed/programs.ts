import { type Kysely, sql } from 'kysely'
import { insertMany } from '../bulk.ts'
import { offsetMeters } from './geometry.ts'
import type { Rng } from './random.ts'
import type { PlacedDistrict } from './sites.ts'
import { KEY_PROJECT_TARGET } from '../../server/domain/dust-priority.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'

/* The plan's programmes: key dust-control areas with their 150 key projects, the demonstration zone,
   and this month's emergency lists. Chosen in SQL from the sites already placed, so they are consistent. */

/** One key area around each urban core, and a second in each of the four fastest-building districts. */
export async function insertKeyAreas(db: Kysely<any>, districts: PlacedDistrict[]): Promise<void> {
  for (const d of districts) {
    await sql`
      INSERT INTO key_areas (name, district_id, geom)
      SELECT ${d.shortName + '核心区扬尘重点管控区'}, id,
             ST_Multi(ST_CollectionExtract(ST_Intersection(geom, ST_Buffer(seat::geography, ${Math.round(d.coreKm * 800)}, 'quad_segs=4')::geometry, 1e-9), 3))
      FROM districts WHERE id = ${d.id}`.execute(db)
  }
  // The second area centres on the busiest township other than the core's own.
  await sql`
    INSERT INTO key_areas (name, district_id, geom)
    SELECT t.name || '扬尘重点管控区', t.district_id,
           ST_Multi(ST_CollectionExtract(ST_Intersection(t.geom, ST_Buffer(ST_PointOnSurface(t.geom)::geography, 2500, 'quad_segs=4')::geometry, 1e-9), 3))
    FROM (SELECT t.id, t.name, t.district_id, t.geom, row_number() OVER (PARTITION BY t.district_id ORDER BY count(s.id) DESC) AS rn
          FROM townships t JOIN districts d ON d.id = t.district_id
          JOIN sites s ON ST_Covers(t.geom, s.location)
          WHERE d.adcode IN (320571, 320583, 320506, 320507) AND NOT ST_Covers(t.geom, d.seat)
          GROUP BY t.id) t
    WHERE t.rn = 1`.execute(db)
}

/**
 * The 150 largest live projects inside key areas, taken round-robin across areas so every area is represented.
 * Each measure is done on time, done late or still missing against 30 September of the plan year.
 */
export async function insertKeyProjects(db: Kysely<any>, rng: Rng, planYear: number, now: Date): Promise<number> {
  const { rows } = await sql<{ site_id: number; key_area_id: number }>`
    SELECT site_id, key_area_id
    FROM (SELECT DISTINCT ON (s.id) s.id AS site_id, a.id AS key_area_id, s.contract_value_wan
          FROM sites s JOIN key_areas a ON ST_Covers(a.geom, s.location)
          WHERE s.stage <> 'completed' AND s.kind IN ('housing', 'municipal', 'rail_transit')
          ORDER BY s.id, a.id) c
    ORDER BY row_number() OVER (PARTITION BY key_area_id ORDER BY contract_value_wan DESC), contract_value_wan DESC, site_id
    LIMIT ${KEY_PROJECT_TARGET}`.execute(db)
  const deadline = new Date(`${planYear}-09-30T23:59:59+08:00`)
  const doneOn = (share: number) => {
    if (!rng.chance(share)) return null
    const day = addDays(deadline, rng.chance(0.85) ? -rng.int(0, 150) : rng.int(1, 45))
    return day > now ? null : beijingDay(day)
  }
  await insertMany(db, 'key_projects', rows.map((r, i) => ({
    site_id: r.site_id, key_area_id: r.key_area_id, rank: i + 1, deadline: beijingDay(deadline),
    enclosure_done_on: doneOn(0.93), dust_net_done_on: doneOn(0.84), spraying_done_on: doneOn(0.88),
  })))
  return rows.length
}

/** The seeded list as the planner's published first version, so that a later publication supersedes a kept list. */
export async function insertPublishedKeyList(db: Kysely<any>, planYear: number, now: Date): Promise<void> {
  const publishedAt = new Date(Math.min(now.getTime(), Date.parse(`${planYear}-03-01T10:00:00+08:00`))).toISOString()
  await sql`
    WITH planner AS (SELECT id FROM users WHERE username = 'planner'),
    version AS (
      INSERT INTO pick_list_versions (name, note, created_by, created_at, published_at, published_by)
      SELECT ${`${planYear}年扬尘管控重点项目名单`}, '首批150个高标准扬尘管控项目', id, ${publishedAt}::timestamptz, ${publishedAt}::timestamptz, id FROM planner
      RETURNING id)
    INSERT INTO pick_list_items (version_id, position, site_id)
    SELECT version.id, k.rank, k.site_id FROM version, key_projects k`.execute(db)
}

/** The green-smart demonstration zone: a showcase district of about 12 km² north-east of the Xiangcheng seat. */
export async function insertDemoZone(db: Kysely<any>, districts: PlacedDistrict[]): Promise<void> {
  const host = districts.find((d) => d.adcode === 320507) ?? districts[0]
  const centre = offsetMeters(host.seat, 1500, 1500)
  await sql`
    INSERT INTO demo_zones (name, description, geom)
    SELECT '建筑工程绿色智慧示范片区', '市级建筑工程绿色智慧示范片区：智慧工地全覆盖、绿色施工、扬尘在线监测与视频监控联网（示意范围）',
           ST_Multi(ST_Intersection(d.geom, ST_Buffer(ST_SetSRID(ST_MakePoint(${centre[0]}, ${centre[1]}), 4326)::geography, 2000, 'quad_segs=3')::geometry, 1e-9))
    FROM districts d WHERE d.id = ${host.id}`.execute(db)
}

const EXEMPT_PROCESSES = ['盾构掘进', '混凝土连续浇筑', '抢险抢修', '民生保障工程关键工序', '轨道交通关键节点施工']

/** This month's emergency reduction list (with commitment letters) and exemption list. */
export async function insertEmergencyLists(db: Kysely<any>, rng: Rng, now: Date): Promise<void> {
  const month = `${beijingDay(now).slice(0, 8)}01`
  const { rows: reduction } = await sql<{ id: number }>`
    SELECT s.id FROM sites s WHERE s.stage = 'earthworks' AND s.kind IN ('housing', 'municipal') ORDER BY md5(s.id::text)
    LIMIT (SELECT greatest(5, count(*) / 50) FROM sites)`.execute(db)
  const { rows: exempt } = await sql<{ id: number }>`
    SELECT s.id FROM sites s WHERE s.stage <> 'completed' AND (s.kind = 'rail_transit' OR s.contract_value_wan > 100000)
    ORDER BY md5(s.id::text) LIMIT (SELECT greatest(3, count(*) / 300) FROM sites)`.execute(db)
  const letter = (share: number) => (rng.chance(share) ? beijingDay(addDays(now, -rng.int(0, Math.max(0, Number(beijingDay(now).slice(8)) - 1)))) : null)
  await insertMany(db, 'emergency_list_entries', [
    ...reduction.map((r) => ({ list_type: 'reduction', month, site_id: r.id, process: null, dust_letter_on: letter(0.86), fuel_letter_on: letter(0.8) })),
    ...exempt.map((r) => ({ list_type: 'exemption', month, site_id: r.id, process: rng.pick(EXEMPT_PROCESSES), dust_letter_on: letter(0.95), fuel_letter_on: null })),
  ])
}
