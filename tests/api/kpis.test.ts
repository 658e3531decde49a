import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type FeedKind, feedReading } from '../../server/domain/device-readings.ts'
import { createIngestWriter } from '../../server/features/ingest/ingest.writer.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'
import { addCamera, addCrane, addHazard, addNotice, addPm10, addSite, buildTown, type Town } from '../support/fixtures.ts'

/*
 * A town of four sites whose KPIs are worked out by hand:
 *   S1 west, earthworks: site video, monitored tower crane, active 超危大, a new general hazard, a notice today, key project (enclosure only)
 *   S2 west, main structure: not evaluated, no camera, unmonitored hoist, a major hazard overdue by 33 days,
 *      six hourly PM10 readings over the limit in the last 24 h (six, so that a Beijing midnight between them still
 *      leaves a day with more than the two tolerated)
 *   S3 east, completed (not counted: no longer supervised), a closed hazard
 *   S4 east, finishing: crane camera only (no site video), key project with all three measures
 */
let database: TestDatabase
let town: Town
let app: ReturnType<typeof createTestApp>
let api: ApiSession

beforeAll(async () => {
  database = await createMigratedDatabase()
  const db = database.db
  town = await buildTown(db)
  const s1 = await addSite(db, town, { grid: 'west', stage: 'earthworks', standardizationScore: 80 })
  const s2 = await addSite(db, town, { grid: 'west', at: [300, 300], kind: 'municipal', standardizationScore: null })
  const s3 = await addSite(db, town, { grid: 'east', stage: 'completed' })
  const s4 = await addSite(db, town, { grid: 'east', at: [300, 300], stage: 'finishing', standardizationScore: 70 })
  await addCamera(db, s1.id, { at: s1.centre, heading: 0, fov: 90, range: 50 })
  await addCamera(db, s3.id, { at: s3.centre, heading: 0, fov: 90, range: 50 })
  await addCamera(db, s4.id, { at: s4.centre, heading: 0, fov: 120, range: 60, purpose: 'crane_monitor' })
  await addCrane(db, s1.id, 'tower_crane', true)
  await addCrane(db, s2.id, 'hoist', false)
  await db.insertInto('dangerous_works').values({ site_id: s1.id, category: 'deep_excavation', beyond_scale: true, measure_value: 7, measure_unit: 'm', status: 'in_progress', starts_on: sql`current_date - 30` }).execute()
  await db.insertInto('dangerous_works').values({ site_id: s4.id, category: 'high_formwork', beyond_scale: true, measure_value: 9, measure_unit: 'm', status: 'completed', starts_on: sql`current_date - 90` }).execute()
  await addHazard(db, s1.id, { severity: 'general', status: 'open', ageDays: 0, dueInDays: 7 })
  await addHazard(db, s2.id, { severity: 'major', status: 'rectifying', ageDays: 40, dueInDays: -33 })
  await addHazard(db, s3.id, { severity: 'general', status: 'closed', ageDays: 50, dueInDays: -40 })
  await addNotice(db, s1.id, 'rectification')
  await addNotice(db, s2.id, 'stop_work_rectification', 40)
  await addPm10(db, s2.id, [{ hoursAgo: 1, pm10: 210 }, { hoursAgo: 2, pm10: 190 }, { hoursAgo: 3, pm10: 160 }, { hoursAgo: 5, pm10: 151 },
    { hoursAgo: 6, pm10: 180 }, { hoursAgo: 7, pm10: 170 }, { hoursAgo: 4, pm10: 90 }, { hoursAgo: 8, pm10: 150 }, { hoursAgo: 30, pm10: 400 }])
  const area = await db.insertInto('key_areas').values({ name: '测试重点区域', district_id: town.districtId, geom: sql`(SELECT geom FROM districts WHERE id = ${town.districtId})` })
    .returning('id').executeTakeFirstOrThrow()
  await db.insertInto('key_projects').values([
    { site_id: s1.id, key_area_id: area.id, rank: 1, deadline: sql`current_date - 1`, enclosure_done_on: sql`current_date - 10` },
    { site_id: s4.id, key_area_id: area.id, rank: 2, deadline: sql`current_date - 1`, enclosure_done_on: sql`current_date - 20`,
      dust_net_done_on: sql`current_date - 20`, spraying_done_on: sql`current_date - 5` },
  ]).execute()
  app = createTestApp(database)
  await addUser(database.db, { username: 'command.test', role: 'city_command' })
  api = await signIn(app, 'command.test')
})
afterAll(() => database?.dispose())

