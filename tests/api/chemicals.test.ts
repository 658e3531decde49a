import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * 危化品专项治理: each site's chemicals recorded by the field roles of its zone (CAS check digit, storage point on the
 * site, a responsible party), risk identifications whose dangers become hazards in the same transaction, the
 * hidden-danger list, the map with receptors, KPIs and exports.
 */

let database: SeededDatabase
let admin: ApiSession
let command: ApiSession
let district: ApiSession
let grid: ApiSession
interface Place { id: number; lon: number; lat: number }
let own: Place
let far: Place
let campaign: number
let pastCampaign: number
let otherKind: number

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const counts = async () => (await one(sql<{ f: string }>`SELECT concat_ws(',', (SELECT count(*) FROM site_chemicals), (SELECT count(*) FROM chemical_surveys),
  (SELECT count(*) FROM hazards), (SELECT count(*) FROM audit_log), (SELECT count(*) FROM site_chemicals WHERE removed_on IS NOT NULL)) AS f`)).f
const chemical = (site: Place, extra: object = {}) => ({
  siteId: site.id, name: '乙炔', casNo: '74-86-2', unNo: '1001', hazardClass: '2.1', maxQuantity: 40, unit: 'kg',
  storageLocation: { lon: site.lon, lat: site.lat }, storageNote: '气瓶库', responsibleName: '测试建设有限公司', ...extra,
})
const add = async (who: ApiSession, site: Place, extra: object = {}) => {
  const res = await who.post('/api/chemicals/inventory', chemical(site, extra))
  expect(res.status).toBe(201)
  return res.json()
}
const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString()

