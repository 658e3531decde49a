import { missingIds } from '../../../db/lookups.ts'
import type { AppDeps } from '../../deps.ts'
import { dustPriority } from '../../domain/dust-priority.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import * as repo from './planning.repo.ts'

/** The planners' selection, ranked and counted by district: shared by the candidates endpoint and its exports. */
export async function selectCandidates({ db, refresher }: Pick<AppDeps, 'db' | 'refresher'>, scope: SiteScope,
  criteria: repo.SelectionCriteria, shape?: repo.SelectionShape) {
  if (shape?.type === 'grid' || shape?.type === 'district') {
    const table = shape.type === 'grid' ? 'grids' : 'districts'
    if ((await missingIds(db, table, [shape.id])).length) throw new AppError(400, 'unknown_reference', `no ${shape.type} with id ${shape.id}`)
  }
  const problem = shape?.type === 'polygon' ? await repo.polygonProblem(db, shape.coordinates) : null
  if (problem) throw new AppError(400, 'invalid_geometry', `the drawn polygon is not valid: ${problem}`, { path: 'shape.coordinates' })
  await refresher.refresh()
  const rows = await repo.findCandidates(db, scope, criteria, shape)
  if (rows.length > repo.MAX_CANDIDATES) throw new AppError(400, 'too_many_candidates', `more than ${repo.MAX_CANDIDATES} sites match: narrow the area or the criteria`)
  const ranked = rows.map((s) => ({ ...s, priority: dustPriority({ ...s, pm10ExceedanceDays30: s.pm10Days }) }))
    .sort((a, b) => b.priority.score - a.priority.score || a.id - b.id)
  const byDistrict = new Map<number, { districtId: number; district: string; count: number }>()
  for (const s of ranked) {
    const entry = byDistrict.get(s.districtId) ?? { districtId: s.districtId, district: s.district, count: 0 }
    entry.count += 1
    byDistrict.set(s.districtId, entry)
  }
  return { count: ranked.length, byDistrict: [...byDistrict.values()].sort((a, b) => b.count - a.count || a.districtId - b.districtId), candidates: ranked }
}
