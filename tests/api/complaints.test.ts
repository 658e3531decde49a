import gcoord from 'gcoord'
import ExcelJS from 'exceljs'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAnalyticsRefresher } from '../../server/features/risk/risk.service.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Complaints end to end: the hotline's platform posts with its key (a GCJ-02 pin converted at the edge), a confident
 * match is dispatched to the site's grid supervisor at once, a weak one waits for a supervisor; closing a founded
 * one opens a hazard and feeds risk and credit; phone numbers are whole for the dispatcher alone.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let command: ApiSession
let district: ApiSession
let grid: ApiSession
let platformKey: string
interface Site { id: number; lon: number; lat: number; topLon: number; ymax: number; district_id: number; grid_id: number; address: string; name: string }
let own: Site
let far: Site

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const count = async (table: string) => Number((await one(sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.table(table)}`)).n)
const counts = async () => [await count('complaints'), await count('hazards'), await count('audit_log')]
const PHONE = '13812345678'
let made = 0
const complaint = (extra: object = {}) => ({
  ticketNo: `T-${++made}`, receivedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(), category: 'dust',
  content: '工地扬尘很大', complainantName: '张三', complainantPhone: PHONE, ...extra,
})
const byPlatform = (body: object, key = platformKey) => app.request('/api/complaints', {
  method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-api-key': key, origin: 'http://localhost' },
})
/** A GCJ-02 pin `metres` north of the site, as a hotline on AMap would send it. */
const pin = (site: Site, metres = 0) => {
  const [lon, lat] = gcoord.transform([site.lon, site.lat + metres / 110_540], gcoord.WGS84, gcoord.GCJ02) as [number, number]
  return { lon, lat, crs: 'gcj02' }
}
/** A pin `metres` north of the site's footprint (of its northernmost corner): a weak match. */
const pinOff = (site: Site, metres: number) => {
  const [lon, lat] = gcoord.transform([site.topLon, site.ymax + metres / 110_540], gcoord.WGS84, gcoord.GCJ02) as [number, number]
  return { lon, lat, crs: 'gcj02' }
}
const siteWhere = async (where: ReturnType<typeof sql<boolean>>) => one(sql<Site>`
  SELECT s.id, ST_X(s.location) AS lon, ST_Y(s.location) AS lat, coalesce(ST_YMax(s.footprint), ST_Y(s.location)) AS ymax,
    coalesce((SELECT ST_X(p.geom) FROM ST_DumpPoints(s.footprint) p ORDER BY ST_Y(p.geom) DESC LIMIT 1), ST_X(s.location)) AS "topLon", s.district_id, s.grid_id, s.address, s.name FROM sites s
  WHERE ${where} AND s.stage <> 'completed' AND s.address IS NOT NULL AND (SELECT count(*) FROM sites o WHERE o.address = s.address) = 1
  -- The loneliest live site: a pin 200 m off it has no other site to match.
  ORDER BY (SELECT min(ST_Distance(o.location::geography, s.location::geography)) FROM sites o WHERE o.id <> s.id AND o.stage <> 'completed') DESC, s.id
  LIMIT 1`)

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  command = await signIn(app, database.demo('city_command'))
  district = await signIn(app, database.demo('district_supervisor'))
  grid = await signIn(app, database.demo('grid_supervisor'))
  own = await siteWhere(sql<boolean>`s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${grid.user.userId})`)
  far = await siteWhere(sql<boolean>`s.district_id <> ${grid.user.districtId}`)
  const res = await admin.request('/api/admin/ingest-platforms', { method: 'POST', body: JSON.stringify({ name: '12345 热线平台' }) })
  platformKey = (await res.json()).key
})
afterAll(async () => database?.dispose())

describe('intake by the hotline platform', () => {
  it('converts the GCJ-02 pin, matches by coordinates and dispatches to the grid supervisor within 24 h', async () => {
    const received = new Date(Date.now() - 3_600_000)
    const res = await byPlatform(complaint({ location: pin(own, 10), receivedAt: received.toISOString() }))
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body).toMatchObject({ status: 'dispatched', siteId: own.id, matchMethod: 'coordinates', matchConfirmed: true, complainantPhone: '138****5678', complainantName: '张*' })
    expect(body.matchConfidence).toBeGreaterThanOrEqual(0.9)
    // Converted to WGS-84: within a couple of metres of the site's point plus the 10 m offset, not the ~500 m GCJ shift.
    expect(Math.abs(body.location[0] - own.lon)).toBeLessThan(0.0001)
    expect(Math.abs(Date.parse(body.respondBy) - received.getTime() - 24 * 3_600_000)).toBeLessThan(1_000)
    const supervisor = await one(sql<{ user_id: number }>`SELECT min(user_id) AS user_id FROM grid_supervisors WHERE grid_id = ${own.grid_id}`)
    expect(body.dispatchedToId).toBe(supervisor.user_id)
  })

  it('refuses a repeated ticket (409), an unknown key (401) and bad input (400), writing nothing', async () => {
    const body = complaint()
    expect((await byPlatform(body)).status).toBe(201)
    const before = await counts()
    const repeated = await byPlatform(body)
    expect(repeated.status).toBe(409)
    expect((await repeated.json()).error.code).toBe('duplicate_ticket')
    expect((await byPlatform(complaint(), 'sgp_not-a-key-at-all-xxxxxxxxxxxx')).status).toBe(401)
    for (const bad of [
      complaint({ receivedAt: new Date(Date.now() + 86_400_000).toISOString() }), complaint({ location: { lon: 116.4, lat: 39.9 } }),
      complaint({ location: { lon: own.lat, lat: own.lon } }), complaint({ content: '<script>x</script>' }), complaint({ category: 'smell' }),
      complaint({ complainantPhone: 'call me' }), complaint({ extra: 1 }),
    ]) {
      const res = await byPlatform(bad)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_request')
    }
    expect(await counts()).toEqual(before)
  })

  it('takes a session post from the dispatcher, not from a district station', async () => {
    expect((await district.post('/api/complaints', complaint())).status).toBe(403)
    const res = await command.post('/api/complaints', complaint({ address: '无法定位的地方' }))
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(body).toMatchObject({ status: 'received', complainantPhone: PHONE, complainantName: '张三' })
  })
})

describe('confirmation, dispatch and closing', () => {
  it('keeps a weak pin as a suggestion until a supervisor confirms it; outside the zone it is not found', async () => {
    const body = await (await byPlatform(complaint({ category: 'quality', location: pinOff(own, 170) }))).json()
    expect(body).toMatchObject({ status: 'received', siteId: own.id, matchMethod: 'coordinates' })
    expect(body.matchConfidence).toBeLessThan(0.7)
    const pending = await (await district.request('/api/complaints?pending=true&limit=500')).json()
    expect(pending.complaints.map((c: { id: number }) => c.id)).toContain(body.id)
    const farBody = await (await byPlatform(complaint({ location: pinOff(far, 170) }))).json()
    const before = await counts()
    expect((await district.request(`/api/complaints/${farBody.id}`)).status).toBe(404)
    expect((await district.post(`/api/complaints/${farBody.id}/match`, { siteId: far.id })).status).toBe(404)
    expect((await district.post(`/api/complaints/${body.id}/match`, { siteId: far.id })).status).toBe(404)
    expect(await counts()).toEqual(before)
    const confirmed = await (await grid.post(`/api/complaints/${body.id}/match`, { siteId: own.id })).json()
    expect(confirmed).toMatchObject({ status: 'dispatched', matchMethod: 'coordinates', matchConfirmed: true })
    // Quality complaints get 3 working days.
    expect(Date.parse(confirmed.respondBy) - Date.parse(confirmed.receivedAt)).toBeGreaterThanOrEqual(3 * 86_400_000)
    const corrected = await (await admin.post(`/api/complaints/${farBody.id}/match`, { siteId: own.id })).json()
    expect(corrected).toMatchObject({ matchMethod: 'manual', matchConfidence: 1, siteId: own.id, districtId: own.district_id })
  })

  it('closes a founded complaint with a hazard that feeds risk and credit', async () => {
    const body = await (await byPlatform(complaint({ location: pin(own, 5) }))).json()
    const received = await (await command.post('/api/complaints', complaint())).json()
    const refused = async (who: ApiSession, id: number, payload: object, status: number, code: string) => {
      const before = await counts()
      const res = await who.post(`/api/complaints/${id}/close`, payload)
      expect(res.status).toBe(status)
      expect((await res.json()).error.code).toBe(code)
      expect(await counts()).toEqual(before)
    }
    const hazard = { severity: 'general', description: '裸土未覆盖', deadline: beijingDay(addDays(new Date(), 5)) }
    await refused(command, body.id, { reply: '已核实', founded: true }, 403, 'forbidden')
    await refused(grid, received.id, { reply: '已核实', founded: true }, 404, 'not_found')
    await refused(admin, received.id, { reply: '已核实', founded: true }, 422, 'not_dispatched')
    await refused(grid, body.id, { reply: '已核实', founded: false, hazard }, 422, 'hazard_unfounded')
    await refused(grid, body.id, { reply: '已核实', founded: true, hazard: { ...hazard, deadline: '2020-01-01' } }, 422, 'deadline_past')
    await refused(grid, body.id, { reply: '', founded: true }, 400, 'invalid_request')
    const res = await grid.post(`/api/complaints/${body.id}/close`, { reply: '已责令覆盖裸土', evidence: '照片 3 张', founded: true, hazard })
    expect(res.status).toBe(200)
    const closed = await res.json()
    expect(closed).toMatchObject({ status: 'closed', founded: true, overdue: false })
    const raised = await one(sql<{ raised_by: string; source_ref: string; site_id: number; category: string }>`SELECT raised_by, source_ref, site_id, category FROM hazards WHERE id = ${closed.hazardId}`)
    expect(raised).toEqual({ raised_by: 'complaint', source_ref: `complaint:${body.id}`, site_id: own.id, category: '扬尘' })
    await refused(grid, body.id, { reply: '再次', founded: true }, 422, 'already_closed')

    await createAnalyticsRefresher(database).refresh()
    const risk = await one(sql<{ breakdown: { factor: string; value: number }[] }>`SELECT breakdown FROM site_risk WHERE site_id = ${own.id}`)
    expect(risk.breakdown.find((b) => b.factor === 'foundedComplaints90')?.value).toBeGreaterThanOrEqual(1)
    const contractor = await one(sql<{ enterprise_id: number | null }>`SELECT enterprise_id FROM site_parties WHERE site_id = ${own.id} AND role = 'contractor'`)
    if (contractor?.enterprise_id) {
      expect((await admin.request('/api/credit/recompute', { method: 'POST' })).status).toBe(200)
      const credit = await one(sql<{ breakdown: { factor: string }[] }>`SELECT breakdown FROM enterprise_credit WHERE enterprise_id = ${contractor.enterprise_id} ORDER BY period_end DESC LIMIT 1`)
      expect(credit.breakdown.map((b) => b.factor)).toContain('foundedComplaints')
    }
  })
})

describe('phone numbers', () => {
  it('are whole for the dispatcher only: lists, details, exports and the audit log', async () => {
    const body = await (await byPlatform(complaint({ location: pin(own, 3) }))).json()
    for (const [who, phone] of [[admin, '138****5678'], [district, '138****5678'], [grid, '138****5678'], [command, PHONE]] as const) {
      expect((await (await who.request(`/api/complaints/${body.id}`)).json()).complainantPhone).toBe(phone)
      const listed = await (await who.request(`/api/complaints?q=${body.ticketNo}`)).json()
      expect(listed.complaints[0].complainantPhone).toBe(phone)
      const csv = await (await who.request(`/api/complaints/export?format=csv&q=${body.ticketNo}`)).text()
      expect(csv).toContain(phone)
      if (phone !== PHONE) expect(csv).not.toContain(PHONE)
    }
    const leaked = await one(sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE entity = 'complaint' AND (after::text LIKE ${`%${PHONE}%`} OR after::text LIKE '%张三%')`)
    expect(Number(leaked.n)).toBe(0)
  })
})

