import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LogLine } from '../../server/http/log.ts'
import { createTileCache } from '../../server/features/tiles/tiles.cache.ts'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'
import { basic } from '../support/ogc.ts'
import { pngForm } from '../support/photos.ts'
import { type ApiSession, signIn } from '../support/session.ts'

/*
 * What every response carries at the edge: security headers (the CSP the web app runs under), no-store on signed-in
 * answers but tiles, a request id in the header, in error bodies and in the one JSON log line per request.
 */

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
let planner: ApiSession
let web: string
const lines: LogLine[] = []
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

beforeAll(async () => {
  database = await createSeededDatabase()
  // A stand-in for the built web app, to see its responses get the same headers.
  web = mkdtempSync(path.join(tmpdir(), 'sg-web-'))
  mkdirSync(path.join(web, 'assets'))
  writeFileSync(path.join(web, 'index.html'), '<!doctype html><div id="root"></div><script type="module" src="/assets/index-x.js"></script>')
  writeFileSync(path.join(web, 'assets', 'index-x.js'), 'console.log(1)')
  app = createTestApp(database, { WEB_DIST: web }, { log: (line) => lines.push(line) })
  planner = await signIn(app, database.demo('planner'))
})
afterAll(async () => {
  rmSync(web, { recursive: true, force: true })
  await database?.dispose()
})

/** The CSP as directive → sources. */
const csp = (res: Response) => Object.fromEntries((res.headers.get('content-security-policy') ?? '').split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...sources]) => [name, sources]))
const logOf = (requestId: string | null) => lines.filter((l) => l.requestId === requestId)

