import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { authErrorResponses, errorResponses, featureRouter, jsonResponse } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { RISK_GRADES, SITE_STAGES } from '../layers/layers.repo.ts'
import { selectCandidates } from './candidates.service.ts'
import { pickListRoutes } from './pick-lists.routes.ts'
import { trackingRoutes } from './tracking.routes.ts'

const Id = z.number().int().positive().max(999_999_999)
// Inside mainland China's box, like every stored coordinate.
const Position = z.tuple([z.number().min(73).max(136), z.number().min(3).max(54)])
const MAX_VERTICES = 5_000
const Ring = z.array(Position).min(4).max(MAX_VERTICES)
  .refine((ring) => ring[0][0] === ring.at(-1)![0] && ring[0][1] === ring.at(-1)![1], 'a ring must end where it starts')
const Shape = z.discriminatedUnion('type', [
  z.object({ type: z.literal('polygon'), coordinates: z.array(Ring).min(1).max(50).openapi({ description: 'outer ring, then holes (a lasso is a polygon too)' }) }),
  z.object({ type: z.literal('circle'), center: Position, radiusM: z.number().positive().max(50_000) }),
  z.object({ type: z.literal('buffer'), line: z.array(Position).min(1).max(MAX_VERTICES).openapi({ description: 'a road (2+ positions) or a receptor (1)' }), distanceM: z.number().positive().max(5_000) }),
  z.object({ type: z.literal('grid'), id: Id }),
  z.object({ type: z.literal('district'), id: Id }),
]).openapi('SelectionShape')
const Criteria = z.object({
  inKeyArea: z.boolean().optional(),
  minFloorAreaM2: z.number().min(0).max(10_000_000).optional(),
  minFootprintM2: z.number().min(0).max(10_000_000).optional(),
  stages: z.array(z.enum(SITE_STAGES)).max(4).optional(),
  minPm10Days: z.number().int().min(0).max(30).optional(),
  maxReceptorDistanceM: z.number().positive().max(10_000).optional(),
  grades: z.array(z.enum(RISK_GRADES)).max(4).optional(),
}).openapi('SelectionCriteria')

const Candidate = z.object({
  id: z.number(), code: z.string(), name: z.string(), districtId: z.number(), district: z.string(), stage: z.string(),
  floorAreaM2: z.number(), footprintM2: z.number().nullable(), riskGrade: z.string().nullable(), inKeyArea: z.boolean(),
  pm10Days: z.number(), nearestReceptorM: z.number().nullable(), keyProjectRank: z.number().nullable(), location: z.tuple([z.number(), z.number()]),
  priority: z.object({ score: z.number(), breakdown: z.array(z.object({ factor: z.string(), value: z.number(), points: z.number() })) }),
})
export const SelectionBody = z.object({ criteria: Criteria.default({}), shape: Shape.optional() })

const candidates = createRoute({
  method: 'post', path: '/candidates', tags: ['planning'],
  summary: 'Sites under way inside a shape that meet the criteria, ranked by an explained dust-priority score',
  request: { body: { required: true, content: { 'application/json': { schema: SelectionBody } } } },
  responses: {
    200: jsonResponse('Candidates, best first, with counts by district', z.object({
      count: z.number(), byDistrict: z.array(z.object({ districtId: z.number(), district: z.string(), count: z.number() })), candidates: z.array(Candidate),
    })),
    ...errorResponses, ...authErrorResponses,
  },
})

export function planningRoutes(deps: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin', 'planner', 'city_command'))
  return router
    .openapi(candidates, async (c) => {
      const { criteria, shape } = c.req.valid('json')
      return c.json(await selectCandidates(deps, c.get('scope'), criteria, shape), 200)
    })
    .route('/pick-lists', pickListRoutes(deps))
    .route('/', trackingRoutes(deps))
}
