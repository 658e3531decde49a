import { type Kysely, sql } from 'kysely'
import { beijingToday, jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import type { PermitWindow } from '../../domain/complaint.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/* Night-work permits (夜间施工许可): a site may work these Beijing hours on these days; complaints are read against them. */

export interface NewPermit { siteId: number; permitNo: string; validFrom: string; validTo: string; startsAt: string; endsAt: string; reason: string }

export async function insertPermit(trx: Kysely<DB>, p: NewPermit): Promise<number> {
  const row = await trx.insertInto('night_work_permits').values({
    site_id: p.siteId, permit_no: p.permitNo, valid_from: p.validFrom, valid_to: p.validTo, starts_at: p.startsAt, ends_at: p.endsAt, reason: p.reason,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function permitNoTaken(db: Kysely<DB>, permitNo: string): Promise<boolean> {
  return (await db.selectFrom('night_work_permits').select('id').where('permit_no', '=', permitNo).executeTakeFirst()) !== undefined
}

const permitColumns = (db: Kysely<DB>) => db.selectFrom('night_work_permits as p').innerJoin('sites as s', 's.id', 'p.site_id').select([
  'p.id', 'p.site_id as siteId', 's.code as siteCode', 's.name as siteName', 'p.permit_no as permitNo',
  sql<string>`p.valid_from::text`.as('validFrom'), sql<string>`p.valid_to::text`.as('validTo'),
  sql<string>`to_char(p.starts_at, 'HH24:MI')`.as('startsAt'), sql<string>`to_char(p.ends_at, 'HH24:MI')`.as('endsAt'), 'p.reason',
])

export async function listPermits(db: Kysely<DB>, scope: SiteScope, q: { siteId?: number; current?: boolean; limit: number }) {
  let query = permitColumns(db).where(inSiteScope(scope))
  if (q.siteId) query = query.where('p.site_id', '=', q.siteId)
  if (q.current) query = query.where(sql<boolean>`p.valid_to >= ${beijingToday}`)
  return query.orderBy('p.valid_from', 'desc').orderBy('p.id', 'desc').limit(q.limit).execute()
}

export async function findPermit(db: Kysely<DB>, scope: SiteScope, id: number) {
  return permitColumns(db).where('p.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}

/** Every permit of the given sites, for reading complaints against. */
export async function permitsOf(db: Kysely<DB>, siteIds: number[]): Promise<Map<number, PermitWindow[]>> {
  if (siteIds.length === 0) return new Map()
  const { rows } = await sql<PermitWindow & { siteId: number }>`
    SELECT site_id AS "siteId", valid_from::text AS "validFrom", valid_to::text AS "validTo", to_char(starts_at, 'HH24:MI') AS "startsAt",
      to_char(ends_at, 'HH24:MI') AS "endsAt"
    FROM night_work_permits WHERE site_id IN (SELECT jsonb_array_elements_text(${jsonb(siteIds)})::int)`.execute(db)
  const bySite = new Map<number, PermitWindow[]>()
  for (const { siteId, ...window } of rows) bySite.set(siteId, [...(bySite.get(siteId) ?? []), window])
  return bySite
}
