import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * Following the key projects to the deadline. A measure is done when it has a done date; reports append its
 * history (in progress, done, or back to in progress when a net is found torn) with their evidence.
 */

export const KEY_MEASURES = ['enclosure', 'dust_net', 'spraying'] as const
export type KeyMeasure = (typeof KEY_MEASURES)[number]
const DONE_COLUMN = { enclosure: 'enclosure_done_on', dust_net: 'dust_net_done_on', spraying: 'spraying_done_on' } as const

export interface MeasureReport { onDate: string; status: 'in_progress' | 'done'; evidence: string; photoId: number | null; by: string; at: string }

export async function keyProjectMeasures(db: Kysely<DB>, scope: SiteScope, districtId?: number) {
  const { rows: projects } = await sql<{
    keyProjectId: number; rank: number; siteId: number; code: string; name: string; districtId: number; district: string
    deadline: string; enclosure: string | null; dust_net: string | null; spraying: string | null
  }>`
    SELECT k.id AS "keyProjectId", k.rank, s.id AS "siteId", s.code, s.name, s.district_id AS "districtId", d.name AS district,
      k.deadline::text AS deadline, k.enclosure_done_on::text AS enclosure, k.dust_net_done_on::text AS dust_net, k.spraying_done_on::text AS spraying
    FROM key_projects k JOIN sites s ON s.id = k.site_id JOIN districts d ON d.id = s.district_id
    WHERE ${inSiteScope(scope)} ${districtId ? sql`AND s.district_id = ${districtId}` : sql``}
    ORDER BY k.rank`.execute(db)
  const { rows: reports } = await sql<MeasureReport & { keyProjectId: number; measure: KeyMeasure }>`
    SELECT DISTINCT ON (r.key_project_id, r.measure) r.key_project_id AS "keyProjectId", r.measure, r.on_date::text AS "onDate", r.status,
      r.evidence, r.photo_id AS "photoId", u.display_name AS by, ${beijingIso(sql`r.reported_at`)} AS at
    FROM key_measure_reports r JOIN users u ON u.id = r.reported_by
    WHERE r.key_project_id IN (SELECT id FROM key_projects)
    ORDER BY r.key_project_id, r.measure, r.id DESC`.execute(db)
  const latest = new Map(reports.map((r) => [`${r.keyProjectId}:${r.measure}`, r]))
  return projects.map(({ enclosure, dust_net, spraying, ...p }) => {
    const doneOn = { enclosure, dust_net, spraying }
    const measures = Object.fromEntries(KEY_MEASURES.map((m) => {
      const lastReport = latest.get(`${p.keyProjectId}:${m}`) ?? null
      const status = doneOn[m] ? 'done' : lastReport ? 'in_progress' : 'not_started'
      return [m, { status, doneOn: doneOn[m], lastReport }]
    })) as Record<KeyMeasure, { status: 'done' | 'in_progress' | 'not_started'; doneOn: string | null; lastReport: MeasureReport | null }>
    return { ...p, measures }
  })
}

/**
 * Weekly from 1 March of the plan year to the deadline (or today, when later), and on the deadline: how many of each district's key
 * projects had all three measures done by that day.
 */
export async function progressByDistrict(db: Kysely<DB>, scope: SiteScope) {
  const { rows } = await sql<{ districtId: number; district: string; day: string; total: number; done: number }>`
    WITH kp AS (
      SELECT s.district_id, k.deadline,
        CASE WHEN k.enclosure_done_on IS NOT NULL AND k.dust_net_done_on IS NOT NULL AND k.spraying_done_on IS NOT NULL
             THEN greatest(k.enclosure_done_on, k.dust_net_done_on, k.spraying_done_on) END AS all_done
      FROM key_projects k JOIN sites s ON s.id = k.site_id WHERE ${inSiteScope(scope)}),
    span AS (SELECT make_date(extract(year FROM min(deadline))::int, 3, 1) AS first, max(deadline) AS deadline FROM kp),
    -- Weekly, and the deadline itself, so the chart can mark it.
    days AS (SELECT d::date AS day FROM span, generate_series(span.first,
      greatest(span.deadline, (now() AT TIME ZONE 'Asia/Shanghai')::date), interval '7 days') d
      UNION SELECT deadline FROM span)
    SELECT d.id AS "districtId", d.name AS district, days.day::text AS day, count(kp.*)::int AS total,
      count(*) FILTER (WHERE kp.all_done <= days.day)::int AS done
    FROM kp JOIN districts d ON d.id = kp.district_id CROSS JOIN days
    GROUP BY d.id, days.day ORDER BY d.id, days.day`.execute(db)
  const deadline = (await sql<{ deadline: string | null }>`SELECT max(deadline)::text AS deadline FROM key_projects`.execute(db)).rows[0].deadline
  const days = [...new Set(rows.map((r) => r.day))]
  const districts = new Map<number, { districtId: number; district: string; total: number; done: number[] }>()
  for (const r of rows) {
    const entry = districts.get(r.districtId) ?? { districtId: r.districtId, district: r.district, total: r.total, done: [] }
    entry.done.push(r.done)
    districts.set(r.districtId, entry)
  }
  return { deadline, days, districts: [...districts.values()] }
}

export interface MeasureReportInput { measure: KeyMeasure; status: 'in_progress' | 'done'; onDate: string; evidence: string; photoId?: number }

/** Appends a report and moves the measure's done date with it; false when the key project is not listed or not in scope. */
export async function reportMeasure(db: Kysely<DB>, scope: SiteScope, userId: number, keyProjectId: number, input: MeasureReportInput, ip: string | null): Promise<'ok' | 'not_found' | 'photo_elsewhere'> {
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ site_id: number; done_on: string | null }>`
      SELECT k.site_id, ${sql.ref(`k.${DONE_COLUMN[input.measure]}`)}::text AS done_on
      FROM key_project_records k JOIN sites s ON s.id = k.site_id
      WHERE k.id = ${keyProjectId} AND k.delisted_at IS NULL AND ${inSiteScope(scope)} FOR UPDATE OF k`.execute(trx)
    if (!rows[0]) return 'not_found'
    if (input.photoId !== undefined) {
      const photo = await trx.selectFrom('photos').select('site_id').where('id', '=', input.photoId).executeTakeFirst()
      if (photo?.site_id !== rows[0].site_id) return 'photo_elsewhere'
    }
    await trx.insertInto('key_measure_reports').values({
      key_project_id: keyProjectId, measure: input.measure, status: input.status, on_date: input.onDate,
      evidence: input.evidence, photo_id: input.photoId ?? null, reported_by: userId,
    }).execute()
    const doneOn = input.status === 'done' ? input.onDate : null
    await trx.updateTable('key_project_records').set({ [DONE_COLUMN[input.measure]]: doneOn }).where('id', '=', keyProjectId).execute()
    await writeAudit(trx, {
      userId, ip, action: 'report_measure', entity: 'key_project', entityId: keyProjectId,
      before: { [input.measure]: rows[0].done_on }, after: { [input.measure]: doneOn, status: input.status, evidence: input.evidence },
    })
    return 'ok'
  })
}
