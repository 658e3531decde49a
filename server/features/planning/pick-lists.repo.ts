import { type Kysely, sql } from 'kysely'
import { beijingIso, lonLatJson } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { writeAudit } from '../audit/audit.repo.ts'

/*
 * Pick lists: immutable named versions of a planner's chosen sites, in order. Publishing one makes it the official
 * key-project list: its sites become (or again become) key projects ranked by their position, the others are
 * delisted with their records kept, the previous official version is marked superseded, and the audit log gets
 * what changed, all in one transaction.
 */

const versionColumns = sql`v.id, v.name, v.note, cu.display_name AS "createdBy", ${beijingIso(sql`v.created_at`)} AS "createdAt",
  ${beijingIso(sql`v.published_at`)} AS "publishedAt", pu.display_name AS "publishedBy", ${beijingIso(sql`v.superseded_at`)} AS "supersededAt",
  (v.published_at IS NOT NULL AND v.superseded_at IS NULL) AS official,
  (SELECT count(*) FROM pick_list_items i WHERE i.version_id = v.id)::int AS count`

export interface PickListVersion {
  id: number; name: string; note: string | null; createdBy: string; createdAt: string
  publishedAt: string | null; publishedBy: string | null; supersededAt: string | null; official: boolean; count: number
}

export async function listVersions(db: Kysely<DB>): Promise<PickListVersion[]> {
  const { rows } = await sql<PickListVersion>`
    SELECT ${versionColumns} FROM pick_list_versions v JOIN users cu ON cu.id = v.created_by LEFT JOIN users pu ON pu.id = v.published_by
    ORDER BY v.id DESC`.execute(db)
  return rows
}

export async function getVersion(db: Kysely<DB>, id: number): Promise<PickListVersion | undefined> {
  const { rows } = await sql<PickListVersion>`
    SELECT ${versionColumns} FROM pick_list_versions v JOIN users cu ON cu.id = v.created_by LEFT JOIN users pu ON pu.id = v.published_by
    WHERE v.id = ${id}`.execute(db)
  return rows[0]
}

export interface PickListItem {
  position: number; siteId: number; code: string; name: string; districtId: number; district: string; stage: string
  riskGrade: string | null; keyProjectRank: number | null; location: [number, number]
}

/** A version's sites in order. The whole list is shown to every reader of plans: it names projects, not zones. */
export async function versionItems(db: Kysely<DB>, id: number): Promise<PickListItem[]> {
  const { rows } = await sql<PickListItem>`
    SELECT i.position, s.id AS "siteId", s.code, s.name, s.district_id AS "districtId", d.name AS district, s.stage,
      r.grade AS "riskGrade", k.rank AS "keyProjectRank", ${lonLatJson(sql`s.location`)} AS location
    FROM pick_list_items i JOIN sites s ON s.id = i.site_id JOIN districts d ON d.id = s.district_id
    LEFT JOIN site_risk r ON r.site_id = s.id LEFT JOIN key_projects k ON k.site_id = s.id
    WHERE i.version_id = ${id} ORDER BY i.position`.execute(db)
  return rows
}

export async function saveVersion(db: Kysely<DB>, userId: number, input: { name: string; note?: string; siteIds: number[] }, ip: string | null): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx.insertInto('pick_list_versions')
      .values({ name: input.name, note: input.note ?? null, created_by: userId }).returning('id').executeTakeFirstOrThrow()
    await trx.insertInto('pick_list_items').values(input.siteIds.map((siteId, i) => ({ version_id: id, position: i + 1, site_id: siteId }))).execute()
    await writeAudit(trx, { userId, ip, action: 'save', entity: 'pick_list', entityId: id, after: { name: input.name, count: input.siteIds.length } })
    return id
  })
}

export type PublishOutcome = { ok: true; added: number[]; removed: number[]; previousId: number | null } | { ok: false; reason: 'not_found' | 'already_published' }

/** The deadline every newly listed project gets: 30 September of the plan year (the Beijing year of publishing). */
const planDeadline = sql`make_date(extract(year FROM now() AT TIME ZONE 'Asia/Shanghai')::int, 9, 30)`

export async function publishVersion(db: Kysely<DB>, userId: number, id: number, ip: string | null): Promise<PublishOutcome> {
  return db.transaction().execute(async (trx) => {
    // Lock the official row too, so two planners publishing at once queue rather than both superseding it.
    const { rows: locked } = await sql<{ id: number; published_at: Date | null; official: boolean }>`
      SELECT id, published_at, (published_at IS NOT NULL AND superseded_at IS NULL) AS official FROM pick_list_versions
      WHERE id = ${id} OR (published_at IS NOT NULL AND superseded_at IS NULL) FOR UPDATE`.execute(trx)
    const target = locked.find((v) => v.id === id)
    if (!target) return { ok: false, reason: 'not_found' }
    if (target.published_at) return { ok: false, reason: 'already_published' }
    const previousId = locked.find((v) => v.official)?.id ?? null

    const { rows: before } = await sql<{ site_id: number }>`SELECT site_id FROM key_projects`.execute(trx)
    const { rows: after } = await sql<{ site_id: number }>`SELECT site_id FROM pick_list_items WHERE version_id = ${id}`.execute(trx)
    const wasKey = new Set(before.map((r) => r.site_id)), willBeKey = new Set(after.map((r) => r.site_id))

    // Ranks are unique among listed projects; clearing them first lets every project take its new rank.
    await sql`UPDATE key_project_records SET rank = NULL, delisted_at = now() WHERE delisted_at IS NULL`.execute(trx)
    await sql`
      UPDATE key_project_records k SET rank = i.position, delisted_at = NULL
      FROM pick_list_items i WHERE i.version_id = ${id} AND i.site_id = k.site_id`.execute(trx)
    await sql`
      INSERT INTO key_project_records (site_id, key_area_id, rank, deadline)
      SELECT i.site_id, (SELECT a.id FROM key_areas a WHERE ST_Covers(a.geom, s.location) ORDER BY a.id LIMIT 1), i.position, ${planDeadline}
      FROM pick_list_items i JOIN sites s ON s.id = i.site_id
      WHERE i.version_id = ${id} AND NOT EXISTS (SELECT 1 FROM key_project_records k WHERE k.site_id = i.site_id)`.execute(trx)

    if (previousId !== null) await sql`UPDATE pick_list_versions SET superseded_at = now() WHERE id = ${previousId}`.execute(trx)
    await sql`UPDATE pick_list_versions SET published_at = now(), published_by = ${userId} WHERE id = ${id}`.execute(trx)
    const added = [...willBeKey].filter((s) => !wasKey.has(s)).sort((a, b) => a - b)
    const removed = [...wasKey].filter((s) => !willBeKey.has(s)).sort((a, b) => a - b)
    await writeAudit(trx, {
      userId, ip, action: 'publish', entity: 'key_project_list', entityId: id,
      before: { versionId: previousId, count: wasKey.size }, after: { versionId: id, count: willBeKey.size, added, removed },
    })
    return { ok: true, added, removed, previousId }
  })
}