const kpis = async (query = '') => {
  const res = await api.request(`/api/kpis${query}`)
  expect(res.status).toBe(200)
  return res.json()
}

describe('KPIs on a hand-built town', () => {
  it('三准确、一覆盖', async () => {
    const k = (await kpis()).threeAccurateOneCoverage
    expect(k.supervisedProjectsToday).toBe(3)
    expect(k.noticesToday.total).toBe(1)
    expect(k.noticesToday.byType.find((t: { type: string }) => t.type === 'rectification').count).toBe(1)
    expect(k.noticesToday.byType.find((t: { type: string }) => t.type === 'stop_work_rectification').count).toBe(0)
    expect(k.beyondScaleProjectsNow).toBe(1)
    expect(k.standardizationCoverage).toBeCloseTo(2 / 3, 4)
  })

  it('the 100% targets', async () => {
    const t = (await kpis()).targets
    // 持证上岗率 comes from site_staff and certificates (tests/api/people.test.ts); this town records no key staff.
    expect(t.certificateRate).toBe(0)
    expect(t.videoInstallationRate).toBeCloseTo(1 / 3, 4)
    expect(t.craneMonitoringRate).toBe(0.5)
    expect(t.standardizationCoverage).toBeCloseTo(2 / 3, 4)
  })

  it('the key projects against their deadline', async () => {
    expect((await kpis()).keyProjects).toMatchObject({ total: 2, highEnclosure: 2, dustNet: 1, spraying: 1, allThree: 1, missingAfterDeadline: 1 })
  })

  it('open hazards by age and severity, and the overdue', async () => {
    const h = (await kpis()).hazards
    expect(h).toMatchObject({ open: 2, overdue: 1, bySeverity: { major: 1, general: 1 } })
    expect(h.byAge).toEqual([{ ageDays: '0-7', major: 0, general: 1 }, { ageDays: '8-30', major: 0, general: 0 }, { ageDays: '31+', major: 1, general: 0 }])
  })

  it('PM10 exceedances in the last 24 h under the configured rule', async () => {
    expect((await kpis()).pm10).toMatchObject({ exceedingWindowsLast24h: 6, sitesExceedingLast24h: 1, rule: { limitUgM3: 150 } })
  })

  it('lists the same exceedances as dust alerts, newest first', async () => {
    const { alerts, rule } = await (await api.request('/api/dust/alerts?hours=24')).json()
    expect(rule.limitUgM3).toBe(150)
    expect(alerts.map((a: { meanPm10: number }) => a.meanPm10)).toEqual([210, 190, 160, 151, 180, 170])
    expect((await api.request('/api/dust/alerts?hours=0')).status).toBe(400)
  })

  it('ranks districts', async () => {
    expect((await kpis()).districtRanking).toEqual([expect.objectContaining({ rank: 1, districtId: town.districtId, supervisedSites: 3, openHazards: 2, overdueHazards: 1 })])
  })

  it('narrows to a grid', async () => {
    const k = await kpis(`?grid=${town.eastGridId}`)
    expect(k.threeAccurateOneCoverage.supervisedProjectsToday).toBe(1)
    expect(k.targets.videoInstallationRate).toBe(0)
    expect(k.keyProjects).toMatchObject({ total: 1, allThree: 1, missingAfterDeadline: 0 })
    expect(k.hazards.open).toBe(0)
  })

  it('refuses an unknown scope', async () => {
    expect((await api.request('/api/kpis?district=99999')).status).toBe(404)
    expect((await api.request('/api/kpis?grid=abc')).status).toBe(400)
  })
})

