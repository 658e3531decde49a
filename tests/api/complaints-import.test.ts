import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { csvFile, postImport, xlsxFile } from '../support/import-files.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * The 12345 hotline's daily export: a GBK CSV with addresses and no coordinates imports, and its new tickets are
 * matched by address or by name and dispatched in the same transaction; importing it again adds nothing; phone
 * numbers in the report and the audit log are masked.
 */

let database: SeededDatabase
let admin: ApiSession
let grid: ApiSession
interface Site { id: number; name: string; address: string }
let byAddress: Site
let byName: Site

const one = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(database.db)).rows[0]
const unique = (not: number) => one(sql<Site>`SELECT s.id, s.name, s.address FROM sites s WHERE s.stage <> 'completed' AND s.address IS NOT NULL AND s.id <> ${not}
  AND (SELECT count(*) FROM sites o WHERE o.address = s.address OR o.name = s.name) = 1 AND char_length(s.name) >= 6 ORDER BY s.id LIMIT 1`)
const yesterday = () => beijingDay(addDays(new Date(), -1))

beforeAll(async () => {
  database = await createSeededDatabase(150)
  const app = createTestApp(database)
  admin = await signIn(app, database.demo('admin'))
  grid = await signIn(app, database.demo('grid_supervisor'))
  byAddress = await unique(0)
  byName = await unique(byAddress.id)
})
afterAll(async () => database?.dispose())

const rows = () => [
  { 工单编号: 'GBK-0001', 受理时间: `${yesterday()} 08:30:00`, 诉求类别: '扬尘', 诉求内容: '工地扬尘大，未洒水', 事发地址: `苏州市${byAddress.address}`, 来电人: '李四', 联系电话: '13998765432' },
  { 工单编号: 'GBK-0002', 受理时间: `${yesterday()} 09:10:00`, 诉求类别: '渣土', 诉求内容: `${byName.name}的渣土车沿路遗撒`, 事发地址: '', 来电人: '王五', 联系电话: '15800001111' },
  { 工单编号: 'GBK-0003', 受理时间: `${yesterday()} 10:00:00`, 诉求类别: '其他', 诉求内容: '不知道哪个工地在施工', 事发地址: '某个不存在的路口', 来电人: '', 联系电话: '' },
]

describe('the hotline\'s daily export', () => {
  it('imports a GBK CSV with addresses, then matches and dispatches its new tickets', async () => {
    const res = await postImport(admin, 'complaints', csvFile(rows(), 'gbk', '12345工单导出.csv'), { mode: 'commit' })
    expect(res.status).toBe(200)
    const report = await res.json()
    expect(report).toMatchObject({ committed: true, encoding: 'gb18030', totals: { create: 3, reject: 0 } })
    const { rows: imported } = await sql<{ ticket_no: string; site_id: number | null; match_method: string | null; status: string; respond_by: string | null; dispatched_at: string | null }>`
      SELECT ticket_no, site_id, match_method, status, respond_by::text, dispatched_at::text FROM complaints WHERE ticket_no LIKE 'GBK-%' ORDER BY ticket_no`.execute(database.db)
    expect(imported[0]).toMatchObject({ site_id: byAddress.id, match_method: 'address', status: 'dispatched' })
    expect(imported[1]).toMatchObject({ site_id: byName.id, match_method: 'name', status: 'dispatched' })
    expect(imported[2]).toMatchObject({ site_id: null, status: 'received' })
    expect(imported[0].respond_by).not.toBeNull()
    const audit = await one(sql<{ after: { complaints: { dispatched: number } } }>`SELECT after FROM audit_log WHERE action = 'import' AND entity = 'complaints' ORDER BY id DESC LIMIT 1`)
    expect(audit.after.complaints.dispatched).toBe(2)
    const leaked = await one(sql<{ n: string }>`SELECT count(*) AS n FROM audit_log WHERE after::text LIKE '%13998765432%'`)
    expect(Number(leaked.n)).toBe(0)
  })

  it('adds nothing when the same export comes again (XLSX this time)', async () => {
    const before = await one(sql<{ n: string }>`SELECT count(*) AS n FROM complaints`)
    const res = await postImport(admin, 'complaints', await xlsxFile(rows()), { mode: 'commit' })
    expect(res.status).toBe(200)
    expect((await res.json()).totals).toMatchObject({ create: 0, skip: 3 })
    expect(await one(sql<{ n: string }>`SELECT count(*) AS n FROM complaints`)).toEqual(before)
  })

  it('rejects rows without a ticket or time, and only the admin imports', async () => {
    const bad = [{ 工单编号: '', 受理时间: 'yesterday', 诉求类别: '扬尘', 诉求内容: '扬尘', 事发地址: '', 来电人: '', 联系电话: '139123456789012345678901234567890' }]
    const res = await postImport(admin, 'complaints', csvFile(bad, 'gbk'), { mode: 'preview' })
    const report = await res.json()
    expect(report.totals.reject).toBe(1)
    expect(JSON.stringify(report.rows)).not.toContain('139123456789012345678901234567890')
    expect((await postImport(grid, 'complaints', csvFile(rows(), 'gbk'), { mode: 'commit' })).status).toBe(403)
  })
})