async function placeWhere(where: ReturnType<typeof sql<boolean>>): Promise<Place> {
  return one(sql<Place>`SELECT s.id, ST_X(p.pt) AS lon, ST_Y(p.pt) AS lat FROM sites s
    CROSS JOIN LATERAL (SELECT ST_PointOnSurface(s.footprint) AS pt) p WHERE ${where} AND s.footprint IS NOT NULL ORDER BY s.id LIMIT 1`)
}
async function addCampaign(kind: string, from: string, to: string) {
  return (await one(sql<{ id: number }>`INSERT INTO campaigns (name, kind, starts_on, ends_on, scope_kind)
    VALUES (${`测试${kind}`}, ${kind}, ${sql.raw(from)}, ${sql.raw(to)}, 'city') RETURNING id`)).id
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  command = await signIn(app, database.demo('city_command'))
  district = await signIn(app, database.demo('district_supervisor'))
  grid = await signIn(app, database.demo('grid_supervisor'))
  own = await placeWhere(sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${grid.user.userId})`)
  far = await placeWhere(sql<boolean>`s.district_id <> ${grid.user.districtId}`)
  campaign = await addCampaign('hazardous_chemicals', 'current_date - 20', 'current_date + 40')
  pastCampaign = await addCampaign('hazardous_chemicals', 'current_date - 200', 'current_date - 100')
  otherKind = await addCampaign('comprehensive', 'current_date - 20', 'current_date + 40')
})
afterAll(() => database?.dispose())

describe('the seeded city', () => {
  it('has chemicals on a few sites, surveys, and dangers open and closed that point back to their survey on the same site', async () => {
    const seeded = await one(sql<{ chemicals: number; sites: number; surveys: number; open: number; closed: number; strays: number; offSite: number }>`
      SELECT (SELECT count(*)::int FROM site_chemicals) AS chemicals, (SELECT count(DISTINCT site_id)::int FROM site_chemicals) AS sites,
        (SELECT count(*)::int FROM chemical_surveys) AS surveys,
        (SELECT count(*)::int FROM hazards WHERE raised_by = 'chemical' AND status <> 'closed') AS open,
        (SELECT count(*)::int FROM hazards WHERE raised_by = 'chemical' AND status = 'closed') AS closed,
        (SELECT count(*)::int FROM hazards h LEFT JOIN chemical_surveys v ON h.source_ref LIKE 'chemical-survey:' || v.id || ':%' AND v.site_id = h.site_id
          WHERE h.raised_by = 'chemical' AND (v.id IS NULL OR h.category <> '危化品')) AS strays,
        (SELECT count(*)::int FROM site_chemicals c JOIN sites s ON s.id = c.site_id
          WHERE NOT ST_DWithin(coalesce(s.footprint, s.location)::geography, c.storage_location::geography, 15)) AS "offSite"`)
    expect(seeded.sites).toBeGreaterThanOrEqual(5)
    expect(seeded.chemicals).toBeGreaterThan(seeded.sites)
    expect(seeded.surveys).toBeGreaterThan(0)
    expect(seeded.open + seeded.closed).toBeGreaterThan(0)
    expect(seeded.strays).toBe(0)
    expect(seeded.offSite).toBe(0)
    const listed = await admin.request('/api/chemicals/surveys?limit=500')
    expect(listed.status).toBe(200)
    const { items } = await listed.json()
    expect(items.length).toBe(seeded.surveys)
    expect(items.every((v: { risks: { chemicalName: string | null }[] }) => v.risks.length > 0 && v.risks.every((r) => r.chemicalName))).toBe(true)
  })
})

describe('the inventory', () => {
  it('records a chemical on a site of the zone, audited, with a registered firm named from the registry', async () => {
    const firm = await one(sql<{ id: number; name: string }>`SELECT id, name FROM enterprises ORDER BY id LIMIT 1`)
    const created = await add(grid, own, { responsibleName: undefined, responsibleEnterpriseId: firm.id })
    expect(created).toMatchObject({ siteId: own.id, name: '乙炔', casNo: '74-86-2', hazardClass: '2.1', responsibleEnterpriseId: firm.id, responsibleName: firm.name, removedOn: null })
    const audit = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'site_chemical' AND entity_id = ${String(created.id)} AND action = 'create'`)
    expect(audit.n).toBe(1)
    const listed = await (await grid.request(`/api/chemicals/inventory?siteId=${own.id}`)).json()
    expect(listed.items.map((c: { id: number }) => c.id)).toContain(created.id)
  })

  it.each([
    ['a wrong CAS check digit', { casNo: '74-86-3' }, 'casNo'],
    ['a CAS number without hyphens', { casNo: '74862' }, 'casNo'],
    ['a UN number of three digits', { unNo: '101' }, 'unNo'],
    ['an unknown class', { hazardClass: '2.4' }, 'hazardClass'],
    ['no responsible party', { responsibleName: undefined }, 'responsibleName'],
    ['both a firm and a name', { responsibleEnterpriseId: 1 }, 'responsibleName'],
    ['a zero quantity', { maxQuantity: 0 }, 'maxQuantity'],
    ['markup in the note', { storageNote: '<b>仓库</b>' }, 'storageNote'],
  ])('refuses %s (400, nothing written)', async (_what, extra, path) => {
    const before = await counts()
    const res = await grid.post('/api/chemicals/inventory', chemical(own, extra))
    expect(res.status).toBe(400)
    const { error } = await res.json()
    expect(error.code).toBe('invalid_request')
    expect(error.details.map((d: { path: string }) => d.path)).toContain(path)
    expect(await counts()).toBe(before)
  })

  it('refuses a storage point off the site, an unknown firm, a site out of the zone and a reading role', async () => {
    const before = await counts()
    const off = await grid.post('/api/chemicals/inventory', chemical(own, { storageLocation: { lon: far.lon, lat: far.lat } }))
    expect([off.status, (await off.json()).error.code]).toEqual([422, 'storage_off_site'])
    const firm = await grid.post('/api/chemicals/inventory', chemical(own, { responsibleName: undefined, responsibleEnterpriseId: 999_999 }))
    expect([firm.status, (await firm.json()).error.code]).toEqual([422, 'unknown_enterprise'])
    const outside = await grid.post('/api/chemicals/inventory', chemical(far))
    expect([outside.status, (await outside.json()).error.code]).toEqual([404, 'not_found'])
    const reader = await command.post('/api/chemicals/inventory', chemical(own))
    expect([reader.status, (await reader.json()).error.code]).toEqual([403, 'forbidden'])
    expect(await counts()).toBe(before)
  })

  it('edits a chemical, moving its point only within the site, and hides another zone\'s', async () => {
    const created = await add(district, own)
    const edited = await district.post(`/api/chemicals/inventory/${created.id}`, { maxQuantity: 80, storageNote: '新气瓶库' }, 'PATCH')
    expect(edited.status).toBe(200)
    expect(await edited.json()).toMatchObject({ maxQuantity: 80, storageNote: '新气瓶库', name: '乙炔' })
    const moved = await district.post(`/api/chemicals/inventory/${created.id}`, { storageLocation: { lon: far.lon, lat: far.lat } }, 'PATCH')
    expect(moved.status).toBe(422)
    const farChemical = await add(admin, far)
    expect((await grid.request(`/api/chemicals/inventory/${farChemical.id}`)).status).toBe(404)
    expect((await grid.post(`/api/chemicals/inventory/${farChemical.id}`, { maxQuantity: 1 }, 'PATCH')).status).toBe(404)
  })

  it('removes a chemical once, on a day not in the future, and then refuses to edit it', async () => {
    const created = await add(grid, own)
    expect((await grid.request(`/api/chemicals/inventory/${created.id}?removedOn=2099-01-01`, { method: 'DELETE' })).status).toBe(400)
    const removed = await grid.request(`/api/chemicals/inventory/${created.id}`, { method: 'DELETE' })
    expect(removed.status).toBe(200)
    expect((await removed.json()).removedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    const again = await grid.request(`/api/chemicals/inventory/${created.id}`, { method: 'DELETE' })
    expect([again.status, (await again.json()).error.code]).toEqual([409, 'removed'])
    expect((await grid.post(`/api/chemicals/inventory/${created.id}`, { maxQuantity: 1 }, 'PATCH')).status).toBe(409)
    const listed = await (await grid.request(`/api/chemicals/inventory?siteId=${own.id}`)).json()
    expect(listed.items.map((c: { id: number }) => c.id)).not.toContain(created.id)
  })
})

