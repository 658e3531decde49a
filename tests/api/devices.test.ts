import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256 } from '../../server/features/auth/session.ts'
import type { FieldIngest } from '../../server/features/ingest/field-ingest.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { dustFactors, DustMonitor, nextQn, readingCount, startTestIngest, until } from '../support/devices.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * The device registry over HTTP on a seeded city: registering shows the secret once and stores its hash, rotating
 * locks the old HJ 212 password out at once, writes are the admin's, audited, and reads follow the user's zone;
 * then the vendor platforms' keys and their idempotent batch pushes.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let admin: ApiSession
let planner: ApiSession
let supervisor: ApiSession
let field: FieldIngest
let siteId: number

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  ;[admin, planner, supervisor] = await Promise.all([signIn(app, database.demo('admin')), signIn(app, database.demo('planner')), signIn(app, database.demo('grid_supervisor'))])
  siteId = (await database.db.selectFrom('sites').select('id').orderBy('id').executeTakeFirstOrThrow()).id
  field = await startTestIngest(database)
})
afterAll(async () => {
  await field?.stop()
  await database?.dispose()
})

const auditOf = (entity: string, entityId: number) => database.db.selectFrom('audit_log').select(['action', 'user_id', 'before', 'after'])
  .where('entity', '=', entity).where('entity_id', '=', String(entityId)).orderBy('id').execute()
let serial = 0
const dust = (overrides: Record<string, unknown> = {}) => {
  serial += 1
  return { code: `DM-T${serial}`, kind: 'dust_monitor', siteId, protocol: 'hj212', identity: `320500TEST${String(serial).padStart(4, '0')}`, intervalS: 60, ...overrides }
}

/** A crane that no device watches yet, and its site. */
async function freeCrane() {
  return database.db.selectFrom('cranes as c').leftJoin('devices as d', 'd.crane_id', 'c.id').select(['c.id', 'c.site_id as siteId'])
    .where('d.id', 'is', null).orderBy('c.id').executeTakeFirstOrThrow()
}

