import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso, beijingToday } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import { unusedPhotoOf } from '../photos/photos.repo.ts'

/** A hazard open at `instant`: found by then and not closed by then (for now, the same as status <> 'closed'). */
export const hazardOpenAt = (instant: RawBuilder<unknown>, alias = '') =>
  sql`${sql.raw(alias)}found_at <= ${instant} AND (${sql.raw(alias)}closed_at IS NULL OR ${sql.raw(alias)}closed_at > ${instant})`

/** Days past the deadline of a hazard still open (0 when not late or already closed). */
export const daysOverdue = (hazard = 'h') =>
  sql<number>`CASE WHEN ${sql.ref(`${hazard}.status`)} <> 'closed' THEN greatest(0, ${beijingToday} - ${sql.ref(`${hazard}.deadline`)}) ELSE 0 END`

/** One hazard in the caller's scope, with its steps (who, when, evidence), notices and photos. */
export async function findHazard(db: Kysely<DB>, scope: SiteScope, id: number) {
  const hazard = await db.selectFrom('hazards as h').innerJoin('sites as s', 's.id', 'h.site_id')
    .select(['h.id', 'h.site_id as siteId', 's.name as siteName', 's.code as siteCode', 'h.inspection_id as inspectionId', 'h.severity', 'h.category',
      'h.description', 'h.status', sql<string>`h.deadline::text`.as('deadline'), beijingIso(sql`h.found_at`).as('foundAt'),
      sql<string | null>`CASE WHEN h.closed_at IS NULL THEN NULL ELSE ${beijingIso(sql`h.closed_at`)} END`.as('closedAt'),
      daysOverdue().as('daysOverdue')])
    .where('h.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
  if (!hazard) return undefined
  const [events, notices] = await Promise.all([
    db.selectFrom('hazard_events as e').leftJoin('users as u', 'u.id', 'e.user_id')
      .select(['e.id', 'e.from_status as fromStatus', 'e.to_status as toStatus', beijingIso(sql`e.at`).as('at'), 'u.display_name as by',
        'e.note', 'e.evidence', sql<number[]>`coalesce((SELECT json_agg(p.id ORDER BY p.id) FROM photos p WHERE p.hazard_event_id = e.id), '[]'::json)`.as('photoIds')])
      .where('e.hazard_id', '=', id).orderBy('e.at').orderBy('e.id').execute(),
    db.selectFrom('notices as n').innerJoin('notice_types as t', 't.code', 'n.type_code')
      .select(['n.id', 'n.code', 'n.type_code as type', 't.name_zh as typeName', beijingIso(sql`n.issued_at`).as('issuedAt'), 'n.content'])
      .where('n.hazard_id', '=', id).orderBy('n.issued_at').execute(),
  ])
  return { ...hazard, events, notices }
}

/** Moves a hazard on only if it is still where the caller saw it; false when someone else moved it first. */
export async function moveHazard(trx: Kysely<DB>, id: number, from: string, to: string): Promise<boolean> {
  const result = await trx.updateTable('hazards')
    .set({ status: to, closed_at: to === 'closed' ? sql`now()` : null })
    .where('id', '=', id).where('status', '=', from).executeTakeFirst()
  return result.numUpdatedRows === 1n
}

export async function insertHazardEvent(trx: Kysely<DB>, event: { hazardId: number; from: string | null; to: string; at?: Date; userId: number; note: string; evidence?: string }) {
  const row = await trx.insertInto('hazard_events').values({
    hazard_id: event.hazardId, from_status: event.from, to_status: event.to, at: event.at ?? sql`now()`,
    user_id: event.userId, note: event.note, evidence: event.evidence ?? '',
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Issues a notice, numbered the way the seeded ones are (苏建监〔year〕000123号). */
export async function issueNotice(trx: Kysely<DB>, notice: { siteId: number; hazardId: number | null; type: string; content: string; userId: number }) {
  const { rows } = await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('notices', 'id'))::int AS id`.execute(trx)
  const id = rows[0].id
  return trx.insertInto('notices').values({
    id, site_id: notice.siteId, hazard_id: notice.hazardId, type_code: notice.type, content: notice.content, issued_by: notice.userId,
    issued_at: sql`now()`,
    code: sql`'苏建监〔' || to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '〕' || lpad(${String(id)}, 6, '0') || '号'`,
  }).returning(['id', 'code']).executeTakeFirstOrThrow()
}

/**
 * Ties uploaded photos to what they document. Only the site's own photos that nothing uses yet can be tied;
 * the count tied tells the caller whether every id qualified.
 */
export async function attachPhotos(trx: Kysely<DB>, siteId: number, photoIds: number[], to: { inspectionId: number } | { hazardEventId: number }): Promise<number> {
  if (!photoIds.length) return 0
  const result = await trx.updateTable('photos')
    .set('inspectionId' in to ? { inspection_id: to.inspectionId } : { hazard_event_id: to.hazardEventId })
    .where('id', 'in', photoIds).where(unusedPhotoOf(siteId))
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

