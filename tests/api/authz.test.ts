import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCreditCode } from '../../server/domain/credit-code.ts'
import { makeIdNumber } from '../../server/domain/id-number.ts'
import { tileAt } from '../../server/domain/tiles.ts'
import { beijingDay } from '../../server/domain/time.ts'
import { campaignEndpoints } from '../support/authz-campaigns.ts'
import {
  adminOnly, AUDIT_READ, AUDITOR_ONLY, checkCell, createMatrixWorld, type Endpoint, inspection, matrixRows, type MatrixWorld, photoForm,
  type Place, PLAN_READ, planWrite, PUBLIC, READ, SIGNED_IN, WALL, write, type Zone,
} from '../support/authz-matrix.ts'
import type { SeededDatabase } from '../support/database.ts'
import { addHazard } from '../support/fixtures.ts'
import { addUser } from '../support/session.ts'

/*
 * The authorization matrix (its world and rules: tests/support/authz-matrix.ts) for the routes up to the registry;
 * campaigns, complaints and accountability have theirs in authz-campaigns.test.ts. This file also checks that
 * the two together cover every route the API documents.
 */

let world: MatrixWorld
let database: SeededDatabase
let sessions: MatrixWorld['sessions']
let places: MatrixWorld['places']
let spareTokenIds: number[]
let targetUserId: number
let targetGridSupervisorId: number
let demoZoneId: number
let madeUsers = 0
let madePlatforms = 0
let sparePlatformId: number
let photoIdForDisposal: number

