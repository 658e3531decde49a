import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCreditCode } from '../../server/domain/credit-code.ts'
import { DEFAULT_CREDIT_CONFIG as table } from '../../server/domain/credit-config.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { enterpriseInScope } from '../../server/features/auth/site-scope.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Credit from the records: the seeded city's snapshots, a finding that costs its contractor and supervisor exactly
 * the table's points, accidents that drop a contractor to C and raise its sites' risk, the ranking cut to a zone.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let gs: ApiSession
let district: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  gs = await signIn(app, database.demo('grid_supervisor'))
  district = await signIn(app, database.demo('district_supervisor'))
})
afterAll(() => database?.dispose())

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) })
const recompute = async () => expect((await admin.request('/api/credit/recompute', { method: 'POST' })).status).toBe(200)
const creditOf = async (id: number) => (await (await admin.request(`/api/credit/enterprises/${id}`)).json()).current
const count = async (table: 'accidents' | 'enterprise_awards') => Number((await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0].n)
const units = (current: { breakdown: { factor: string; role: string; units: number }[] }, factor: string, role: string) =>
  current.breakdown.find((c) => c.factor === factor && c.role === role)?.units ?? 0

/**
 * A site in the grid supervisor's grids (the one with the fewest major findings), under way and run by a
 * contractor and a supervisor made for this file: their records are this site's alone, so each expectation is
 * exact. (A small city's busiest grid supervisor may have only completed sites: this one is put back to work.)
 */
let made: Promise<{ id: number; contractor: number; supervisor: number }> | undefined
const ownSite = () => (made ??= makeOwnSite())
async function makeOwnSite() {
  const { rows: [site] } = await sql<{ id: number }>`SELECT s.id FROM sites s
    WHERE s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.user.userId})
    ORDER BY (SELECT count(*) FROM hazards h WHERE h.site_id = s.id AND h.severity = 'major'), s.id LIMIT 1`.execute(database.db)
  await sql`UPDATE sites SET stage = 'main_structure' WHERE id = ${site.id}`.execute(database.db)
  let draw = 0
  const firm = async (name: string, kind: string) => (await sql<{ id: number }>`INSERT INTO enterprises (credit_code, name, kinds, origin, registered_place)
    VALUES (${generateCreditCode(() => (++draw * 0.618_034) % 1, '320508')}, ${name}, ARRAY[${kind}], 'local', '江苏省苏州市') RETURNING id`.execute(database.db)).rows[0].id
  const [contractor, supervisor] = [await firm('信用测试建设集团有限公司', 'contractor'), await firm('信用测试工程监理有限公司', 'supervisor')]
  await sql`INSERT INTO site_parties (site_id, role, enterprise_id, recorded_name)
    VALUES (${site.id}, 'contractor', ${contractor}, '信用测试建设集团有限公司'), (${site.id}, 'supervisor', ${supervisor}, '信用测试工程监理有限公司')
    ON CONFLICT (site_id, role) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, recorded_name = EXCLUDED.recorded_name`.execute(database.db)
  return { id: site.id, contractor, supervisor }
}

