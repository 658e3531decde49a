import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

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