describe('risk identification', () => {
  it('records a survey in the running campaign; each danger opens a 危化品 hazard in the hidden-danger list', async () => {
    const acetylene = await add(grid, own)
    const diesel = await add(grid, own, { name: '柴油', casNo: '68334-30-5', unNo: '1202', hazardClass: '3', maxQuantity: 2, unit: 't' })
    const res = await grid.post('/api/chemicals/surveys', {
      siteId: own.id, campaignId: campaign, surveyedAt: hoursAgo(2), conclusion: '存在两处隐患',
      risks: [
        { chemicalId: acetylene.id, risk: 'explosion', level: 'high', measure: '气瓶分开存放', danger: '氧气瓶与乙炔瓶间距不足5m' },
        { chemicalId: diesel.id, risk: 'fire', level: 'moderate', measure: '配备灭火器' },
        { chemicalId: diesel.id, risk: 'leak', level: 'low', measure: '设置围堰', danger: '油桶渗漏' },
      ],
    })
    expect(res.status).toBe(201)
    const survey = await res.json()
    expect(survey).toMatchObject({ siteId: own.id, campaignId: campaign, conclusion: '存在两处隐患' })
    expect(survey.risks.map((r: { hazardId: number | null }) => r.hazardId !== null)).toEqual([true, false, true])
    const hazards = (await sql<{ id: number; severity: string; category: string; source_ref: string; status: string }>`
      SELECT id, severity, category, source_ref, status FROM hazards WHERE raised_by = 'chemical' AND source_ref LIKE ${`chemical-survey:${survey.id}:%`} ORDER BY id`
      .execute(database.db)).rows
    expect(hazards.map((h) => [h.severity, h.category, h.source_ref, h.status])).toEqual([
      ['major', '危化品', `chemical-survey:${survey.id}:1`, 'open'], ['general', '危化品', `chemical-survey:${survey.id}:3`, 'open'],
    ])
    const audit = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'chemical_survey' AND entity_id = ${String(survey.id)}`)
    expect(audit.n).toBe(1)
    const list = await (await grid.request(`/api/chemicals/dangers?siteId=${own.id}`)).json()
    expect(list.items.filter((d: { surveyId: number }) => d.surveyId === survey.id).map((d: { hazardId: number }) => d.hazardId)).toEqual(hazards.map((h) => h.id))
    // The closed loop is the hazards': the danger moves on like any hazard, and the list follows.
    const step = await grid.post(`/api/hazards/${hazards[1].id}/transitions`, { to: 'rectifying', note: '已更换油桶' })
    expect(step.status).toBe(200)
    const after = await (await grid.request(`/api/chemicals/surveys/${survey.id}`)).json()
    expect(after.risks[2].hazardStatus).toBe('rectifying')
    const lastSurveyed = await (await grid.request(`/api/chemicals/inventory/${diesel.id}`)).json()
    expect(lastSurveyed.lastSurveyedAt).not.toBeNull()
  })

  it('refuses a survey of a chemical not on the site, outside a running 危化品 campaign, in the future or out of the zone', async () => {
    const stored = await add(grid, own)
    const elsewhere = await add(admin, far)
    const survey = (extra: object) => ({ siteId: own.id, surveyedAt: hoursAgo(1), risks: [{ chemicalId: stored.id, risk: 'fire', level: 'low', measure: '灭火器', danger: '无' }], ...extra })
    const before = await counts()
    const cases: [object, number, string][] = [
      [{ risks: [{ chemicalId: elsewhere.id, risk: 'fire', level: 'low', measure: '灭火器' }] }, 422, 'chemical_not_on_site'],
      [{ campaignId: otherKind }, 422, 'not_a_chemicals_campaign'],
      [{ campaignId: 999_999 }, 422, 'not_a_chemicals_campaign'],
      [{ campaignId: pastCampaign }, 422, 'campaign_not_running'],
      [{ surveyedAt: new Date(Date.now() + 86_400_000).toISOString() }, 400, 'date_in_future'],
      [{ siteId: far.id }, 404, 'not_found'],
      [{ risks: [{ chemicalId: stored.id, risk: 'meteor', level: 'low', measure: '无' }] }, 400, 'invalid_request'],
    ]
    for (const [extra, status, code] of cases) {
      const res = await grid.post('/api/chemicals/surveys', survey(extra))
      expect([res.status, (await res.json()).error.code], JSON.stringify(extra)).toEqual([status, code])
    }
    const reader = await command.post('/api/chemicals/surveys', survey({}))
    expect(reader.status).toBe(403)
    expect(await counts()).toBe(before)
  })

  it('hides another zone\'s surveys and dangers', async () => {
    const farSurvey = await one(sql<{ id: number }>`SELECT v.id FROM chemical_surveys v JOIN sites s ON s.id = v.site_id WHERE s.district_id <> ${grid.user.districtId} LIMIT 1`)
    if (farSurvey) expect((await grid.request(`/api/chemicals/surveys/${farSurvey.id}`)).status).toBe(404)
    const mine = await (await grid.request('/api/chemicals/dangers?status=all&limit=500')).json()
    const scoped = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM hazards h JOIN sites s ON s.id = h.site_id WHERE h.raised_by = 'chemical'
      AND s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${grid.user.userId})`)
    expect(mine.total).toBe(scoped.n)
  })
})

