import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drawSample } from '../../server/domain/campaign.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createAnalyticsRefresher } from '../../server/features/risk/risk.service.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * 专项行动: campaigns created with their targets drawn (双随机, reproducible) or listed, inspections recorded against
 * them, progress per district, the holiday risk boost, and the small-works checklist; refused input writes nothing.
 */

let database: SeededDatabase
let admin: ApiSession
let district: ApiSession
let grid: ApiSession
let ownSite: number
let farSite: number

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const counts = async () => (await one(sql<{ f: string }>`SELECT concat_ws(',', (SELECT count(*) FROM campaigns), (SELECT count(*) FROM campaign_targets),
  (SELECT count(*) FROM inspections), (SELECT count(*) FROM audit_log)) AS f`)).f
const day = (n: number) => beijingDay(addDays(new Date(), n))
const hourAgo = () => new Date(Date.now() - 3_600_000).toISOString()
const campaign = (extra: object = {}) => ({ name: '测试专项行动', kind: 'comprehensive', startsOn: day(-3), endsOn: day(20), scope: { kind: 'city' }, ...extra })
const dust = { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: false, closed_transport: true }
const sheet = { safety_management: 36, site_safety: 27, dust_control: 15, civilised_construction: 9 }
const inspection = (siteId: number, extra: object = {}) => ({ siteId, kind: 'comprehensive', inspectedAt: hourAgo(), checklist: dust, scoreSheet: sheet, ...extra })
const answers = (keys: string[], ok = true) => Object.fromEntries(keys.map((k) => [k, ok]))

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  district = await signIn(app, database.demo('district_supervisor'))
  grid = await signIn(app, database.demo('grid_supervisor'))
  const gs = grid.user
  ownSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.userId})
    AND start_date <= current_date - 30 AND kind <> 'small_temporary' ORDER BY id LIMIT 1`)).id
  farSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE district_id <> ${gs.districtId} AND start_date <= current_date - 30 ORDER BY id LIMIT 1`)).id
})
afterAll(() => database?.dispose())

describe('the seeded campaigns', () => {
  it('has a running 危化品 campaign with a recorded draw and inspections, a finished 盘扣 one and a past 国庆 period with a boost', async () => {
    const { campaigns } = await (await admin.request('/api/campaigns')).json()
    const chemicals = campaigns.find((c: { kind: string }) => c.kind === 'hazardous_chemicals')
    expect(chemicals).toMatchObject({ status: 'running', scopeKind: 'city' })
    expect(chemicals.targets).toBeGreaterThan(0)
    expect(chemicals.inspectedSites).toBeGreaterThan(0)
    expect(campaigns.find((c: { kind: string }) => c.kind === 'scaffold')).toMatchObject({ status: 'finished' })
    expect(campaigns.find((c: { kind: string }) => c.kind === 'comprehensive')).toMatchObject({ status: 'finished' })
    expect(campaigns.find((c: { kind: string }) => c.kind === 'holiday')).toMatchObject({ status: 'finished', riskBoost: { multiplier: 1.5 } })
    const detail = await (await admin.request(`/api/campaigns/${chemicals.id}`)).json()
    expect(detail.sampling).toMatchObject({ drawn: chemicals.targets })
    const progress = await (await admin.request(`/api/campaigns/${chemicals.id}/progress`)).json()
    expect(progress.districts.reduce((n: number, d: { planned: number }) => n + d.planned, 0)).toBe(chemicals.targets)
    const kpis = await (await admin.request('/api/kpis')).json()
    expect(kpis.campaigns.map((c: { id: number }) => c.id)).toContain(chemicals.id)
  })

  it('totals a district alike for the city (by the records\' district) and for the district\'s own station (by its sites)', async () => {
    const asCity = await (await admin.request(`/api/kpis?district=${district.user.districtId}`)).json()
    const asStation = await (await district.request('/api/kpis')).json()
    expect(asStation.campaigns.some((c: { planned: number }) => c.planned > 0)).toBe(true)
    for (const running of asStation.campaigns) expect(asCity.campaigns.find((c: { id: number }) => c.id === running.id)).toEqual(running)
    expect(asCity.chemicals).toEqual(asStation.chemicals)
    // The chemicals block by the records' district, against the sites' own, where a district has chemicals.
    const most = await one(sql<{ id: number; stored: number; open: number }>`
      SELECT s.district_id AS id, count(DISTINCT c.site_id)::int AS stored,
        (SELECT count(*)::int FROM hazards h JOIN sites hs ON hs.id = h.site_id WHERE hs.district_id = s.district_id AND h.raised_by = 'chemical' AND h.status <> 'closed') AS open
      FROM site_chemicals c JOIN sites s ON s.id = c.site_id WHERE c.removed_on IS NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`)
    const { chemicals } = await (await admin.request(`/api/kpis?district=${most.id}`)).json()
    expect(most.stored).toBeGreaterThan(0)
    expect(chemicals).toMatchObject({ sitesWithChemicals: most.stored, openDangers: most.open })
  })
})

