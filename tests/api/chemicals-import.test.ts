import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { csvFile, postImport, xlsxFile } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * A site's chemical ledger (危化品台账) through the import pipeline: a GBK CSV with coordinates; rows with a wrong CAS
 * check digit, a storage point off the site or an unknown site are refused on the row; importing it again adds nothing.
 */

let database: SeededDatabase
let admin: ApiSession
interface Site { id: number; code: string; lon: number; lat: number }
let site: Site
let other: Site

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const siteAt = (offset: number) => one(sql<Site>`SELECT s.id, s.code, ST_X(ST_PointOnSurface(s.footprint)) AS lon, ST_Y(ST_PointOnSurface(s.footprint)) AS lat
  FROM sites s WHERE s.footprint IS NOT NULL AND NOT EXISTS (SELECT 1 FROM site_chemicals c WHERE c.site_id = s.id) ORDER BY s.id OFFSET ${offset} LIMIT 1`)

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  site = await siteAt(0)
  other = await siteAt(40)
})
afterAll(async () => database?.dispose())

const row = (code: string, lon: number, lat: number, extra: object = {}) => ({
  项目编号: code, 危化品名称: '柴油', CAS号: '68334-30-5', UN编号: '1202', 危险类别: '第3类 易燃液体', 最大存量: 2.5, 单位: '吨',
  存放说明: '储油区', 责任单位: '导入测试建设有限公司', 经度: lon, 纬度: lat, ...extra,
})
const rows = () => [
  row(site.code, site.lon, site.lat),
  row(site.code, site.lon, site.lat, { 危化品名称: '乙炔', CAS号: '74-86-3', UN编号: '1001', 危险类别: '2.1', 单位: '千克' }),
  row(site.code, other.lon, other.lat, { 危化品名称: '油漆', CAS号: '', UN编号: '1263' }),
  row('NO-SUCH-SITE', site.lon, site.lat, { 危化品名称: '氧气' }),
]

describe('importing a chemical ledger', () => {
  it('imports the good rows of a GBK CSV and refuses the others on the row', async () => {
    const preview = await (await postImport(admin, 'chemicals', csvFile(rows(), 'gbk', '危化品台账.csv'))).json()
    expect(preview).toMatchObject({ encoding: 'gb18030', needsConfirmation: 0, totals: { create: 1, reject: 3 } })
    const reasonsOf = (line: number) => preview.rows.find((r: { line: number }) => r.line === line).reasons.map((x: { code: string }) => x.code)
    expect(reasonsOf(3)).toEqual(['invalid_cas'])
    expect(reasonsOf(4)).toEqual(['storage_off_site'])
    expect(reasonsOf(5)).toEqual(['unknown_site'])
    const refused = await postImport(admin, 'chemicals', csvFile(rows(), 'gbk', '危化品台账.csv'), { mode: 'commit' })
    expect([refused.status, (await refused.json()).error.code]).toEqual([422, 'rows_rejected'])
    expect((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM site_chemicals WHERE site_id = ${site.id}`)).n).toBe(0)

    const res = await postImport(admin, 'chemicals', csvFile(rows(), 'gbk', '危化品台账.csv'), { mode: 'commit', skipRejected: 'true' })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ committed: true, totals: { create: 1, reject: 3 } })
    const stored = await one(sql<{ name: string; hazard_class: string; unit: string; max_quantity: number; district_id: number; on: boolean }>`
      SELECT c.name, c.hazard_class, c.unit, c.max_quantity, c.district_id, ST_DWithin(c.storage_location::geography, s.footprint::geography, 1) AS on
      FROM site_chemicals c JOIN sites s ON s.id = c.site_id WHERE c.site_id = ${site.id}`)
    expect(stored).toMatchObject({ name: '柴油', hazard_class: '3', unit: 't', max_quantity: 2.5, on: true })
    const audit = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM audit_log WHERE action = 'import' AND entity = 'chemicals'`)
    expect(audit.n).toBe(1)
  })

  it('adds nothing when the same ledger comes again (XLSX this time)', async () => {
    const before = await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM site_chemicals`)
    const res = await postImport(admin, 'chemicals', await xlsxFile(rows().slice(0, 1), {}, '危化品台账.xlsx'), { mode: 'commit' })
    expect(res.status).toBe(200)
    expect((await res.json()).totals).toMatchObject({ create: 0, skip: 1 })
    expect((await one(sql<{ n: number }>`SELECT count(*)::int AS n FROM site_chemicals`)).n).toBe(before.n)
  })
})
