import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { isNight, nightWorkVerdict, type NightWorkVerdict } from '../../domain/complaint.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { complaintInScope } from './complaints.repo.ts'
import { permitsOf } from './night-work.repo.ts'

/*
 * 投诉分析 (item 13): where complaints come from, how many a day, which sites draw them again and again, what they
 * are about in each district, and whether night-noise complaints fall inside a site's permitted night-work hours.
 * All over a period of Beijing days, in the caller's zone.
 */

export interface Period { from: string; to: string }

const inPeriod = (p: Period) => sql<boolean>`c.received_at >= (${p.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'
  AND c.received_at < (${p.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`
const REPEAT_LIMIT = 100

export async function complaintAnalysis(db: Kysely<DB>, scope: SiteScope, period: Period) {
  const where = sql<boolean>`${complaintInScope(scope)} AND ${inPeriod(period)}`
  const heat = await sql<{ lon: number; lat: number; category: string }>`
    SELECT ST_X(coalesce(c.location, s.location)) AS lon, ST_Y(coalesce(c.location, s.location)) AS lat, c.category
    FROM complaints c LEFT JOIN sites s ON s.id = c.site_id WHERE ${where} AND coalesce(c.location, s.location) IS NOT NULL`.execute(db)
  const trend = await sql<{ day: string; category: string; complaints: number }>`
    SELECT to_char(c.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, c.category, count(*)::int AS complaints
    FROM complaints c WHERE ${where} GROUP BY 1, 2 ORDER BY 1, 2`.execute(db)
  const repeats = await sql<{ siteId: number; code: string; name: string; district: string; complaints: number; founded: number; categories: string[]; last: string }>`
    SELECT s.id AS "siteId", s.code, s.name, d.name AS district, count(*)::int AS complaints, count(*) FILTER (WHERE c.founded)::int AS founded,
      array_agg(DISTINCT c.category ORDER BY c.category) AS categories, ${beijingIso(sql`max(c.received_at)`)} AS last
    FROM complaints c JOIN sites s ON s.id = c.site_id JOIN districts d ON d.id = s.district_id
    WHERE ${where} GROUP BY s.id, s.code, s.name, d.name HAVING count(*) >= 2
    ORDER BY count(*) DESC, s.id LIMIT ${REPEAT_LIMIT}`.execute(db)
  const byDistrict = await sql<{ districtId: number | null; district: string | null; category: string; complaints: number }>`
    SELECT c.district_id AS "districtId", d.name AS district, c.category, count(*)::int AS complaints
    FROM complaints c LEFT JOIN districts d ON d.id = c.district_id WHERE ${where} GROUP BY 1, 2, 3 ORDER BY 2 NULLS LAST, 3`.execute(db)
  return { heat: heat.rows, trend: trend.rows, repeats: repeats.rows, byDistrict: byDistrict.rows, nightWork: await nightWork(db, where) }
}

/** Night-noise complaints made at night, each judged against its site's permits. */
async function nightWork(db: Kysely<DB>, where: ReturnType<typeof sql<boolean>>) {
  const { rows } = await sql<{ id: number; receivedAt: Date; siteId: number | null; code: string | null; name: string | null }>`
    SELECT c.id, c.received_at AS "receivedAt", c.site_id AS "siteId", s.code, s.name
    FROM complaints c LEFT JOIN sites s ON s.id = c.site_id WHERE ${where} AND c.category = 'noise_night'`.execute(db)
  const atNight = rows.filter((r) => isNight(new Date(r.receivedAt)))
  const permits = await permitsOf(db, [...new Set(atNight.map((r) => r.siteId).filter((id): id is number => id !== null))])
  const totals: Record<NightWorkVerdict, number> = { permitted: 0, unpermitted: 0, no_site: 0 }
  const perSite = new Map<number, { siteId: number; code: string; name: string; permitted: number; unpermitted: number; permits: number }>()
  for (const r of atNight) {
    const verdict = nightWorkVerdict(new Date(r.receivedAt), r.siteId, permits.get(r.siteId ?? -1) ?? [])
    totals[verdict] += 1
    if (r.siteId === null || verdict === 'no_site') continue
    const site = perSite.get(r.siteId) ?? { siteId: r.siteId, code: r.code!, name: r.name!, permitted: 0, unpermitted: 0, permits: permits.get(r.siteId)?.length ?? 0 }
    site[verdict] += 1
    perSite.set(r.siteId, site)
  }
  const sites = [...perSite.values()].sort((a, b) => b.unpermitted - a.unpermitted || b.permitted - a.permitted || a.siteId - b.siteId).slice(0, REPEAT_LIMIT)
  return { totals: { permitted: totals.permitted, unpermitted: totals.unpermitted, noSite: totals.no_site }, sites }
}

export type ComplaintAnalysis = Awaited<ReturnType<typeof complaintAnalysis>>
