import { type RawBuilder, sql } from 'kysely'
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
  return sql<boolean>`${sql.ref(`${alias}.grid_id`)} IN (SELECT gs.grid_id FROM grid_supervisors gs WHERE gs.user_id = ${scope.userId})`
}

/** The same condition on a grids table aliased `alias`: the grids whose sites the scope reads. */
export function gridInScope(scope: SiteScope, alias = 'g'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  if (scope.kind === 'district') return sql<boolean>`${sql.ref(`${alias}.district_id`)} = ${scope.districtId}`
  return sql<boolean>`${sql.ref(`${alias}.id`)} IN (SELECT gs.grid_id FROM grid_supervisors gs WHERE gs.user_id = ${scope.userId})`
}

/** The same on a districts table: the districts the scope reads sites in. */
export function districtInScope(scope: SiteScope, alias = 'd'): RawBuilder<boolean> {
  if (scope.kind === 'city') return sql<boolean>`true`
  if (scope.kind === 'district') return sql<boolean>`${sql.ref(`${alias}.id`)} = ${scope.districtId}`
  return sql<boolean>`${sql.ref(`${alias}.id`)} IN (SELECT g.district_id FROM grids g JOIN grid_supervisors gs ON gs.grid_id = g.id WHERE gs.user_id = ${scope.userId})`
}
