import { type Kysely, type RawBuilder, sql } from 'kysely'
import { beijingIso, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { MATCH_RADIUS_M, type PositionCandidate, type TextCandidate } from '../../domain/complaint-match.ts'
import type { ComplaintCategory, ComplaintChannel, ComplaintStatus } from '../../domain/complaint.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/*
 * Complaints and the sites they are matched to. A complaint is in a zone by its site, or, before it has one, by
 * its district (a district station sees its unmatched complaints; a grid supervisor only those on their sites).
 */

export function complaintInScope(scope: SiteScope, alias = 'c'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  if (scope.kind === 'district') return sql<boolean>`${sql.ref(`${alias}.district_id`)} = ${scope.districtId}`
  return sql<boolean>`${sql.ref(`${alias}.site_id`)} IN (SELECT s.id FROM sites s WHERE ${inSiteScope(scope)})`
}

export interface NewComplaint {
  channel: ComplaintChannel; ticketNo: string; receivedAt: string; category: ComplaintCategory; content: string
  address: string | null; location: [number, number] | null; complainantName: string | null; complainantPhone: string | null
}

export async function insertComplaint(trx: Kysely<DB>, c: NewComplaint): Promise<number> {
  const row = await trx.insertInto('complaints').values({
    channel: c.channel, ticket_no: c.ticketNo, received_at: c.receivedAt, category: c.category, content: c.content, address: c.address,
    location: c.location ? sql<string>`ST_SetSRID(ST_MakePoint(${c.location[0]}::float8, ${c.location[1]}::float8), 4326)` : null,
    complainant_name: c.complainantName, complainant_phone: c.complainantPhone, status: 'received',
    district_id: c.location ? sql<number>`(SELECT d.id FROM districts d WHERE ST_Intersects(d.geom, ST_SetSRID(ST_MakePoint(${c.location[0]}::float8, ${c.location[1]}::float8), 4326)) ORDER BY d.id LIMIT 1)` : null,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** Imported complaints with a position but no district yet (the importer places only sites and grids): their district. */
export async function placeComplaintsByKey(trx: Kysely<DB>, keys: string[]): Promise<void> {
  if (keys.length === 0) return
  await sql`UPDATE complaints c SET district_id = (SELECT d.id FROM districts d WHERE ST_Intersects(d.geom, c.location) ORDER BY d.id LIMIT 1)
    WHERE c.district_id IS NULL AND c.location IS NOT NULL AND c.channel || '|' || c.ticket_no IN (SELECT jsonb_array_elements_text(${jsonb(keys)}))`.execute(trx)
}

export async function ticketTaken(db: Kysely<DB>, channel: string, ticketNo: string): Promise<boolean> {
  return (await db.selectFrom('complaints').select('id').where('channel', '=', channel).where('ticket_no', '=', ticketNo).executeTakeFirst()) !== undefined
}

export interface Unmatched { id: number; category: ComplaintCategory; receivedAt: string; text: string; districtId: number | null; hasLocation: boolean }

/** New complaints, for matching: the caller's ids, or (an import) the given channel|ticket keys still untouched. */
export async function unmatched(trx: Kysely<DB>, by: { ids?: number[]; keys?: string[] }): Promise<Unmatched[]> {
  const { rows } = await sql<Unmatched>`
    SELECT c.id, c.category, c.received_at::text AS "receivedAt", concat_ws(' ', c.address, c.content) AS text, c.district_id AS "districtId",
      c.location IS NOT NULL AS "hasLocation"
    FROM complaints c
    WHERE c.status = 'received' AND c.match_method IS NULL
      AND (c.id IN (SELECT jsonb_array_elements_text(${jsonb(by.ids ?? [])})::int)
        OR c.channel || '|' || c.ticket_no IN (SELECT jsonb_array_elements_text(${jsonb(by.keys ?? [])})))
    ORDER BY c.id`.execute(trx)
  return rows
}

/** Live sites within the radius of each complaint's position; inside a footprint is 0 m. */
export async function sitesNear(trx: Kysely<DB>, complaintIds: number[]): Promise<Map<number, PositionCandidate[]>> {
  if (complaintIds.length === 0) return new Map()
  const { rows } = await sql<{ complaint_id: number; site_id: number; distance_m: number }>`
    SELECT c.id AS complaint_id, s.id AS site_id, ST_Distance(coalesce(s.footprint, s.location)::geography, c.location::geography) AS distance_m
    FROM complaints c JOIN sites s ON s.location && ST_Expand(c.location, ${(MATCH_RADIUS_M + 1_000) / 90_000}::float8)
    WHERE c.id IN (SELECT jsonb_array_elements_text(${jsonb(complaintIds)})::int) AND s.stage <> 'completed'
      AND ST_DWithin(coalesce(s.footprint, s.location)::geography, c.location::geography, ${MATCH_RADIUS_M}::float8)`.execute(trx)
  const near = new Map<number, PositionCandidate[]>()
  for (const r of rows) near.set(r.complaint_id, [...(near.get(r.complaint_id) ?? []), { siteId: r.site_id, distanceM: Number(r.distance_m) }])
  return near
}

/** Live sites' names and addresses, by district, for matching by words. */
export async function liveSiteTexts(trx: Kysely<DB>): Promise<Map<number, TextCandidate[]>> {
  const rows = await trx.selectFrom('sites').select(['id as siteId', 'name', 'address', 'district_id as districtId']).where('stage', '<>', 'completed').execute()
  const byDistrict = new Map<number, TextCandidate[]>()
  for (const { districtId, ...site } of rows) byDistrict.set(districtId, [...(byDistrict.get(districtId) ?? []), site])
  return byDistrict
}

export interface MatchWrite { id: number; siteId: number; method: string; confidence: number; dispatch: boolean; respondBy: string }

/**
 * Writes matches: the site (a suggestion, or confirmed), its district, and for a confirmed one the dispatch to the
 * first supervisor of the site's grid (none: the district station answers it) with the deadline.
 */
export async function writeMatches(trx: Kysely<DB>, matches: MatchWrite[], confirmedBy: number | null): Promise<void> {
  if (matches.length === 0) return
  const rows = matches.map((m) => ({ id: m.id, site_id: m.siteId, method: m.method, confidence: m.confidence, dispatch: m.dispatch, respond_by: m.respondBy }))
  await sql`
    UPDATE complaints c SET site_id = v.site_id, match_method = v.method, match_confidence = v.confidence, district_id = s.district_id,
      match_confirmed_by = CASE WHEN v.dispatch THEN ${confirmedBy}::int END,
      match_confirmed_at = CASE WHEN v.dispatch THEN now() END,
      status = CASE WHEN v.dispatch THEN 'dispatched' ELSE 'received' END,
      dispatched_at = CASE WHEN v.dispatch THEN now() END,
      dispatched_to = CASE WHEN v.dispatch THEN (SELECT gs.user_id FROM grid_supervisors gs WHERE gs.grid_id = s.grid_id ORDER BY gs.user_id LIMIT 1) END,
      respond_by = CASE WHEN v.dispatch THEN v.respond_by END
    FROM jsonb_to_recordset(${jsonb(rows)}) AS v(id int, site_id int, method text, confidence real, dispatch boolean, respond_by timestamptz)
    JOIN sites s ON s.id = v.site_id
    WHERE c.id = v.id AND c.status <> 'closed'`.execute(trx)
}

export interface Closing { reply: string; evidence: string | null; founded: boolean; hazardId: number | null; userId: number }

export async function closeComplaint(trx: Kysely<DB>, id: number, c: Closing): Promise<boolean> {
  const r = await trx.updateTable('complaints').set({
    status: 'closed', reply: c.reply, evidence: c.evidence, founded: c.founded, hazard_id: c.hazardId, closed_at: sql`now()`, closed_by: c.userId,
  }).where('id', '=', id).where('status', '=', 'dispatched').executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export interface ComplaintQuery {
  status?: ComplaintStatus; category?: ComplaintCategory; siteId?: number; pending?: boolean; overdue?: boolean
  from?: string; to?: string; q?: string; limit: number; offset: number
}

/** Open past its response deadline, or closed after it. */
const overdue = sql<boolean>`(c.respond_by IS NOT NULL AND coalesce(c.closed_at, now()) > c.respond_by)`

function filtered(db: Kysely<DB>, scope: SiteScope, q: Omit<ComplaintQuery, 'limit' | 'offset'>) {
  let query = db.selectFrom('complaints as c').where(complaintInScope(scope))
  if (q.status) query = query.where('c.status', '=', q.status)
  if (q.category) query = query.where('c.category', '=', q.category)
  if (q.siteId) query = query.where('c.site_id', '=', q.siteId)
  if (q.pending) query = query.where('c.status', '=', 'received')
  if (q.overdue) query = query.where(overdue)
  if (q.from) query = query.where(sql<boolean>`c.received_at >= (${q.from}::date)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (q.to) query = query.where(sql<boolean>`c.received_at < (${q.to}::date + 1)::timestamp AT TIME ZONE 'Asia/Shanghai'`)
  if (q.q) query = query.where(sql<boolean>`(c.ticket_no = ${q.q} OR strpos(c.content, ${q.q}) > 0 OR strpos(coalesce(c.address, ''), ${q.q}) > 0)`)
  return query
}

const columns = (db: Kysely<DB>) => db.selectFrom('complaints as c')
  .leftJoin('sites as s', 's.id', 'c.site_id').leftJoin('districts as d', 'd.id', 'c.district_id').leftJoin('users as u', 'u.id', 'c.dispatched_to')

export async function listComplaints(db: Kysely<DB>, scope: SiteScope, q: ComplaintQuery) {
  const ids = filtered(db, scope, q).select('c.id')
  const [rows, total] = await Promise.all([
    detailQuery(db).where('c.id', 'in', ids).orderBy('c.received_at', 'desc').orderBy('c.id', 'desc').limit(q.limit).offset(q.offset).execute(),
    filtered(db, scope, q).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ])
  return { total: Number(total.n), rows }
}

export function findComplaint(db: Kysely<DB>, scope: SiteScope, id: number) {
  return detailQuery(db).where('c.id', '=', id).where(complaintInScope(scope)).executeTakeFirst()
}

export type ComplaintRow = NonNullable<Awaited<ReturnType<typeof findComplaint>>>

function detailQuery(db: Kysely<DB>) {
  return columns(db).select([
    'c.id', 'c.channel', 'c.ticket_no as ticketNo', beijingIso(sql`c.received_at`).as('receivedAt'), 'c.category', 'c.content', 'c.address',
    sql<[number, number] | null>`CASE WHEN c.location IS NOT NULL THEN json_build_array(round(ST_X(c.location)::numeric, 6), round(ST_Y(c.location)::numeric, 6)) END`.as('location'),
    'c.complainant_name as complainantName', 'c.complainant_phone as complainantPhone',
    'c.site_id as siteId', 's.code as siteCode', 's.name as siteName', 'c.match_method as matchMethod', 'c.match_confidence as matchConfidence',
    sql<boolean>`c.match_confirmed_at IS NOT NULL`.as('matchConfirmed'), 'c.district_id as districtId', 'd.name as districtName', 'c.status',
    'c.dispatched_to as dispatchedToId', 'u.display_name as dispatchedToName', sql<string | null>`${beijingIso(sql`c.dispatched_at`)}`.as('dispatchedAt'),
    sql<string | null>`${beijingIso(sql`c.respond_by`)}`.as('respondBy'), overdue.as('overdue'), 'c.reply', 'c.evidence', 'c.founded', 'c.hazard_id as hazardId',
    sql<string | null>`${beijingIso(sql`c.closed_at`)}`.as('closedAt'),
  ])
}

/** The whole filtered list for an export, newest first. */
export async function exportComplaints(db: Kysely<DB>, scope: SiteScope, q: Omit<ComplaintQuery, 'limit' | 'offset'>, max: number) {
  return detailQuery(db).where('c.id', 'in', filtered(db, scope, q).select('c.id')).orderBy('c.received_at', 'desc').limit(max).execute()
}
