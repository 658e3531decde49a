import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sha256 } from '../../server/features/auth/session.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { csvFile, postImport, type Rows } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Field devices through the importer: each row's binding, protocol and identity judged against the registry, one
 * transaction, and the new devices' secrets handed back in the committed report only, their hashes stored.
 */

let database: SeededDatabase
let admin: ApiSession
let planner: ApiSession
let site: { id: number; code: string }
let otherSite: { code: string }
let crane: { record_no: string }
let takenCrane: { record_no: string; site: string }
let camera: string
let registered: { code: string; identity: string }

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  ;[admin, planner] = await Promise.all([signIn(app, database.demo('admin')), signIn(app, database.demo('planner'))])
  const db = database.db
  // A monitor binds to a machine's live installation, named by the machine's 备案编号.
  const installations = db.selectFrom('cranes as c').innerJoin('crane_machines as m', 'm.id', 'c.machine_id').innerJoin('sites as s', 's.id', 'c.site_id')
    .where('c.stage', '<>', 'dismantled')
  const free = await installations.leftJoin('devices as d', 'd.crane_id', 'c.id')
    .select(['m.record_no', 's.id', 's.code']).where('d.id', 'is', null).orderBy('c.id').executeTakeFirstOrThrow()
  site = { id: free.id, code: free.code }
  crane = free
  otherSite = await db.selectFrom('sites').select('code').where('id', '<>', site.id).orderBy('id').executeTakeFirstOrThrow()
  const bound = await installations.innerJoin('devices as d', 'd.crane_id', 'c.id')
    .select(['m.record_no', 's.code as site']).orderBy('c.id').executeTakeFirstOrThrow()
  takenCrane = bound
  // Every seeded camera has its device already: a new one on the site, with none.
  camera = `CAM-IMP-${site.id}`
  await db.insertInto('cameras').values({ site_id: site.id, code: camera, purpose: 'site_video', location: sql`(SELECT location FROM sites WHERE id = ${site.id})`,
    heading_deg: 90, fov_deg: 90, range_m: 100, online: true }).execute()
  registered = await db.selectFrom('devices').select(['code', 'identity']).where('kind', '=', 'dust_monitor').orderBy('id').executeTakeFirstOrThrow()
})
afterAll(() => database?.dispose())

