import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../../server/config.ts'
import type { LogLine } from '../../server/http/log.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { type Listening, listenOn } from '../support/listen.ts'
import { type ApiSession, signIn, TEST_PASSWORD } from '../support/session.ts'

/*
 * X-Forwarded-For and -Proto are believed only from a TRUST_PROXY peer. Real listening servers, so that the peer
 * is a real address (127.0.0.1, ::1): one app trusts nobody, the other trusts 127.0.0.1, ::1 and 10.0.0.0/8.
 */

const over = ({ base }: Listening) => ({ request: (path: string, init?: RequestInit) => fetch(`${base}${path}`, init) })

let database: SeededDatabase
let direct: Listening
let proxied: Listening
let proxiedV6: Listening
let viaDirect: ApiSession
let viaProxy: ApiSession
let viaProxyV6: ApiSession
const lines: LogLine[] = []

beforeAll(async () => {
  database = await createSeededDatabase()
  const log = (line: LogLine) => lines.push(line)
  const trustsNobody = createTestApp(database, {}, { log })
  const trustsProxy = createTestApp(database, { TRUST_PROXY: '127.0.0.1, ::1, 10.0.0.0/8' }, { log })
  ;[direct, proxied, proxiedV6] = await Promise.all([listenOn(trustsNobody), listenOn(trustsProxy), listenOn(trustsProxy, '::1')])
  const admin = database.demo('admin')
  viaDirect = await signIn(over(direct), admin, TEST_PASSWORD, direct.base)
  viaProxy = await signIn(over(proxied), admin, TEST_PASSWORD, proxied.base)
  viaProxyV6 = await signIn(over(proxiedV6), admin, TEST_PASSWORD, proxiedV6.base)
})
afterAll(async () => {
  for (const l of [direct, proxied, proxiedV6]) l?.server.close()
  await database?.dispose()
})

/** The address the audit log holds for a display token created with these request headers. */
async function auditedAddress(session: ApiSession, headers: Record<string, string>) {
  const res = await session.request('/api/admin/display-tokens', { method: 'POST', body: JSON.stringify({ name: `wall ${Math.random()}` }), headers })
  expect(res.status).toBe(201)
  const { id } = await res.json()
  const row = await database.db.selectFrom('audit_log').select('ip').where('entity', '=', 'display_token').where('entity_id', '=', String(id)).executeTakeFirstOrThrow()
  return row.ip
}

/** The client address the request log line names for a request with these headers. */
async function loggedAddress({ base }: Listening, headers: Record<string, string>) {
  const res = await fetch(`${base}/api/health`, { headers })
  return lines.find((l) => l.requestId === res.headers.get('x-request-id'))?.ip
}

const login = ({ base }: Listening, username: string, password: string, headers: Record<string, string> = {}) => fetch(`${base}/api/auth/login`, {
  method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }),
})

describe('from a peer that is not a trusted proxy', () => {
  it('a spoofed X-Forwarded-For changes neither the audit log nor the logged address', async () => {
    const spoof = { 'x-forwarded-for': '203.0.113.66' }
    expect(await auditedAddress(viaDirect, spoof)).toBe('127.0.0.1')
    expect(await loggedAddress(direct, spoof)).toBe('127.0.0.1')
    // The admin's audit list shows it.
    const [latest] = await (await viaDirect.request('/api/admin/audit?entity=display_token&limit=1')).json()
    expect(latest.ip).toBe('127.0.0.1')
  })

  it('X-Forwarded-Proto: https makes no cookie Secure and sends no HSTS; its X-Request-Id is not taken', async () => {
    const res = await login(direct, database.demo('planner'), TEST_PASSWORD, { 'x-forwarded-proto': 'https', 'x-request-id': 'spoofed-request-id' })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i)
    expect(res.headers.get('strict-transport-security')).toBeNull()
    expect(res.headers.get('x-request-id')).not.toBe('spoofed-request-id')
  })
})

describe('from a trusted proxy', () => {
  it('the client is the right-most address that is not a trusted proxy, IPv4 or IPv6', async () => {
    // A client that wrote its own X-Forwarded-For, then the proxy at 10.1.2.3 that appended what it saw.
    expect(await auditedAddress(viaProxy, { 'x-forwarded-for': '198.51.100.1, 203.0.113.66, 10.1.2.3' })).toBe('203.0.113.66')
    expect(await auditedAddress(viaProxyV6, { 'x-forwarded-for': '2001:db8::7' })).toBe('2001:db8::7')
    expect(await loggedAddress(proxied, { 'x-forwarded-for': '::ffff:198.51.100.9' })).toBe('198.51.100.9')
    // No header: the proxy itself; a hop that is no address: the proxy that handed it on.
    expect(await loggedAddress(proxied, {})).toBe('127.0.0.1')
    expect(await loggedAddress(proxied, { 'x-forwarded-for': 'unknown, 10.1.2.3' })).toBe('10.1.2.3')
  })

  it('X-Forwarded-Proto: https makes the cookie Secure and sends HSTS; its X-Request-Id is kept', async () => {
    const res = await login(proxied, database.demo('planner'), TEST_PASSWORD, { 'x-forwarded-proto': 'https', 'x-request-id': 'edge-4f2a9c' })
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toMatch(/;\s*Secure/i)
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000')
    expect(res.headers.get('x-request-id')).toBe('edge-4f2a9c')
    const plain = await login(proxied, database.demo('planner'), TEST_PASSWORD, { 'x-forwarded-proto': 'http' })
    expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i)
    expect(plain.headers.get('strict-transport-security')).toBeNull()
  })
})

// Last: it fills 127.0.0.1's sign-in budget, after which nobody signs in from there directly.
describe('the sign-in throttle', () => {
  it('keys on the peer whatever X-Forwarded-For says, and on the forwarded client behind a trusted proxy', async () => {
    await sql`INSERT INTO login_attempts (username, ip, succeeded) SELECT 'someone', '127.0.0.1', false FROM generate_series(1, 30)`.execute(database.db)
    for (const spoof of ['198.51.100.20', '198.51.100.21']) {
      const res = await login(direct, 'nobody-by-that-name', 'wrong-password', { 'x-forwarded-for': spoof })
      expect(res.status).toBe(429)
      expect((await res.json()).error.code).toBe('too_many_attempts')
    }
    const behindProxy = await login(proxied, 'nobody-by-that-name', 'wrong-password', { 'x-forwarded-for': '198.51.100.20' })
    expect(behindProxy.status).toBe(401)
    const attempts = await database.db.selectFrom('login_attempts').select('ip').where('username', '=', 'nobody-by-that-name').execute()
    expect(attempts.map((a) => a.ip)).toEqual(['198.51.100.20'])
  })
})

describe('TRUST_PROXY', () => {
  it('takes addresses, CIDRs and named ranges, and names what it cannot read', () => {
    expect(parseConfig({ TRUST_PROXY: '10.0.0.1, 172.16.0.0/12,fd00::/8, loopback' }).TRUST_PROXY).toEqual(['10.0.0.1', '172.16.0.0/12', 'fd00::/8', 'loopback'])
    expect(parseConfig({}).TRUST_PROXY).toBeUndefined()
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.1, proxy.example.com' })).toThrow(/TRUST_PROXY: not an address or CIDR: proxy.example.com/)
    expect(() => parseConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY/)
  })
})
