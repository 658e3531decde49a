import { type Kysely, type RawBuilder, sql } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { SiteScope } from '../../domain/roles.ts'

/*
 * The one place a principal's scope becomes SQL. Every query that reads or writes sites or their records puts
 * `inSiteScope(scope)` on the site row, so a grid supervisor's request for another zone's site finds nothing,
 * whether it asks by id, bbox, search or a write.
 */

/** A boolean SQL condition on the sites table aliased `alias` (default `s`). */
export function inSiteScope(scope: SiteScope, alias = 's'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  if (scope.kind === 'district') return sql<boolean>`${sql.ref(`${alias}.district_id`)} = ${scope.districtId}`
  if (scope.kind === 'contract') return sql<boolean>`ST_Intersects(${sql.ref(`${alias}.location`)}, ${contractArea(scope.contractId)})`
  return sql<boolean>`${sql.ref(`${alias}.grid_id`)} IN (SELECT gs.grid_id FROM grid_supervisors gs WHERE gs.user_id = ${scope.userId})`
}

/** A patrol contract's area, as a scalar subquery (a contract that does not exist covers nothing). */
const contractArea = (contractId: number) => sql`(SELECT pc.area FROM patrol_contracts pc WHERE pc.id = ${contractId})`

/** The same condition on a grids table aliased `alias`: the grids whose sites the scope reads. */
export function gridInScope(scope: SiteScope, alias = 'g'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  if (scope.kind === 'district') return sql<boolean>`${sql.ref(`${alias}.district_id`)} = ${scope.districtId}`
  if (scope.kind === 'contract') return sql<boolean>`ST_Intersects(${sql.ref(`${alias}.geom`)}, ${contractArea(scope.contractId)})`
  return sql<boolean>`${sql.ref(`${alias}.id`)} IN (SELECT gs.grid_id FROM grid_supervisors gs WHERE gs.user_id = ${scope.userId})`
}

/** The same on a districts table: the districts the scope reads sites in. */
export function districtInScope(scope: SiteScope, alias = 'd'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  if (scope.kind === 'district') return sql<boolean>`${sql.ref(`${alias}.id`)} = ${scope.districtId}`
  if (scope.kind === 'contract') return sql<boolean>`ST_Intersects(${sql.ref(`${alias}.geom`)}, ${contractArea(scope.contractId)})`
  return sql<boolean>`${sql.ref(`${alias}.id`)} IN (SELECT g.district_id FROM grids g JOIN grid_supervisors gs ON gs.grid_id = g.id WHERE gs.user_id = ${scope.userId})`
}

/**
 * The same on an enterprises table: a firm the scope has a site of, as a party, a crane's owner or installer (or the
 * agency, maintainer or dismantler of a crane's step there), a testing institution that reported on it, or the
 * employer of someone staffed there. The city sees every firm.
 */
export function enterpriseInScope(scope: SiteScope, alias = 'e'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  const id = sql.ref(`${alias}.id`)
  return sql<boolean>`(${id} IN (SELECT sp.enterprise_id FROM site_parties sp JOIN sites s ON s.id = sp.site_id WHERE ${inSiteScope(scope)})
    OR ${id} IN (SELECT m.owner_id FROM cranes c JOIN crane_machines m ON m.id = c.machine_id JOIN sites s ON s.id = c.site_id WHERE ${inSiteScope(scope)})
    OR ${id} IN (SELECT c.installer_id FROM cranes c JOIN sites s ON s.id = c.site_id WHERE ${inSiteScope(scope)})
    OR ${id} IN (SELECT ce.enterprise_id FROM crane_events ce JOIN cranes c ON c.id = ce.crane_id JOIN sites s ON s.id = c.site_id WHERE ${inSiteScope(scope)})
    OR ${id} IN (SELECT t.institution_id FROM testing_reports t JOIN sites s ON s.id = t.site_id WHERE ${inSiteScope(scope)})
    OR ${id} IN (SELECT p.employer_id FROM site_staff st JOIN people p ON p.id = st.person_id JOIN sites s ON s.id = st.site_id WHERE ${inSiteScope(scope)}))`
}

/** The same on a people table: someone staffed, now or before, on a site of the scope. */
export function personInScope(scope: SiteScope, alias = 'p'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  return sql<boolean>`${sql.ref(`${alias}.id`)} IN (SELECT st.person_id FROM site_staff st JOIN sites s ON s.id = st.site_id WHERE ${inSiteScope(scope)})`
}

/** Whether the site exists and is in the scope: a write that names a site outside it is answered as not found. */
export async function siteInScope(db: Kysely<DB>, scope: SiteScope, siteId: number): Promise<boolean> {
  return (await db.selectFrom('sites as s').select('s.id').where('s.id', '=', siteId).where(inSiteScope(scope)).executeTakeFirst()) !== undefined
}
