import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIngestWriter } from '../../server/features/ingest/ingest.writer.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { registerDevice } from '../support/devices.ts'
import { addSite, buildTown } from '../support/fixtures.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/* Each kind of alarm has its own response deadline, which an admin sets and every new alarm of the kind gets. */

let database: TestDatabase
let admin: ApiSession
let supervisor: ApiSession
let siteId: number

beforeAll(async () => {
  database = await createMigratedDatabase()
  const town = await buildTown(database.db)
  siteId = (await addSite(database.db, town, { grid: 'west' })).id
  const app = createTestApp(database)
  await addUser(database.db, { username: 'admin.kinds', role: 'admin' })
  await addUser(database.db, { username: 'grid.kinds', role: 'grid_supervisor', gridIds: [town.westGridId] })
  admin = await signIn(app, 'admin.kinds')
  supervisor = await signIn(app, 'grid.kinds')
})
afterAll(() => database?.dispose())

const patch = (s: ApiSession, kind: string, body: unknown) => s.request(`/api/alarms/kinds/${kind}`, { method: 'PATCH', body: JSON.stringify(body) })

describe('alarm response deadlines', () => {
  it('lists every kind with its deadline: PM10 within the hour', async () => {
    const { kinds } = await (await supervisor.request('/api/alarms/kinds')).json()
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual(['pm10_exceedance', 'crane_overload', 'crane_moment', 'crane_wind', 'camera_offline', 'device_silent'])
    expect(kinds[0]).toMatchObject({ nameZh: 'PM10超标', respondMinutes: 60 })
  })

  it('lets only an admin change one, with a valid number of minutes, and audits it', async () => {
    expect((await patch(supervisor, 'pm10_exceedance', { respondMinutes: 30 })).status).toBe(403)
    for (const [kind, body] of [['pm10_exceedance', { respondMinutes: 0 }], ['pm10_exceedance', { respondMinutes: 1.5 }], ['pm10_exceedance', { minutes: 30 }], ['dust', { respondMinutes: 30 }]] as const) {
      const res = await patch(admin, kind, body)
      expect(res.status).toBe(400)
      expect((await res.json()).error.code).toBe('invalid_request')
    }
    const res = await patch(admin, 'pm10_exceedance', { respondMinutes: 30 })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ kind: 'pm10_exceedance', respondMinutes: 30 })
    const audit = await database.db.selectFrom('audit_log').select(['action', 'before', 'after']).where('entity', '=', 'alarm_kind').executeTakeFirstOrThrow()
    expect(audit).toMatchObject({ action: 'update', before: { respondMinutes: 60 }, after: { respondMinutes: 30 } })
  })

  it('gives a new alarm the deadline its kind has now', async () => {
    await registerDevice(database.db, { kind: 'dust_monitor', siteId, identity: 'KIND0000001', secret: 'kind-secret' })
    const writer = createIngestWriter(database.db, { lanes: 1, pm10LimitUgM3: 150 })
    const reading = { identity: 'KIND0000001', command: '2011' as const, dataTime: new Date(Date.now() - 60_000), values: { pm10: 320 }, flags: { pm10: 'N' }, normal: true }
    expect(await writer.submit({ kind: 'dust_monitor', protocol: 'hj212', reading, secret: 'kind-secret' })).toEqual({ status: 'stored' })
    const alarm = await database.db.selectFrom('alarms').select(['kind', 'opened_at', 'respond_by']).executeTakeFirstOrThrow()
    expect(alarm.kind).toBe('pm10_exceedance')
    const minutes = (new Date(alarm.respond_by).getTime() - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(25)
    expect(minutes).toBeLessThanOrEqual(30)
  })
})
