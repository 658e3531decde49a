import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { canSupervise } from '../../domain/roles.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import type { SessionEnv } from '../auth/session.ts'
import { sendTable } from '../exports/send-table.ts'
import { chemicalKpis } from '../kpis/kpis.repo.ts'
import { chemicalMap } from './chemicals-map.repo.ts'
import { dangerTable, inventoryTable } from './chemicals.export.ts'
import * as repo from './chemicals.repo.ts'
import {
  Chemical, ChemicalChange, ChemicalKpis, ChemicalMap, Danger, DangerQuery, ExportFormat, InventoryQuery, MapQuery, NewChemical, NewSurvey,
  RemovalQuery, Survey, SurveyQuery,
} from './chemicals.schemas.ts'
import { addChemical, editChemical, recordSurvey, removeChemical } from './chemicals.service.ts'
import * as surveys from './surveys.repo.ts'

/*
 * 危化品专项治理: each site's chemicals (台账), the risk identification done on them (风险辨识) and the hidden dangers
 * it found (隐患清单, hazards with their closed loop), on a map with the sensitive receptors near them. Everyone
 * with a zone reads their zone's; the field roles (admin, district and grid supervisors) write within it.
 */

const errors = { ...errorResponses, ...authErrorResponses, 409: errorResponse('Conflict'), 422: errorResponse('Refused') }
const body = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const tags = ['chemicals']
const MAX_EXPORT_ROWS = 100_000
const file = { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } }, ...errors }
const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number() })

const inventory = createRoute({ method: 'get', path: '/inventory', tags, summary: 'Chemicals stored on your zone\'s sites (危化品台账), by site', request: { query: InventoryQuery }, responses: { 200: jsonResponse('A page of chemicals', page(Chemical)), ...errors } })
const inventoryExport = createRoute({ method: 'get', path: '/inventory/export', tags, summary: 'The inventory (same filters, no paging) as CSV or XLSX', request: { query: InventoryQuery.omit({ limit: true, offset: true }).merge(ExportFormat) }, responses: file })
const chemical = createRoute({ method: 'get', path: '/inventory/{id}', tags, summary: 'One chemical on a site of your zone', request: { params: IdParam }, responses: { 200: jsonResponse('Chemical', Chemical), ...errors } })
const add = createRoute({
  method: 'post', path: '/inventory', tags, request: body(NewChemical), responses: { 201: jsonResponse('The recorded chemical', Chemical), ...errors },
  summary: 'Record a chemical on a site of your zone (field roles); the CAS check digit is verified and the storage point must lie on the site',
})
const edit = createRoute({ method: 'patch', path: '/inventory/{id}', tags, summary: 'Change a chemical still on its site (field roles)', request: { params: IdParam, ...body(ChemicalChange) }, responses: { 200: jsonResponse('The chemical', Chemical), ...errors } })
const remove = createRoute({ method: 'delete', path: '/inventory/{id}', tags, summary: 'Record that a chemical left its site (清退), on a day (default today; field roles)', request: { params: IdParam, query: RemovalQuery }, responses: { 200: jsonResponse('The chemical', Chemical), ...errors } })
const surveyList = createRoute({ method: 'get', path: '/surveys', tags, summary: 'Risk identifications (风险辨识) on your zone\'s sites, newest first', request: { query: SurveyQuery }, responses: { 200: jsonResponse('A page of surveys', page(Survey)), ...errors } })
const survey = createRoute({ method: 'get', path: '/surveys/{id}', tags, summary: 'One risk identification, with the hazard of each danger found', request: { params: IdParam }, responses: { 200: jsonResponse('Survey', Survey), ...errors } })
const addSurvey = createRoute({
  method: 'post', path: '/surveys', tags, request: body(NewSurvey), responses: { 201: jsonResponse('The recorded survey', Survey), ...errors },
  summary: 'Record a risk identification of a site\'s chemicals (field roles), optionally in a running 危化品 campaign; each danger opens a hazard (危化品)',
})
const dangers = createRoute({ method: 'get', path: '/dangers', tags, summary: 'The hidden-danger list (隐患清单): hazards raised by chemical surveys, open first and oldest first', request: { query: DangerQuery }, responses: { 200: jsonResponse('A page of dangers', page(Danger)), ...errors } })
const dangersExport = createRoute({ method: 'get', path: '/dangers/export', tags, summary: 'The hidden-danger list (same filters, no paging) as CSV or XLSX', request: { query: DangerQuery.omit({ limit: true, offset: true }).merge(ExportFormat) }, responses: file })
const map = createRoute({ method: 'get', path: '/map', tags, summary: 'Sites of your zone storing chemicals, by class, with the sensitive receptors within a radius', request: { query: MapQuery }, responses: { 200: jsonResponse('Sites and receptors', ChemicalMap), ...errors } })
const kpis = createRoute({ method: 'get', path: '/kpis', tags, summary: 'Sites surveyed out of sites with chemicals, and open chemical dangers by age, in your zone', responses: { 200: jsonResponse('KPIs', ChemicalKpis), ...errors } })

