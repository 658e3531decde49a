import { createRoute, z } from '@hono/zod-openapi'
import { GRADE_NAMES, type RiskGrade } from '../../domain/risk.ts'
import type { AppDeps } from '../../deps.ts'
import type { SessionEnv } from '../auth/session.ts'
import { AppError } from '../../errors.ts'
import { errorResponses, featureRouter, IdParam } from '../../validation.ts'
import { findSiteRisk } from './risk.repo.ts'

const RiskBreakdown = z.array(z.object({ factor: z.string(), value: z.number(), points: z.number(), boosted: z.number().optional().openapi({ description: 'the multiplier a running holiday period applied' }) }))
const SiteRisk = z.object({
  siteId: z.number(), score: z.number(), grade: z.enum(['red', 'orange', 'yellow', 'blue']), gradeName: z.string(),
  breakdown: RiskBreakdown, computedAt: z.string(),
}).openapi('SiteRisk')

const getModel = createRoute({
  method: 'get', path: '/model', tags: ['analytics'],
  summary: 'The risk model in force: factor weights and caps, grade thresholds, and the PM10 dust rule',
  responses: { 200: { description: 'Configuration', content: { 'application/json': { schema: z.object({}).passthrough() } } } },
})

const getSiteRisk = createRoute({
  method: 'get', path: '/sites/{id}', tags: ['analytics'],
  summary: 'A site\'s risk score (0–100), grade and the points each factor added',
  request: { params: IdParam },
  responses: { 200: { description: 'Current score', content: { 'application/json': { schema: SiteRisk } } }, ...errorResponses },
})

export function riskRoutes({ db, analytics, refresher }: AppDeps) {
  return featureRouter<SessionEnv>()
    .openapi(getModel, (c) => c.json({ ...analytics.risk, gradeNames: GRADE_NAMES, dust: analytics.dust }, 200))
    .openapi(getSiteRisk, async (c) => {
      const { id } = c.req.valid('param')
      await refresher.refresh()
      const risk = await findSiteRisk(db, c.get('scope'), id)
      if (!risk) throw new AppError(404, 'not_found', `no site with id ${id} in your zone`)
      const grade = risk.grade as RiskGrade
      return c.json({ siteId: id, score: risk.score, grade, gradeName: GRADE_NAMES[grade], breakdown: risk.breakdown as z.infer<typeof RiskBreakdown>, computedAt: risk.computedAt }, 200)
    })
}
