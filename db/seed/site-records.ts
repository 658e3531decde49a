import type { Position } from 'geojson'
import { offsetMeters, pointWkt } from './geometry.ts'
import { firmName } from './names.ts'
import type { Rng } from './random.ts'
import type { GeneratedSite } from './sites.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'

/** Rows that hang off one site. Ids are assigned here so that children can reference them in one pass. */
export interface SiteRecords {
  cameras: Record<string, unknown>[]
  dangerous_works: Record<string, unknown>[]
  crane_machines: Record<string, unknown>[]
  cranes: Record<string, unknown>[]
  inspections: Record<string, unknown>[]
  hazards: Record<string, unknown>[]
  hazard_events: Record<string, unknown>[]
  notices: Record<string, unknown>[]
}

export interface IdCounters { camera: number; crane: number; inspection: number; hazard: number; notice: number }

export function emptyRecords(): SiteRecords {
  return { cameras: [], dangerous_works: [], crane_machines: [], cranes: [], inspections: [], hazards: [], hazard_events: [], notices: [] }
}

export function generateSiteRecords(rng: Rng, site: GeneratedSite, now: Date, ids: IdCounters, out: SiteRecords): void {
  const towerCranes = addCranes(rng, site, ids, out)
  addCameras(rng, site, towerCranes, now, ids, out)
  addDangerousWorks(rng, site, now, out)
  addInspections(rng, site, towerCranes > 0, now, ids, out)
}

function addCameras(rng: Rng, site: GeneratedSite, towerCranes: number, now: Date, ids: IdCounters, out: SiteRecords): void {
  const { row, ring, center } = site
  // The plan targets 100% installation; about one site in twenty has not got there yet.
  if (rng.chance(0.05)) return
  const spots = ring ? ring.slice(0, -1).flatMap((corner, i) => [corner, midpoint(corner, ring[i + 1])]) : [center]
  // Roughly one camera per 70 m of site extent: a corner camera watches about that far in useful detail.
  const wanted = ring ? Math.min(spots.length, 8, Math.max(1, Math.round(1 + Math.sqrt(ringAreaM2(ring)) / 70 + rng.range(-0.5, 1)))) : 1
  const start = rng.int(0, spots.length - 1)
  const reach = ring ? diagonalMeters(ring) : 60
  for (let k = 0; k < wanted; k++) {
    const spot = spots[(start + Math.round((k * spots.length) / wanted)) % spots.length]
    const heading = ring ? bearingDeg(spot, center) + rng.normal(0, 15) : rng.range(0, 360)
    out.cameras.push(camera(rng, row.id, ids, 'site_video', spot, heading, rng.range(60, 110), Math.min(250, Math.max(30, reach * rng.range(0.5, 0.8))), now))
  }
  for (let k = 0; k < towerCranes; k++) {
    const spot = offsetMeters(center, rng.normal(0, 20), rng.normal(0, 20))
    out.cameras.push(camera(rng, row.id, ids, 'crane_monitor', spot, rng.range(0, 360), 120, rng.range(50, 80), now))
  }
}

function camera(rng: Rng, siteId: number, ids: IdCounters, purpose: string, at: Position, heading: number, fov: number, range: number, now: Date) {
  const online = rng.chance(0.955)
  const id = ++ids.camera
  return {
    id, site_id: siteId, code: `CAM-${String(id).padStart(7, '0')}`, purpose, location: pointWkt(at),
    heading_deg: Math.round((((heading % 360) + 360) % 360) * 10) / 10 % 360, fov_deg: Math.round(fov), range_m: Math.round(range),
    online, last_seen_at: new Date(now.getTime() - (online ? rng.int(0, 300) : rng.int(3_600, 259_200)) * 1000).toISOString(),
  }
}