const row = (code: string, overrides: Record<string, string | number | null> = {}) => ({
  设备编号: code, 设备类型: '扬尘监测仪', 项目编号: site.code, 起重机备案号: null, 摄像头编号: null, 协议: 'HJ 212', '设备标识(MN)': `MN${code}`, '上报间隔(秒)': 60,
  ...overrides,
})
/** One device of each kind, all fine (a function: the site, crane and camera are known once the city is built). */
const good = (): Rows => [
  row('IMP-DM-1'),
  row('IMP-CM-1', { 设备类型: '塔机安全监控', 起重机备案号: crane.record_no, 协议: 'MQTT', '设备标识(MN)': 'imp-crane-1', '上报间隔(秒)': 30 }),
  row('IMP-CV-1', { 设备类型: 'camera', 摄像头编号: camera, 协议: 'http', '设备标识(MN)': 'imp-camera-1', '上报间隔(秒)': null }),
]
const deviceCount = async () => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM devices`.execute(database.db)).rows[0].n

async function report(res: Response) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200)
  return body
}

describe('importing devices', () => {
  it('previews row by row with the reason for each rejected row, and stores nothing', async () => {
    const before = await deviceCount()
    const rows: Rows = [
      ...good(),
      row(registered.code),
      row('IMP-BAD-1', { 设备类型: '温度计' }),
      row('IMP-BAD-2', { 协议: 'MQTT' }),
      row('IMP-BAD-3', { 设备类型: '塔机安全监控', 协议: 'MQTT' }),
      row('IMP-BAD-4', { 设备类型: '塔机安全监控', 协议: 'MQTT', 项目编号: otherSite.code, 起重机备案号: crane.record_no }),
      row('IMP-BAD-5', { 设备类型: '塔机安全监控', 协议: 'MQTT', 项目编号: takenCrane.site, 起重机备案号: takenCrane.record_no }),
      row('IMP-BAD-6', { '设备标识(MN)': registered.identity }),
      row('IMP-BAD-7', { '设备标识(MN)': 'SAME-MN' }), row('IMP-BAD-8', { '设备标识(MN)': 'SAME-MN' }),
      row('IMP-BAD-9', { 项目编号: 'NO-SUCH-SITE' }),
      row('IMP-BAD-10', { 摄像头编号: camera }),
      row('IMP-BAD-11', { '上报间隔(秒)': 2 }),
      row('IMP-BAD-12', { '设备标识(MN)': 'MN 有空格' }),
      row('IMP-BAD-13', { 设备类型: '视频监控设备', 协议: 'MQTT', 摄像头编号: 'NO-SUCH-CAMERA' }),
    ]
    const body = await report(await postImport(admin, 'devices', csvFile(rows)))
    expect(body).toMatchObject({ entity: 'devices', committed: false, totals: { rows: 17, create: 3, skip: 1, reject: 13 } })
    expect(body).not.toHaveProperty('secrets')
    const reasons = new Map(body.rows.map((r: { key: string; reasons: { code: string; column?: string }[] }) => [r.key, r.reasons.map((i) => `${i.code}@${i.column ?? ''}`)]))
    expect(reasons.get('IMP-BAD-1')).toEqual(['unknown_value@设备类型'])
    expect(reasons.get('IMP-BAD-2')).toEqual(['protocol_mismatch@协议'])
    expect(reasons.get('IMP-BAD-3')).toEqual(['crane_required@起重机备案号'])
    expect(reasons.get('IMP-BAD-4')).toEqual(['crane_not_on_site@起重机备案号'])
    expect(reasons.get('IMP-BAD-5')).toEqual(['crane_taken@起重机备案号'])
    expect(reasons.get('IMP-BAD-6')).toEqual(['identity_taken@设备标识(MN)'])
    expect(reasons.get('IMP-BAD-7')).toEqual(['duplicate_in_file@设备标识(MN)'])
    expect(reasons.get('IMP-BAD-8')).toEqual(['duplicate_in_file@设备标识(MN)'])
    expect(reasons.get('IMP-BAD-9')).toEqual(['unknown_site@'])
    expect(reasons.get('IMP-BAD-10')).toEqual(['camera_not_allowed@摄像头编号'])
    expect(reasons.get('IMP-BAD-11')).toEqual(['out_of_range@上报间隔(秒)'])
    expect(reasons.get('IMP-BAD-12')).toEqual(['invalid_identifier@设备标识(MN)'])
    expect(reasons.get('IMP-BAD-13')).toEqual(['unknown_camera@摄像头编号'])
    expect(body.rows.find((r: { key: string }) => r.key === registered.code).action).toBe('skip')
    expect(await deviceCount()).toBe(before)
  })

  it('refuses to commit a file with a bad row, storing nothing', async () => {
    const before = await deviceCount()
    const res = await postImport(admin, 'devices', csvFile([...good(), row('IMP-BAD-20', { 协议: 'HTTP' })]), { mode: 'commit' })
    expect(res.status).toBe(422)
    expect((await res.json()).error.code).toBe('rows_rejected')
    expect(await deviceCount()).toBe(before)
    expect((await postImport(planner, 'devices', csvFile(good()), { mode: 'commit' })).status).toBe(403)
    expect(await deviceCount()).toBe(before)
  })

  it('imports the devices with fresh secrets shown once in the report, their hashes stored, and audits it', async () => {
    const body = await report(await postImport(admin, 'devices', csvFile(good(), 'utf-8', 'devices.csv'), { mode: 'commit' }))
    expect(body).toMatchObject({ committed: true, totals: { create: 3, reject: 0 } })
    expect(body.secrets.map((s: { code: string }) => s.code).sort()).toEqual(['IMP-CM-1', 'IMP-CV-1', 'IMP-DM-1'])
    const devices = await database.db.selectFrom('devices as v').leftJoin('cranes as c', 'c.id', 'v.crane_id').leftJoin('crane_machines as m', 'm.id', 'c.machine_id')
      .leftJoin('cameras as k', 'k.id', 'v.camera_id')
      .select(['v.code', 'v.kind', 'v.site_id', 'v.protocol', 'v.identity', 'v.interval_s', 'v.status', 'v.secret_sha256', 'm.record_no', 'k.code as camera'])
      .where('v.code', 'like', 'IMP-%').orderBy('v.code').execute()
    expect(devices.map(({ secret_sha256: _, ...d }) => d)).toEqual([
      { code: 'IMP-CM-1', kind: 'crane_monitor', site_id: site.id, protocol: 'mqtt', identity: 'imp-crane-1', interval_s: 30, status: 'active', record_no: crane.record_no, camera: null },
      { code: 'IMP-CV-1', kind: 'camera', site_id: site.id, protocol: 'http', identity: 'imp-camera-1', interval_s: 60, status: 'active', record_no: null, camera },
      { code: 'IMP-DM-1', kind: 'dust_monitor', site_id: site.id, protocol: 'hj212', identity: 'MNIMP-DM-1', interval_s: 60, status: 'active', record_no: null, camera: null },
    ])
    const secrets = new Map(body.secrets.map((s: { identity: string; secret: string }) => [s.identity, s.secret]))
    for (const d of devices) expect(d.secret_sha256).toBe(sha256(secrets.get(d.identity) as string))
    expect(new Set(secrets.values()).size).toBe(3)
    const audit = await database.db.selectFrom('audit_log').select(['user_id', 'after']).where('action', '=', 'import').where('entity', '=', 'devices').execute()
    expect(audit).toEqual([expect.objectContaining({ user_id: admin.user.userId, after: expect.objectContaining({ totals: expect.objectContaining({ create: 3 }), devices: ['IMP-DM-1', 'IMP-CM-1', 'IMP-CV-1'] }) })])
    expect(JSON.stringify(audit)).not.toContain(body.secrets[0].secret)

    // The same file again: every device is already registered, so nothing changes and no secret is reissued.
    const again = await report(await postImport(admin, 'devices', csvFile(good()), { mode: 'commit' }))
    expect(again.totals).toMatchObject({ create: 0, skip: 3 })
    expect(again.secrets).toEqual([])
    const after = await database.db.selectFrom('devices').select('secret_sha256').where('code', 'like', 'IMP-%').orderBy('code').execute()
    expect(after.map((d) => d.secret_sha256)).toEqual(devices.map((d) => d.secret_sha256))
  })
})