beforeAll(async () => {
  world = await createMatrixWorld()
  ;({ database, sessions, places } = world)
  const gs = sessions.grid_supervisor.user
  const token = async (name: string) => (await (await sessions.admin.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name }) })).json())
  spareTokenIds = [(await token('待撤销')).id]
  targetUserId = await addUser(database.db, { username: 'matrix-target', role: 'planner' })
  targetGridSupervisorId = await addUser(database.db, { username: 'matrix-target-gs', role: 'grid_supervisor', districtId: gs.districtId ?? undefined })
  demoZoneId = (await sql<{ id: number }>`SELECT id FROM demo_zones ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
  sparePlatformId = (await (await sessions.admin.request('/api/admin/ingest-platforms', { method: 'POST', body: JSON.stringify({ name: '待吊销平台' }) })).json()).id
})
afterAll(() => database?.dispose())

/** A month of the audit log that has its partition (one the migration made ahead), as YYYY-MM. */
const auditMonth = async () => (await sql<{ m: string }>`SELECT min(to_char(to_date(right(c.relname, 6), 'YYYYMM'), 'YYYY-MM')) AS m
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_log'::regclass AND c.relname ~ '_[0-9]{6}$'`.execute(database.db)).rows[0].m
const box = (p: Place) => `${p.lon - 0.002},${p.lat - 0.002},${p.lon + 0.002},${p.lat + 0.002}`
let listedMonths = 0
const pickList = () => JSON.stringify({ name: '矩阵清单', siteIds: [places.own.siteId, places.far.siteId] })
/** A new, unpublished version (made by the planner before the request under test). */
const freshVersion = async () => (await (await sessions.planner.request('/api/planning/pick-lists', { method: 'POST', body: pickList() })).json()).id as number
const anyRowId = async (table: 'key_projects' | 'emergency_list_entries') =>
  (await sql<{ id: number }>`SELECT id FROM ${sql.table(table)} ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id
/** A city-office template, made directly: the matrix renames and deletes one per call. */
let madeTemplates = 0
const freshTemplate = async () => (await sql<{ id: number }>`INSERT INTO import_templates (entity, name, headers, signature, mapping)
  VALUES ('receptors', 'matrix', '["类型"]', ${`matrix-${++madeTemplates}`}, '{"columns":{"类型":"kind"}}') RETURNING id`.execute(database.db)).rows[0].id
const receptorFile = () => {
  const form = new FormData()
  form.set('file', new File(['类型,名称,经度,纬度\n学校,矩阵学校,120.62,31.30'], 'receptors.csv'))
  return form
}
/** An alarm at the place's monitor, at the step before the one under test (each request gets its own). */
const freshAlarm = async (zone: Zone, status: 'open' | 'acknowledged' | 'disposed') => {
  const { id } = await database.db.insertInto('alarms').values({ kind: 'pm10_exceedance', site_id: places[zone].siteId, device_id: places[zone].deviceId, status, active: false,
    opened_at: sql`now() - interval '1 hour'`, updated_at: sql`now()`, cleared_at: sql`now()`, respond_by: sql`now()` }).returning('id').executeTakeFirstOrThrow()
  return id
}
const sitePhoto = async (zone: Zone) => (await (await sessions.admin.request('/api/photos', { method: 'POST', body: photoForm(places[zone].siteId) })).json()).id as number
let madeDevices = 0
const newDevice = () => JSON.stringify({ code: `DM-MATRIX-${++madeDevices}`, kind: 'dust_monitor', siteId: places.own.siteId, protocol: 'hj212', identity: `MATRIXNEW${madeDevices}`, intervalS: 60 })
const freshHazard = async (zone: Zone) => addHazard(database.db, places[zone].siteId, { severity: 'general', status: 'open', ageDays: 1, dueInDays: 5 })
/** A live session of the target planner, made straight in the table (a sign-in per request would trip the throttle). */
const targetSession = async () => (await sql<{ id: string }>`INSERT INTO sessions (token_sha256, user_id, csrf_token, expires_at)
  VALUES (encode(sha256(gen_random_uuid()::text::bytea), 'hex'), ${targetUserId}, repeat('c', 32), now() + interval '1 hour') RETURNING id`.execute(database.db)).rows[0].id

/** A firm whose one site is the place's (as its designer), so its page is in exactly that zone; made once per zone. */
const firms: Partial<Record<Zone, number>> = {}
const firmAt = async (zone: Zone) => {
  if (firms[zone]) return firms[zone]
  const draws = [...`${zone}firm`].map((ch) => (ch.charCodeAt(0) % 31) / 31)
  const { id } = await database.db.insertInto('enterprises').values({ credit_code: generateCreditCode(() => draws.shift() ?? 0.5, '320505'),
    name: `矩阵${zone}设计有限公司`, kinds: ['designer'], origin: 'local', registered_place: '江苏省苏州市' }).returning('id').executeTakeFirstOrThrow()
  await sql`INSERT INTO site_parties (site_id, role, enterprise_id, recorded_name) VALUES (${places[zone].siteId}, 'designer', ${id}, ${`矩阵${zone}设计有限公司`})
    ON CONFLICT (site_id, role) DO UPDATE SET enterprise_id = EXCLUDED.enterprise_id, recorded_name = EXCLUDED.recorded_name`.execute(database.db)
  return (firms[zone] = id)
}
/** A party name no firm has, on the own place's site as its surveyor: each admin resolve needs a fresh one. */
let unmatchedNames = 0
const freshUnmatched = async () => {
  await sql`INSERT INTO site_parties (site_id, role, enterprise_id, recorded_name) VALUES (${places.own.siteId}, 'surveyor', NULL, ${`矩阵未匹配${++unmatchedNames}`})
    ON CONFLICT (site_id, role) DO UPDATE SET enterprise_id = NULL, recorded_name = EXCLUDED.recorded_name`.execute(database.db)
  return '/api/enterprises/unmatched/resolve'
}
let madeFirms = 0
const newFirm = () => {
  const draws = [...String(++madeFirms).padStart(9, '7')].map((d) => Number(d) / 31)
  return JSON.stringify({ creditCode: generateCreditCode(() => draws.shift() ?? 0.3, '320508'), name: `矩阵新建${madeFirms}有限公司`, kinds: ['owner'], origin: 'local', registeredPlace: '江苏省苏州市' })
}
const qualification = () => JSON.stringify({ category: `矩阵资质${++madeFirms}`, grade: '一级', certificateNo: 'D3200001', validUntil: '2030-01-01' })
const freshQualification = async () => (await sql<{ id: number }>`INSERT INTO enterprise_qualifications (enterprise_id, category, grade, certificate_no, valid_until)
  VALUES (${await firmAt('own')}, ${`矩阵删除${++madeFirms}`}, '二级', 'D3200002', '2030-01-01') RETURNING id`.execute(database.db)).rows[0].id

/** People registry: a fresh person staffed (safety officer) on the zone's site, a certificate, an assignment, made in the tables. */
let madePeople = 0
const personAt = async (zone: Zone) => {
  const { rows } = await sql<{ id: number }>`INSERT INTO people (id_number, name) VALUES (${makeIdNumber('320508', '19900101', ++madePeople)}, '矩阵人员') RETURNING id`.execute(database.db)
  await sql`INSERT INTO site_staff (site_id, role, person_id, recorded_name, from_date) VALUES (${places[zone].siteId}, 'safety_officer', ${rows[0].id}, '矩阵人员', current_date - 10)`.execute(database.db)
  return rows[0].id
}
const freshCertificate = async () => {
  const personId = await personAt('own')
  const { rows } = await sql<{ id: number }>`INSERT INTO certificates (person_id, kind, number, issuer, issued_on, expires_on)
    VALUES (${personId}, 'safety_c', ${`MATRIX-${personId}`}, '江苏省住建厅', current_date - 100, current_date + 500) RETURNING id`.execute(database.db)
  return `/api/people/${personId}/certificates/${rows[0].id}/revoke`
}
const freshAssignment = async (zone: Zone) => {
  const personId = await personAt(zone)
  const { rows } = await sql<{ id: number }>`SELECT id FROM site_staff WHERE person_id = ${personId}`.execute(database.db)
  return `/api/sites/${places[zone].siteId}/staff/${rows[0].id}/end`
}
/** A person on no site yet, made by the path of an assignment request; its body assigns them (one position, once). */
let unstaffed = 0
const assignPath = async (zone: Zone) => {
  unstaffed = (await sql<{ id: number }>`INSERT INTO people (id_number, name) VALUES (${makeIdNumber('320507', '19920202', ++madePeople)}, '矩阵待岗')
    RETURNING id`.execute(database.db)).rows[0].id
  return `/api/sites/${places[zone].siteId}/staff`
}
const newPerson = () => JSON.stringify({ idNumber: makeIdNumber('320509', '19880808', ++madePeople), name: '矩阵新人', employerId: null })

/** Testing: an institution per zone that reports only on the place's site (so it is in exactly that zone), and that report. */
const testingAt: Partial<Record<Zone, { institutionId: number; reportId: number }>> = {}
const testingIn = async (zone: Zone) => {
  if (testingAt[zone]) return testingAt[zone]
  const { id } = await database.db.insertInto('enterprises').values({ credit_code: `91320500MA1MT000${['own', 'neighbour', 'far'].indexOf(zone)}X`,
    name: `矩阵${zone}检测有限公司`, kinds: ['testing'], origin: 'local', registered_place: '江苏省苏州市' }).returning('id').executeTakeFirstOrThrow()
  await database.db.insertInto('enterprise_qualifications').values({ enterprise_id: id, category: '建设工程质量检测机构资质（综合类）', grade: '不分等级',
    certificate_no: `MATRIX-${zone}`, valid_until: '2099-12-31' }).execute()
  const report = await database.db.insertInto('testing_reports').values({ report_no: `MATRIX-${zone}`, institution_id: id, site_id: places[zone].siteId,
    material: 'concrete', item: '抗压强度', required_value: 'C30', measured_value: '35.0', conforming: true, sampled_on: '2026-10-01', issued_on: '2026-10-28' })
    .returning('id').executeTakeFirstOrThrow()
  return (testingAt[zone] = { institutionId: id, reportId: report.id })
}
let madeReports = 0
const testingReport = (zone: Zone) => JSON.stringify({ reportNo: `MATRIX-NEW-${++madeReports}`, institutionId: testingAt[zone]!.institutionId, siteId: places[zone].siteId,
  material: 'concrete', item: '抗压强度', requiredValue: 'C30', measuredValue: '36.5', sampledOn: '2026-10-01', issuedOn: '2026-10-28' })

/** Cranes: a machine in use on each zone's place (made in the tables), and the registry firms its steps name. */
const craneAt: Partial<Record<Zone, number>> = {}
const craneIn = async (zone: Zone) => {
  if (craneAt[zone]) return craneAt[zone]
  const { id } = await database.db.insertInto('crane_machines').values({ record_no: `MATRIX-CRANE-${zone}`, kind: 'tower_crane', owner_recorded_name: '矩阵租赁', filed_on: sql`current_date - 100` })
    .returning('id').executeTakeFirstOrThrow()
  await database.db.insertInto('cranes').values({ site_id: places[zone].siteId, machine_id: id, kind: 'tower_crane', installed_on: sql`current_date - 90`, stage: 'in_use', monitored: false }).execute()
  return (craneAt[zone] = id)
}
const craneFirms: Record<string, number> = {}
const craneFirm = async (kind: string) => (craneFirms[kind] ??= (await sql<{ id: number }>`SELECT id FROM enterprises WHERE ${kind} = ANY(kinds) ORDER BY id LIMIT 1`.execute(database.db)).rows[0].id)
let madeMachines = 0

const ENDPOINTS: Endpoint[] = [
  { label: 'GET /api/health', path: () => '/api/health', expected: PUBLIC },
  // Deep health reveals only up/down and a query's time, for load balancers and orchestrators that have no session.
  { label: 'GET /api/health?deep=1', path: () => '/api/health?deep=1', expected: PUBLIC },
  // No scraper address in this app's METRICS_ALLOW (in-process requests have none): admins only (tests/api/metrics.test.ts).
  { label: 'GET /api/metrics', path: () => '/api/metrics', expected: adminOnly(200) },
  { label: 'GET /api/basemap/config', path: () => '/api/basemap/config', expected: PUBLIC },
  { label: 'GET /api/basemap/style.json', path: () => '/api/basemap/style.json', expected: PUBLIC },
  { label: 'GET /api/basemap/glyphs/:fontstack/:range', path: () => '/api/basemap/glyphs/Noto%20Sans%20SC%20Regular/0-255.pbf', expected: PUBLIC },
  { label: 'GET /api/wall/snapshot', path: () => '/api/wall/snapshot', expected: WALL },
  { label: 'GET /api/wall/layers/sites', path: () => '/api/wall/layers/sites', expected: WALL },
  { label: 'GET /api/wall/layers/site-columns', path: () => '/api/wall/layers/site-columns', expected: WALL },
  { label: 'GET /api/wall/layers/key-projects', path: () => '/api/wall/layers/key-projects', expected: WALL },
  { label: 'GET /api/wall/layers/districts', path: () => '/api/wall/layers/districts', expected: WALL },
  { label: 'GET /api/wall/layers/water', path: () => '/api/wall/layers/water', expected: WALL },
  { label: 'GET /api/wall/tiles', path: () => '/api/wall/tiles', expected: WALL },
  { label: 'GET /api/wall/tiles/:layer', path: () => '/api/wall/tiles/sites', expected: WALL },
  { label: 'GET /api/wall/tiles/:layer/:z/:x/:file', path: () => { const { x, y } = tileAt(places.own.lon, places.own.lat, 12); return `/api/wall/tiles/sites/12/${x}/${y}.mvt` }, expected: WALL },
  ...['districts', 'grids', 'sites', 'site-columns', 'key-areas', 'key-projects', 'demo-zone', 'water', 'cameras'].map((layer) =>
    ({ label: `GET /api/layers/${layer}`, path: () => `/api/layers/${layer}`, expected: READ.own })),
  { label: 'GET /api/layers/site-footprints?bbox', path: () => `/api/layers/site-footprints?bbox=${box(places.own)}`, expected: READ.own },
  // The OGC API also takes HTTP Basic (tests/api/ogc.test.ts); here with the session, like every other route.
  ...['', '/api', '/conformance', '/collections', '/collections/sites', '/collections/grids'].map((path): Endpoint =>
    ({ label: `GET /api/ogc${path.replace(/\/(sites|grids)$/, '/:collectionId')}${path.endsWith('/grids') ? ' (grids)' : ''}`, path: () => `/api/ogc${path}`, expected: READ.own })),
  { label: 'GET /api/ogc/collections/:collectionId/items?bbox', path: () => `/api/ogc/collections/sites/items?bbox=${box(places.own)}`, expected: READ.own },
  { label: 'GET /api/ogc/collections/:collectionId/queryables', path: () => '/api/ogc/collections/sites/queryables', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).map((zone): Endpoint => ({
    label: `GET /api/ogc/collections/:collectionId/items/:featureId (${zone})`, path: () => `/api/ogc/collections/sites/items/${places[zone].siteId}`, expected: READ[zone],
  })),
  // Grid boundaries are everyone's, as on the map; they carry no site data.
  { label: 'GET /api/ogc/collections/:collectionId/items/:featureId (far grid)', path: () => `/api/ogc/collections/grids/items/${places.far.gridId}`, expected: READ.own },
  // Tiles answer everyone signed in, cut to their zone (tests/api/tiles.test.ts checks the cut).
  { label: 'GET /api/tiles', path: () => '/api/tiles', expected: READ.own },
  { label: 'GET /api/tiles/:layer', path: () => '/api/tiles/sites', expected: READ.own },
  // A tile over the grid supervisor's own place, so that no reader's is empty (that would be a 204).
  { label: 'GET /api/tiles/:layer/:z/:x/:file', path: () => { const { x, y } = tileAt(places.own.lon, places.own.lat, 12); return `/api/tiles/sites/12/${x}/${y}.mvt` }, expected: READ.own },
  { label: 'GET /api/sites/search', path: () => `/api/sites/search?q=${encodeURIComponent(places.own.code)}`, expected: READ.own },
  { label: 'GET /api/demo-zones/:id', path: () => `/api/demo-zones/${demoZoneId}`, expected: READ.own },
  { label: 'GET /api/risk/model', path: () => '/api/risk/model', expected: READ.own },
  { label: 'GET /api/coverage?by=grid', path: () => '/api/coverage?by=grid', expected: READ.own },
  { label: 'GET /api/coverage?by=district', path: () => '/api/coverage?by=district', expected: READ.own },
  { label: 'GET /api/kpis', path: () => '/api/kpis', expected: READ.own },
  { label: 'GET /api/dust/alerts', path: () => '/api/dust/alerts', expected: READ.own },
  { label: 'GET /api/my-zone', path: () => '/api/my-zone', expected: READ.own },
  { label: 'GET /api/auth/me', path: () => '/api/auth/me', expected: SIGNED_IN },
  // Two factors are everyone's own; setup leaves a pending secret. The other steps get a body that fails validation, which
  // shows each role gets past the session (tests/api/two-factor.test.ts covers what they do).
  { label: 'POST /api/auth/totp/setup', method: 'POST', path: () => '/api/auth/totp/setup', expected: SIGNED_IN },
  ...['confirm', 'disable', 'recovery-codes'].map((step): Endpoint => ({
    label: `POST /api/auth/totp/${step}`, method: 'POST', path: () => `/api/auth/totp/${step}`, body: () => JSON.stringify({ code: 'x' }), expected: [400, 400, 400, 400, 400, 400, 401, 401],
  })),
  { label: 'GET /api/auth/sessions', path: () => '/api/auth/sessions', expected: SIGNED_IN },
  { label: 'GET /api/auth/sign-ins', path: () => '/api/auth/sign-ins', expected: SIGNED_IN },
  // Each matrix user has this one session, so "all the others" are none.
  { label: 'DELETE /api/auth/sessions', method: 'DELETE', path: () => '/api/auth/sessions', expected: SIGNED_IN },
  // Someone else's session is not found by anyone: a user ends only their own.
  { label: 'DELETE /api/auth/sessions/:sessionId', method: 'DELETE', path: async () => `/api/auth/sessions/${await targetSession()}`, expected: [404, 404, 404, 404, 404, 404, 401, 401] },
  ...(['own', 'neighbour', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/sites/:id (${zone})`, path: () => `/api/sites/${places[zone].siteId}`, expected: READ[zone] },
    { label: `GET /api/sites/:id/pm10 (${zone})`, path: () => `/api/sites/${places[zone].siteId}/pm10`, expected: READ[zone] },
    { label: `GET /api/risk/sites/:id (${zone})`, path: () => `/api/risk/sites/${places[zone].siteId}`, expected: READ[zone] },
    { label: `GET /api/grids/:id (${zone})`, path: () => `/api/grids/${places[zone].gridId}`, expected: READ[zone] },
    { label: `GET /api/inspections/:id (${zone})`, path: () => `/api/inspections/${places[zone].inspectionId}`, expected: READ[zone] },
    { label: `GET /api/hazards/:id (${zone})`, path: () => `/api/hazards/${places[zone].hazardId}`, expected: READ[zone] },
    { label: `GET /api/photos/:id (${zone})`, path: () => `/api/photos/${places[zone].photoId}`, expected: READ[zone] },
    { label: `POST /api/inspections (${zone})`, method: 'POST', path: () => '/api/inspections', body: () => inspection(places[zone].siteId), expected: write(201)[zone] },
    { label: `POST /api/photos (${zone})`, method: 'POST', path: () => '/api/photos', body: () => photoForm(places[zone].siteId), expected: write(201)[zone] },
    {
      label: `POST /api/hazards/:id/transitions (${zone})`, method: 'POST', path: async () => `/api/hazards/${await freshHazard(zone)}/transitions`,
      body: () => JSON.stringify({ to: 'rectifying', note: '已安排整改' }), expected: write(200)[zone],
    },
    {
      label: `POST /api/hazards/:id/notices (${zone})`, method: 'POST', path: async () => `/api/hazards/${await freshHazard(zone)}/notices`,
      body: () => JSON.stringify({ type: 'rectification', content: '请立即整改' }), expected: write(201)[zone],
    },
    { label: `GET /api/devices/:id (${zone})`, path: () => `/api/devices/${places[zone].deviceId}`, expected: READ[zone] },
    { label: `GET /api/devices/:id/readings (${zone})`, path: () => `/api/devices/${places[zone].deviceId}/readings`, expected: READ[zone] },
    { label: `GET /api/alarms/:id (${zone})`, path: async () => `/api/alarms/${await freshAlarm(zone, 'open')}`, expected: READ[zone] },
    {
      label: `POST /api/alarms/:id/acknowledge (${zone})`, method: 'POST', path: async () => `/api/alarms/${await freshAlarm(zone, 'open')}/acknowledge`,
      body: () => JSON.stringify({ note: '已到场' }), expected: write(200)[zone],
    },
    {
      label: `POST /api/alarms/:id/dispose (${zone})`, method: 'POST', expected: write(200)[zone],
      // The photo is made first; a refused request leaves it unused, which the counts below take as unchanged.
      path: async () => { photoIdForDisposal = await sitePhoto(zone); return `/api/alarms/${await freshAlarm(zone, 'acknowledged')}/dispose` },
      body: () => JSON.stringify({ note: '已洒水降尘', photoId: photoIdForDisposal }),
    },
    { label: `POST /api/alarms/:id/close (${zone})`, method: 'POST', path: async () => `/api/alarms/${await freshAlarm(zone, 'disposed')}/close`, body: () => '{}', expected: write(200)[zone] },
  ]),
  { label: 'GET /api/devices', path: () => '/api/devices', expected: READ.own },
  { label: 'GET /api/devices/map?bbox', path: () => `/api/devices/map?bbox=${box(places.own)}`, expected: READ.own },
  { label: 'POST /api/devices', method: 'POST', path: () => '/api/devices', body: newDevice, expected: adminOnly(201) },
  { label: 'PATCH /api/devices/:id', method: 'PATCH', path: () => `/api/devices/${places.own.deviceId}`, body: () => JSON.stringify({ intervalS: 120 }), expected: adminOnly(200) },
  { label: 'POST /api/devices/:id/secret', method: 'POST', path: () => `/api/devices/${places.own.deviceId}/secret`, expected: adminOnly(200) },
  { label: 'GET /api/alarms', path: () => '/api/alarms', expected: READ.own },
  { label: 'GET /api/alarms/kinds', path: () => '/api/alarms/kinds', expected: READ.own },
  { label: 'PATCH /api/alarms/kinds/:kind', method: 'PATCH', path: () => '/api/alarms/kinds/crane_wind', body: () => JSON.stringify({ respondMinutes: 25 }), expected: adminOnly(200) },
  { label: 'GET /api/admin/ingest-platforms', path: () => '/api/admin/ingest-platforms', expected: adminOnly(200) },
  {
    label: 'POST /api/admin/ingest-platforms', method: 'POST', path: () => '/api/admin/ingest-platforms', expected: adminOnly(201),
    body: () => JSON.stringify({ name: `矩阵平台${++madePlatforms}` }),
  },
  { label: 'DELETE /api/admin/ingest-platforms/:id', method: 'DELETE', path: () => `/api/admin/ingest-platforms/${sparePlatformId}`, expected: adminOnly(204) },
  { label: 'GET /api/admin/users', path: () => '/api/admin/users', expected: adminOnly(200) },
  { label: 'GET /api/admin/audit', path: () => '/api/admin/audit', expected: AUDIT_READ },
  { label: 'GET /api/admin/audit/exports', path: () => '/api/admin/audit/exports', expected: AUDIT_READ },
  ...['csv', 'manifest'].map((kind): Endpoint => ({
    label: `GET /api/admin/audit/exports/:log/:file (${kind})`, path: async () => `/api/admin/audit/exports/audit_log/${await auditMonth()}.${kind}`, expected: AUDITOR_ONLY,
  })),
  { label: 'GET /api/admin/sign-ins', path: () => '/api/admin/sign-ins?result=failure', expected: AUDIT_READ },
  { label: 'GET /api/admin/users/:id/sessions', path: () => `/api/admin/users/${targetUserId}/sessions`, expected: adminOnly(200) },
  { label: 'DELETE /api/admin/users/:id/sessions', method: 'DELETE', path: async () => { await targetSession(); return `/api/admin/users/${targetUserId}/sessions` }, expected: adminOnly(200) },
  {
    label: 'DELETE /api/admin/users/:id/sessions/:sessionId', method: 'DELETE', expected: adminOnly(204),
    path: async () => `/api/admin/users/${targetUserId}/sessions/${await targetSession()}`,
  },
  { label: 'GET /api/admin/display-tokens', path: () => '/api/admin/display-tokens', expected: adminOnly(200) },
  {
    label: 'POST /api/admin/users', method: 'POST', path: () => '/api/admin/users', expected: adminOnly(201),
    body: () => JSON.stringify({ username: `matrix-made-${++madeUsers}`, displayName: '新用户', role: 'planner', password: 'A-long-enough-passw0rd' }),
  },
  { label: 'PATCH /api/admin/users/:id', method: 'PATCH', path: () => `/api/admin/users/${targetUserId}`, body: () => JSON.stringify({ phone: '0512-6522 0000' }), expected: adminOnly(200) },
  { label: 'PUT /api/admin/users/:id/grids', method: 'PUT', path: () => `/api/admin/users/${targetGridSupervisorId}/grids`, body: () => JSON.stringify({ gridIds: [places.own.gridId] }), expected: adminOnly(200) },
  { label: 'POST /api/admin/users/:id/password', method: 'POST', path: () => `/api/admin/users/${targetUserId}/password`, body: () => JSON.stringify({ password: 'Reset-by-the-admin-1' }), expected: adminOnly(204) },
  { label: 'POST /api/admin/display-tokens', method: 'POST', path: () => '/api/admin/display-tokens', body: () => JSON.stringify({ name: '新大屏' }), expected: adminOnly(201) },
  { label: 'DELETE /api/admin/display-tokens/:id', method: 'DELETE', path: () => `/api/admin/display-tokens/${spareTokenIds[0]}`, expected: adminOnly(200) },
  { label: 'POST /api/planning/candidates', method: 'POST', path: () => '/api/planning/candidates', body: () => '{}', expected: PLAN_READ },
  { label: 'GET /api/planning/pick-lists', path: () => '/api/planning/pick-lists', expected: PLAN_READ },
  { label: 'GET /api/planning/pick-lists/:id', path: async () => `/api/planning/pick-lists/${await freshVersion()}`, expected: PLAN_READ },
  { label: 'GET /api/planning/pick-lists/compare', path: async () => `/api/planning/pick-lists/compare?a=${await freshVersion()}&b=${await freshVersion()}`, expected: PLAN_READ },
  { label: 'POST /api/planning/pick-lists', method: 'POST', path: () => '/api/planning/pick-lists', body: () => pickList(), expected: planWrite(201) },
  { label: 'POST /api/planning/pick-lists/:id/publish', method: 'POST', path: async () => `/api/planning/pick-lists/${await freshVersion()}/publish`, expected: planWrite(200) },
  { label: 'GET /api/planning/measures', path: () => '/api/planning/measures', expected: PLAN_READ },
  { label: 'GET /api/planning/progress', path: () => '/api/planning/progress', expected: PLAN_READ },
  {
    label: 'POST /api/planning/measures/:id/reports', method: 'POST', path: async () => `/api/planning/measures/${await anyRowId('key_projects')}/reports`,
    body: () => JSON.stringify({ measure: 'enclosure', status: 'done', onDate: '2026-09-01', evidence: '围挡验收合格' }), expected: planWrite(201),
  },
  { label: 'GET /api/planning/emergency', path: () => '/api/planning/emergency?type=reduction', expected: PLAN_READ },
  {
    label: 'POST /api/planning/emergency', method: 'POST', path: () => '/api/planning/emergency', expected: planWrite(201),
    body: () => JSON.stringify({ type: 'reduction', month: `${2030 + ++listedMonths}-01`, siteId: places.own.siteId }),
  },
  {
    label: 'PUT /api/planning/emergency/:id/letters', method: 'PUT', path: async () => `/api/planning/emergency/${await anyRowId('emergency_list_entries')}/letters`,
    body: () => JSON.stringify({ dustLetterOn: '2026-11-02' }), expected: planWrite(200),
  },
  { label: 'GET /api/exports/sites', path: () => '/api/exports/sites?format=csv', expected: READ.own },
  { label: 'POST /api/exports/candidates', method: 'POST', path: () => '/api/exports/candidates?format=csv', body: () => '{}', expected: PLAN_READ },
  { label: 'GET /api/exports/pick-lists/:id', path: async () => `/api/exports/pick-lists/${await freshVersion()}?format=xlsx`, expected: PLAN_READ },
  { label: 'GET /api/exports/measures', path: () => '/api/exports/measures?format=geojson', expected: PLAN_READ },
  { label: 'GET /api/exports/emergency', path: () => '/api/exports/emergency?format=csv&type=exemption&month=2026-11', expected: PLAN_READ },
  // A preview (the default mode) writes nothing, so the matrix can send it to everyone.
  { label: 'POST /api/imports/:entity', method: 'POST', path: () => '/api/imports/receptors', body: receptorFile, expected: adminOnly(200) },
  { label: 'GET /api/imports/templates', path: () => '/api/imports/templates?entity=sites', expected: adminOnly(200) },
  {
    label: 'PATCH /api/imports/templates/:id', method: 'PATCH', path: async () => `/api/imports/templates/${await freshTemplate()}`,
    body: () => JSON.stringify({ name: '改名' }), expected: adminOnly(200),
  },
  { label: 'DELETE /api/imports/templates/:id', method: 'DELETE', path: async () => `/api/imports/templates/${await freshTemplate()}`, expected: adminOnly(204) },
  ...['grids', 'receptors'].map((layer) =>
    ({ label: `GET /api/exports/layers/:layer (${layer})`, path: () => `/api/exports/layers/${layer}?format=geojson`, expected: READ.own })),
  { label: 'GET /api/testing/institutions', path: () => '/api/testing/institutions?origin=local', expected: READ.own },
  { label: 'GET /api/testing/reports', path: () => '/api/testing/reports?material=concrete&conforming=false', expected: READ.own },
  { label: 'GET /api/testing/layers/non-conforming-sites', path: () => '/api/testing/layers/non-conforming-sites', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/testing/institutions/:id (${zone})`, path: async () => `/api/testing/institutions/${(await testingIn(zone)).institutionId}`, expected: READ[zone] },
    { label: `GET /api/testing/reports/:id (${zone})`, path: async () => `/api/testing/reports/${(await testingIn(zone)).reportId}`, expected: READ[zone] },
    { label: `POST /api/testing/reports (${zone})`, method: 'POST', path: async () => { await testingIn(zone); return '/api/testing/reports' }, body: () => testingReport(zone), expected: write(201)[zone] },
  ]),
  {
    label: 'POST /api/testing/institutions/:id/capability-verifications', method: 'POST', expected: adminOnly(201),
    path: async () => `/api/testing/institutions/${(await testingIn('own')).institutionId}/capability-verifications`,
    body: () => JSON.stringify({ scheme: '江苏省能力验证', item: '混凝土抗压强度', result: 'satisfactory', heldOn: '2026-09-01' }),
  },
  {
    label: 'POST /api/testing/institutions/:id/flight-checks', method: 'POST', expected: adminOnly(201),
    path: async () => `/api/testing/institutions/${(await testingIn('own')).institutionId}/flight-checks`,
    body: () => JSON.stringify({ inspectedAt: '2026-10-20T09:30:00+08:00', outcome: 'rectify', findings: '样品留置期不足' }),
  },
  { label: 'GET /api/enterprises', path: () => '/api/enterprises?q=矩阵', expected: READ.own },
  { label: 'GET /api/enterprises/export', path: () => '/api/enterprises/export?format=csv&kind=testing', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).map((zone): Endpoint => ({ label: `GET /api/enterprises/:id (${zone})`, path: async () => `/api/enterprises/${await firmAt(zone)}`, expected: READ[zone] })),
  { label: 'POST /api/enterprises', method: 'POST', path: () => '/api/enterprises', body: newFirm, expected: adminOnly(201) },
  { label: 'PATCH /api/enterprises/:id', method: 'PATCH', path: async () => `/api/enterprises/${await firmAt('own')}`, body: () => JSON.stringify({ contactName: '王工' }), expected: adminOnly(200) },
  { label: 'POST /api/enterprises/:id/qualifications', method: 'POST', path: async () => `/api/enterprises/${await firmAt('own')}/qualifications`, body: qualification, expected: adminOnly(201) },
  {
    label: 'DELETE /api/enterprises/:id/qualifications/:qualificationId', method: 'DELETE', expected: adminOnly(200),
    path: async () => `/api/enterprises/${await firmAt('own')}/qualifications/${await freshQualification()}`,
  },
  { label: 'GET /api/enterprises/unmatched', path: () => '/api/enterprises/unmatched', expected: adminOnly(200) },
  {
    label: 'POST /api/enterprises/unmatched/resolve', method: 'POST', path: freshUnmatched, expected: adminOnly(200),
    body: () => JSON.stringify({ recordedName: `矩阵未匹配${unmatchedNames}`, role: 'surveyor', enterpriseId: firms.own }),
  },
  { label: 'GET /api/people', path: () => '/api/people?q=矩阵', expected: READ.own },
  { label: 'GET /api/people/flags/project-managers', path: () => '/api/people/flags/project-managers', expected: READ.own },
  { label: 'GET /api/people/export', path: () => '/api/people/export?format=csv', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).map((zone): Endpoint => ({ label: `GET /api/people/:id (${zone})`, path: async () => `/api/people/${await personAt(zone)}`, expected: READ[zone] })),
  { label: 'POST /api/people', method: 'POST', path: () => '/api/people', body: newPerson, expected: adminOnly(201) },
  { label: 'PATCH /api/people/:id', method: 'PATCH', path: async () => `/api/people/${await personAt('own')}`, body: () => JSON.stringify({ phone: '13800000000' }), expected: adminOnly(200) },
  {
    label: 'POST /api/people/:id/certificates', method: 'POST', path: async () => `/api/people/${await personAt('own')}/certificates`, expected: adminOnly(201),
    body: () => JSON.stringify({ kind: 'safety_c', number: `MATRIX-NEW-${++madePeople}`, issuer: '江苏省住建厅', issuedOn: '2025-01-01', expiresOn: '2028-01-01' }),
  },
  { label: 'POST /api/people/:id/certificates/:certId/revoke', method: 'POST', path: freshCertificate, body: () => JSON.stringify({ on: '2026-11-01' }), expected: adminOnly(200) },
  ...['grid', 'district', 'city'].map((by) => ({ label: `GET /api/certification?by=${by}`, path: () => `/api/certification?by=${by}`, expected: READ.own })),
  ...(['own', 'neighbour', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/sites/:id/staff (${zone})`, path: () => `/api/sites/${places[zone].siteId}/staff`, expected: READ[zone] },
    {
      label: `POST /api/sites/:id/staff (${zone})`, method: 'POST', path: () => assignPath(zone), expected: write(201)[zone],
      body: () => JSON.stringify({ personId: unstaffed, role: 'special_worker', fromDate: '2026-11-01' }),
    },
    { label: `POST /api/sites/:id/staff/:staffId/end (${zone})`, method: 'POST', path: () => freshAssignment(zone), body: () => JSON.stringify({ toDate: '2026-11-30' }), expected: write(200)[zone] },
  ]),
  { label: 'GET /api/credit/model', path: () => '/api/credit/model', expected: READ.own },
  { label: 'GET /api/credit/enterprises', path: () => '/api/credit/enterprises?kind=contractor', expected: READ.own },
  { label: 'GET /api/credit/enterprises/export', path: () => '/api/credit/enterprises/export?format=xlsx', expected: READ.own },
  ...(['own', 'neighbour', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/credit/enterprises/:id (${zone})`, path: async () => `/api/credit/enterprises/${await firmAt(zone)}`, expected: READ[zone] },
    {
      label: `POST /api/credit/accidents (${zone})`, method: 'POST', path: () => '/api/credit/accidents', expected: write(201)[zone],
      body: () => JSON.stringify({ siteId: places[zone].siteId, occurredAt: '2026-10-08T09:00:00+08:00', grade: 'general', deaths: 0, injuries: 1, description: '物体打击' }),
    },
  ]),
  {
    label: 'POST /api/credit/awards', method: 'POST', path: () => '/api/credit/awards', expected: adminOnly(201),
    body: () => JSON.stringify({ enterpriseId: firms.own, level: 'municipal', title: '苏州市建筑施工文明工地', awardedOn: '2026-09-30' }),
  },
  { label: 'POST /api/credit/recompute', method: 'POST', path: () => '/api/credit/recompute', expected: adminOnly(200) },
  { label: 'GET /api/cranes', path: () => '/api/cranes?stage=in_use', expected: READ.own },
  {
    label: 'POST /api/cranes', method: 'POST', path: async () => { await craneFirm('crane_owner'); return '/api/cranes' }, expected: adminOnly(201),
    body: () => JSON.stringify({ recordNo: `MATRIX-NEW-${++madeMachines}`, kind: 'hoist', ownerId: craneFirms.crane_owner, filedOn: '2026-11-01' }),
  },
  ...(['own', 'neighbour', 'far'] as const).flatMap((zone): Endpoint[] => [
    { label: `GET /api/cranes/:id (${zone})`, path: async () => `/api/cranes/${await craneIn(zone)}`, expected: READ[zone] },
    {
      // Maintenance is repeatable while in use: every permitted role records one, dated today.
      label: `POST /api/cranes/:id/steps (${zone})`, method: 'POST', path: async () => { await craneFirm('crane_maintainer'); return `/api/cranes/${await craneIn(zone)}/steps` },
      body: () => JSON.stringify({ step: 'maintenance', occurredOn: beijingDay(new Date()), enterpriseId: craneFirms.crane_maintainer }), expected: write(201)[zone],
    },
  ]),
]

/** Row counts of everything a write could touch. */
const written = async () => (await sql<{ f: string }>`SELECT concat_ws(',',
  (SELECT count(*) FROM inspections), (SELECT count(*) FROM hazards), (SELECT count(*) FROM hazard_events), (SELECT count(*) FROM notices),
  (SELECT count(*) FROM photos), (SELECT count(*) FROM audit_log), (SELECT count(*) FROM users), (SELECT count(*) FROM grid_supervisors),
  (SELECT count(*) FROM display_tokens WHERE revoked_at IS NULL), (SELECT count(*) FROM hazards WHERE status = 'open'),
  (SELECT string_agg(coalesce(phone, '') || password_hash, '' ORDER BY id) FROM users), (SELECT count(*) FROM pick_list_versions),
  (SELECT count(*) FROM pick_list_versions WHERE published_at IS NOT NULL), (SELECT count(*) FROM key_measure_reports),
  (SELECT count(*) FROM emergency_list_entries), (SELECT count(dust_letter_on) FROM emergency_list_entries),
  (SELECT string_agg(status || interval_s || secret_sha256, '' ORDER BY id) FROM devices), (SELECT string_agg(status, '' ORDER BY id) FROM alarms),
  (SELECT string_agg(respond_minutes::text, ',' ORDER BY kind) FROM alarm_kinds), (SELECT count(*) FROM ingest_platforms WHERE revoked_at IS NULL),
  (SELECT string_agg(name, ',' ORDER BY id) FROM import_templates), (SELECT count(*) FROM sessions),
  (SELECT count(*) FROM people), (SELECT count(*) FROM certificates WHERE revoked_on IS NULL), (SELECT count(*) FROM site_staff WHERE to_date IS NULL),
  (SELECT count(*) FROM testing_reports), (SELECT count(*) FROM capability_verifications), (SELECT count(*) FROM enterprise_inspections),
  (SELECT count(*) FROM accidents), (SELECT count(*) FROM enterprise_awards), (SELECT max(computed_at)::text FROM enterprise_credit),
  (SELECT count(*) FROM crane_machines), (SELECT count(*) FROM crane_events)) AS f`.execute(database.db)).rows[0].f

describe('authorization matrix', () => {
  it.each(matrixRows(ENDPOINTS))('%s: %s → %i', (who, _label, _status, endpoint) => checkCell(world, who, endpoint, written))

  it('covers every route the API documents (sign-in itself is tested in auth.test.ts)', async () => {
    const doc = await (await sessions.admin.request('/api/openapi.json')).json() as { paths: Record<string, Record<string, unknown>> }
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1').replace(/(.)\/$/, '$1')}`))
    // A label is `METHOD /path[?query][ (zone)]`; routes mounted at a feature's root are documented with a trailing slash.
    const covered = new Set([...ENDPOINTS, ...campaignEndpoints(() => world)].map((e) => e.label.split(' ').slice(0, 2).join(' ').replace(/\?.*$/, '')))
    // Vendor platforms push with their own key, not a session (tests/api/devices.test.ts: unknown and revoked keys are 401).
    const signIn = ['POST /api/auth/login', 'POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/ingest/:kind']
    expect(documented.filter((route) => !covered.has(route) && !signIn.includes(route))).toEqual([])
  })
})
