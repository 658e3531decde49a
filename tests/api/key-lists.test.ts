import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Pick lists and the official key-project list: versions are kept as saved, publishing swaps the listed projects
 * in one audited transaction and keeps the superseded list and the delisted projects' records; measures and the
 * emergency lists are followed with their evidence and letters.
 */

let database: SeededDatabase
let planner: ApiSession
let command: ApiSession

beforeAll(async () => {
  database = await createSeededDatabase(400)
  const app = createTestApp(database)
  planner = await signIn(app, database.demo('planner'))
  command = await signIn(app, database.demo('city_command'))
})
afterAll(() => database?.dispose())

const call = async (session: ApiSession, path: string, init: RequestInit = {}, status = 200) => {
  const res = await session.request(path, init)
  const json = await res.json()
  expect(res.status, JSON.stringify(json).slice(0, 300)).toBe(status)
  return json
}
const post = (session: ApiSession, path: string, body: unknown, status = 200) => call(session, path, { method: 'POST', body: JSON.stringify(body) }, status)
const listed = async () => (await sql<{ site_id: number; rank: number }>`SELECT site_id, rank FROM key_projects ORDER BY rank`.execute(database.db)).rows
const liveSites = async (n: number, where = sql`true`) => (await sql<{ id: number }>`
  SELECT id FROM sites WHERE stage <> 'completed' AND ${where} ORDER BY id LIMIT ${n}`.execute(database.db)).rows.map((r) => r.id)

