import { z } from '@hono/zod-openapi'
import { missingIds } from '../../../db/lookups.ts'
import type { AppDeps } from '../../deps.ts'
import type { SiteScope } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { Bbox, enumList, SearchText } from '../../validation.ts'
import * as repo from './layers.repo.ts'

/** The site filters of the map's query string, shared by the sites layer and the exports of a filtered set. */
export const SiteQuery = z.object({
  bbox: Bbox.optional(),
  district: z.string().max(200).regex(/^\d{1,9}(,\d{1,9})*$/, 'comma-separated district ids').transform((s) => s.split(',').map(Number)).optional(),
  kind: enumList(repo.SITE_KINDS).optional(),
  stage: enumList(repo.SITE_STAGES).optional(),
  key: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  q: SearchText.optional(),
  grade: enumList(repo.RISK_GRADES).optional(),
  beyondScale: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  coverageBelow: z.coerce.number().min(0).max(1).optional(),
})

/**
 * The repository's filter for a parsed query, read after a risk refresh, with how many sites that refresh rescored
 * (whose change notices are then still on their way); an unknown district is named rather than matching nothing.
 */
export async function refreshedSiteFilter({ db, refresher }: Pick<AppDeps, 'db' | 'refresher'>, scope: SiteScope,
  { bbox, district, kind, stage, key, q, grade, beyondScale, coverageBelow }: z.infer<typeof SiteQuery>): Promise<{ filter: repo.SiteFilter; rescored: number }> {
  const unknown = district ? await missingIds(db, 'districts', district) : []
  if (unknown.length) throw new AppError(400, 'unknown_filter_value', `no district with id ${unknown.join(', ')}`, { district: unknown })
  const rescored = await refresher.refresh()
  return { filter: { scope, bbox, districtIds: district, kinds: kind, stages: stage, key, q, grades: grade, beyondScale, coverageBelow }, rescored }
}

/** The same filter, for callers that need not know what the refresh rescored. */
export const siteFilterOf = async (...args: Parameters<typeof refreshedSiteFilter>) => (await refreshedSiteFilter(...args)).filter