describe('credit', () => {
  it('serves the scoring table read-only, and the seeded city has snapshots', async () => {
    const model = await (await gs.request('/api/credit/model')).json()
    expect(model).toMatchObject({ base: 100, grades: table.grades, deductions: { majorHazards: { contractor: table.deductions.majorHazards.contractor } } })
    expect((await admin.request('/api/credit/model', { method: 'PUT', body: JSON.stringify({ base: 0 }) })).status).toBe(404)
    const seeded = await sql<{ firms: number; graded: number }>`SELECT count(DISTINCT enterprise_id)::int AS firms,
      count(DISTINCT grade)::int AS graded FROM enterprise_credit`.execute(database.db)
    expect(seeded.rows[0].firms).toBeGreaterThan(20)
    expect(seeded.rows[0].graded).toBeGreaterThan(1)
  })

  it('charges a finding to the contractor and supervisor by exactly the table\'s points, with one snapshot per month', async () => {
    const site = await ownSite()
    await recompute()
    // Its major findings are under their cap, so one more costs the full points.
    const room = (current: Parameters<typeof units>[0], role: 'contractor' | 'supervisor') =>
      (units(current, 'majorHazards', role) + 1) * table.deductions.majorHazards[role]!.points <= table.deductions.majorHazards[role]!.cap
    expect(room(await creditOf(site.contractor), 'contractor') && room(await creditOf(site.supervisor), 'supervisor')).toBe(true)
    const [before, supervisorBefore] = [await creditOf(site.contractor), await creditOf(site.supervisor)]
    const res = await gs.request('/api/inspections', json({
      siteId: site.id, kind: 'routine', inspectedAt: new Date(Date.now() - 3_600_000).toISOString(),
      checklist: { enclosure: true, stockpile_cover: true, road_hardening: true, vehicle_washing: true, wet_operation: true, closed_transport: true },
      scoreSheet: { safety_management: 30, site_safety: 20, dust_control: 15, civilised_construction: 9 },
      hazards: [{ severity: 'major', category: '基坑支护', description: '基坑边坡无支护', deadline: beijingDay(addDays(new Date(), 5)) }],
    }))
    expect(res.status, await res.clone().text()).toBe(201)
    await recompute()
    const [after, supervisorAfter] = [await creditOf(site.contractor), await creditOf(site.supervisor)]
    expect(after.score).toBeCloseTo(before.score - table.deductions.majorHazards.contractor!.points, 5)
    expect(supervisorAfter.score).toBeCloseTo(supervisorBefore.score - table.deductions.majorHazards.supervisor!.points, 5)
    expect(units(after, 'majorHazards', 'contractor')).toBe(units(before, 'majorHazards', 'contractor') + 1)
    expect(table.base + after.breakdown.reduce((s: number, c: { points: number }) => s + c.points, 0)).toBeCloseTo(after.score, 5)

    const { history } = await (await admin.request(`/api/credit/enterprises/${site.contractor}`)).json()
    const months = history.map((h: { periodEnd: string }) => h.periodEnd.slice(0, 7))
    expect(new Set(months).size).toBe(months.length)
    expect(months.length).toBeGreaterThanOrEqual(12)
    for (const h of history) expect(beijingDay(addDays(new Date(`${h.periodEnd}T12:00:00+08:00`), 1)).endsWith('-01')).toBe(true)
  })

  it('drops a contractor with major accidents to C, and its sites\' risk rises', async () => {
    const site = await ownSite()
    const risk = async () => (await (await admin.request(`/api/risk/sites/${site.id}`)).json()).breakdown.find((b: { factor: string }) => b.factor === 'contractorCredit')
    expect(await risk()).toBeUndefined()
    for (const day of [3, 2]) {
      const res = await gs.request('/api/credit/accidents', json({
        siteId: site.id, occurredAt: addDays(new Date(), -day).toISOString(), grade: 'major', deaths: 10, injuries: 3, description: '基坑坍塌',
      }))
      expect(res.status).toBe(201)
    }
    await recompute()
    expect((await creditOf(site.contractor)).grade).toBe('C')
    expect(await risk()).toMatchObject({ points: 8 })
    // The KPIs (and so the wall) list the lowest-credit firms at work, lowest first.
    const { lowestCredit } = await (await admin.request('/api/kpis')).json()
    expect(lowestCredit.length).toBeLessThanOrEqual(10)
    expect(lowestCredit.map((f: { id: number }) => f.id)).toContain(site.contractor)
    expect(lowestCredit[0]).toMatchObject({ grade: 'C', activeSites: expect.any(Number), kinds: expect.arrayContaining([expect.any(String)]) })
    const scores = lowestCredit.map((f: { score: number }) => f.score)
    expect(scores).toEqual([...scores].sort((a, b) => a - b))
  })

  it('ranks the firms of a zone, lowest first, and exports the ranking', async () => {
    const city = await (await admin.request('/api/credit/enterprises?limit=500')).json()
    const own = await (await gs.request('/api/credit/enterprises?limit=500')).json()
    expect(own.total).toBeLessThan(city.total)
    expect(own.items.length).toBe(own.total)
    const scores = own.items.map((f: { score: number }) => f.score)
    expect(scores).toEqual([...scores].sort((a, b) => a - b))
    for (const f of own.items) expect(f.activeSites).toBeGreaterThan(0)
    // A firm with nothing in the zone (not even a completed site there) is not found.
    const { rows: [outside] } = await sql<{ id: number }>`SELECT e.id FROM enterprises e
      WHERE NOT ${enterpriseInScope({ kind: 'grids', userId: gs.user.userId })} ORDER BY e.id LIMIT 1`.execute(database.db)
    expect(own.items.map((f: { id: number }) => f.id)).not.toContain(outside.id)
    expect((await gs.request(`/api/credit/enterprises/${outside.id}`)).status).toBe(404)
    const contractors = await (await gs.request('/api/credit/enterprises?kind=contractor&order=desc')).json()
    for (const f of contractors.items) expect(f.kinds).toContain('contractor')

    const csv = await gs.request('/api/credit/enterprises/export?format=csv')
    expect(csv.status).toBe(200)
    const lines = (await csv.text()).trim().split('\r\n')
    expect(lines[0]).toContain('企业名称')
    expect(lines.length).toBe(own.total + 1)
    expect((await gs.request('/api/credit/enterprises?kind=nobody')).status).toBe(400)
  })

  it('refuses bad accidents and awards, and writes nothing', async () => {
    const site = await ownSite()
    const far = (await sql<{ id: number }>`SELECT id FROM sites WHERE district_id <> ${district.user.districtId} ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
    const accident = { siteId: site.id, occurredAt: new Date(Date.now() - 86_400_000).toISOString(), grade: 'general', deaths: 0, injuries: 1, description: '物体打击' }
    const [accidents, awards] = [await count('accidents'), await count('enterprise_awards')]
    const refused: [ApiSession, object, number][] = [
      [gs, { ...accident, grade: 'minor' }, 400],
      [gs, { ...accident, occurredAt: new Date(Date.now() + 86_400_000).toISOString() }, 400],
      [gs, { ...accident, description: '<b>x</b>' }, 400],
      [gs, { ...accident, deaths: 3 }, 422],
      [district, { ...accident, siteId: far }, 404],
      [gs, { ...accident, siteId: 999_999 }, 404],
      [await signIn(app, database.demo('planner')), accident, 403],
    ]
    for (const [who, body, status] of refused) expect((await who.request('/api/credit/accidents', json(body))).status, JSON.stringify(body)).toBe(status)
    const award = { enterpriseId: site.contractor, level: 'provincial', title: '扬子杯', awardedOn: beijingDay(addDays(new Date(), -10)) }
    expect((await admin.request('/api/credit/awards', json({ ...award, enterpriseId: 999_999 }))).status).toBe(404)
    expect((await admin.request('/api/credit/awards', json({ ...award, awardedOn: beijingDay(addDays(new Date(), 10)) }))).status).toBe(400)
    expect((await gs.request('/api/credit/awards', json(award))).status).toBe(403)
    expect([await count('accidents'), await count('enterprise_awards')]).toEqual([accidents, awards])
    expect((await admin.request('/api/credit/awards', json(award))).status).toBe(201)
  })
})
