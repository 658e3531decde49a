import { type Kysely, sql } from 'kysely'
import { insertMany } from '../bulk.ts'
import type { SeedGeography } from './geography.ts'
import { inArea, offsetMeters, pointWkt } from './geometry.ts'
import type { Rng } from './random.ts'
import type { CityFrame } from './sites.ts'

/* Air quality and the people dust harms: monitoring stations, hourly PM10, schools and hospitals. */

export async function insertWater(db: Kysely<any>, geography: SeedGeography): Promise<void> {
  await insertMany(db, 'water_bodies', geography.water.map((w) => ({
    name: w.name, kind: w.kind, geom: sql`ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(w.geometry)}), 4326))`,
  })))
}

export async function insertAqStations(db: Kysely<any>, geography: SeedGeography): Promise<void> {
  await insertMany(db, 'aq_stations', geography.aqStations.map((s) => ({
    code: s.code, name: s.name, area: s.area, is_reference: s.isReference, location: pointWkt(s.coord),
  })))
}

/** A uniform number in [0, 1) from a text key: deterministic noise that both engines compute identically. */
const noise = (key: ReturnType<typeof sql>) => sql`(('x' || substr(md5(${key}), 1, 8))::bit(32)::bigint / 4294967296.0)`

/**
 * Hourly PM10 for the last 30 days: a regional background that drifts with the weather (shared by every
 * monitor), a daily rhythm peaking in the morning, a per-site factor (earthworks raise dust), and rare spikes.
 */
export async function insertPm10(db: Kysely<any>, now: Date): Promise<void> {
  const hours = sql`generate_series(date_trunc('hour', ${now.toISOString()}::timestamptz) - interval '30 days',
                                    date_trunc('hour', ${now.toISOString()}::timestamptz), interval '1 hour') AS h`
  const background = sql`(45 + 30 * ${noise(sql`to_char(h, 'YYYY-MM-DD') || 'weather'`)}
    + 12 * sin(extract(epoch FROM h) / 86400 / 7.3 * 2 * pi()))
    * (1 + 0.3 * cos((extract(hour FROM h AT TIME ZONE 'Asia/Shanghai') - 8) / 24 * 2 * pi()))`
  await sql`
    INSERT INTO pm10_readings (station_id, measured_at, pm10)
    SELECT s.id, h, round((${background} * (0.9 + 0.2 * ${noise(sql`s.id || ':' || h`)}))::numeric, 1)
    FROM aq_stations s CROSS JOIN ${hours}`.execute(db)
  await sql`
    INSERT INTO pm10_readings (site_id, measured_at, pm10)
    SELECT k.site_id, h, round((${background}
        * (CASE s.stage WHEN 'earthworks' THEN 1.5 WHEN 'main_structure' THEN 1.25 ELSE 1.1 END)
        * (0.85 + 0.3 * ${noise(sql`k.site_id || ':' || h`)})
        + CASE WHEN ${noise(sql`k.site_id || ':' || h || 'spike'`)} < 0.025 THEN 90 + 150 * ${noise(sql`k.site_id || 'size' || h`)} ELSE 0 END)::numeric, 1)
    FROM key_projects k JOIN sites s ON s.id = k.site_id CROSS JOIN ${hours}`.execute(db)
}

const RECEPTORS = [
  ['school', 1 / 40, ['实验小学', '中心小学', '第一中学', '外国语学校', '实验初级中学', '高级中学']],
  ['kindergarten', 1 / 100, ['中心幼儿园', '实验幼儿园', '第二幼儿园']],
  ['hospital', 1 / 150, ['人民医院', '中医医院', '社区卫生服务中心', '妇幼保健院']],
  ['elderly_home', 1 / 300, ['颐养院', '社会福利院', '日间照料中心']],
] as const

/** Schools, hospitals and care homes cluster where people live: around township centres. */
export async function insertReceptors(db: Kysely<any>, rng: Rng, frame: CityFrame, siteCount: number): Promise<void> {
  const rows: Record<string, unknown>[] = []
  for (const [kind, perSite, suffixes] of RECEPTORS) {
    const wanted = rows.length + Math.max(10, Math.round(siteCount * perSite))
    while (rows.length < wanted) {
      const township = rng.pick(frame.townships)
      const district = frame.districts.find((d) => d.adcode === township.adcode)!
      const at = offsetMeters(township.seed, rng.normal(0, 1500), rng.normal(0, 1500))
      if (!inArea(district.area, at) || frame.lakes.some((lake) => inArea(lake, at))) continue
      rows.push({ kind, name: township.shortName + rng.pick(suffixes), location: pointWkt(at) })
    }
  }
  await insertMany(db, 'sensitive_receptors', rows)
}
