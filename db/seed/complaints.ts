import { type Kysely, sql } from 'kysely'
import { coordinateConfidence } from '../../server/domain/complaint-match.ts'
import { type ComplaintCategory, respondBy } from '../../server/domain/complaint.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { insertMany } from '../bulk.ts'
import type { DB } from '../types.ts'
import type { Rng } from './random.ts'

/*
 * A month of 12345 complaints before `now`: about one for every twenty live sites (20–400), most matched by the
 * caller's pin, dispatched and closed, some still open or waiting for a supervisor; a hot spot (one site drawing
 * dust and night-noise complaints night after night, with a night-work permit that covers only part of them);
 * and night-work permits on about one live site in a hundred.
 */

interface Site { id: number; district_id: number; grid_id: number | null; lon: number; lat: number; address: string | null; name: string }

const HOUR_MS = 3_600_000
const HOT_SPOT_COMPLAINTS = 24
const CATEGORIES: [ComplaintCategory, number][] = [['dust', 35], ['noise_night', 25], ['muck', 15], ['quality', 10], ['safety', 10], ['other', 5]]
const WORDS: Record<ComplaintCategory, string[]> = {
  dust: ['工地扬尘很大，未见洒水降尘', '渣土堆放未覆盖，刮风时灰尘漫天', '车辆出场未冲洗，道路上都是泥'],
  noise_night: ['深夜还在施工，噪音扰民无法入睡', '凌晨打桩声音很大', '夜里混凝土泵车作业，噪声扰民'],
  muck: ['渣土车沿路遗撒', '渣土车夜间超速行驶', '工地门口道路污染严重'],
  quality: ['新房墙体开裂', '小区道路施工质量差', '楼板渗水'],
  safety: ['脚手架上工人未系安全带', '塔吊在居民楼上方作业', '基坑边没有围挡'],
  other: ['工地占道施工影响通行', '围挡破损未修复', '工人在路边焚烧垃圾'],
}
const REPLIES = { founded: '经现场核查，情况属实，已责令整改并复查到位。', unfounded: '经现场核查，未发现所述问题，已向来电人解释说明。' }

/** A point `metres` away from the site in a random direction (WGS-84 degrees, good enough at this scale). */
function near(rng: Rng, site: Site, metres: number): [number, number] {
  const angle = rng.range(0, 2 * Math.PI)
  const dlon = (metres * Math.cos(angle)) / (111_320 * Math.cos((site.lat * Math.PI) / 180))
  const dlat = (metres * Math.sin(angle)) / 110_540
  return [Math.round((site.lon + dlon) * 1e7) / 1e7, Math.round((site.lat + dlat) * 1e7) / 1e7]
}

/** A moment on a Beijing day `daysAgo` before now, at a Beijing hour. */
const at = (now: Date, daysAgo: number, hour: number, minute: number) =>
  new Date(Date.parse(`${beijingDay(addDays(now, -daysAgo))}T00:00:00+08:00`) + hour * HOUR_MS + minute * 60_000)

