import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { periodicJob } from '../../periodic.ts'
import { markKpiAreasStale, reconcileKpiAreas, refreshKpiAreas } from './kpi-areas.repo.ts'

/*
 * Keeps the KPI areas current between requests, so that a wall or a district page seldom finds one to recompute:
 * what writes marked, and what midnight or a silent device made untrue. Every `reconcileEveryMs` the stored sums are
 * also checked against a full recount; an area that differs is a missed trigger, so it is logged and recomputed.
 */
export function createKpiAreasJob(db: Kysely<DB>, options: { everyMs: number; reconcileEveryMs: number; onError(error: unknown): void; onMismatch(areas: unknown[]): void }) {
  let lastReconciled = Date.now()
  return periodicJob(async () => {
    const refreshed = await refreshKpiAreas(db)
    if (Date.now() - lastReconciled < options.reconcileEveryMs) return { refreshed, mismatched: 0 }
    lastReconciled = Date.now()
    const mismatched = await reconcileKpiAreas(db)
    if (mismatched.length) {
      options.onMismatch(mismatched)
      await markKpiAreasStale(db, mismatched)
      await refreshKpiAreas(db)
    }
    return { refreshed, mismatched: mismatched.length }
  }, options)
}
