import { zipSync } from 'fflate'
import { sql } from 'kysely'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { tablesFingerprint } from '../support/fingerprint.ts'
import { csvFile, geojsonFile, postImport, zipBomb } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * Broken files of every kind, and broken boundaries: each gets a clear error or a per-row reason, and after any
 * failed import the database is exactly what it was (a fingerprint of every importable table, and the audit log).
 */

let database: SeededDatabase
let admin: ApiSession
let fingerprint: string

const TABLES = ['sites', 'grids', 'cameras', 'sensitive_receptors', 'inspections', 'districts', 'audit_log']
const databaseFingerprint = () => tablesFingerprint(database.db, TABLES)

beforeAll(async () => {
  database = await createSeededDatabase(150)
  admin = await signIn(createTestApp(database), database.demo('admin'))
})
beforeEach(async () => { fingerprint = await databaseFingerprint() })
afterAll(() => database?.dispose())

async function rejected(res: Response, status: number, code: string) {
  const body = await res.json()
  expect(res.status, JSON.stringify(body)).toBe(status)
  expect(body.error.code).toBe(code)
  expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:|SELECT|INSERT/)
  expect(await databaseFingerprint()).toBe(fingerprint)
}

describe('files that are refused whole', () => {
  const receptor = [{ 类型: '学校', 名称: '测试学校', 经度: 120.62, 纬度: 31.3 }]
  it('too large', async () => {
    await rejected(await postImport(admin, 'receptors', new File([new Uint8Array(61 * 1024 * 1024).fill(0x41)], 'big.csv'), { mode: 'commit' }), 413, 'file_too_large')
  })
  it('of the wrong type', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
    await rejected(await postImport(admin, 'receptors', new File([png], 'sites.csv'), { mode: 'commit' }), 415, 'unsupported_file_type')
    await rejected(await postImport(admin, 'receptors', new File([zipSync({ 'readme.txt': new TextEncoder().encode('hi') })], 'a.zip'), { mode: 'commit' }), 415, 'unsupported_file_type')
  })
  it('a zip bomb', async () => {
    await rejected(await postImport(admin, 'sites', zipBomb(), { mode: 'commit' }), 413, 'zip_bomb')
  })
  it('with an encoding that does not match the one chosen', async () => {
    await rejected(await postImport(admin, 'receptors', csvFile(receptor, 'gbk'), { mode: 'commit', encoding: 'utf-8' }), 422, 'encoding_mismatch')
    await rejected(await postImport(admin, 'receptors', csvFile(receptor, 'utf-8'), { mode: 'commit', encoding: 'gb18030' }), 422, 'encoding_mismatch')
  })
  it('damaged or empty', async () => {
    await rejected(await postImport(admin, 'receptors', new File([zipSync({ 'xl/workbook.xml': new TextEncoder().encode('<nope') })], 'x.xlsx'), { mode: 'commit' }), 400, 'corrupt_spreadsheet')
    await rejected(await postImport(admin, 'receptors', new File(['{"type":"FeatureCollection","features":['], 'x.geojson'), { mode: 'commit' }), 400, 'invalid_geojson')
    await rejected(await postImport(admin, 'receptors', new File([zipSync({ 'a.shp': new Uint8Array(100) })], 'a.zip'), { mode: 'commit' }), 400, 'incomplete_shapefile')
    await rejected(await postImport(admin, 'receptors', new File([], 'x.csv'), { mode: 'commit' }), 400, 'empty_file')
    await rejected(await postImport(admin, 'receptors', csvFile([{ 名称: 'x' }]).slice(0, 6, 'text/csv') as File, { mode: 'commit' }), 400, 'no_rows')
  })
  it('without the columns a layer needs', async () => {
    await rejected(await postImport(admin, 'sites', csvFile([{ 名称: '无编号项目', 经度: 120.6, 纬度: 31.3 }]), { mode: 'commit' }), 400, 'missing_columns')
  })
  it('with rows that would be rejected, unless told to skip them', async () => {
    await rejected(await postImport(admin, 'receptors', csvFile([...receptor, { ...receptor[0], 类型: '网吧' }]), { mode: 'commit' }), 422, 'rows_rejected')
  })
})