describe('night work and analysis', () => {
  it('records a permit over midnight and reads night-noise complaints against it', async () => {
    const from = beijingDay(addDays(new Date(), -10))
    const to = beijingDay(addDays(new Date(), 10))
    const before = await counts()
    expect((await grid.post('/api/complaints/night-work-permits', { siteId: far.id, permitNo: 'YJ-FAR', validFrom: from, validTo: to, startsAt: '22:00', endsAt: '02:00' })).status).toBe(404)
    expect((await grid.post('/api/complaints/night-work-permits', { siteId: own.id, permitNo: 'YJ-BAD', validFrom: to, validTo: from, startsAt: '22:00', endsAt: '02:00' })).status).toBe(400)
    expect((await command.post('/api/complaints/night-work-permits', { siteId: own.id, permitNo: 'YJ-CMD', validFrom: from, validTo: to, startsAt: '22:00', endsAt: '02:00' })).status).toBe(403)
    expect(await counts()).toEqual(before)
    const res = await grid.post('/api/complaints/night-work-permits', { siteId: own.id, permitNo: 'YJ-OWN', validFrom: from, validTo: to, startsAt: '22:00', endsAt: '02:00', reason: '混凝土连续浇筑' })
    expect(res.status).toBe(201)
    expect((await grid.post('/api/complaints/night-work-permits', { siteId: own.id, permitNo: 'YJ-OWN', validFrom: from, validTo: to, startsAt: '22:00', endsAt: '02:00' })).status).toBe(409)
    const night = (hour: number) => new Date(`${beijingDay(addDays(new Date(), -2))}T${String(hour).padStart(2, '0')}:30:00+08:00`).toISOString()
    for (const hour of [23, 1, 3]) await byPlatform(complaint({ category: 'noise_night', receivedAt: night(hour), location: pin(own, 5) }))
    const analysis = await (await district.request('/api/complaints/analysis')).json()
    const site = analysis.nightWork.sites.find((s: { siteId: number }) => s.siteId === own.id)
    expect(site).toMatchObject({ permitted: 2, unpermitted: 1, permits: 1 })
    expect(analysis.repeats.find((r: { siteId: number }) => r.siteId === own.id).complaints).toBeGreaterThanOrEqual(5)
    expect(analysis.heat.length).toBeGreaterThan(0)
    expect(analysis.byDistrict.every((d: { districtId: number }) => d.districtId === district.user.districtId)).toBe(true)
    const xlsx = await district.request('/api/complaints/analysis/export')
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(await xlsx.arrayBuffer())
    expect(book.worksheets.map((w) => w.name)).toHaveLength(4)
    expect((await district.request('/api/complaints/analysis?from=2026-02-01&to=2026-01-01')).status).toBe(400)
  })
})
