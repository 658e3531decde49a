import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { IMPORT_CRS } from '../../domain/import-crs.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import { writeAudit } from '../audit/audit.repo.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { ENTITIES, IMPORT_ENTITIES, type ImportEntity } from './entities.ts'
import { ImportMapping } from './imports.routes.ts'
import { checkMapping } from './mapping.ts'
import { deleteTemplate, findTemplate, listTemplates, updateTemplate } from './templates.repo.ts'
import { requestClient } from '../../http/client.ts'

/*
 * An office's import templates: listed, renamed, corrected and deleted here; made and updated by an import that
 * asks to keep its mapping (saveTemplate). Every change is audited.
 */

const Template = z.object({
  id: z.number(), entity: z.enum(IMPORT_ENTITIES), name: z.string(), headers: z.array(z.string()),
  mapping: ImportMapping, crs: z.enum(IMPORT_CRS).nullable(), updatedAt: z.string(), updatedBy: z.string().nullable(),
}).openapi('ImportTemplate')
const errors = { ...errorResponses, ...authErrorResponses, 404: errorResponse('No such template in your office') }

const list = createRoute({
  method: 'get', path: '/', tags: ['imports'], summary: 'Your office\'s import templates (column and value mappings remembered per shape of sheet)',
  request: { query: z.object({ entity: z.enum(IMPORT_ENTITIES).optional() }) },
  responses: { 200: jsonResponse('Templates', z.object({ templates: z.array(Template) })), ...errors },
})
const TemplateChange = z.object({
  name: z.string().trim().min(1).max(100).optional(), mapping: ImportMapping.omit({ headerRow: true }).optional(), crs: z.enum(IMPORT_CRS).nullable().optional(),
}).strict().refine((c) => Object.keys(c).length > 0, 'name, mapping or crs')
const update = createRoute({
  method: 'patch', path: '/{id}', tags: ['imports'], summary: 'Rename or correct an import template',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: TemplateChange } } } },
  responses: { 200: jsonResponse('The template', Template), ...errors },
})
const remove = createRoute({
  method: 'delete', path: '/{id}', tags: ['imports'], summary: 'Delete an import template',
  request: { params: IdParam }, responses: { 204: { description: 'Deleted' }, ...errors },
})

const asBody = (t: NonNullable<Awaited<ReturnType<typeof findTemplate>>>) => ({ ...t, entity: t.entity as ImportEntity, crs: IMPORT_CRS.find((c) => c === t.crs) ?? null })

export function importTemplateRoutes({ db }: AppDeps) {
  const router = featureRouter<SessionEnv>()
  router.use('*', requireRole('admin'))
  const found = async (id: number, districtId: number | null, trx = db) => {
    const template = await findTemplate(trx, id, districtId)
    if (!template) throw new AppError(404, 'template_not_found', `your office has no import template ${id}`)
    return template
  }
  return router
    .openapi(list, async (c) => {
      const templates = await listTemplates(db, c.get('principal').districtId, c.req.valid('query').entity)
      return c.json({ templates: templates.map(asBody) }, 200)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const change = c.req.valid('json')
      const { userId, districtId } = c.get('principal')
      const before = await found(id, districtId)
      if (change.mapping) checkMapping(ENTITIES[before.entity as ImportEntity], change.mapping)
      const after = await db.transaction().execute(async (trx) => {
        await updateTemplate(trx, id, change, userId)
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'update', entity: 'import_template', entityId: id, before, after: change })
        return found(id, districtId, trx)
      })
      return c.json(asBody(after), 200)
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param')
      const { userId, districtId } = c.get('principal')
      const before = await found(id, districtId)
      await db.transaction().execute(async (trx) => {
        await deleteTemplate(trx, id)
        await writeAudit(trx, { userId, ip: requestClient(c).address, action: 'delete', entity: 'import_template', entityId: id, before })
      })
      return c.body(null, 204)
    })
}
