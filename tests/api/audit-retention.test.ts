import { createHash } from 'node:crypto'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as retentionMigration from '../../db/migrations/2026-12-04-0017-audit-retention.ts'
import { createAuditRetention } from '../../server/features/audit/retention.job.ts'
import { createMigratedDatabase, createTestApp, type TestDatabase } from '../support/database.ts'
import { addUser, type ApiSession, signIn } from '../support/session.ts'

/*
 * Audit retention (网络安全法 Art. 21) on the real engine: the logs partitioned by Beijing month, a month dropped
 * only when it is past retention *and* exported (the CSV's bytes hashing to the manifest's SHA-256), never the
 * rows one by one. The job's clock is this file's: months in 2003, far from any real today, so the database's own
 * 180-days-before-now() floor never decides a case here except the one test about it.
 */

const CLOCK = new Date('2003-09-15T10:00:00+08:00')
const RETENTION = 180
let database: TestDatabase
let app: ReturnType<typeof createTestApp>
let auditor: ApiSession
let admin: ApiSession
let planner: ApiSession

const exists = async (table: string) => (await sql<{ t: string | null }>`SELECT to_regclass(${table})::text AS t`.execute(database.db)).rows[0].t !== null
const count = async (table: string) => (await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(table)}`.execute(database.db)).rows[0].n
const job = (retentionDays = RETENTION) => createAuditRetention(database.db, { retentionDays, everyMs: 3_600_000, now: () => CLOCK })
const runJob = async (retentionDays = RETENTION) => {
  const retention = job(retentionDays)
  try { return await retention.run() } finally { await retention.stop() }
}
const audit = (at: string, entityId: string, after: unknown = null) =>
  sql`INSERT INTO audit_log (at, action, entity, entity_id, after) VALUES (${at}::timestamptz, 'update', 'hazard', ${entityId}, ${JSON.stringify(after)}::text::jsonb)`.execute(database.db)
const signInAttempt = (at: string, username: string, succeeded: boolean) =>
  sql`INSERT INTO login_attempts (at, username, ip, succeeded) VALUES (${at}::timestamptz, ${username}, '10.0.0.9', ${succeeded})`.execute(database.db)
const download = async (who: ApiSession, path: string) => {
  const res = await who.request(`/api/admin/audit/exports/${path}`)
  return { res, bytes: new Uint8Array(await res.arrayBuffer()) }
}
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

beforeAll(async () => {
  database = await createMigratedDatabase()
  app = createTestApp(database, {}, { clock: () => CLOCK })
  for (const [username, role] of [['ret-auditor', 'auditor'], ['ret-admin', 'admin'], ['ret-planner', 'planner']] as const) await addUser(database.db, { username, role })
  ;[auditor, admin, planner] = await Promise.all(['ret-auditor', 'ret-admin', 'ret-planner'].map((u) => signIn(app, u)))
  // An operator backfilling months that predate the portal: their partitions first, then the rows.
  await sql`SELECT sg_audit_partitions('2003-01-01', '2003-09-01')`.execute(database.db)
  await audit('2003-01-01T00:00:00+08:00', '1', { 说明: '第一条, 含逗号与"引号"' })
  await audit('2003-01-17T09:30:00.250+08:00', '=HYPERLINK("http://x")')
  await audit('2003-01-31T23:59:59.999+08:00', '3')
  await audit('2003-02-01T00:00:00+08:00', '4')
  await audit('2003-06-10T12:00:00+08:00', '5')
  await signInAttempt('2003-01-05T08:00:00+08:00', 'zhang', false)
  await signInAttempt('2003-01-05T08:00:10+08:00', 'zhang', true)
})
afterAll(() => database?.dispose())

describe('partitions by Beijing month', () => {
  it('both logs are partitioned on at, keep every column other migrations added, and put each row in its Beijing month', async () => {
    const { rows } = await sql<{ t: string; kind: string }>`SELECT relname AS t, relkind::text AS kind FROM pg_class WHERE relname IN ('audit_log', 'login_attempts')`.execute(database.db)
    expect(rows.map((r) => r.kind)).toEqual(['p', 'p'])
    const columns = async (t: string) => (await sql<{ c: string }>`SELECT attname AS c FROM pg_attribute WHERE attrelid = ${t}::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum`.execute(database.db)).rows.map((r) => r.c)
    expect(await columns('audit_log')).toEqual(expect.arrayContaining(['id', 'at', 'user_id', 'action', 'entity', 'entity_id', 'before', 'after', 'ip']))
    expect(await columns('login_attempts')).toEqual(expect.arrayContaining(['id', 'at', 'username', 'ip', 'succeeded', 'user_agent']))
    // The last millisecond of January (Beijing) is January's; midnight of 1 February is February's.
    expect([await count('audit_log_200301'), await count('audit_log_200302'), await count('audit_log_200306'), await count('audit_log_default')]).toEqual([3, 1, 1, 0])
    expect(await count('login_attempts_200301')).toBe(2)
  })

  it('the job makes the coming months ahead, by its clock', async () => {
    await runJob()
    for (const month of ['200309', '200310', '200311', '200312']) expect(await exists(`audit_log_${month}`)).toBe(true)
    expect(await exists('login_attempts_200312')).toBe(true)
    expect(await exists('audit_log_200401')).toBe(false)
  })

  it('nobody can UPDATE, DELETE or TRUNCATE the audit log, through the parent or a partition', async () => {
    for (const statement of [
      sql`UPDATE audit_log SET action = 'tampered' WHERE entity_id = '3'`, sql`DELETE FROM audit_log WHERE entity_id = '3'`,
      sql`UPDATE audit_log_200301 SET action = 'tampered'`, sql`DELETE FROM audit_log_200301`,
      sql`TRUNCATE audit_log`, sql`TRUNCATE audit_log_200301`, sql`TRUNCATE audit_log_default`,
    ]) await expect(statement.execute(database.db)).rejects.toThrow(/append-only/)
    expect(await count('audit_log_200301')).toBe(3)
  })
})

describe('export, then drop', () => {
  it('a month past retention that nobody exported is kept', async () => {
    const { dropped } = await runJob()
    expect(dropped).toEqual([])
    expect(await count('audit_log_200301')).toBe(3)
    const list = await (await auditor.request('/api/admin/audit/exports')).json()
    const january = list.months.find((m: { log: string; month: string }) => m.log === 'audit_log' && m.month === '2003-01')
    expect(january).toMatchObject({ rows: 3, pastRetention: true, droppable: false, lastExport: null, droppableFrom: '2003-07-31T00:00:00+08:00' })
    expect(list.months.find((m: { log: string; month: string }) => m.log === 'audit_log' && m.month === '2003-06')).toMatchObject({ rows: 1, pastRetention: false })
    expect(list.retentionDays).toBe(RETENTION)
  })

  it('the auditor exports a month: CSV with BOM in Beijing time, whose bytes hash to the manifest’s SHA-256', async () => {
    const { res, bytes } = await download(auditor, 'audit_log/2003-01.csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('content-disposition')).toContain('audit_log-2003-01.csv')
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    // TextDecoder takes the BOM off by itself.
    const lines = new TextDecoder().decode(bytes).split('\r\n')
    expect(lines[0].split(',').slice(0, 3)).toEqual(['id', 'at', 'user_id'])
    expect(lines).toHaveLength(4)
    expect(lines[1]).toContain('2003-01-01 00:00:00.000')
    expect(lines[1]).toContain('第一条, 含逗号与\\""引号\\""')
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://x"")"`)
    expect(lines[3]).toContain('2003-01-31 23:59:59.999')

    const manifest = await (await auditor.request('/api/admin/audit/exports/audit_log/2003-01.manifest')).json()
    expect(manifest).toMatchObject({ file: 'audit_log-2003-01.csv', log: 'audit_log', month: '2003-01', rows: 3, generatedBy: 'ret-auditor', generatedAt: '2003-09-15T10:00:00+08:00' })
    expect(manifest.sha256).toBe(sha256(bytes))
    expect(res.headers.get('x-content-sha256')).toBe(manifest.sha256)
    expect(manifest.lastExport).toMatchObject({ sha256: manifest.sha256, rows: 3, exportedBy: 'ret-auditor', current: true })
    expect(Number(manifest.lastId) - Number(manifest.firstId)).toBe(2)

    const recorded = await database.db.selectFrom('audit_exports').selectAll().where('log_name', '=', 'audit_log').execute()
    expect(recorded).toHaveLength(1)
    expect(recorded[0]).toMatchObject({ row_count: 3, sha256: manifest.sha256 })
    const logged = await database.db.selectFrom('audit_log').select(['action', 'entity_id']).where('entity', '=', 'audit_log').execute()
    expect(logged).toEqual([{ action: 'export', entity_id: '2003-01' }])
    // The record of exports is as immutable as the log.
    for (const statement of [sql`UPDATE audit_exports SET row_count = 99`, sql`DELETE FROM audit_exports`, sql`TRUNCATE audit_exports`]) {
      await expect(statement.execute(database.db)).rejects.toThrow(/append-only/)
    }
  })

  it('the job then drops that month, and only it, and says so in the audit log', async () => {
    const { dropped } = await runJob()
    expect(dropped).toEqual([{ log: 'audit_log', month: '2003-01', rows: 3 }])
    expect(await exists('audit_log_200301')).toBe(false)
    // Not exported: the sign-in log's January and the audit log's February stay.
    expect(await count('login_attempts_200301')).toBe(2)
    expect(await count('audit_log_200302')).toBe(1)
    const entry = await database.db.selectFrom('audit_log').select(['user_id', 'after']).where('action', '=', 'drop_expired_month').executeTakeFirstOrThrow()
    expect(entry).toEqual({ user_id: null, after: { rows: 3, retentionDays: RETENTION } })
    expect((await download(auditor, 'audit_log/2003-01.csv')).res.status).toBe(404)
  })

  it('an export that no longer holds every row of its month does not let the month go', async () => {
    expect((await download(auditor, 'login_attempts/2003-01.csv')).res.status).toBe(200)
    await signInAttempt('2003-01-20T12:00:00+08:00', 'li', false)
    expect((await runJob()).dropped).toEqual([])
    expect(await count('login_attempts_200301')).toBe(3)
    const list = await (await auditor.request('/api/admin/audit/exports')).json()
    expect(list.months.find((m: { log: string; month: string }) => m.log === 'login_attempts' && m.month === '2003-01'))
      .toMatchObject({ rows: 3, droppable: false, lastExport: { rows: 2, current: false } })
    // Exported again, with the late row, it goes.
    expect((await download(auditor, 'login_attempts/2003-01.csv')).res.status).toBe(200)
    expect((await runJob()).dropped).toEqual([{ log: 'login_attempts', month: '2003-01', rows: 3 }])
  })

  it('a month within retention is never dropped, even exported', async () => {
    expect((await download(auditor, 'audit_log/2003-06.csv')).res.status).toBe(200)
    expect((await runJob()).dropped).toEqual([])
    expect(await count('audit_log_200306')).toBe(1)
    // A longer AUDIT_RETENTION_DAYS keeps even an exported month that 180 days would let go.
    expect((await download(auditor, 'audit_log/2003-02.csv')).res.status).toBe(200)
    expect((await runJob(365)).dropped).toEqual([])
    expect(await count('audit_log_200302')).toBe(1)
  })

  it('whatever the caller’s clock says, the database keeps a month that ended less than 180 days before its own now()', async () => {
    const month = (await sql<{ m: string }>`SELECT to_char(now() AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM') AS m`.execute(database.db)).rows[0].m
    await sql`SELECT sg_audit_partitions((now() AT TIME ZONE 'Asia/Shanghai')::date, (now() AT TIME ZONE 'Asia/Shanghai')::date)`.execute(database.db)
    const partition = `audit_log_${month.replace('-', '')}`
    expect((await download(auditor, `audit_log/${month}.csv`)).res.status).toBe(200)
    const { rows } = await sql<{ dropped: string | null }>`SELECT sg_drop_audit_month('audit_log', ${`${month}-01`}::date, 'infinity')::text AS dropped`.execute(database.db)
    expect(rows[0].dropped).toBeNull()
    expect(await exists(partition)).toBe(true)
  })
})

