import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import type { AppDeps } from '../../deps.ts'
import { CAMPAIGN_KINDS, progressShare } from '../../domain/campaign.ts'
import type { RiskBoost } from '../../domain/risk-boost.ts'
import { AppError } from '../../errors.ts'
import { requestClient } from '../../http/client.ts'
import { authErrorResponses, errorResponse, errorResponses, featureRouter, IdParam, jsonResponse } from '../../validation.ts'
import { requireRole, type SessionEnv } from '../auth/session.ts'
import { findScopedSite } from '../inspections/inspections.repo.ts'
import { sendTable } from '../exports/send-table.ts'
import { campaignSites, districtProgress } from './campaign-progress.repo.ts'
import { progressTable } from './campaigns.export.ts'
import * as repo from './campaigns.repo.ts'
import { Campaign, CampaignChange, CampaignSite, CampaignSummary, DistrictProgress, NewCampaign, SiteCampaign } from './campaigns.schemas.ts'
import { changeCampaign, createCampaign } from './campaigns.service.ts'

/*
 * 专项行动: campaigns read by everyone with a zone (those covering it), created and changed by the admin, or by a
 * district station for its own district (campaigns.service.ts); progress per district as a table, a map and a file.
 */

type CampaignBody = z.infer<typeof Campaign>
const errors = { ...errorResponses, ...authErrorResponses, 422: errorResponse('Refused by a campaign rule') }
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } })
const tags = ['campaigns']

const list = createRoute({
  method: 'get', path: '/', tags, summary: 'Campaigns covering your zone, newest first, with their targets and inspected sites in your zone',
  request: { query: z.object({ status: z.enum(['planned', 'running', 'finished']).optional(), kind: z.enum(CAMPAIGN_KINDS).optional() }) },
  responses: { 200: jsonResponse('Campaigns', z.object({ campaigns: z.array(CampaignSummary) })), ...errors },
})
const forSite = createRoute({
  method: 'get', path: '/site/{id}', tags, summary: 'The campaigns a site of your zone can be inspected under today (running; the site a target, or in scope when none is listed)',
  request: { params: IdParam }, responses: { 200: jsonResponse('Running campaigns with their checklists', z.object({ campaigns: z.array(SiteCampaign) })), ...errors },
})
const get = createRoute({
  method: 'get', path: '/{id}', tags, summary: 'One campaign: period, scope, sampling as recorded, checklist, risk boost',
  request: { params: IdParam }, responses: { 200: jsonResponse('Campaign', Campaign), ...errors },
})
const create = createRoute({
  method: 'post', path: '/', tags, summary: 'Create a campaign (admin; a district station for its own district), its targets listed or drawn (双随机) and recorded',
  request: json(NewCampaign), responses: { 201: jsonResponse('The campaign', Campaign), ...errors },
})
const update = createRoute({
  method: 'patch', path: '/{id}', tags, summary: 'Rename a campaign, move its end, or change a holiday period\'s risk boost (whoever may create it)',
  request: { params: IdParam, ...json(CampaignChange) }, responses: { 200: jsonResponse('The campaign', Campaign), ...errors },
})
const progress = createRoute({
  method: 'get', path: '/{id}/progress', tags, summary: 'Progress per district of your zone: targets planned and inspected, findings, hazards open and closed, penalties, “四个一律”',
  request: { params: IdParam }, responses: { 200: jsonResponse('Per district, with outlines for the map', z.object({ districts: z.array(DistrictProgress) })), ...errors },
})
const exportProgress = createRoute({
  method: 'get', path: '/{id}/progress/export', tags, summary: 'The progress table as CSV or XLSX',
  request: { params: IdParam, query: z.object({ format: z.enum(['csv', 'xlsx']) }) },
  responses: { 200: { description: 'The file, as an attachment', content: { 'text/csv': { schema: z.string() } } }, ...errors },
})
const sites = createRoute({
  method: 'get', path: '/{id}/sites', tags, summary: 'The campaign\'s sites in your zone (targets and sites inspected under it), as points',
  request: { params: IdParam }, responses: { 200: jsonResponse('Sites', z.object({ sites: z.array(CampaignSite) })), ...errors },
})

export function campaignRoutes({ db }: AppDeps) {
  const load = async (c: Context<SessionEnv>, id: number): Promise<CampaignBody> => {
    const campaign = await repo.findCampaign(db, c.get('scope'), id)
    if (!campaign) throw new AppError(404, 'not_found', `no campaign with id ${id} in your zone`)
    return campaign as CampaignBody
  }
  const caller = (c: Context<SessionEnv>) => ({ principal: c.get('principal'), scope: c.get('scope'), ip: requestClient(c).address })
  const managers = requireRole('admin', 'district_supervisor')
  const router = featureRouter<SessionEnv>()
  router.post('/', managers).patch('/:id', managers)
  return router
    .openapi(list, async (c) => c.json({ campaigns: (await repo.listCampaigns(db, c.get('scope'), c.req.valid('query'))) as z.infer<typeof CampaignSummary>[] }, 200))
    .openapi(forSite, async (c) => {
      const { id } = c.req.valid('param')
      if (!(await findScopedSite(db, c.get('scope'), id))) throw new AppError(404, 'not_found', `no site with id ${id} in your zone`)
      return c.json({ campaigns: await repo.runningForSite(db, c.get('scope'), id) }, 200)
    })
    .openapi(get, async (c) => c.json(await load(c, c.req.valid('param').id), 200))
    .openapi(create, async (c) => {
      const id = await createCampaign(db, caller(c), c.req.valid('json'))
      return c.json(await load(c, id), 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      await changeCampaign(db, caller(c), id, c.req.valid('json') as { name?: string; endsOn?: string; riskBoost?: RiskBoost | null })
      return c.json(await load(c, id), 200)
    })
    .openapi(progress, async (c) => {
      const { id } = c.req.valid('param')
      await load(c, id)
      const rows = await districtProgress(db, c.get('scope'), id)
      return c.json({ districts: rows.map((r) => ({ ...r, share: progressShare(r) })) }, 200)
    })
    .openapi(exportProgress, async (c) => {
      const { id } = c.req.valid('param')
      const campaign = await load(c, id)
      const table = progressTable(campaign.name, await districtProgress(db, c.get('scope'), id))
      const { format } = c.req.valid('query')
      return sendTable(c, table, format)
    })
    .openapi(sites, async (c) => {
      const { id } = c.req.valid('param')
      await load(c, id)
      return c.json({ sites: await campaignSites(db, c.get('scope'), id) }, 200)
    })
}