describe('a failure in the middle of writing', () => {
  it('rolls back the batches already written', async () => {
    // A trigger stands in for anything the database refuses late (a full disk, a lost connection) in the 2nd batch.
    await sql`CREATE FUNCTION refuse_boom() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$`.execute(database.db)
    await sql`CREATE TRIGGER refuse_boom BEFORE INSERT ON sensitive_receptors FOR EACH ROW WHEN (NEW.name = 'boom') EXECUTE FUNCTION refuse_boom()`.execute(database.db)
    fingerprint = await databaseFingerprint()
    const rows = Array.from({ length: 7_000 }, (_, i) => ({ 类型: '学校', 名称: i === 6_999 ? 'boom' : `批量学校${i}`, lon: 120.55 + (i % 100) / 1000, lat: 31.25 + Math.floor(i / 100) / 1000 }))
    const res = await postImport(admin, 'receptors', csvFile(rows), { mode: 'commit' })
    expect(res.status).toBe(500)
    expect((await res.json()).error).toEqual({ code: 'internal_error', message: 'internal server error', requestId: res.headers.get('x-request-id') })
    expect(await databaseFingerprint()).toBe(fingerprint)
    await sql`DROP TRIGGER refuse_boom ON sensitive_receptors`.execute(database.db)
  })
})

describe('boundaries', () => {
  // A 400 m square in 姑苏区, as [lon, lat] rings; each case bends it one way.
  const [x, y, d] = [120.615, 31.305, 0.004]
  const square = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
  const grid = (code: string, coordinates: unknown, type = 'Polygon') => ({ type: 'Feature', properties: { code, name: `网格${code}` }, geometry: { type, coordinates } })
  const cases = [
    grid('G-OK', [square]),
    grid('G-BOWTIE', [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]]),
    grid('G-UNCLOSED', [square.slice(0, 4)]),
    grid('G-CLOCKWISE', [[...square].reverse()]),
    grid('G-HOLE', [square, [[x + 0.001, y + 0.001], [x + 0.002, y + 0.001], [x + 0.002, y + 0.002], [x + 0.001, y + 0.002], [x + 0.001, y + 0.001]].reverse()]),
    grid('G-EMPTY', []),
    grid('G-NAN', [[[x, y], [null, y], [x + d, y + d], [x, y]]]),
    grid('G-OUTSIDE', [[[116.39, 39.9], [116.4, 39.9], [116.4, 39.91], [116.39, 39.9]]]),
    grid('G-LINE', [[[x, y], [x + d, y], [x, y]]]),
    grid('G-POINT', [x, y], 'Point'),
  ]

  it('repairs what is safe to repair and says so, and rejects the rest with the reason', async () => {
    const res = await postImport(admin, 'grids', geojsonFile({ type: 'FeatureCollection', features: cases }), { mode: 'commit', skipRejected: 'true' })
    const body = await res.json()
    expect(res.status, JSON.stringify(body)).toBe(200)
    const row = (key: string) => body.rows.find((r: { key: string }) => r.key === key)
    const codes = (key: string, list: 'reasons' | 'warnings') => row(key)[list].map((i: { code: string }) => i.code)
    expect(row('G-OK')).toMatchObject({ action: 'create', reasons: [], warnings: [] })
    expect(row('G-BOWTIE').action).toBe('create')
    expect(codes('G-BOWTIE', 'warnings')).toContain('repaired_polygon')
    expect(codes('G-UNCLOSED', 'warnings')).toEqual(['ring_closed'])
    expect(codes('G-CLOCKWISE', 'warnings')).toEqual(['rewound'])
    expect(row('G-HOLE')).toMatchObject({ action: 'create', warnings: [] })
    expect(codes('G-EMPTY', 'reasons')).toEqual(['empty_geometry'])
    expect(codes('G-NAN', 'reasons')).toEqual(['not_a_number'])
    expect(codes('G-OUTSIDE', 'reasons')).toEqual(['outside_city'])
    expect(codes('G-LINE', 'reasons')).toEqual(['degenerate_polygon'])
    expect(codes('G-POINT', 'reasons')).toEqual(['wrong_geometry_type'])
    const { rows } = await sql<{ code: string; valid: boolean; holes: number; area: number }>`
      SELECT code, ST_IsValid(geom) AS valid, ST_NumInteriorRings(ST_GeometryN(geom, 1)) AS holes, ST_Area(geom::geography) AS area
      FROM grids WHERE code LIKE 'G-%' ORDER BY code`.execute(database.db)
    expect(rows.map((r) => r.code)).toEqual(['G-BOWTIE', 'G-CLOCKWISE', 'G-HOLE', 'G-OK', 'G-UNCLOSED'])
    expect(rows.every((r) => r.valid)).toBe(true)
    expect(rows.find((r) => r.code === 'G-HOLE')?.holes).toBe(1)
    const ok = rows.find((r) => r.code === 'G-OK')?.area ?? 0
    expect(ok).toBeGreaterThan(140_000)
    expect(rows.find((r) => r.code === 'G-UNCLOSED')?.area).toBeCloseTo(ok, -2)
  })
})