describe('who may export', () => {
  it('only the auditor downloads; the admin sees the list; others neither', async () => {
    expect((await download(admin, 'audit_log/2003-02.csv')).res.status).toBe(403)
    expect((await download(admin, 'audit_log/2003-02.manifest')).res.status).toBe(403)
    expect((await download(planner, 'audit_log/2003-02.csv')).res.status).toBe(403)
    expect((await admin.request('/api/admin/audit/exports')).status).toBe(200)
    expect((await planner.request('/api/admin/audit/exports')).status).toBe(403)
    expect((await app.request('/api/admin/audit/exports/audit_log/2003-02.csv')).status).toBe(401)
    // No route erases a month, for anyone.
    for (const who of [admin, auditor]) expect((await who.request('/api/admin/audit/exports/audit_log/2003-02.csv', { method: 'DELETE' })).status).toBeGreaterThanOrEqual(400)
    expect(await count('audit_log_200302')).toBe(1)
  })

  it('refuses what is not a log or a month', async () => {
    for (const path of ['users/2003-02.csv', 'audit_log/2003-13.csv', 'audit_log/2003-02.xlsx', 'audit_log/../2003-02.csv']) {
      expect((await download(auditor, path)).res.status, path).toBeGreaterThanOrEqual(400)
    }
    expect((await download(auditor, 'audit_log/1999-01.csv')).res.status).toBe(404)
  })
})

