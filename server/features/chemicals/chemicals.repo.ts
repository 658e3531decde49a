import { type Kysely, sql } from 'kysely'
import { beijingIso } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { FOOTPRINT_TOLERANCE_M, POINT_TOLERANCE_M } from '../../domain/chemicals.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { inSiteScope } from '../auth/site-scope.ts'

/* 危化品台账: the chemicals each site stores, read and written within the caller's zone. */

export interface ChemicalFields {
  name: string; casNo: string | null; unNo: string | null; hazardClass: string; maxQuantity: number; unit: string
  lon: number; lat: number; storageNote: string; responsibleEnterpriseId: number | null; responsibleName: string
}
export interface InventoryFilter { siteId?: number; hazardClass?: string; includeRemoved?: boolean; limit: number; offset: number }

export interface ChemicalRow extends ChemicalFields {
  id: number; siteId: number; siteCode: string; siteName: string; districtId: number
  recordedAt: string; removedOn: string | null; lastSurveyedAt: string | null
}

const chemicalColumns = sql`c.id, c.site_id AS "siteId", s.code AS "siteCode", s.name AS "siteName", c.district_id AS "districtId",
  c.name, c.cas_no AS "casNo", c.un_no AS "unNo", c.hazard_class AS "hazardClass", c.max_quantity::float8 AS "maxQuantity", c.unit,
  round(ST_X(c.storage_location)::numeric, 6)::float8 AS lon, round(ST_Y(c.storage_location)::numeric, 6)::float8 AS lat,
  c.storage_note AS "storageNote", c.responsible_enterprise_id AS "responsibleEnterpriseId", c.responsible_name AS "responsibleName",
  ${beijingIso(sql`c.recorded_at`)} AS "recordedAt", c.removed_on::text AS "removedOn",
  (SELECT ${beijingIso(sql`max(v.surveyed_at)`)} FROM chemical_surveys v WHERE v.site_id = c.site_id
    AND v.risks @> jsonb_build_array(jsonb_build_object('chemicalId', c.id))) AS "lastSurveyedAt"`

const inventoryWhere = (scope: SiteScope, f: Omit<InventoryFilter, 'limit' | 'offset'>) => sql.join([
  inSiteScope(scope),
  ...(f.includeRemoved ? [] : [sql`c.removed_on IS NULL`]),
  ...(f.siteId ? [sql`c.site_id = ${f.siteId}`] : []),
  ...(f.hazardClass ? [sql`c.hazard_class = ${f.hazardClass}`] : []),
], sql` AND `)

/** The scope's inventory, by site then name, with the total for paging. */
export async function listInventory(db: Kysely<DB>, scope: SiteScope, f: InventoryFilter) {
  const from = sql`FROM site_chemicals c JOIN sites s ON s.id = c.site_id WHERE ${inventoryWhere(scope, f)}`
  const [items, total] = await Promise.all([
    sql<ChemicalRow>`SELECT ${chemicalColumns} ${from} ORDER BY s.code, c.name, c.id LIMIT ${f.limit} OFFSET ${f.offset}`.execute(db),
    sql<{ n: number }>`SELECT count(*)::int AS n ${from}`.execute(db),
  ])
  return { items: items.rows, total: total.rows[0].n }
}

/** The same rows for an export, without paging (capped). */
export async function exportInventory(db: Kysely<DB>, scope: SiteScope, f: Omit<InventoryFilter, 'limit' | 'offset'>, cap: number) {
  const { rows } = await sql<ChemicalRow>`SELECT ${chemicalColumns} FROM site_chemicals c JOIN sites s ON s.id = c.site_id
    WHERE ${inventoryWhere(scope, f)} ORDER BY s.code, c.name, c.id LIMIT ${cap}`.execute(db)
  return rows
}

export async function findChemical(db: Kysely<DB>, scope: SiteScope, id: number): Promise<ChemicalRow | undefined> {
  const { rows } = await sql<ChemicalRow>`SELECT ${chemicalColumns} FROM site_chemicals c JOIN sites s ON s.id = c.site_id
    WHERE c.id = ${id} AND ${inSiteScope(scope)}`.execute(db)
  return rows[0]
}

/** A site the scope may record on. */
export function findScopedSite(db: Kysely<DB>, scope: SiteScope, id: number) {
  return db.selectFrom('sites as s').select(['s.id', 's.name']).where('s.id', '=', id).where(inSiteScope(scope)).executeTakeFirst()
}

/** Whether a point lies on the site: within its footprint (give or take GPS error), or near its point when it has none. */
export async function pointOnSite(db: Kysely<DB>, siteId: number, lon: number, lat: number): Promise<boolean> {
  const point = sql`ST_SetSRID(ST_MakePoint(${lon}::float8, ${lat}::float8), 4326)`
  const { rows } = await sql<{ on: boolean }>`
    SELECT CASE WHEN s.footprint IS NOT NULL THEN ST_DWithin(s.footprint::geography, ${point}::geography, ${FOOTPRINT_TOLERANCE_M}::float8)
      ELSE ST_DWithin(s.location::geography, ${point}::geography, ${POINT_TOLERANCE_M}::float8) END AS on
    FROM sites s WHERE s.id = ${siteId}`.execute(db)
  return rows[0]?.on ?? false
}

/** A registered enterprise's name, for a responsible party named by id (any firm of the registry may hold chemicals). */
export async function enterpriseName(db: Kysely<DB>, id: number): Promise<string | undefined> {
  return (await db.selectFrom('enterprises').select('name').where('id', '=', id).executeTakeFirst())?.name
}

const point = (c: { lon: number; lat: number }) => sql<string>`ST_SetSRID(ST_MakePoint(${c.lon}::float8, ${c.lat}::float8), 4326)`

export async function insertChemical(trx: Kysely<DB>, siteId: number, userId: number, c: ChemicalFields): Promise<number> {
  const row = await trx.insertInto('site_chemicals').values({
    site_id: siteId, name: c.name, cas_no: c.casNo, un_no: c.unNo, hazard_class: c.hazardClass, max_quantity: c.maxQuantity, unit: c.unit,
    storage_location: point(c), storage_note: c.storageNote, responsible_enterprise_id: c.responsibleEnterpriseId,
    responsible_name: c.responsibleName, recorded_by: userId,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateChemical(trx: Kysely<DB>, id: number, c: ChemicalFields): Promise<void> {
  await trx.updateTable('site_chemicals').set({
    name: c.name, cas_no: c.casNo, un_no: c.unNo, hazard_class: c.hazardClass, max_quantity: c.maxQuantity, unit: c.unit,
    storage_location: point(c), storage_note: c.storageNote, responsible_enterprise_id: c.responsibleEnterpriseId, responsible_name: c.responsibleName,
  }).where('id', '=', id).where('removed_on', 'is', null).execute()
}

/** Marks a chemical removed from the site on a day; false when it already was (someone else removed it first). */
export async function removeChemical(trx: Kysely<DB>, id: number, removedOn: string): Promise<boolean> {
  const result = await trx.updateTable('site_chemicals').set({ removed_on: removedOn }).where('id', '=', id).where('removed_on', 'is', null).executeTakeFirst()
  return result.numUpdatedRows === 1n
}