export async function insertComplaints(db: Kysely<DB>, rng: Rng, now: Date): Promise<void> {
  const { rows: sites } = await sql<Site>`
    SELECT s.id, s.district_id, s.grid_id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat, s.address, s.name
    FROM sites s WHERE s.stage IN ('earthworks', 'main_structure', 'finishing') AND s.location IS NOT NULL ORDER BY s.id`.execute(db)
  if (sites.length === 0) return
  const supervisors = await db.selectFrom('grid_supervisors').select(['grid_id', 'user_id']).orderBy('user_id').execute()
  const supervisorOf = new Map<number, number>()
  for (const s of supervisors) if (!supervisorOf.has(s.grid_id)) supervisorOf.set(s.grid_id, s.user_id)
  const hotSpot = sites.find((s) => s.grid_id !== null && supervisorOf.has(s.grid_id)) ?? sites[0]
  const rows: Record<string, unknown>[] = []
  const add = (site: Site, category: ComplaintCategory, received: Date, matched: boolean, distanceM: number) => {
    const [lon, lat] = near(rng, site, distanceM)
    const age = (now.getTime() - received.getTime()) / HOUR_MS
    const roll = rng.next()
    const status = !matched ? 'received' : age > 48 ? (roll < 0.88 ? 'closed' : 'dispatched') : roll < 0.3 ? 'closed' : roll < 0.8 ? 'dispatched' : 'received'
    const dispatched = status !== 'received'
    const suggested = !dispatched && (matched || rng.chance(0.5))
    const supervisor = site.grid_id === null ? null : supervisorOf.get(site.grid_id) ?? null
    const closedAt = status === 'closed' ? new Date(Math.min(now.getTime() - HOUR_MS, received.getTime() + rng.range(2, 70) * HOUR_MS)) : null
    const founded = status === 'closed' ? rng.chance(site === hotSpot ? 0.75 : 0.4) : null
    rows.push({
      channel: rng.chance(0.9) ? '12345' : 'mayor_mailbox', ticket_no: `SZ${beijingDay(received).replace(/-/g, '')}${String(rows.length + 1).padStart(5, '0')}`,
      received_at: received.toISOString(), category, content: `${site.address ?? ''}附近${rng.pick(WORDS[category])}`, address: site.address,
      location: `SRID=4326;POINT(${lon} ${lat})`, complainant_name: `${rng.pick(['张', '王', '李', '陈', '周', '吴', '徐', '孙'])}先生`,
      complainant_phone: `1${rng.pick(['38', '39', '58', '86', '89', '77'])}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      // Not dispatched: a weak pin kept as a suggestion for a supervisor to confirm.
      site_id: suggested ? site.id : null, match_method: suggested ? 'coordinates' : null,
      match_confidence: suggested ? Math.min(0.69, coordinateConfidence(distanceM)) : null, district_id: site.district_id,
      status, dispatched_to: dispatched ? supervisor : null, dispatched_at: dispatched ? new Date(received.getTime() + 0.5 * HOUR_MS).toISOString() : null,
      respond_by: dispatched ? respondBy(category, received).toISOString() : null,
      match_confirmed_at: dispatched ? new Date(received.getTime() + 0.5 * HOUR_MS).toISOString() : null,
      reply: status === 'closed' ? (founded ? REPLIES.founded : REPLIES.unfounded) : null, evidence: status === 'closed' ? '现场核查照片已存档' : null,
      founded, closed_at: closedAt?.toISOString() ?? null, closed_by: status === 'closed' ? supervisor : null,
    })
    // Dispatched: the pin's match, confirmed.
    if (dispatched) Object.assign(rows[rows.length - 1], { site_id: site.id, match_method: 'coordinates', match_confidence: Math.max(0.3, coordinateConfidence(distanceM)) })
  }
  const count = Math.min(400, Math.max(20, Math.round(sites.length / 20)))
  for (let i = 0; i < count; i += 1) {
    const category = rng.weighted(CATEGORIES)
    const hour = category === 'noise_night' ? rng.pick([22, 23, 0, 1, 2, 3, 4, 5]) : rng.int(7, 20)
    const site = rng.pick(sites)
    const matched = rng.chance(0.9)
    add(site, category, at(now, rng.int(1, 30), hour, rng.int(0, 59)), matched, matched ? rng.range(0, 120) : rng.range(180, 290))
  }
  // The hot spot: dust by day and noise at night, most nights of the last month; its permit covers 22:00–24:00 only.
  for (let i = 0; i < HOT_SPOT_COMPLAINTS; i += 1) {
    const noise = i % 3 !== 0
    const hour = noise ? (i % 2 === 0 ? 23 : 2) : rng.int(8, 18)
    add(hotSpot, noise ? 'noise_night' : 'dust', at(now, 1 + (i % 28), hour, rng.int(0, 59)), true, rng.range(0, 60))
  }
  rows.sort((a, b) => String(a.received_at).localeCompare(String(b.received_at)))
  await insertMany(db, 'complaints', rows)
  await insertPermits(db, rng, now, sites, hotSpot)
}

async function insertPermits(db: Kysely<DB>, rng: Rng, now: Date, sites: Site[], hotSpot: Site) {
  const permitted = [hotSpot, ...sites.filter((s) => s !== hotSpot && rng.chance(0.01))]
  await insertMany(db, 'night_work_permits', permitted.map((site, i) => ({
    site_id: site.id, permit_no: `SZYJ${beijingDay(now).slice(0, 4)}-${String(i + 1).padStart(4, '0')}`,
    valid_from: beijingDay(addDays(now, -40)), valid_to: beijingDay(addDays(now, site === hotSpot ? 20 : rng.int(-5, 30))),
    starts_at: site === hotSpot ? '22:00' : rng.pick(['22:00', '23:00']), ends_at: site === hotSpot ? '00:00' : rng.pick(['02:00', '05:00', '06:00']),
    reason: site === hotSpot ? `${site.name}连续浇筑混凝土` : rng.pick(['大体积混凝土连续浇筑', '盾构连续掘进', '道路交通管制时段施工']),
  })))
}