describe('the migration', () => {
  it('keeps rows, ids, the identity and the triggers when it partitions the logs, and back', async () => {
    const db = (await createMigratedDatabase())
    try {
      await retentionMigration.down(db.db as never)
      await sql`INSERT INTO audit_log (id, at, action, entity) VALUES (41, '2005-03-02T10:00:00+08:00', 'create', 'site'), (42, '2005-04-02T10:00:00+08:00', 'create', 'site')`.execute(db.db)
      await sql`INSERT INTO login_attempts (at, username, ip, succeeded, user_agent) VALUES ('2005-03-02T10:00:00+08:00', 'wang', '10.0.0.1', true, 'curl/8')`.execute(db.db)
      const before = (await sql<{ id: number }>`SELECT nextval(pg_get_serial_sequence('login_attempts', 'id'))::int AS id`.execute(db.db)).rows[0].id
      await retentionMigration.up(db.db as never)
      const rows = await sql<{ id: string; tableoid: string }>`SELECT id::text, tableoid::regclass::text AS tableoid FROM audit_log ORDER BY id`.execute(db.db)
      expect(rows.rows).toEqual([{ id: '41', tableoid: 'audit_log_200503' }, { id: '42', tableoid: 'audit_log_200504' }])
      expect((await sql<{ ua: string }>`SELECT user_agent AS ua FROM login_attempts_200503`.execute(db.db)).rows).toEqual([{ ua: 'curl/8' }])
      // Ids continue the old sequence: none is handed out twice.
      const next = await sql<{ id: number }>`INSERT INTO login_attempts (username, ip, succeeded) VALUES ('wang', '10.0.0.1', false) RETURNING id::int`.execute(db.db)
      expect(next.rows[0].id).toBe(before + 1)
      const identity = await sql<{ def: string }>`SELECT indexdef AS def FROM pg_indexes WHERE indexname = 'audit_log_id_at_idx'`.execute(db.db)
      expect(identity.rows[0].def).toMatch(/^CREATE UNIQUE INDEX audit_log_id_at_idx ON ONLY public\.audit_log USING btree \(id, at\)$/)
      await expect(sql`DELETE FROM audit_log_200503`.execute(db.db)).rejects.toThrow(/append-only/)
      const indexes = await sql<{ n: string }>`SELECT indexname AS n FROM pg_indexes WHERE tablename = 'login_attempts' ORDER BY 1`.execute(db.db)
      expect(indexes.rows.map((r) => r.n)).toEqual(expect.arrayContaining(['login_attempts_ip_idx', 'login_attempts_id_at_idx', 'login_attempts_username_idx']))
    } finally {
      await db.dispose()
    }
  })
})
