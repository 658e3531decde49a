import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { sweepCranes } from '../../server/features/cranes/cranes.sweep.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Crane lifecycles (建筑起重机械全生命周期): a machine filed by the admin goes through install notice, inspection,
 * use registration, maintenance and dismantling on one site and on to another, keeping its history; skipped or
 * backdated steps are 422 with the domain's reason and write nothing; other zones' machines are 404; a crane in use
 * past its inspection becomes one hazard, however often the sweep runs.
 */

let database: SeededDatabase
let admin: ApiSession
let district: ApiSession
let grid: ApiSession
let ownSite: number
let neighbourSite: number
let farSite: number
const firms = {} as Record<'owner' | 'installer' | 'testing' | 'maintainer', number>
let installerPerson: number

const day = (offset: number) => beijingDay(addDays(new Date(), offset))
const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const firmOf = async (kind: string) => (await one(sql<{ id: number }>`SELECT id FROM enterprises WHERE ${kind} = ANY(kinds) ORDER BY id LIMIT 1`)).id
const written = async () => (await one(sql<{ n: string }>`SELECT (SELECT count(*) FROM crane_events) + (SELECT count(*) FROM cranes) + (SELECT count(*) FROM audit_log) AS n`)).n
let made = 0
const file = async (offset = -400) => {
  const res = await admin.post('/api/cranes', { recordNo: `苏TQ-T${String(++made).padStart(4, '0')}`, kind: 'tower_crane', maker: '中联重科', model: 'TC6013', madeYear: 2020, ownerId: firms.owner, filedOn: day(offset) })
  expect(res.status).toBe(201)
  return (await res.json()).id as number
}
const step = (who: ApiSession, id: number, body: object) => who.post(`/api/cranes/${id}/steps`, body)
const install = (siteId: number, on: number) => ({ step: 'install_notice', siteId, occurredOn: day(on), enterpriseId: firms.installer, personIds: [installerPerson] })
const inspection = (on: number, expires: number) => ({ step: 'inspection', occurredOn: day(on), enterpriseId: firms.testing, passed: true, expiresOn: day(expires) })
const registration = (on: number, no: string) => ({ step: 'use_registration', occurredOn: day(on), enterpriseId: firms.owner, documentNo: no })

/** A machine taken into use on the site, through the API, as the admin. */
async function inUse(siteId: number, expires = 300) {
  const id = await file()
  for (const body of [install(siteId, -60), inspection(-50, expires), registration(-45, `苏EU-T${id}`)]) expect((await step(admin, id, body)).status).toBe(201)
  return id
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  ;[admin, district, grid] = await Promise.all([signIn(app, database.demo('admin')), signIn(app, database.demo('district_supervisor')), signIn(app, database.demo('grid_supervisor'))])
  const gs = grid.user
  const own = sql<boolean>`grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${gs.userId})`
  ownSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE ${own} ORDER BY id LIMIT 1`)).id
  neighbourSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE district_id = ${gs.districtId} AND NOT ${own} ORDER BY id LIMIT 1`)).id
  farSite = (await one(sql<{ id: number }>`SELECT id FROM sites WHERE district_id <> ${gs.districtId} ORDER BY id LIMIT 1`)).id
  firms.owner = await firmOf('crane_owner')
  firms.installer = await firmOf('crane_installer')
  firms.testing = await firmOf('testing')
  firms.maintainer = await firmOf('crane_maintainer')
  installerPerson = (await database.db.insertInto('people').values({ id_number: '320502199001011234', name: '安装工测试', employer_id: firms.installer })
    .returning('id').executeTakeFirstOrThrow()).id
})
afterAll(() => database?.dispose())