describe('creating a campaign', () => {
  it('draws its targets reproducibly from the seed and records the draw, with an audit entry', async () => {
    const res = await admin.post('/api/campaigns', campaign({ sampling: { seed: 42, count: 6 } }))
    expect(res.status).toBe(201)
    const created = await res.json()
    expect(created).toMatchObject({ status: 'running', targets: 6, sampling: { seed: 42, count: 6, drawn: 6 } })
    const candidates = (await sql<{ id: number }>`SELECT id FROM sites WHERE stage <> 'completed'`.execute(database.db)).rows.map((r) => r.id)
    const drawn = (await sql<{ site_id: number }>`SELECT site_id FROM campaign_targets WHERE campaign_id = ${created.id} AND source = 'drawn' ORDER BY site_id`.execute(database.db)).rows.map((r) => r.site_id)
    expect(drawn).toEqual(drawSample(candidates, { seed: 42, count: 6 }))
    expect(await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'campaign' AND entity_id = ${String(created.id)} AND action = 'create'`)).toEqual({ n: 1 })
  })

  it('lets a district station run its own district\'s campaigns only; city-wide ones are the admin\'s', async () => {
    const own = { kind: 'districts', districtIds: [district.user.districtId] }
    const res = await district.post('/api/campaigns', campaign({ kind: 'dust_covert', scope: own, sampling: { ratio: 0.2 } }))
    expect(res.status).toBe(201)
    expect((await res.json()).sampling.seed).toEqual(expect.any(Number))
    const before = await counts()
    expect((await district.post('/api/campaigns', campaign())).status).toBe(403)
    const other = (await one(sql<{ id: number }>`SELECT id FROM districts WHERE id <> ${district.user.districtId} ORDER BY id LIMIT 1`)).id
    expect((await district.post('/api/campaigns', campaign({ scope: { kind: 'districts', districtIds: [other] } }))).status).toBe(403)
    expect((await grid.post('/api/campaigns', campaign({ scope: own }))).status).toBe(403)
    expect(await counts()).toBe(before)
  })

  it('refuses bad input clearly and writes nothing', async () => {
    const before = await counts()
    const refused = async (body: object, status: number, code: string) => {
      const res = await admin.post('/api/campaigns', body)
      expect(res.status).toBe(status)
      expect((await res.json()).error.code).toBe(code)
    }
    await refused(campaign({ endsOn: day(-10) }), 400, 'invalid_request')
    await refused(campaign({ name: '<b>x</b>' }), 400, 'invalid_request')
    await refused(campaign({ kind: 'holiday', riskBoost: { factors: ['noSuchFactor'], multiplier: 2 } }), 400, 'invalid_request')
    await refused(campaign({ kind: 'holiday', riskBoost: { factors: ['openHazards'], multiplier: 5 } }), 400, 'invalid_request')
    await refused(campaign({ riskBoost: { factors: ['openHazards'], multiplier: 2 } }), 422, 'risk_boost_not_holiday')
    await refused(campaign({ sampling: { seed: 1 } }), 400, 'invalid_request')
    await refused(campaign({ sampling: { count: 2 }, siteIds: [ownSite] }), 400, 'invalid_request')
    await refused(campaign({ checklist: [{ key: 'a', label: 'A', points: 70 }, { key: 'b', label: 'B', points: 70 }] }), 422, 'invalid_checklist')
    await refused(campaign({ scope: { kind: 'districts', districtIds: [999_999] } }), 422, 'unknown_district')
    await refused(campaign({ scope: { kind: 'area', area: [[[[100, 40], [100.1, 40], [100.1, 40.1], [100, 40]]]] } }), 422, 'invalid_area')
    await refused(campaign({ scope: { kind: 'districts', districtIds: [grid.user.districtId] }, siteIds: [farSite] }), 422, 'site_not_in_scope')
    expect(await counts()).toBe(before)
  })
})

describe('inspections against a campaign', () => {
  let listed: { id: number; checklist: { key: string }[] }
  beforeAll(async () => {
    listed = await (await admin.post('/api/campaigns', campaign({ name: '列表专项', siteIds: [ownSite] }))).json()
  })

  it('scores the campaign sheet, and the progress counts the inspection, its hazard, penalty and “四个一律”', async () => {
    const keys = listed.checklist.map((i) => i.key)
    const res = await grid.post('/api/inspections', inspection(ownSite, {
      campaignId: listed.id, campaignSheet: { ...answers(keys), [keys[0]]: false },
      hazards: [{ severity: 'major', category: '高支模', description: '高支模未按方案搭设', deadline: day(3), notice: 'stop_work_rectification' }],
    }))
    expect(res.status).toBe(201)
    const recorded = await res.json()
    expect(recorded.campaignId).toBe(listed.id)
    expect(recorded.campaignSheet).toMatchObject({ failed: [keys[0]], max: 100 })
    await database.db.insertInto('notices').values({ code: `TEST-PEN-${recorded.id}`, site_id: ownSite, hazard_id: recorded.hazards[0].id, type_code: 'penalty', content: '罚款', issued_at: sql`now()` }).execute()
    const { districts } = await (await district.request(`/api/campaigns/${listed.id}/progress`)).json()
    const row = districts.find((d: { districtId: number }) => d.districtId === grid.user.districtId)
    expect(row).toMatchObject({ planned: 1, inspected: 1, inspections: 1, findings: 1, majorFindings: 1, hazardsOpen: 1, penalties: 1, followedThrough: 1, share: 1 })
    const { sites } = await (await grid.request(`/api/campaigns/${listed.id}/sites`)).json()
    expect(sites).toEqual([expect.objectContaining({ id: ownSite, source: 'listed', inspections: 1, openHazards: 1 })])
    const csv = await (await admin.request(`/api/campaigns/${listed.id}/progress/export?format=csv`)).text()
    expect(csv).toContain('重大隐患“四个一律”落实')
    const { campaigns } = await (await grid.request(`/api/campaigns/site/${ownSite}`)).json()
    expect(campaigns.map((c: { id: number }) => c.id)).toContain(listed.id)
  })

  it('refuses a site that is not a target, a day outside the period, and a sheet that skips lines', async () => {
    const before = await counts()
    const keys = listed.checklist.map((i) => i.key)
    const refused = async (who: ApiSession, body: object, status: number, code: string) => {
      const res = await who.post('/api/inspections', body)
      expect(res.status).toBe(status)
      expect((await res.json()).error.code).toBe(code)
    }
    await refused(admin, inspection(farSite, { campaignId: listed.id, campaignSheet: answers(keys) }), 422, 'site_not_in_campaign')
    const finished = (await one(sql<{ id: number }>`SELECT id FROM campaigns WHERE kind = 'scaffold'`)).id
    await refused(admin, inspection(ownSite, { campaignId: finished, campaignSheet: {} }), 422, 'campaign_not_running')
    await refused(grid, inspection(ownSite, { campaignId: listed.id, campaignSheet: answers(keys.slice(1)) }), 400, 'invalid_request')
    await refused(grid, inspection(ownSite, { campaignId: listed.id }), 400, 'invalid_request')
    await refused(grid, inspection(ownSite, { campaignSheet: answers(keys) }), 400, 'invalid_request')
    await refused(grid, inspection(ownSite, { campaignId: 999_999, campaignSheet: answers(keys) }), 404, 'not_found')
    expect(await counts()).toBe(before)
  })

  it('hides a district\'s campaign from another district\'s supervisors', async () => {
    const other = (await one(sql<{ id: number }>`SELECT id FROM districts WHERE id <> ${grid.user.districtId} ORDER BY id LIMIT 1`)).id
    const elsewhere = await (await admin.post('/api/campaigns', campaign({ scope: { kind: 'districts', districtIds: [other] } }))).json()
    expect((await grid.request(`/api/campaigns/${elsewhere.id}`)).status).toBe(404)
    expect((await district.request(`/api/campaigns/${elsewhere.id}/progress`)).status).toBe(404)
    expect((await district.post(`/api/campaigns/${elsewhere.id}`, { name: '改名' }, 'PATCH')).status).toBe(404)
    const { campaigns } = await (await grid.request('/api/campaigns')).json()
    expect(campaigns.map((c: { id: number }) => c.id)).not.toContain(elsewhere.id)
    expect((await grid.request(`/api/campaigns/site/${farSite}`)).status).toBe(404)
  })
})

describe('holiday risk boost', () => {
  it('raises a site\'s score while the period runs and drops back after it', async () => {
    const refresher = createAnalyticsRefresher(database)
    await refresher.refresh()
    const site = await one(sql<{ site_id: number; score: number }>`SELECT site_id, score FROM site_risk
      WHERE breakdown @> '[{"factor": "openHazards"}]' AND score < 90 ORDER BY site_id LIMIT 1`)
    const res = await admin.post('/api/campaigns', campaign({ kind: 'holiday', name: '测试重大活动保障', startsOn: day(-1), endsOn: day(2),
      riskBoost: { factors: ['openHazards', 'noCamera'], multiplier: 2 } }))
    expect(res.status).toBe(201)
    const { id } = await res.json()
    await refresher.refresh()
    const boosted = await (await admin.request(`/api/risk/sites/${site.site_id}`)).json()
    expect(boosted.score).toBeGreaterThan(site.score)
    expect(boosted.breakdown.find((c: { factor: string }) => c.factor === 'openHazards')).toMatchObject({ boosted: 2 })
    expect((await admin.post(`/api/campaigns/${id}`, { endsOn: day(-1) }, 'PATCH')).status).toBe(200)
    await refresher.refresh()
    const after = await (await admin.request(`/api/risk/sites/${site.site_id}`)).json()
    expect(after.score).toBe(site.score)
    expect(after.breakdown.some((c: { boosted?: number }) => c.boosted)).toBe(false)
  })
})

describe('small and temporary works', () => {
  it('are inspected with their own checklist, which other sites and kinds refuse', async () => {
    const small = await one(sql<{ id: number }>`SELECT id FROM sites WHERE kind = 'small_temporary' AND start_date <= current_date - 30 ORDER BY id LIMIT 1`)
    const checklist = { hoarding: true, edge_protection: false, temporary_power: true, machinery: true, fire_safety: true, dust_control: true, certified_workers: true }
    const res = await admin.post('/api/inspections', inspection(small.id, { kind: 'small_works', checklist }))
    expect(res.status).toBe(201)
    expect((await res.json()).checklist).toEqual(checklist)
    const before = await counts()
    const wrong = await admin.post('/api/inspections', inspection(ownSite, { kind: 'small_works', checklist }))
    expect([wrong.status, (await wrong.json()).error.code]).toEqual([422, 'not_small_works'])
    const mixed = await admin.post('/api/inspections', inspection(small.id, { kind: 'small_works', checklist: dust }))
    expect([mixed.status, (await mixed.json()).error.code]).toEqual([400, 'invalid_request'])
    expect(await counts()).toBe(before)
  })
})
