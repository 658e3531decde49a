/*
 * The HTTP floor: what the load helpers reach against a bare node:http server, a bare Fastify route or a bare Hono
 * route, answering 204 over loopback, on the same machine and in the same run as the portal's rows. A portal route's
 * requests/s read against it tells the framework's and middleware's share from the client's and the kernel's.
 */
import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { Agent, request as httpRequest } from 'node:http'
import { concurrent, percentiles, type Requester, requester } from './load.ts'

export interface FloorRow { rps: number; p50: number; p95: number; concurrency: number; errors: number }

/**
 * `concurrency` clients cycling through `paths` for `seconds`, each request timed: requests/s and the latency
 * percentiles under that load (load.ts's `concurrent` counts only).
 */
export async function underLoad(request: Requester, paths: string[], concurrency: number, seconds: number): Promise<FloorRow> {
  const times: number[] = []
  const timed: Requester = async (path, headers) => {
    const started = performance.now()
    const res = await request(path, headers)
    times.push(performance.now() - started)
    return res
  }
  const { rps, errors } = await concurrent(timed, paths, concurrency, seconds)
  const { p50, p95 } = percentiles(times)
  return { rps, p50, p95, concurrency, errors }
}

/**
 * load.ts's `requester` over node:http with a keep-alive agent instead of fetch: on two cores fetch's own cost caps
 * a bare server at a third of what it answers, so to see a server's ceiling the client must cost less than it.
 */
export function agentRequester(base: string, cookie: string, sockets = 16): Requester {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets })
  return (path, headers = {}) => new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { agent, headers: { cookie, 'accept-encoding': 'gzip', ...headers } }, (res) => {
      let bytes = 0
      res.on('data', (chunk: Buffer) => { bytes += chunk.length })
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, etag: (res.headers.etag as string | undefined) ?? null }))
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end()
  })
}

// Each in its own process, as the portal's server is: a server sharing the load generator's event loop would halve
// the floor. Fastify is the yardstick (the peer API is built on it); it is a dev dependency for this only.
// Bare Hono tells the framework's share of the portal's floor from its middleware's.
const FLOOR_SERVERS = {
  'node:http': `
const server = require('node:http').createServer((req, res) => { res.statusCode = 204; res.end() })
server.keepAliveTimeout = 60000
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'))`,
  fastify: `
const app = require('fastify')({ logger: false, keepAliveTimeout: 60000 })
app.get('/', (request, reply) => { reply.code(204).send() })
app.listen({ port: 0, host: '127.0.0.1' }).then(() => process.stdout.write(app.server.address().port + '\\n'))`,
  // The portal's own framework with nothing on it: what Hono and its node:http adapter cost before any middleware.
  hono: `
const { Hono } = require('hono')
const { serve } = require('@hono/node-server')
const app = new Hono().get('/', (c) => c.body(null, 204))
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => process.stdout.write(info.port + '\\n'))
server.keepAliveTimeout = 60000`,
}
export type FloorServer = keyof typeof FLOOR_SERVERS

export interface ScriptServer { base: string; stop(): Promise<void> }

/** Runs `source` in a Node process of its own, which prints the loopback port it listens on. */
export async function startScriptServer(source: string, env: Record<string, string> = {}): Promise<ScriptServer> {
  const child = spawn(process.execPath, ['-e', source], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, ...env } })
  const exited = once(child, 'exit')
  const [chunk] = await once(child.stdout, 'data') as [Buffer]
  return { base: `http://127.0.0.1:${Number(chunk.toString())}`, stop: async () => { child.kill(); await exited } }
}

/**
 * A bare server answering 204 (node:http, one Fastify route or one Hono route), measured with the requester the
 * portal's rows use (load.ts's `requester` unless told, e.g. `agentRequester`).
 */
export async function measureFloor({ server = 'node:http' as FloorServer, concurrency = 10, seconds = 5, client = requester } = {}): Promise<FloorRow> {
  const bare = await startScriptServer(FLOOR_SERVERS[server])
  try {
    const request = client(bare.base, '')
    // Connections opened and the JIT warm before the timed run.
    await concurrent(request, ['/'], concurrency, 0.5)
    return await underLoad(request, ['/'], concurrency, seconds)
  } finally {
    await bare.stop()
  }
}