describe('registering a device', () => {
  it('shows the secret once, stores only its SHA-256 and audits the registration', async () => {
    const body = dust()
    const res = await admin.post('/api/devices', body)
    expect(res.status).toBe(201)
    const { device, secret } = await res.json()
    expect(secret).toMatch(/^[A-Za-z0-9_-]{20}$/)
    expect(device).toMatchObject({ code: body.code, kind: 'dust_monitor', siteId, identity: body.identity, status: 'active', health: 'never', lastSeenAt: null })
    const row = await database.db.selectFrom('devices').selectAll().where('id', '=', device.id).executeTakeFirstOrThrow()
    expect(row.secret_sha256).toBe(sha256(secret))
    expect(JSON.stringify(row)).not.toContain(secret)
    // Never again: neither the device nor the list carries it.
    const again = await (await admin.request(`/api/devices/${device.id}`)).json()
    expect(JSON.stringify(again)).not.toContain(secret)
    expect(again).not.toHaveProperty('secret')
    const audit = await auditOf('device', device.id)
    expect(audit).toEqual([expect.objectContaining({ action: 'create', user_id: admin.user.userId, after: expect.objectContaining({ identity: body.identity }) })])
    expect(JSON.stringify(audit)).not.toContain(secret)
  })

  it('refuses bad input with 400 and the fields, a wrong binding, and a taken identity with 409', async () => {
    const bad = await admin.post('/api/devices', dust({ code: 'x', kind: 'dust_monitor', protocol: 'mqtt', identity: 'has space', intervalS: 1 }))
    expect(bad.status).toBe(400)
    const { error } = await bad.json()
    expect(error.code).toBe('invalid_request')
    expect(error.details.map((d: { path: string }) => d.path)).toEqual(expect.arrayContaining(['code', 'identity', 'intervalS']))

    const wrongKind = await admin.post('/api/devices', dust({ protocol: 'mqtt' }))
    expect(wrongKind.status).toBe(400)
    expect((await wrongKind.json()).error.details).toEqual([expect.objectContaining({ path: 'protocol' })])
    const noCrane = await admin.post('/api/devices', dust({ kind: 'crane_monitor', protocol: 'http' }))
    expect(noCrane.status).toBe(400)

    const crane = await freeCrane()
    const elsewhere = await database.db.selectFrom('sites').select('id').where('id', '<>', crane.siteId).orderBy('id').executeTakeFirstOrThrow()
    const wrongSite = await admin.post('/api/devices', dust({ kind: 'crane_monitor', protocol: 'http', siteId: elsewhere.id, craneId: crane.id }))
    expect(wrongSite.status).toBe(400)
    expect((await wrongSite.json()).error.code).toBe('invalid_binding')

    const first = dust()
    expect((await admin.post('/api/devices', first)).status).toBe(201)
    const twice = await admin.post('/api/devices', { ...dust(), identity: first.identity })
    expect(twice.status).toBe(409)
    expect((await twice.json()).error).toMatchObject({ code: 'already_registered', message: expect.stringContaining(first.identity) })
  })

  it('is the admin\'s alone: others get 403 and nothing changes', async () => {
    const before = await database.db.selectFrom('devices').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    const someDevice = await database.db.selectFrom('devices').select('id').orderBy('id').executeTakeFirstOrThrow()
    for (const session of [planner, supervisor]) {
      expect((await session.post('/api/devices', dust())).status).toBe(403)
      expect((await session.request(`/api/devices/${someDevice.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'maintenance' }) })).status).toBe(403)
      expect((await session.request(`/api/devices/${someDevice.id}/secret`, { method: 'POST' })).status).toBe(403)
      expect((await session.post('/api/admin/ingest-platforms', { name: 'sneaky' })).status).toBe(403)
    }
    const after = await database.db.selectFrom('devices').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
    expect(after.n).toBe(before.n)
  })
})

describe('changing a device', () => {
  it('changes status and interval, audits before and after, and shows maintenance as the health', async () => {
    const { device } = await (await admin.post('/api/devices', dust())).json()
    const res = await admin.request(`/api/devices/${device.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'maintenance', intervalS: 300 }) })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'maintenance', intervalS: 300, health: 'maintenance' })
    expect((await auditOf('device', device.id)).at(-1)).toMatchObject({ action: 'update', before: { status: 'active', intervalS: 60 }, after: { status: 'maintenance', intervalS: 300 } })
    const bad = await admin.request(`/api/devices/${device.id}`, { method: 'PATCH', body: JSON.stringify({ status: 'broken', intervalS: 3 }) })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.details.map((d: { path: string }) => d.path).sort()).toEqual(['intervalS', 'status'])
    expect((await admin.request('/api/devices/99999999', { method: 'PATCH', body: JSON.stringify({ status: 'active' }) })).status).toBe(404)
  })

  it('rotates the secret: the old HJ 212 password stops working at once, the new one works', async () => {
    const { device, secret: oldSecret } = await (await admin.post('/api/devices', dust())).json()
    const old = await DustMonitor.connect(field.hj212.port, device.identity, oldSecret)
    await old.acked(old.send({ qn: nextQn(), dataTime: new Date(Date.now() - 120_000), factors: dustFactors(50) }))
    expect(await readingCount(database.db, device.id)).toBe(1)

    const res = await admin.request(`/api/devices/${device.id}/secret`, { method: 'POST' })
    expect(res.status).toBe(200)
    const { secret: newSecret } = await res.json()
    expect(newSecret).not.toBe(oldSecret)
    const refusedBefore = field.hj212.stats().refused
    const stale = old.send({ qn: nextQn(), dataTime: new Date(Date.now() - 60_000), factors: dustFactors(51) })
    await until(() => field.hj212.stats().refused > refusedBefore, 'the old password refused')
    expect(old.acks.has(stale)).toBe(false)
    expect(await readingCount(database.db, device.id)).toBe(1)

    const renewed = await DustMonitor.connect(field.hj212.port, device.identity, newSecret)
    await renewed.acked(renewed.send({ qn: nextQn(), dataTime: new Date(Date.now() - 30_000), factors: dustFactors(52) }))
    expect(await readingCount(database.db, device.id)).toBe(2)
    const audit = await auditOf('device', device.id)
    expect(audit.at(-1)).toMatchObject({ action: 'rotate_secret', user_id: admin.user.userId })
    expect(JSON.stringify(audit)).not.toContain(newSecret)
    await Promise.all([old.close(), renewed.close()])
  })
})