function addCranes(rng: Rng, site: GeneratedSite, ids: IdCounters, out: SiteRecords): number {
  const { row } = site
  const building = row.kind === 'housing' && row.floor_area_m2 > 15_000 && row.stage !== 'earthworks' && row.stage !== 'completed'
  const station = row.kind === 'rail_transit' && row.floor_area_m2 > 0 && row.stage !== 'completed'
  const plan: [string, number][] = building
    ? [['tower_crane', rng.int(1, Math.min(5, 1 + Math.floor(row.floor_area_m2 / 60_000)))], ['hoist', row.stage === 'finishing' ? rng.int(1, 3) : rng.int(0, 1)]]
    : station ? [['gantry_crane', rng.int(1, 2)]] : []
  for (const [kind, count] of plan) {
    for (let k = 0; k < count; k++) {
      const id = ++ids.crane
      const installed = addDays(site.start, rng.int(30, 120))
      // A machine per crane standing here; insertCraneLifecycles (cranes.ts) then gives each its owner and its life.
      const recordNo = `苏${kind === 'hoist' ? 'SS' : 'TQ'}-${String(id).padStart(6, '0')}`
      const owner = firmName(rng, 'crane_rental', '苏州')
      out.crane_machines.push({ id, record_no: recordNo, kind, owner_recorded_name: owner, filed_on: beijingDay(addDays(installed, -30)) })
      out.cranes.push({
        id, site_id: row.id, machine_id: id, kind, registration_no: recordNo,
        installed_on: beijingDay(installed),
        last_inspected_on: beijingDay(addDays(installed, rng.int(5, 60))), monitored: rng.chance(0.92),
      })
    }
  }
  return plan.find(([kind]) => kind === 'tower_crane')?.[1] ?? 0
}

/** 危大 thresholds per 建办质〔2018〕31号: the measure that makes a sub-project 'beyond scale' (超危大). */
function addDangerousWorks(rng: Rng, site: GeneratedSite, now: Date, out: SiteRecords): void {
  const { row } = site
  const status = row.stage === 'completed' ? 'completed' : 'in_progress'
  const add = (category: string, value: number | null, unit: string | null, beyond: boolean) =>
    out.dangerous_works.push({
      site_id: row.id, category, beyond_scale: beyond, measure_value: value === null ? null : Math.round(value * 10) / 10,
      measure_unit: unit, status, starts_on: beijingDay(addDays(site.start, rng.int(0, 60))),
      ends_on: status === 'completed' ? beijingDay(addDays(now, -rng.int(30, 200))) : null,
    })
  if (row.kind === 'rail_transit') {
    if (row.floor_area_m2 > 0) add('deep_excavation', rng.range(16, 28), 'm', true)
    else {
      add('shield_tunnelling', null, null, true)
      if (rng.chance(0.5)) add('cross_passage', null, null, true)
    }
    return
  }
  if (row.kind === 'small_temporary') return
  const depth = rng.logNormal(4, 0.45)
  if (depth >= 3 && (row.stage === 'earthworks' || rng.chance(0.3))) add('deep_excavation', depth, 'm', depth >= 5)
  if (row.kind === 'housing' && row.stage !== 'earthworks' && rng.chance(0.35)) {
    const height = rng.range(5, 10)
    add('high_formwork', height, 'm', height >= 8)
  }
  if (row.kind === 'housing' && row.stage !== 'earthworks' && rng.chance(0.4)) {
    const height = rng.range(24, 56)
    add('scaffolding', height, 'm', height >= 50)
  }
  if (rng.chance(0.04)) add('demolition', null, null, rng.chance(0.3))
  if (row.kind === 'municipal' && rng.chance(0.3)) add('lifting', rng.range(50, 200), 'kN', rng.chance(0.3))
}

const INSPECTION_KINDS = [['routine', 40], ['comprehensive', 10], ['unannounced', 15], ['dust_open', 12], ['dust_covert', 8],
  ['crane_special', 8], ['testing_institution', 7]] as const
const FINDINGS: Record<string, readonly string[]> = {
  dust: ['裸土未覆盖', '车辆冲洗设施未正常使用', '围挡破损未修复', '喷淋设施未开启', '渣土车未密闭运输', '场内道路未硬化'],
  crane: ['塔吊力矩限制器失效', '附着装置连接螺栓松动', '司机无证上岗', '施工升降机防坠安全器超期'],
  safety: ['临边防护缺失', '脚手架连墙件缺失', '基坑监测数据超预警值未处置', '作业人员未佩戴安全帽', '配电箱未设漏电保护',
    '高支模未按方案搭设', '消防器材缺失', '特种作业人员证书过期', '危大工程专项方案未论证'],
}

