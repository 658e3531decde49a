import { createRoute, z } from '@hono/zod-openapi'
import type { AppDeps } from '../../deps.ts'
import { AppError } from '../../errors.ts'
import { authErrorResponses, errorResponses, featureRouter, IdParam, PositiveId } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { filteredSiteIds } from '../layers/layers.repo.ts'
import { SiteQuery, siteFilterOf } from '../layers/site-query.ts'
import { selectCandidates } from '../planning/candidates.service.ts'
import { listEntries } from '../planning/emergency.repo.ts'
import { getVersion, versionItems } from '../planning/pick-lists.repo.ts'
import { SelectionBody } from '../planning/planning.routes.ts'
import { keyProjectMeasures } from '../planning/tracking.repo.ts'
import { siteTable } from './exports.repo.ts'
import { EXPORT_LAYERS, layerTable } from './layers.repo.ts'
import { CONTENT_TYPES, EXPORT_FORMATS } from './formats.ts'
import { sendTable } from './send-table.ts'

/*
 * Downloads of what the screens list: a filtered set of sites, a selection, a pick-list version, the measures of
 * the key projects, a month's emergency list and every map layer, each as CSV (UTF-8 with BOM), GeoJSON or XLSX.
 */

const MAX_EXPORT_ROWS = 100_000
const Format = z.object({ format: z.enum(EXPORT_FORMATS) })
const fileResponses = {
  200: { description: 'The file, as an attachment', content: Object.fromEntries(Object.values(CONTENT_TYPES).map((type) => [type.split(';')[0], { schema: z.string() }])) },
  ...errorResponses, ...authErrorResponses,
}
const route = <M extends 'get' | 'post', P extends string, R extends object>(method: M, path: P, summary: string, request: R) =>
  createRoute({ method, path, summary, tags: ['exports'], request, responses: fileResponses })

const sites = route('get', '/sites', 'The sites matching the map’s filters (at most 100,000), by code', { query: SiteQuery.extend(Format.shape) })
const candidates = route('post', '/candidates', 'A planners’ selection, ranked, with its dust-priority score',
  { query: Format, body: { required: true, content: { 'application/json': { schema: SelectionBody } } } })
const pickList = route('get', '/pick-lists/{id}', 'A pick-list version in its order', { params: IdParam, query: Format })
const measures = route('get', '/measures', 'The key projects’ three measures with their done dates', { query: Format.extend({ district: PositiveId.optional() }) })
const emergency = route('get', '/emergency', 'A month’s emergency reduction or exemption list with its letters', {
  query: Format.extend({ type: z.enum(['reduction', 'exemption']), month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM') }),
})

const layer = route('get', '/layers/{layer}', 'A map layer (grids and districts as polygons, cameras, receptors…) in the caller’s zone', {
  params: z.object({ layer: z.enum(EXPORT_LAYERS).openapi({ param: { name: 'layer', in: 'path' }, example: 'grids' }) }), query: Format,
})

const MEASURE_ZH = { done: '已完成', in_progress: '实施中', not_started: '未开始' } as const


export function exportRoutes(deps: AppDeps) {
  const { db } = deps
  const router = featureRouter<SessionEnv>()
  router.use('/candidates', requireRole('admin', 'planner', 'city_command'))
  router.use('/pick-lists/*', requireRole('admin', 'planner', 'city_command'))
  router.use('/measures', requireRole('admin', 'planner', 'city_command'))
  router.use('/emergency', requireRole('admin', 'planner', 'city_command'))
  return router
    .openapi(sites, async (c) => {
      const { format, ...query } = c.req.valid('query')
      const ids = await filteredSiteIds(db, await siteFilterOf(deps, c.get('scope'), query), MAX_EXPORT_ROWS + 1)
      if (ids.length > MAX_EXPORT_ROWS) throw new AppError(400, 'too_many_rows', `more than ${MAX_EXPORT_ROWS} sites match: narrow the filters`)
      return sendTable(c, await siteTable(db, c.get('scope'), '项目清单', ids), format)
    })
    .openapi(candidates, async (c) => {
      const { criteria, shape } = c.req.valid('json')
      const { candidates: ranked } = await selectCandidates(deps, c.get('scope'), criteria, shape)
      const values = new Map(ranked.map((s, i) => [s.id, { position: i + 1, score: s.priority.score, pm10Days: s.pm10Days, nearestReceptorM: s.nearestReceptorM }]))
      return sendTable(c, await siteTable(db, c.get('scope'), '扬尘管控候选项目', ranked.map((s) => s.id), { values, columns: [
        { key: 'position', header: '排序' }, { key: 'score', header: '扬尘优先分' }, { key: 'pm10Days', header: '近30天PM10超标天数' },
        { key: 'nearestReceptorM', header: '最近敏感点距离(m)' },
      ] }), c.req.valid('query').format)
    })
    .openapi(pickList, async (c) => {
      const { id } = c.req.valid('param')
      const version = await getVersion(db, id)
      if (!version) throw new AppError(404, 'not_found', `no pick list version ${id}`)
      const items = await versionItems(db, id)
      const values = new Map(items.map((i) => [i.siteId, { position: i.position }]))
      return sendTable(c, await siteTable(db, c.get('scope'), version.name, items.map((i) => i.siteId),
        { values, columns: [{ key: 'position', header: '清单序号' }] }), c.req.valid('query').format)
    })
    .openapi(measures, async (c) => {
      const { format, district } = c.req.valid('query')
      const projects = await keyProjectMeasures(db, c.get('scope'), district)
      const values = new Map(projects.map((p) => [p.siteId, {
        deadline: p.deadline,
        ...Object.fromEntries((['enclosure', 'dust_net', 'spraying'] as const).flatMap((m) => [
          [m, MEASURE_ZH[p.measures[m].status]], [`${m}DoneOn`, p.measures[m].doneOn]])),
      }]))
      return sendTable(c, await siteTable(db, c.get('scope'), '重点项目三高措施', projects.map((p) => p.siteId), { values, columns: [
        { key: 'deadline', header: '完成期限' }, { key: 'enclosure', header: '高标准围挡' }, { key: 'enclosureDoneOn', header: '围挡完成日期' },
        { key: 'dust_net', header: '高密度防尘网覆盖' }, { key: 'dust_netDoneOn', header: '覆盖完成日期' },
        { key: 'spraying', header: '高频次喷淋' }, { key: 'sprayingDoneOn', header: '喷淋完成日期' },
      ] }), format)
    })
    .openapi(emergency, async (c) => {
      const { format, type, month } = c.req.valid('query')
      const entries = await listEntries(db, c.get('scope'), type, `${month}-01`)
      const values = new Map(entries.map((e) => [e.siteId, { process: e.process, dustLetterOn: e.dustLetterOn, fuelLetterOn: e.fuelLetterOn }]))
      const title = `${month} ${type === 'reduction' ? '应急减排清单' : '应急豁免清单'}`
      return sendTable(c, await siteTable(db, c.get('scope'), title, entries.map((e) => e.siteId), { values, columns: [
        ...(type === 'exemption' ? [{ key: 'process', header: '豁免工序' }] : []),
        { key: 'dustLetterOn', header: '扬尘管控承诺书' }, { key: 'fuelLetterOn', header: '非道路机械用油承诺书' },
      ] }), format)
    })
    .openapi(layer, async (c) => sendTable(c, await layerTable(db, c.get('scope'), c.req.valid('param').layer), c.req.valid('query').format))
}
