import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type ApiSession, signIn } from '../support/session.ts'

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let api: ApiSession
let before: string

/** A fingerprint of every table's row count: bad requests must leave it unchanged. */
async function fingerprint() {
  const { rows } = await sql<{ f: string }>`
    SELECT string_agg(t || '=' || n, ',' ORDER BY t) AS f FROM (
      SELECT 'sites' t, count(*) n FROM sites UNION ALL SELECT 'hazards', count(*) FROM hazards
      UNION ALL SELECT 'audit_log', count(*) FROM audit_log UNION ALL SELECT 'cameras', count(*) FROM cameras) x`.execute(database.db)
  return rows[0].f
}

beforeAll(async () => {
  database = await createSeededDatabase(150)
  app = createTestApp(database)
  api = await signIn(app, database.demo('city_command'))
  before = await fingerprint()
})
afterAll(() => database?.dispose())

async function expectError(path: string, status: number, code: string, init?: RequestInit) {
  const res = await api.request(path, init)
  expect(res.status).toBe(status)
  const body = await res.json()
  expect(body.error.code).toBe(code)
  expect(typeof body.error.message).toBe('string')
  expect(JSON.stringify(body)).not.toMatch(/SELECT|at .*\.ts:\d+|stack/i)
  return body
}

describe('bad input gets a clear 4xx and writes nothing', () => {
  it.each([
    ['1,2,3'], ['a,b,c,d'], ['121,31,120,32'], ['200,31,210,32'], ['120,31,,32'], ['120,31,121,32,5'],
  ])('malformed bbox %s → 400', async (bbox) => {
    const body = await expectError(`/api/layers/sites?bbox=${bbox}`, 400, 'invalid_request')
    expect(body.error.details[0].path).toBe('bbox')
  })

  it('unknown filter values → 400 naming the value', async () => {
    await expectError('/api/layers/sites?kind=skyscraper', 400, 'invalid_request')
    await expectError('/api/layers/sites?stage=earthworks,flying', 400, 'invalid_request')
    await expectError('/api/layers/sites?key=maybe', 400, 'invalid_request')
    await expectError('/api/layers/sites?grade=purple', 400, 'invalid_request')
    await expectError('/api/layers/sites?coverageBelow=2', 400, 'invalid_request')
    await expectError('/api/layers/sites?coverageBelow=half', 400, 'invalid_request')
    await expectError('/api/layers/sites?district=abc', 400, 'invalid_request')
    const body = await expectError('/api/layers/sites?district=1,99999', 400, 'unknown_filter_value')
    expect(body.error.details.district).toEqual([99999])
  })

  it('non-numeric, zero, huge and missing ids', async () => {
    await expectError('/api/sites/abc', 400, 'invalid_request')
    await expectError('/api/sites/0', 400, 'invalid_request')
    await expectError('/api/sites/1e3', 400, 'invalid_request')
    await expectError('/api/sites/99999999999', 400, 'invalid_request')
    await expectError('/api/sites/999999', 404, 'not_found')
  })

  it('oversized queries', async () => {
    await expectError(`/api/layers/sites?q=${'工'.repeat(101)}`, 400, 'invalid_request')
    await expectError(`/api/layers/sites?q=${'x'.repeat(5000)}`, 413, 'request_too_large')
  })

  it('control characters in search text → 400, not a database error', async () => {
    await expectError('/api/sites/search?q=a%00b', 400, 'invalid_request')
    await expectError('/api/layers/sites?q=%07', 400, 'invalid_request')
  })

  it('unknown routes and methods → 404 JSON', async () => {
    await expectError('/api/layers/volcanoes', 404, 'not_found')
    await expectError('/api/sites/1', 404, 'not_found', { method: 'DELETE' })
  })

  it('text with markup is data, not code', async () => {
    const res = await api.request(`/api/layers/sites?q=${encodeURIComponent('<script>alert(1)</script>')}`)
    expect(res.status).toBe(200)
    expect((await res.json()).features).toEqual([])
  })

  it('left every table as it was', async () => {
    expect(await fingerprint()).toBe(before)
  })
})