function addInspections(rng: Rng, site: GeneratedSite, hasCranes: boolean, now: Date, ids: IdCounters, out: SiteRecords): void {
  const { row } = site
  const count = row.stage === 'completed' ? rng.int(0, 1) : rng.int(0, row.kind === 'rail_transit' || row.stage === 'earthworks' ? 6 : 4)
  for (let k = 0; k < count; k++) {
    let kind: string = rng.weighted(INSPECTION_KINDS)
    if (kind === 'crane_special' && !hasCranes) kind = 'routine'
    const at = new Date(Math.max(site.start.getTime(), now.getTime() - rng.int(1, 180) * 86_400_000) + rng.int(8 * 3600, 17 * 3600) * 1000)
    if (at > now) continue
    const inspectionId = ++ids.inspection
    const scored = kind === 'comprehensive' || kind.startsWith('dust')
    out.inspections.push({
      id: inspectionId, site_id: row.id, kind, inspected_at: at.toISOString(),
      score: scored ? Math.round(rng.range(58, 98)) : null, findings: '',
    })
    const pool = kind.startsWith('dust') ? FINDINGS.dust : kind === 'crane_special' ? FINDINGS.crane : FINDINGS.safety
    const hazards = rng.chance(0.45) ? rng.int(1, 3) : 0
    for (let h = 0; h < hazards; h++) addHazard(rng, row.id, inspectionId, rng.pick(pool), at, now, ids, out)
  }
}

function addHazard(rng: Rng, siteId: number, inspectionId: number, finding: string, foundAt: Date, now: Date, ids: IdCounters, out: SiteRecords): void {
  const id = ++ids.hazard
  const severity = rng.chance(0.12) ? 'major' : 'general'
  const deadline = addDays(foundAt, severity === 'major' ? rng.int(3, 7) : rng.int(7, 15))
  const past = deadline < now
  // Most hazards past their deadline are closed; the rest are the overdue ones the supervisors chase.
  const status = past ? rng.weighted([['closed', 97], ['rectifying', 1.5], ['submitted', 0.8], ['open', 0.7]] as const)
    : rng.weighted([['open', 35], ['rectifying', 35], ['submitted', 15], ['closed', 15]] as const)
  const steps = ['open', 'rectifying', 'submitted', 'closed'].slice(0, ['open', 'rectifying', 'submitted', 'closed'].indexOf(status) + 1)
  const span = Math.max(1, Math.min(now.getTime(), deadline.getTime() + 3 * 86_400_000) - foundAt.getTime())
  let at = foundAt
  steps.forEach((to, i) => {
    if (i > 0) at = new Date(Math.min(now.getTime(), at.getTime() + (span / steps.length) * rng.range(0.5, 1)))
    out.hazard_events.push({ hazard_id: id, from_status: i === 0 ? null : steps[i - 1], to_status: to, at: at.toISOString(), note: i === 0 ? finding : '' })
  })
  out.hazards.push({
    id, site_id: siteId, inspection_id: inspectionId, severity, category: finding, description: `${finding}，要求限期整改`,
    status, found_at: foundAt.toISOString(), deadline: beijingDay(deadline), closed_at: status === 'closed' ? at.toISOString() : null,
  })
  if (rng.chance(severity === 'major' ? 0.9 : 0.55)) {
    const type = severity === 'major' && rng.chance(0.4) ? 'stop_work_rectification' : rng.chance(0.03) ? 'penalty' : 'rectification'
    const noticeId = ++ids.notice
    out.notices.push({
      id: noticeId, code: `苏建监〔${foundAt.getUTCFullYear()}〕${String(noticeId).padStart(6, '0')}号`, site_id: siteId,
      hazard_id: id, type_code: type, issued_at: foundAt.toISOString(), content: `${finding}，请于${beijingDay(deadline)}前整改完毕并回复。`,
    })
  }
}

function midpoint(a: Position, b: Position): Position {
  return [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2]
}

function bearingDeg(from: Position, to: Position): number {
  const dx = (to[0] - from[0]) * Math.cos((from[1] * Math.PI) / 180)
  const dy = to[1] - from[1]
  return (Math.atan2(dx, dy) * 180) / Math.PI
}

function ringAreaM2(ring: Position[]): number {
  const k = 111_320 * Math.cos((ring[0][1] * Math.PI) / 180)
  let twice = 0
  for (let i = 0; i < ring.length - 1; i++) twice += ring[i][0] * k * ring[i + 1][1] * 111_320 - ring[i + 1][0] * k * ring[i][1] * 111_320
  return Math.abs(twice) / 2
}

function diagonalMeters(ring: Position[]): number {
  const dx = (ring[2][0] - ring[0][0]) * 111_320 * Math.cos((ring[0][1] * Math.PI) / 180)
  const dy = (ring[2][1] - ring[0][1]) * 111_320
  return Math.hypot(dx, dy)
}
