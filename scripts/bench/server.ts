/*
 * What the benchmarks share: a real server process as `npm start` runs it, signing in over HTTP, and fresh
 * databases on a PostgreSQL server. A bench measures the portal through these, never through a shortcut.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import postgres from 'postgres'
import { databaseUrl } from '../../db/engine.ts'

/** The demo accounts' password in every bench city (DEMO_PASSWORD). */
export const BENCH_PASSWORD = 'bench-password-2021'

export interface ServerOptions {
  port: number
  /** A postgres:// URL; without one the server runs on embedded PGlite in `env.DATA_DIR`. */
  databaseUrl?: string
  /** How many sites to seed when the database is empty (SEED_SITES). */
  sites?: number
  /** Extra environment, e.g. DATA_DIR. */
  env?: Record<string, string>
  /** 'inherit' shows the server's seeding progress; 'ignore' keeps the bench's own output readable. */
  output?: 'inherit' | 'ignore'
  /** How often /api/health is polled: a start-up timed to the tenth of a second needs a short interval. */
  pollMs?: number
}

export interface BenchServer {
  child: ChildProcess
  base: string
  /** From spawn to the first healthy answer. */
  seconds: number
}

/** Spawns `server/main.ts` under node itself (not npx), so the process timed, measured and stopped is the server. */
export async function startServer(options: ServerOptions): Promise<BenchServer> {
  const { port, databaseUrl, sites, env = {}, output = 'ignore', pollMs = 1_000 } = options
  const started = performance.now()
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      // Development, whatever the caller's shell says: the demo password is refused in production.
      ...process.env, NODE_ENV: 'development', DATABASE_URL: databaseUrl ?? '', PORT: String(port), DEMO_PASSWORD: BENCH_PASSWORD, WEB_DIST: 'dist/web',
      ...(sites ? { SEED_SITES: String(sites) } : {}), ...env,
    },
    stdio: ['ignore', output, output],
  })
  const base = `http://127.0.0.1:${port}`
  for (;;) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base, seconds: (performance.now() - started) / 1000 }
    } catch { /* not listening yet: migrating or seeding */ }
    // A crash by signal (V8's out-of-memory abort is SIGABRT) leaves exitCode null: without signalCode this polled forever.
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`server exited (${child.exitCode ?? child.signalCode}) while starting`)
    await new Promise((r) => setTimeout(r, pollMs))
  }
}

/** SIGTERM, and wait until the process is gone, so that the next server can take the port and the database. */
export async function stopServer({ child }: BenchServer): Promise<void> {
  if (child.exitCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

export interface BenchSession {
  cookie: string
  csrfToken: string
  /** What a browser would send with a write: the cookie, the CSRF token and our own origin. */
  headers: Record<string, string>
}

export async function signIn(base: string, username: string, password = BENCH_PASSWORD): Promise<BenchSession> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
  })
  if (!res.ok) throw new Error(`sign-in as ${username} failed: HTTP ${res.status}`)
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]
  const { csrfToken } = await res.json() as { csrfToken: string }
  return { cookie, csrfToken, headers: { cookie, 'x-csrf-token': csrfToken, origin: base } }
}

async function withAdmin<T>(serverUrl: string, run: (admin: postgres.Sql) => Promise<T>): Promise<T> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  try { return await run(admin) } finally { await admin.end() }
}

/**
 * Creates database `name` on the server and returns its URL. With PostGIS already in it, unless `postgis` is false:
 * a bench that times the first start from an empty database leaves it to the migrations.
 */
export async function createDatabase(serverUrl: string, name: string, { postgis = true } = {}): Promise<string> {
  await withAdmin(serverUrl, (admin) => admin.unsafe(`CREATE DATABASE ${name}`))
  const url = databaseUrl(serverUrl, name)
  if (postgis) {
    const db = postgres(url, { max: 1, onnotice: () => {} })
    try { await db.unsafe('CREATE EXTENSION postgis') } finally { await db.end() }
  }
  return url
}

export async function databaseExists(serverUrl: string, name: string): Promise<boolean> {
  return withAdmin(serverUrl, async (admin) => (await admin`SELECT 1 FROM pg_database WHERE datname = ${name}`).length > 0)
}

/** Drops `name` even while something is still connected to it (a bench that failed half-way). */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withAdmin(serverUrl, (admin) => admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`))
}