describe('security headers', () => {
  it('are on API answers, the web app and its assets, with a CSP that allows no inline script and no eval', async () => {
    for (const url of ['/api/health', '/', '/zone', '/assets/index-x.js', '/api/no-such-thing']) {
      const res = await app.request(url)
      expect(res.headers.get('x-content-type-options'), url).toBe('nosniff')
      expect(res.headers.get('x-frame-options'), url).toBe('DENY')
      expect(res.headers.get('referrer-policy'), url).toBe('same-origin')
      expect(res.headers.get('strict-transport-security'), `${url} over plain HTTP`).toBeNull()
      const policy = csp(res)
      expect(policy, url).toMatchObject({
        'default-src': ["'self'"], 'script-src': ["'self'"], 'worker-src': ["'self'", 'blob:'], 'style-src': ["'self'"],
        'img-src': ["'self'", 'data:', 'blob:'], 'connect-src': ["'self'"], 'frame-ancestors': ["'none'"], 'object-src': ["'none'"],
        'base-uri': ["'self'"], 'form-action': ["'self'"],
      })
      expect(JSON.stringify(policy)).not.toMatch(/unsafe-eval|unsafe-inline.*script|\*/)
    }
    expect((await app.request('/')).headers.get('content-type')).toMatch(/text\/html/)
    expect((await app.request('/assets/index-x.js')).headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  })

  it('send HSTS only over HTTPS', async () => {
    expect((await app.request('https://localhost/api/health')).headers.get('strict-transport-security')).toBe('max-age=31536000')
    expect((await app.request('http://localhost/api/health')).headers.get('strict-transport-security')).toBeNull()
  })

  it('let the page reach an online basemap on its own origin, and nothing else', async () => {
    const online = createTestApp(database, { BASEMAP_STYLE_URL: 'https://tiles.example.com/styles/dark/style.json' })
    const policy = csp(await online.request('/api/health'))
    expect(policy['connect-src']).toEqual(["'self'", 'https://tiles.example.com'])
    expect(policy['img-src']).toContain('https://tiles.example.com')
    expect(policy['script-src']).toEqual(["'self'"])
  })

  it('leave a response its own stricter CSP (a photo is sandboxed)', async () => {
    const [{ id: siteId }] = (await sql<{ id: number }>`SELECT id FROM sites ORDER BY id LIMIT 1`.execute(database.db)).rows
    const admin = await signIn(app, database.demo('admin'))
    const upload = await admin.request('/api/photos', { method: 'POST', body: pngForm(siteId) })
    expect(upload.status).toBe(201)
    const photo = await admin.request(`/api/photos/${(await upload.json()).id}`)
    expect(photo.status).toBe(200)
    expect(photo.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox")
    // Signed-in content is not kept in caches, photos included.
    expect(photo.headers.get('cache-control')).toBe('no-store')
  })
})

describe('caching of signed-in answers', () => {
  it('is no-store for the API, OGC and the session, and leaves the tiles their ETag revalidation', async () => {
    for (const url of ['/api/sites/search?q=1', '/api/kpis', '/api/auth/me', '/api/layers/grids']) {
      const res = await planner.request(url)
      expect(res.status, url).toBe(200)
      expect(res.headers.get('cache-control'), url).toBe('no-store')
    }
    const ogc = await app.request('/api/ogc/collections', { headers: { authorization: basic(database.demo('planner')) } })
    expect(ogc.status).toBe(200)
    expect(ogc.headers.get('cache-control')).toBe('no-store')
    const tile = await planner.request('/api/tiles/sites/12/3420/1674.mvt')
    expect(tile.status).toBe(200)
    expect(tile.headers.get('cache-control')).toBe('private, no-cache')
    const again = await planner.request('/api/tiles/sites/12/3420/1674.mvt', { headers: { 'if-none-match': tile.headers.get('etag')! } })
    expect(again.status).toBe(304)
    // Refusals carry no-store as well: nothing about a session is worth keeping.
    expect((await app.request('/api/sites')).headers.get('cache-control')).toBe('no-store')
  })
})

describe('request ids and logs', () => {
  it('give every answer an id, echoed in its error body and its one log line, which holds no query string', async () => {
    lines.length = 0
    // A display wall's token travels in the query string.
    const res = await app.request('/api/wall/snapshot?token=sgw_secret-in-query')
    expect(res.status).toBe(401)
    const id = res.headers.get('x-request-id')
    expect(id).toMatch(UUID)
    const body = await res.json()
    expect(body).toEqual({ error: { code: expect.any(String), message: expect.any(String), requestId: id } })
    const [line, ...more] = logOf(id)
    expect(more).toEqual([])
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), level: 'info', requestId: id, method: 'GET', path: '/api/wall/snapshot',
      route: '/api/wall/snapshot', status: 401, durationMs: expect.any(Number), userId: null, ip: null,
    })
    expect(JSON.stringify(lines)).not.toContain('secret-in-query')
  })

  it('log the route pattern and who asked, also when a middleware refused', async () => {
    lines.length = 0
    const mine = await planner.request('/api/sites/999999999')
    const refused = await app.request('/api/sites/1')
    const [a] = logOf(mine.headers.get('x-request-id'))
    const [b] = logOf(refused.headers.get('x-request-id'))
    expect(a).toMatchObject({ status: mine.status, route: '/api/sites/:id', userId: planner.user.userId })
    expect(b).toMatchObject({ status: 401, route: '/api/sites/:id', userId: null })
    expect((await refused.json()).error.requestId).toBe(b.requestId)
  })

  it('make up their own id rather than take one from a client that is not a trusted proxy', async () => {
    const res = await app.request('/api/health', { headers: { 'x-request-id': 'chosen-by-the-client' } })
    expect(res.headers.get('x-request-id')).toMatch(UUID)
  })

  it('answer an unexpected failure with a 500 that names its request id and nothing of the failure, which is logged', async () => {
    const tiles = createTileCache(database)
    const failing = createTestApp(database, {}, {
      log: (line) => lines.push(line),
      tiles: { ...tiles, get: () => { throw new Error('relation "tile_cache" does not exist: SELECT * FROM users WHERE password_hash') } },
    })
    const session = await signIn(failing, database.demo('planner'))
    lines.length = 0
    const res = await session.request('/api/tiles/sites/12/3420/1674.mvt')
    expect(res.status).toBe(500)
    const id = res.headers.get('x-request-id')
    const text = await res.text()
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal_error', message: 'internal server error', requestId: id } })
    expect(text).not.toMatch(/SELECT|relation|password|stack|\.ts:\d+/i)
    const [error, request] = logOf(id)
    expect(error).toMatchObject({ level: 'error', requestId: id, method: 'GET', path: '/api/tiles/sites/12/3420/1674.mvt', message: expect.stringContaining('tile_cache') })
    expect(error.stack).toMatch(/at /)
    expect(request).toMatchObject({ level: 'info', requestId: id, status: 500, route: '/api/tiles/:layer/:z/:x/:file', userId: session.user.userId })
    await tiles.stop()
  })
})