describe('listing devices', () => {
  it('filters by kind, status and text, and gives a supervisor only the devices of their grids', async () => {
    const all = await (await admin.request('/api/devices?limit=1000')).json()
    expect(all.total).toBeGreaterThan(0)
    const cameras = await (await admin.request('/api/devices?kind=camera&limit=5')).json()
    expect(cameras.devices.every((d: { kind: string }) => d.kind === 'camera')).toBe(true)
    const maintenance = await (await admin.request('/api/devices?status=maintenance')).json()
    expect(maintenance.devices.every((d: { status: string }) => d.status === 'maintenance')).toBe(true)
    const byText = await (await admin.request('/api/devices?q=DM-T1')).json()
    expect(byText.devices.map((d: { code: string }) => d.code)).toContain('DM-T1')

    const mine = await (await supervisor.request('/api/devices?limit=1000')).json()
    const { rows } = await sql<{ id: number }>`SELECT v.id FROM devices v JOIN sites s ON s.id = v.site_id
      WHERE s.grid_id IN (SELECT grid_id FROM grid_supervisors WHERE user_id = ${supervisor.user.userId}) ORDER BY v.id`.execute(database.db)
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.length).toBeLessThan(all.total)
    expect(mine.devices.map((d: { id: number }) => d.id).sort((a: number, b: number) => a - b)).toEqual(rows.map((r) => r.id))
    const foreign = all.devices.find((d: { id: number }) => !rows.some((r) => r.id === d.id))
    expect((await supervisor.request(`/api/devices/${foreign.id}`)).status).toBe(404)
    expect((await admin.request('/api/devices?kind=robot')).status).toBe(400)
  })
})

describe('vendor platforms', () => {
  it('creates a key shown once, takes an idempotent batch with it, and stops taking it once revoked', async () => {
    const created = await admin.post('/api/admin/ingest-platforms', { name: '测试塔机平台' })
    expect(created.status).toBe(201)
    const { id, key } = await created.json()
    const stored = await database.db.selectFrom('ingest_platforms').select('key_sha256').where('id', '=', id).executeTakeFirstOrThrow()
    expect(stored.key_sha256).toBe(sha256(key))
    expect(JSON.stringify(await (await admin.request('/api/admin/ingest-platforms')).json())).not.toContain(key)
    expect((await auditOf('ingest_platform', id))[0]).toMatchObject({ action: 'create', after: { name: '测试塔机平台' } })

    const crane = await freeCrane()
    const registered = await admin.post('/api/devices', dust({ code: 'CM-HTTP-1', kind: 'crane_monitor', protocol: 'http', siteId: crane.siteId, craneId: crane.id, identity: 'vendor-crane-1' }))
    expect(registered.status).toBe(201)
    const deviceId = (await registered.json()).device.id
    const telemetry = (minutesAgo: number, loadT: number) => ({ deviceId: 'vendor-crane-1', ts: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      loadT, ratedLoadT: 10, momentPct: 40, windMs: 3, heightM: 40, slewDeg: 90, operatorVerified: true })
    const push = (idempotencyKey: string, readings: unknown[], apiKey = key) => app.request('/api/ingest/crane_monitor', {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': apiKey, 'idempotency-key': idempotencyKey }, body: JSON.stringify({ readings }),
    })
    const batch = [telemetry(3, 2), telemetry(2, 3), { ...telemetry(1, 1), deviceId: 'nobody-here' }]
    const first = await push('batch-0001', batch)
    expect(first.status).toBe(200)
    const answer = await first.json()
    expect(answer).toMatchObject({ stored: 2, duplicates: 0, refused: 1 })
    expect(answer.results[2]).toMatchObject({ status: 'refused', reason: expect.stringContaining('unknown device') })
    expect(await readingCount(database.db, deviceId)).toBe(2)

    const replay = await push('batch-0001', batch)
    expect(replay.status).toBe(200)
    expect(replay.headers.get('idempotent-replayed')).toBe('true')
    expect(await replay.json()).toEqual(answer)
    expect(await readingCount(database.db, deviceId)).toBe(2)
    const requests = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ingest_requests WHERE platform_id = ${id}`.execute(database.db)
    expect(requests.rows[0].n).toBe(1)

    const reused = await push('batch-0001', [telemetry(4, 5)])
    expect(reused.status).toBe(422)
    expect((await reused.json()).error.code).toBe('idempotency_key_reused')
    expect(await readingCount(database.db, deviceId)).toBe(2)

    const invalid = await push('batch-0002', [{ ...telemetry(1, 1), loadT: -1 }])
    expect(invalid.status).toBe(400)
    expect((await invalid.json()).error.details).toEqual([expect.objectContaining({ path: 'readings.0' })])

    expect((await admin.request(`/api/admin/ingest-platforms/${id}`, { method: 'DELETE' })).status).toBe(204)
    expect((await auditOf('ingest_platform', id)).at(-1)).toMatchObject({ action: 'revoke' })
    expect((await push('batch-0003', [telemetry(1, 1)])).status).toBe(401)
    expect((await admin.request(`/api/admin/ingest-platforms/${id}`, { method: 'DELETE' })).status).toBe(404)
    expect((await admin.post('/api/admin/ingest-platforms', { name: '测试塔机平台' })).status).toBe(409)
  })
})
