import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import type { AppDeps } from '../../deps.ts'
import { canPlan } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse, PlainText, PositiveId } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { inSiteScope } from '../auth/site-scope.ts'
import * as repo from './pick-lists.repo.ts'
import { requestClient } from '../../http/client.ts'

export const MAX_PICK_LIST = 500

const Version = z.object({
  id: z.number(), name: z.string(), note: z.string().nullable(), createdBy: z.string(), createdAt: z.string(),
  publishedAt: z.string().nullable(), publishedBy: z.string().nullable(), supersededAt: z.string().nullable(), official: z.boolean(), count: z.number(),
}).openapi('PickListVersion')
const Item = z.object({
  position: z.number(), siteId: z.number(), code: z.string(), name: z.string(), districtId: z.number(), district: z.string(), stage: z.string(),
  riskGrade: z.string().nullable(), keyProjectRank: z.number().nullable(), location: z.tuple([z.number(), z.number()]),
}).openapi('PickListItem')
const conflict = { 409: errorResponse('Already published') }

const list = createRoute({ method: 'get', path: '/', tags: ['planning'], summary: 'Saved pick-list versions, newest first; `official` marks the published one',
  responses: { 200: jsonResponse('Versions', z.object({ versions: z.array(Version) })), ...authErrorResponses } })
const save = createRoute({
  method: 'post', path: '/', tags: ['planning'], summary: 'Save a pick list as a new named version (never edited afterwards)',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({
    name: PlainText(80).pipe(z.string().min(1)), note: PlainText(500).optional(),
    siteIds: z.array(z.number().int().positive().max(999_999_999)).min(1).max(MAX_PICK_LIST)
      .refine((ids) => new Set(ids).size === ids.length, 'a site may be picked only once'),
  }) } } } },
  responses: { 201: jsonResponse('The saved version', Version), ...errorResponses, ...authErrorResponses },
})
const get = createRoute({ method: 'get', path: '/{id}', tags: ['planning'], summary: 'One version with its sites in order', request: { params: IdParam },
  responses: { 200: jsonResponse('Version and items', z.object({ version: Version, items: z.array(Item) })), ...errorResponses, ...authErrorResponses } })
const compare = createRoute({
  method: 'get', path: '/compare', tags: ['planning'], summary: 'What changes from version `a` to version `b`',
  request: { query: z.object({ a: PositiveId, b: PositiveId }) },
  responses: { 200: jsonResponse('Sites added, removed and kept (with their positions in each)', z.object({
    a: Version, b: Version, added: z.array(Item), removed: z.array(Item), kept: z.array(Item.extend({ previousPosition: z.number() })),
  })), ...errorResponses, ...authErrorResponses },
})
const publish = createRoute({
  method: 'post', path: '/{id}/publish', tags: ['planning'], request: { params: IdParam },
  summary: 'Publish a version as the official key-project list; the previous one is kept, marked superseded, and the change audited',
  responses: { 200: jsonResponse('The published version and what changed', z.object({
    version: Version, added: z.array(z.number()), removed: z.array(z.number()), previousId: z.number().nullable(),
  })), ...errorResponses, ...authErrorResponses, ...conflict },
})

export function pickListRoutes({ db }: AppDeps) {
  const versionOr404 = async (id: number) => {
    const version = await repo.getVersion(db, id)
    if (!version) throw new AppError(404, 'not_found', `no pick list version ${id}`)
    return version
  }
  const mustPlan = (role: Parameters<typeof canPlan>[0]) => {
    if (!canPlan(role)) throw new AppError(403, 'forbidden', 'your role reads pick lists but does not change them')
  }
  return featureRouter<SessionEnv>()
    .openapi(list, async (c) => c.json({ versions: await repo.listVersions(db) }, 200))
    .openapi(compare, async (c) => {
      const { a, b } = c.req.valid('query')
      const [va, vb, ia, ib] = await Promise.all([versionOr404(a), versionOr404(b), repo.versionItems(db, a), repo.versionItems(db, b)])
      const inA = new Map(ia.map((i) => [i.siteId, i])), inB = new Set(ib.map((i) => i.siteId))
      return c.json({
        a: va, b: vb, added: ib.filter((i) => !inA.has(i.siteId)), removed: ia.filter((i) => !inB.has(i.siteId)),
        kept: ib.filter((i) => inA.has(i.siteId)).map((i) => ({ ...i, previousPosition: inA.get(i.siteId)!.position })),
      }, 200)
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param')
      return c.json({ version: await versionOr404(id), items: await repo.versionItems(db, id) }, 200)
    })
    .openapi(save, async (c) => {
      const principal = c.get('principal')
      mustPlan(principal.role)
      const body = c.req.valid('json')
      // Only sites the planner can see may be picked; an unknown id is a mistake to name, not to skip.
      const { rows } = await sql<{ id: number }>`SELECT s.id FROM sites s WHERE s.id IN (${sql.join(body.siteIds)}) AND ${inSiteScope(c.get('scope'))}`.execute(db)
      const known = new Set(rows.map((r) => r.id))
      const unknown = body.siteIds.filter((id) => !known.has(id))
      if (unknown.length) throw new AppError(400, 'unknown_reference', `no site with id ${unknown.slice(0, 10).join(', ')}`, { siteIds: unknown })
      const id = await repo.saveVersion(db, principal.userId, body, requestClient(c).address)
      return c.json(await versionOr404(id), 201)
    })
    .openapi(publish, async (c) => {
      const principal = c.get('principal')
      mustPlan(principal.role)
      const { id } = c.req.valid('param')
      const outcome = await repo.publishVersion(db, principal.userId, id, requestClient(c).address)
      if (!outcome.ok && outcome.reason === 'not_found') throw new AppError(404, 'not_found', `no pick list version ${id}`)
      if (!outcome.ok) throw new AppError(409, 'already_published', 'this version has already been published; save a copy to publish it again')
      return c.json({ version: await versionOr404(id), added: outcome.added, removed: outcome.removed, previousId: outcome.previousId }, 200)
    })
}
