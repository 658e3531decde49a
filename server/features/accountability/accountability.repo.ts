import { type Kysely, sql } from 'kysely'
import { beijingIso, beijingToday, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { type ActionKind, codePrefix, type DistrictFigures, nextActionNumber, actionCode, replyState, type ReplyState, safetyConcern, suggestedAction } from '../../domain/accountability.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { districtInScope } from '../auth/site-scope.ts'
import { siteInScope } from '../kpis/kpis.repo.ts'

/*
 * Districts' safety figures (what an action cites and the candidate view weighs) and the actions issued against
 * districts. An action is read by whoever reads its district; all figures are the district's whole, not cut to the
 * reader's grids, because an action is about the station, not about a grid.
 */

const YEAR = sql`interval '12 months'`

/** The figures of every district the scope reads (or one), as of now, with what to issue next. */
export async function districtFigures(db: Kysely<DB>, scope: SiteScope, districtId?: number) {
  const { rows } = await sql<DistrictFigures & { districtId: number; name: string; openActions: number; overdueReplies: number; recentKinds: ActionKind[] }>`
    SELECT d.id AS "districtId", d.name,
      (SELECT count(*) FROM sites s WHERE s.district_id = d.id AND s.stage <> 'completed')::int AS "activeSites",
      (SELECT count(*) FROM accidents a WHERE a.district_id = d.id AND a.occurred_at >= now() - ${YEAR})::int AS "accidents12m",
      (SELECT coalesce(sum(a.deaths), 0) FROM accidents a WHERE a.district_id = d.id AND a.occurred_at >= now() - ${YEAR})::int AS "deaths12m",
      (SELECT count(*) FROM hazards h WHERE h.district_id = d.id AND h.status <> 'closed')::int AS "openHazards",
      (SELECT count(*) FROM hazards h WHERE h.district_id = d.id AND h.status <> 'closed' AND h.deadline < ${beijingToday})::int AS "overdueHazards",
      (SELECT count(*) FROM site_risk r JOIN sites s ON s.id = r.site_id WHERE r.district_id = d.id AND s.stage <> 'completed' AND r.grade = 'red')::int AS "redSites",
      (SELECT round(avg(i.score)::numeric, 1)::float8 FROM inspections i
        WHERE i.district_id = d.id AND i.score IS NOT NULL AND i.inspected_at >= now() - interval '90 days') AS "meanInspectionScore",
      (SELECT count(*) FROM accountability_actions x WHERE x.district_id = d.id AND x.reply IS NULL)::int AS "openActions",
      (SELECT count(*) FROM accountability_actions x WHERE x.district_id = d.id AND x.reply IS NULL AND x.deadline < ${beijingToday})::int AS "overdueReplies",
      (SELECT coalesce(array_agg(DISTINCT x.kind), '{}') FROM accountability_actions x WHERE x.district_id = d.id AND x.issued_at >= now() - ${YEAR}) AS "recentKinds"
    FROM districts d WHERE ${districtInScope(scope)} ${districtId ? sql`AND d.id = ${districtId}` : sql``} ORDER BY d.id`.execute(db)
  return rows.map(({ recentKinds, ...f }) => {
    const concern = safetyConcern(f)
    return { ...f, concern: concern.score, reasons: concern.reasons, suggested: suggestedAction(f, recentKinds) }
  }).sort((a, b) => b.concern - a.concern || a.districtId - b.districtId)
}

export type DistrictFigureRow = Awaited<ReturnType<typeof districtFigures>>[number]

const actionColumns = sql`x.id, x.code, x.district_id AS "districtId", d.name AS district, x.kind, x.reason, x.statistics,
  x.accident_id AS "accidentId", ${beijingIso(sql`x.issued_at`)} AS "issuedAt", iu.display_name AS "issuedBy", x.deadline::text AS deadline,
  x.reply, ${beijingIso(sql`x.replied_at`)} AS "repliedAt", ru.display_name AS "repliedBy",
  (x.replied_at AT TIME ZONE 'Asia/Shanghai')::date::text AS "repliedOn", ${beijingToday}::text AS today`

interface ActionRow {
  id: number; code: string; districtId: number; district: string; kind: ActionKind; reason: string; statistics: unknown; accidentId: number | null
  issuedAt: string; issuedBy: string | null; deadline: string; reply: string | null; repliedAt: string | null; repliedBy: string | null
  repliedOn: string | null; today: string
}
const withState = ({ repliedOn, today, ...row }: ActionRow) => ({ ...row, state: replyState(row.deadline, repliedOn, today) })
export type Action = ReturnType<typeof withState>

export interface ActionFilter { districtId?: number; kind?: ActionKind; state?: ReplyState; limit: number }

/** Actions against the districts the scope reads, newest first. */
export async function listActions(db: Kysely<DB>, scope: SiteScope, f: ActionFilter): Promise<Action[]> {
  const { rows } = await sql<ActionRow>`
    SELECT ${actionColumns} FROM accountability_actions x JOIN districts d ON d.id = x.district_id
    LEFT JOIN users iu ON iu.id = x.issued_by LEFT JOIN users ru ON ru.id = x.replied_by
    WHERE ${districtInScope(scope)} ${f.districtId ? sql`AND x.district_id = ${f.districtId}` : sql``} ${f.kind ? sql`AND x.kind = ${f.kind}` : sql``}
    ORDER BY x.issued_at DESC, x.id DESC`.execute(db)
  return rows.map(withState).filter((a) => !f.state || a.state === f.state).slice(0, f.limit)
}

export async function findAction(db: Kysely<DB>, scope: SiteScope, id: number): Promise<Action | null> {
  const { rows } = await sql<ActionRow>`
    SELECT ${actionColumns} FROM accountability_actions x JOIN districts d ON d.id = x.district_id
    LEFT JOIN users iu ON iu.id = x.issued_by LEFT JOIN users ru ON ru.id = x.replied_by
    WHERE x.id = ${id} AND ${districtInScope(scope)}`.execute(db)
  return rows[0] ? withState(rows[0]) : null
}

export interface NewAction { districtId: number; kind: ActionKind; reason: string; deadline: string; accidentId: number | null; statistics: object; issuedBy: number }

/**
 * Issues an action under the next number of its kind's series for the year (Beijing). The series is read and
 * extended under a transaction-scoped lock, so two offices issuing at once cannot take the same number.
 */
export async function insertAction(trx: Kysely<DB>, a: NewAction): Promise<{ id: number; code: string }> {
  await sql`SELECT pg_advisory_xact_lock(hashtext('accountability_actions.code'))`.execute(trx)
  const year = Number((await sql<{ y: string }>`SELECT extract(year FROM ${beijingToday})::text AS y`.execute(trx)).rows[0].y)
  const prefix = codePrefix(a.kind, year)
  const codes = (await trx.selectFrom('accountability_actions').select('code').where('code', 'like', `${prefix}%`).execute()).map((r) => r.code)
  const code = actionCode(a.kind, year, nextActionNumber(codes, a.kind, year))
  const row = await trx.insertInto('accountability_actions').values({
    code, district_id: a.districtId, kind: a.kind, reason: a.reason, statistics: jsonb(a.statistics), accident_id: a.accidentId,
    issued_by: a.issuedBy, deadline: a.deadline,
  }).returning('id').executeTakeFirstOrThrow()
  return { id: row.id, code }
}

/** Records the district's reply, once: false when it had already replied (or the action is gone). */
export async function replyToAction(trx: Kysely<DB>, id: number, reply: string, userId: number): Promise<boolean> {
  const done = await trx.updateTable('accountability_actions').set({ reply, replied_at: sql`now()`, replied_by: userId })
    .where('id', '=', id).where('reply', 'is', null).executeTakeFirst()
  return Number(done.numUpdatedRows) === 1
}

/** An accident in the district, for an action to cite. */
export async function accidentInDistrict(db: Kysely<DB>, accidentId: number, districtId: number): Promise<boolean> {
  return !!(await db.selectFrom('accidents').select('id').where('id', '=', accidentId).where('district_id', '=', districtId).executeTakeFirst())
}

export async function districtExists(db: Kysely<DB>, id: number): Promise<boolean> {
  return !!(await db.selectFrom('districts').select('id').where('id', '=', id).executeTakeFirst())
}

/** The wall's card: open actions, replies overdue, the latest actions and accidents of the area. */
export async function accountabilityWatch(db: Kysely<DB>, scope: SiteScope, area: { districtId?: number; gridId?: number }) {
  const inArea = sql`${districtInScope(scope)} ${area.districtId ? sql`AND d.id = ${area.districtId}` : sql``}`
  const [actions, counts, accidents] = await Promise.all([
    sql<{ id: number; code: string; kind: ActionKind; district: string; issuedAt: string; deadline: string; replied: boolean }>`
      SELECT x.id, x.code, x.kind, d.name AS district, ${beijingIso(sql`x.issued_at`)} AS "issuedAt", x.deadline::text AS deadline, x.reply IS NOT NULL AS replied
      FROM accountability_actions x JOIN districts d ON d.id = x.district_id WHERE ${inArea} ORDER BY x.issued_at DESC, x.id DESC LIMIT 5`.execute(db),
    sql<{ open: number; overdue: number }>`
      SELECT count(*) FILTER (WHERE x.reply IS NULL)::int AS open, count(*) FILTER (WHERE x.reply IS NULL AND x.deadline < ${beijingToday})::int AS overdue
      FROM accountability_actions x JOIN districts d ON d.id = x.district_id WHERE ${inArea}`.execute(db),
    // The five latest first, then their names: joined before the limit, every accident of the city probed its site.
    sql<{ id: number; site: string; district: string; grade: string; deaths: number; injuries: number; occurredAt: string }>`
      SELECT a.id, s.name AS site, d.name AS district, a.grade, a.deaths, a.injuries, ${beijingIso(sql`a.occurred_at`)} AS "occurredAt"
      FROM (SELECT a.* FROM accidents a WHERE ${siteInScope({ ...area, access: scope }, sql`a.site_id`, sql`a.district_id`)}
            ORDER BY a.occurred_at DESC, a.id DESC LIMIT 5) a
      JOIN sites s ON s.id = a.site_id JOIN districts d ON d.id = a.district_id
      ORDER BY a.occurred_at DESC, a.id DESC`.execute(db),
  ])
  return { openActions: counts.rows[0].open, overdueReplies: counts.rows[0].overdue, recentActions: actions.rows, recentAccidents: accidents.rows }
}