describe('a crane\'s life', () => {
  it('moves from site to site through every step and keeps its whole history', async () => {
    const id = await inUse(neighbourSite)
    const later = [
      { step: 'maintenance', occurredOn: day(-30), enterpriseId: firms.maintainer },
      { step: 'dismantle_notice', occurredOn: day(-20), enterpriseId: firms.installer },
      { step: 'dismantled', occurredOn: day(-18), enterpriseId: firms.installer },
    ]
    for (const body of later) expect((await step(district, id, body)).status).toBe(201)
    // On to the grid supervisor's own site, where the grid supervisor records it.
    const moved = await step(grid, id, install(ownSite, -10))
    expect(moved.status).toBe(201)
    const machine = await moved.json()
    expect(machine).toMatchObject({ stage: 'install_notified', siteId: ownSite, nextSteps: ['inspection', 'dismantle_notice'] })
    expect(machine.installations.map((i: { siteId: number; stage: string }) => [i.siteId, i.stage])).toEqual([[neighbourSite, 'dismantled'], [ownSite, 'install_notified']])
    expect(machine.installations[0]).toMatchObject({ registrationNo: `苏EU-T${id}`, dismantledOn: day(-18), lastInspectedOn: day(-50), installerId: firms.installer })
    expect(machine.events.map((e: { step: string }) => e.step)).toEqual(['filing', 'install_notice', 'inspection', 'use_registration', 'maintenance', 'dismantle_notice', 'dismantled', 'install_notice'])
    expect(machine.events[1]).toMatchObject({ siteId: neighbourSite, enterpriseId: firms.installer, people: [{ id: installerPerson, name: '安装工测试' }] })
    expect(machine.events[2]).toMatchObject({ passed: true, expiresOn: day(300), enterpriseId: firms.testing })
    // The grid supervisor sees it standing on their site now; the audit log has each step.
    const list = await (await grid.request(`/api/cranes?q=${encodeURIComponent(machine.recordNo)}`)).json()
    expect(list.items.map((m: { id: number }) => m.id)).toEqual([id])
    const audited = await one(sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE entity = 'crane_machine' AND entity_id = ${String(id)}`)
    expect(Number(audited.n)).toBe(machine.events.length)
  })

  it('shows the monitors fitted to a crane and their open alarms', async () => {
    const fitted = await one(sql<{ machine_id: number; code: string }>`SELECT c.machine_id, v.code FROM cranes c JOIN devices v ON v.crane_id = c.id ORDER BY c.id LIMIT 1`)
    const machine = await (await admin.request(`/api/cranes/${fitted.machine_id}`)).json()
    const devices = machine.installations.flatMap((i: { devices: { code: string }[] }) => i.devices)
    expect(devices).toContainEqual(expect.objectContaining({ code: fitted.code, openAlarms: expect.any(Number) }))
  })
})

describe('refused steps', () => {
  it('refuses skipped, doubled and backdated steps with the reason, writing nothing', async () => {
    const id = await file()
    expect((await step(admin, id, install(ownSite, -30))).status).toBe(201)
    const before = await written()
    const refusals: [object, number, string][] = [
      [registration(-20, '苏EU-SKIP'), 422, 'wrong_stage'],
      [install(farSite, -20), 422, 'already_installed'],
      [inspection(-40, 100), 422, 'date_before_last_step'],
      [inspection(2, 100), 422, 'date_in_future'],
      [{ ...inspection(-20, 100), enterpriseId: firms.maintainer }, 422, 'wrong_enterprise_kind'],
      [{ ...install(ownSite, -20), step: 'maintenance' }, 400, 'invalid_request'],
      [{ step: 'inspection', occurredOn: day(-20), passed: true }, 400, 'invalid_request'],
    ]
    for (const [body, status, code] of refusals) {
      const res = await step(admin, id, body)
      expect(res.status, code).toBe(status)
      const { error } = await res.json()
      expect(error.code === code || error.details?.reason === code, `${code}: ${JSON.stringify(error)}`).toBe(true)
    }
    expect((await step(admin, id, { ...inspection(-20, 100), personIds: [installerPerson] })).status).toBe(422)
    expect(await written()).toBe(before)
  })

  it('files a machine once, with an owner that is a crane owner', async () => {
    const res = await admin.post('/api/cranes', { recordNo: `苏TQ-T0001`, kind: 'tower_crane', ownerId: firms.owner, filedOn: day(-1) })
    expect(res.status).toBe(409)
    const wrongOwner = await admin.post('/api/cranes', { recordNo: '苏TQ-NEW1', kind: 'tower_crane', ownerId: firms.testing, filedOn: day(-1) })
    expect(wrongOwner.status).toBe(422)
    expect((await district.post('/api/cranes', { recordNo: '苏TQ-NEW2', kind: 'tower_crane', ownerId: firms.owner, filedOn: day(-1) })).status).toBe(403)
  })
})

describe('zones', () => {
  it('hides other districts\' machines and the yard from a district: 404, and nothing written', async () => {
    const far = await inUse(farSite)
    const yard = await file()
    expect((await district.request(`/api/cranes/${far}`)).status).toBe(404)
    const before = await written()
    expect((await step(district, far, { step: 'maintenance', occurredOn: day(0), enterpriseId: firms.maintainer })).status).toBe(404)
    expect((await step(district, yard, install(farSite, -1))).status).toBe(404)
    expect(await written()).toBe(before)
    const seen = await (await district.request('/api/cranes?limit=500')).json()
    const ids = seen.items.map((m: { id: number }) => m.id)
    expect(ids).not.toContain(far)
    expect(ids).not.toContain(yard)
    expect((await (await admin.request('/api/cranes?stage=yard&limit=500')).json()).items.map((m: { id: number }) => m.id)).toContain(yard)
  })
})

describe('the sweep', () => {
  it('raises one hazard for a crane in use past its inspection, however often it runs', async () => {
    const id = await inUse(ownSite, -1)
    const machine = await (await admin.request(`/api/cranes/${id}`)).json()
    expect(machine.flags).toContain('inspection_invalid_in_use')
    const inspectionId = machine.events.find((e: { step: string }) => e.step === 'inspection').id
    const ref = `crane:${machine.craneId}:inspection:${inspectionId}`
    expect((await sweepCranes(database.db)).raised).toBeGreaterThan(0)
    expect((await sweepCranes(database.db)).raised).toBe(0)
    const hazards = await database.db.selectFrom('hazards').select(['site_id', 'severity', 'category', 'status']).where('source_ref', '=', ref).execute()
    expect(hazards).toEqual([{ site_id: ownSite, severity: 'major', category: '起重机械检验过期仍在使用', status: 'open' }])
  })
})