describe('map, KPIs and exports', () => {
  it('maps the zone\'s sites storing chemicals with their classes and the receptors within the radius', async () => {
    await add(grid, own)
    const receptor = await one(sql<{ id: number }>`INSERT INTO sensitive_receptors (kind, name, location)
      VALUES ('school', '测试实验小学', ST_Project(ST_SetSRID(ST_MakePoint(${own.lon}::float8, ${own.lat}::float8), 4326)::geography, 300, 0)::geometry) RETURNING id`)
    const near = await (await grid.request('/api/chemicals/map?radiusM=500')).json()
    const site = near.sites.find((s: { siteId: number }) => s.siteId === own.id)
    expect(site.classes).toContain('2.1')
    expect(site.primaryClass).toBe('2.1')
    expect(site.receptors.find((r: { id: number }) => r.id === receptor.id).distanceM).toBeGreaterThan(250)
    expect(near.receptors.map((r: { id: number }) => r.id)).toContain(receptor.id)
    expect(near.sites.every((s: { siteId: number }) => s.siteId !== far.id)).toBe(true)
    const tight = await (await grid.request('/api/chemicals/map?radiusM=100')).json()
    expect(tight.sites.find((s: { siteId: number }) => s.siteId === own.id).receptors.map((r: { id: number }) => r.id)).not.toContain(receptor.id)
    expect((await grid.request('/api/chemicals/map?radiusM=99999')).status).toBe(400)
  })

  it('counts sites surveyed of those with chemicals and open dangers by age, in the zone and in the KPI report', async () => {
    const mine = await (await grid.request('/api/chemicals/kpis')).json()
    const city = await (await admin.request('/api/chemicals/kpis')).json()
    expect(mine.sitesSurveyed).toBeGreaterThanOrEqual(1)
    expect(mine.sitesSurveyed).toBeLessThanOrEqual(mine.sitesWithChemicals)
    expect(city.sitesWithChemicals).toBeGreaterThan(mine.sitesWithChemicals)
    expect(city.openDangersByAge.map((a: { ageDays: string }) => a.ageDays)).toEqual(['0-7', '8-30', '31+'])
    expect(city.openDangersByAge.reduce((n: number, a: { open: number }) => n + a.open, 0)).toBe(city.openDangers)
    const open = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM hazards WHERE raised_by = 'chemical' AND status <> 'closed'`)
    expect(city.openDangers).toBe(open.n)
    const report = await (await admin.request('/api/kpis')).json()
    expect(report.chemicals).toEqual(city)
  })

  it('exports the inventory and the danger list as CSV and XLSX', async () => {
    const csv = await grid.request('/api/chemicals/inventory/export?format=csv')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    const text = await csv.text()
    expect(text).toContain('CAS号')
    expect(text).toContain('74-86-2')
    const xlsx = await grid.request('/api/chemicals/dangers/export?format=xlsx&status=all')
    expect(xlsx.status).toBe(200)
    expect(xlsx.headers.get('content-type')).toContain('spreadsheetml')
    expect((await grid.request('/api/chemicals/dangers/export?format=pdf')).status).toBe(400)
  })
})