export function chemicalRoutes({ db }: AppDeps) {
  const who = (c: Context<SessionEnv>) => {
    if (!canSupervise(c.get('principal').role)) throw new AppError(403, 'forbidden', 'your role reads the chemicals campaign but does not record it')
    return { userId: c.get('principal').userId, ip: requestClient(c).address }
  }
  const found = async (c: Context<SessionEnv>, id: number) => {
    const row = await repo.findChemical(db, c.get('scope'), id)
    if (!row) throw new AppError(404, 'not_found', `no chemical with id ${id} in your zone`)
    return row
  }
  const foundSurvey = async (c: Context<SessionEnv>, id: number) => {
    const row = await surveys.findSurvey(db, c.get('scope'), id)
    if (!row) throw new AppError(404, 'not_found', `no chemical survey with id ${id} in your zone`)
    return row
  }
  return featureRouter<SessionEnv>()
    .openapi(inventory, async (c) => c.json(await repo.listInventory(db, c.get('scope'), c.req.valid('query')), 200))
    .openapi(inventoryExport, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      return sendTable(c, inventoryTable(await repo.exportInventory(db, c.get('scope'), filter, MAX_EXPORT_ROWS)), format)
    })
    .openapi(chemical, async (c) => c.json(await found(c, c.req.valid('param').id), 200))
    .openapi(add, async (c) => {
      const actor = who(c)
      const { siteId, ...input } = c.req.valid('json')
      const id = await addChemical(db, c.get('scope'), actor, siteId, input)
      return c.json(await found(c, id), 201)
    })
    .openapi(edit, async (c) => {
      const actor = who(c)
      const { id } = c.req.valid('param')
      await editChemical(db, c.get('scope'), actor, id, c.req.valid('json'))
      return c.json(await found(c, id), 200)
    })
    .openapi(remove, async (c) => {
      const actor = who(c)
      const { id } = c.req.valid('param')
      await removeChemical(db, c.get('scope'), actor, id, c.req.valid('query').removedOn)
      return c.json(await found(c, id), 200)
    })
    .openapi(surveyList, async (c) => c.json(await surveys.listSurveys(db, c.get('scope'), c.req.valid('query')), 200))
    .openapi(survey, async (c) => c.json(await foundSurvey(c, c.req.valid('param').id), 200))
    .openapi(addSurvey, async (c) => {
      const actor = who(c)
      const { id } = await recordSurvey(db, c.get('scope'), actor, c.req.valid('json'))
      return c.json(await foundSurvey(c, id), 201)
    })
    .openapi(dangers, async (c) => c.json(await surveys.listDangers(db, c.get('scope'), c.req.valid('query')), 200))
    .openapi(dangersExport, async (c) => {
      const { format, ...filter } = c.req.valid('query')
      return sendTable(c, dangerTable(await surveys.exportDangers(db, c.get('scope'), filter, MAX_EXPORT_ROWS)), format)
    })
    .openapi(map, async (c) => {
      const { radiusM } = c.req.valid('query')
      return c.json({ radiusM, ...(await chemicalMap(db, c.get('scope'), radiusM)) }, 200)
    })
    .openapi(kpis, async (c) => c.json(await chemicalKpis(db, { access: c.get('scope') }), 200))
}
