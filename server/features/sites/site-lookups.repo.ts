import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso, escapeLike, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/**
 * Sites whose name or code contains the text, best first: an exact code, then names and codes that start with
 * it, then the rest by name. Small rows so that the search box can ask on every keystroke.
 */
export async function searchSites(db: Kysely<DB>, scope: SiteScope, text: string, limit: number) {
  const pattern = `%${escapeLike(text)}%`
  const prefix = `${escapeLike(text)}%`
  const { rows } = await sql<{ id: number; code: string; name: string; kind: string; district: string; riskGrade: string | null; location: [number, number] }>`
    SELECT s.id, s.code, s.name, s.kind, d.name AS district, r.grade AS "riskGrade",
      ${lonLatJson(sql`s.location`)} AS location
    FROM sites s JOIN districts d ON d.id = s.district_id LEFT JOIN site_risk r ON r.site_id = s.id
    WHERE (s.name ILIKE ${pattern} OR s.code ILIKE ${pattern}) AND ${inSiteScope(scope)}
    ORDER BY (upper(s.code) = upper(${text}))::int DESC, (s.name ILIKE ${prefix} OR s.code ILIKE ${prefix})::int DESC,
      s.name, s.id
    LIMIT ${limit}`.execute(db)
  return rows
}

export interface Pm10Series { source: 'site' | 'station'; stationName: string | null; distanceM: number | null; readings: { at: string; pm10: number }[] }

/**
 * The site's hourly PM10 over the last `hours`. Sites with their own monitor (the key projects) show it; the
 * others show the nearest national/provincial station, labelled as such, so the panel never pretends.
 */
export async function pm10Series(db: Kysely<DB>, siteId: number, hours: number): Promise<Pm10Series> {
  const since = sql<Date>`now() - make_interval(hours => ${hours}::int)`
  const own = await hourlyPm10(db, 'site_id', siteId, since)
  if (own.length > 0) return { source: 'site', stationName: null, distanceM: null, readings: own }
  const station = await db.selectFrom('aq_stations as a').innerJoin('sites as s', (j) => j.on('s.id', '=', siteId))
    .select(['a.id', 'a.name', sql<number>`round(ST_Distance(a.location::geography, s.location::geography))::int`.as('distanceM')])
    .orderBy(sql`a.location <-> s.location`).limit(1).executeTakeFirst()
  if (!station) return { source: 'station', stationName: null, distanceM: null, readings: [] }
  return { source: 'station', stationName: station.name, distanceM: station.distanceM, readings: await hourlyPm10(db, 'station_id', station.id, since) }
}

/** One monitor's readings (a site's or a station's) since a time, oldest first. */
function hourlyPm10(db: Kysely<DB>, monitor: 'site_id' | 'station_id', id: number, since: RawBuilder<Date>) {
  return db.selectFrom('pm10_readings').where(monitor, '=', id).where('measured_at', '>=', since)
    .select([beijingIso(sql`measured_at`).as('at'), sql<number>`round(pm10::numeric, 1)::float8`.as('pm10')])
    .orderBy('measured_at').execute()
}

export async function siteExists(db: Kysely<DB>, scope: SiteScope, id: number): Promise<boolean> {
  return (await db.selectFrom('sites as s').select('s.id').where('s.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()) !== undefined
}