describe('pick lists', () => {
  it('the seeded list is the published first version, so publishing later supersedes a kept list', async () => {
    const { versions } = await call(planner, '/api/planning/pick-lists')
    const official = versions.filter((v: { official: boolean }) => v.official)
    expect(official).toHaveLength(1)
    const { items } = await call(planner, `/api/planning/pick-lists/${official[0].id}`)
    expect(items.map((i: { siteId: number }) => i.siteId)).toEqual((await listed()).map((k) => k.site_id))
  })

  it('saves versions as given and compares them', async () => {
    const [a1, a2, a3, b1] = await liveSites(4)
    const a = await post(planner, '/api/planning/pick-lists', { name: '方案一', siteIds: [a1, a2, a3] }, 201)
    const b = await post(planner, '/api/planning/pick-lists', { name: '方案二', note: '替换一个', siteIds: [a3, a1, b1] }, 201)
    expect([a.count, b.count, b.official, b.publishedAt]).toEqual([3, 3, false, null])
    const diff = await call(planner, `/api/planning/pick-lists/compare?a=${a.id}&b=${b.id}`)
    expect(diff.added.map((i: { siteId: number }) => i.siteId)).toEqual([b1])
    expect(diff.removed.map((i: { siteId: number }) => i.siteId)).toEqual([a2])
    expect(diff.kept.map((i: { siteId: number; position: number; previousPosition: number }) => [i.siteId, i.position, i.previousPosition]))
      .toEqual([[a3, 1, 3], [a1, 2, 1]])
  })

  it('refuses an unknown site, a site twice and an empty name, saving nothing', async () => {
    const before = (await call(planner, '/api/planning/pick-lists')).versions.length
    const [s] = await liveSites(1)
    expect((await post(planner, '/api/planning/pick-lists', { name: 'x', siteIds: [s, 999_999] }, 400)).error.code).toBe('unknown_reference')
    expect((await post(planner, '/api/planning/pick-lists', { name: 'x', siteIds: [s, s] }, 400)).error.code).toBe('invalid_request')
    expect((await post(planner, '/api/planning/pick-lists', { name: '  ', siteIds: [s] }, 400)).error.code).toBe('invalid_request')
    expect((await call(planner, '/api/planning/pick-lists')).versions.length).toBe(before)
  })

  it('publishing swaps the official list, keeps the old one and the delisted records, and audits the change', async () => {
    const before = await listed()
    const keep = before.slice(0, 5).map((k) => k.site_id)
    const newcomers = await liveSites(2, sql`id NOT IN (SELECT site_id FROM key_project_records)`)
    const siteIds = [newcomers[0], ...keep, newcomers[1]]
    const version = await post(planner, '/api/planning/pick-lists', { name: '调整版', siteIds }, 201)
    const oldOfficial = (await call(planner, '/api/planning/pick-lists')).versions.find((v: { official: boolean }) => v.official)

    const published = await post(planner, `/api/planning/pick-lists/${version.id}/publish`, {})
    expect(published.version.official).toBe(true)
    expect(published.previousId).toBe(oldOfficial.id)
    expect(published.added).toEqual([...newcomers].sort((x, y) => x - y))
    expect(published.removed).toEqual(before.slice(5).map((k) => k.site_id).sort((x, y) => x - y))
    expect(await listed()).toEqual(siteIds.map((site_id, i) => ({ site_id, rank: i + 1 })))

    const old = await call(planner, `/api/planning/pick-lists/${oldOfficial.id}`)
    expect(old.version).toMatchObject({ official: false, supersededAt: expect.any(String) })
    expect(old.items).toHaveLength(before.length)
    const kept = await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_project_records WHERE delisted_at IS NOT NULL`.execute(database.db)
    expect(kept.rows[0].n).toBe(before.length - 5)
    const audit = await sql<{ action: string; entity_id: string; before: { versionId: number }; after: { added: number[]; removed: number[] } }>`
      SELECT action, entity_id, before, after FROM audit_log WHERE entity = 'key_project_list' ORDER BY id DESC LIMIT 1`.execute(database.db)
    expect(audit.rows[0]).toMatchObject({ action: 'publish', entity_id: String(version.id), before: { versionId: oldOfficial.id } })
    expect(audit.rows[0].after.added).toEqual(published.added)
    expect(audit.rows[0].after.removed).toEqual(published.removed)

    expect((await post(planner, `/api/planning/pick-lists/${version.id}/publish`, {}, 409)).error.code).toBe('already_published')
  })

  it('republishing an older list brings delisted projects back with their records', async () => {
    const first = (await call(planner, '/api/planning/pick-lists')).versions.at(-1)
    const { items } = await call(planner, `/api/planning/pick-lists/${first.id}`)
    const copy = await post(planner, '/api/planning/pick-lists', { name: '恢复首版', siteIds: items.map((i: { siteId: number }) => i.siteId) }, 201)
    const recordsBefore = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_project_records`.execute(database.db)).rows[0].n
    await post(planner, `/api/planning/pick-lists/${copy.id}/publish`, {})
    expect((await listed()).map((k) => k.site_id)).toEqual(items.map((i: { siteId: number }) => i.siteId))
    const after = await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_project_records`.execute(database.db)
    expect(after.rows[0].n).toBe(recordsBefore)
  })

  it('command reads lists but may not save or publish them', async () => {
    const { versions } = await call(command, '/api/planning/pick-lists')
    const [s] = await liveSites(1)
    expect((await post(command, '/api/planning/pick-lists', { name: 'x', siteIds: [s] }, 403)).error.code).toBe('forbidden')
    expect((await post(command, `/api/planning/pick-lists/${versions[0].id}/publish`, {}, 403)).error.code).toBe('forbidden')
  })
})

describe('tracking the measures', () => {
  it('a report moves the measure and keeps its evidence; the progress series counts it', async () => {
    const { projects } = await call(planner, '/api/planning/measures')
    const open = projects.find((p: { measures: Record<string, { status: string }> }) =>
      p.measures.enclosure.status === 'done' && p.measures.dust_net.status === 'done' && p.measures.spraying.status !== 'done')
    expect(open).toBeDefined()
    const progressBefore = await call(planner, '/api/planning/progress')
    const path = `/api/planning/measures/${open.keyProjectId}/reports`
    await post(planner, path, { measure: 'spraying', status: 'in_progress', onDate: '2026-09-01', evidence: '喷淋管网已铺设一半' }, 201)
    let measure = (await call(planner, '/api/planning/measures')).projects.find((p: { keyProjectId: number }) => p.keyProjectId === open.keyProjectId).measures.spraying
    expect(measure).toMatchObject({ status: 'in_progress', doneOn: null, lastReport: { evidence: '喷淋管网已铺设一半', status: 'in_progress' } })
    await post(planner, path, { measure: 'spraying', status: 'done', onDate: '2026-09-20', evidence: '塔吊喷淋与围挡喷淋联动验收' }, 201)
    measure = (await call(planner, '/api/planning/measures')).projects.find((p: { keyProjectId: number }) => p.keyProjectId === open.keyProjectId).measures.spraying
    expect(measure).toMatchObject({ status: 'done', doneOn: '2026-09-20' })

    const progress = await call(planner, '/api/planning/progress')
    // The other two measures may have been done after the deadline, so the project counts from the last day on.
    const latest = (series: typeof progress) => series.districts.find((d: { districtId: number }) => d.districtId === open.districtId).done.at(-1)
    // The listed projects' deadline: 30 September of the year their list was published (the seed's is 2026).
    const { rows: [listedDeadline] } = await sql<{ d: string }>`SELECT max(deadline)::text AS d FROM key_projects`.execute(database.db)
    expect(listedDeadline.d).toMatch(/^\d{4}-09-30$/)
    expect(progress.deadline).toBe(listedDeadline.d)
    expect(progress.days).toContain(listedDeadline.d)
    expect(latest(progress) - latest(progressBefore)).toBe(1)
    const reports = await sql<{ n: number }>`SELECT count(*)::int AS n FROM key_measure_reports WHERE key_project_id = ${open.keyProjectId}`.execute(database.db)
    expect(reports.rows[0].n).toBe(2)
  })

  it('refuses a report without evidence, in the future, or for a project not listed', async () => {
    const { projects } = await call(planner, '/api/planning/measures')
    const path = `/api/planning/measures/${projects[0].keyProjectId}/reports`
    await post(planner, path, { measure: 'enclosure', status: 'done', onDate: '2026-09-01', evidence: '' }, 400)
    await post(planner, path, { measure: 'enclosure', status: 'done', onDate: '2099-01-01', evidence: '验收' }, 400)
    await post(planner, path, { measure: 'enclosure', status: 'done', onDate: '2026-09-01', evidence: '<b>验收</b>' }, 400)
    await post(planner, '/api/planning/measures/999999/reports', { measure: 'enclosure', status: 'done', onDate: '2026-09-01', evidence: '验收' }, 404)
  })
})

describe('emergency lists', () => {
  const month = '2026-11'
  it('lists this month’s reduction list with its letters, records a letter and adds a site once', async () => {
    const list = await call(planner, `/api/planning/emergency?type=reduction&month=${month}`)
    expect(list.entries.length).toBeGreaterThan(0)
    expect(list.months).toContain(month)
    const missing = list.entries.find((e: { fuelLetterOn: string | null }) => e.fuelLetterOn === null) ?? list.entries[0]
    await call(planner, `/api/planning/emergency/${missing.id}/letters`, { method: 'PUT', body: JSON.stringify({ fuelLetterOn: '2026-11-20' }) })
    const after = (await call(planner, `/api/planning/emergency?type=reduction&month=${month}`)).entries.find((e: { id: number }) => e.id === missing.id)
    expect(after).toMatchObject({ fuelLetterOn: '2026-11-20', dustLetterOn: missing.dustLetterOn })

    const [site] = await liveSites(1, sql`id NOT IN (SELECT site_id FROM emergency_list_entries WHERE list_type = 'exemption')`)
    await post(planner, '/api/planning/emergency', { type: 'exemption', month, siteId: site, process: '混凝土连续浇筑' }, 201)
    expect((await post(planner, '/api/planning/emergency', { type: 'exemption', month, siteId: site }, 409)).error.code).toBe('already_listed')
    const exemption = await call(planner, `/api/planning/emergency?type=exemption&month=${month}`)
    expect(exemption.entries.find((e: { siteId: number }) => e.siteId === site)).toMatchObject({ process: '混凝土连续浇筑' })
    const audits = await sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE entity = 'emergency_list_entry'`.execute(database.db)
    expect(audits.rows[0].n).toBe(2)
  })

  it('refuses a bad month and a letter dated in the future', async () => {
    expect((await call(planner, '/api/planning/emergency?type=reduction&month=2026-13', {}, 400)).error.code).toBe('invalid_request')
    const { entries } = await call(planner, `/api/planning/emergency?type=reduction&month=${month}`)
    await call(planner, `/api/planning/emergency/${entries[0].id}/letters`, { method: 'PUT', body: JSON.stringify({ dustLetterOn: '2099-01-01' }) }, 400)
  })
})