describe('risk follows the records', () => {
  const riskOf = async (siteId: number) => (await api.request(`/api/risk/sites/${siteId}`)).json()
  const factors = (risk: { breakdown: { factor: string }[] }) => risk.breakdown.map((b) => b.factor)

  it('explains the score of a site from its records', async () => {
    const { rows } = await sql<{ id: number }>`SELECT id FROM sites WHERE kind = 'municipal'`.execute(database.db)
    const risk = await riskOf(rows[0].id)
    expect(factors(risk)).toEqual(expect.arrayContaining(['overdueHazards', 'majorOpenHazards', 'openHazards', 'stopWorkNotices90',
      'noCamera', 'unmonitoredCranes', 'notEvaluated', 'certificateGap', 'pm10ExceedanceDays7', 'pm10ExceedanceDays30']))
    expect(risk.score).toBeCloseTo(risk.breakdown.reduce((s: number, b: { points: number }) => s + b.points, 0), 0)
  })

  it('rises with a new hazard and falls when it is closed', async () => {
    const { rows } = await sql<{ id: number }>`SELECT id FROM sites WHERE stage = 'finishing'`.execute(database.db)
    const before = await riskOf(rows[0].id)
    expect(factors(before)).not.toContain('majorOpenHazards')
    const hazard = await addHazard(database.db, rows[0].id, { severity: 'major', status: 'open', ageDays: 1, dueInDays: 3 })
    const raised = await riskOf(rows[0].id)
    expect(factors(raised)).toContain('majorOpenHazards')
    expect(raised.score).toBeGreaterThan(before.score)
    await sql`UPDATE hazards SET status = 'closed', closed_at = now() WHERE id = ${hazard}`.execute(database.db)
    expect((await riskOf(rows[0].id)).score).toBe(before.score)
  })

  it('rises with PM10 readings over the limit', async () => {
    const { rows } = await sql<{ id: number }>`SELECT id FROM sites WHERE stage = 'earthworks'`.execute(database.db)
    expect(factors(await riskOf(rows[0].id))).not.toContain('pm10ExceedanceDays7')
    await addPm10(database.db, rows[0].id, [1, 2, 3, 4, 5, 6, 7].map((h) => ({ hoursAgo: h, pm10: 300 })))
    expect(factors(await riskOf(rows[0].id))).toContain('pm10ExceedanceDays7')
  })

  it('publishes the model it scores with', async () => {
    const model = await (await api.request('/api/risk/model')).json()
    expect(model.grades).toEqual({ red: 38, orange: 26, yellow: 15 })
    expect(model.gradeNames.red).toBe('重大')
    expect(model.dust.windowMinutes).toBe(60)
  })
})

describe('monitoring rates come from devices that report', () => {
  // S1's site camera and tower-crane monitor reported just now (fixtures); S4's crane camera is no site video.
  const writer = () => createIngestWriter(database.db, { lanes: 1, pm10LimitUgM3: 150 })
  const report = async (kind: FeedKind, payload: Record<string, unknown>) => {
    const reading = feedReading(kind, { ts: new Date().toISOString(), ...payload })
    if (!reading.ok) throw new Error(reading.error)
    expect(await writer().submit({ kind, protocol: 'mqtt', reading: reading.value, secret: null })).toEqual({ status: 'stored' })
  }
  const deviceOf = async (kind: 'camera' | 'crane_monitor', siteCode: string) => (await sql<{ identity: string; id: number }>`
    SELECT v.identity, v.id FROM devices v JOIN sites s ON s.id = v.site_id LEFT JOIN cameras c ON c.id = v.camera_id
    WHERE v.kind = ${kind} AND s.code = ${siteCode} AND (c.id IS NULL OR c.purpose = 'site_video')`.execute(database.db)).rows[0]
  const silence = (deviceId: number) => sql`UPDATE devices SET last_seen_at = now() - make_interval(secs => interval_s * 3) WHERE id = ${deviceId}`.execute(database.db)
  let s1Code: string

  beforeAll(async () => {
    s1Code = (await sql<{ code: string }>`SELECT code FROM sites WHERE stage = 'earthworks'`.execute(database.db)).rows[0].code
  })

  it('counts a camera only while its device reports it online', async () => {
    const camera = await deviceOf('camera', s1Code)
    await silence(camera.id)
    expect((await kpis()).targets.videoInstallationRate).toBe(0)
    await report('camera', { deviceId: camera.identity, online: false })
    expect((await kpis()).targets.videoInstallationRate).toBe(0)
    await report('camera', { deviceId: camera.identity, online: true })
    expect((await kpis()).targets.videoInstallationRate).toBeCloseTo(1 / 3, 4)
  })

  it('counts a crane as monitored only while its monitor reports, and the online rate follows every device', async () => {
    const crane = await deviceOf('crane_monitor', s1Code)
    const before = (await kpis()).targets
    expect(before.craneMonitoringRate).toBe(0.5)
    await silence(crane.id)
    const silent = (await kpis()).targets
    expect(silent.craneMonitoringRate).toBe(0)
    expect(silent.deviceOnlineRate).toBeLessThan(before.deviceOnlineRate)
    await report('crane_monitor', { deviceId: crane.identity, loadT: 2, ratedLoadT: 6, momentPct: 40, windMs: 3, heightM: 30, slewDeg: 10, operatorVerified: true })
    expect((await kpis()).targets).toMatchObject({ craneMonitoringRate: 0.5, deviceOnlineRate: before.deviceOnlineRate })
  })
})
