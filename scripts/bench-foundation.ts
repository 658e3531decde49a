/*
 * The foundation's measured targets, on each engine:
 *   first start with seeding (empty database → serving), restart → serving (target ≤ 5 s),
 *   GET /api/layers/sites for the whole default city (target ≤ 300 ms and ≤ 3 MB gzipped).
 * Usage: npm run bench:foundation (embedded engine, plus the server engine when BENCH_DATABASE_URL is set)
 * Each run uses a fresh DATA_DIR / database and real server processes over loopback.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'

const PORT = 3900
const REQUESTS = 20

interface Result { engine: string; firstStartS: number; restartS: number; p50: number; p95: number; rawMB: number; gzipKB: number; features: number }

async function startServer(env: Record<string, string>): Promise<{ child: ChildProcess; seconds: number }> {
  const started = performance.now()
  // node itself, not npx: the process we time and stop must be the server.
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { env: { ...process.env, ...env, PORT: String(PORT), WEB_DIST: 'dist/web' }, stdio: 'ignore' })
  for (;;) {
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/api/health`)).ok) return { child, seconds: (performance.now() - started) / 1000 }
    } catch { /* not listening yet */ }
    if (child.exitCode !== null) throw new Error('server exited during start')
    await new Promise((r) => setTimeout(r, 100))
  }
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

async function measureSitesLayer() {
  const times: number[] = []
  let raw = 0
  let gzip = 0
  let features = 0
  for (let i = 0; i < REQUESTS + 2; i++) {
    const t = performance.now()
    const res = await fetch(`http://127.0.0.1:${PORT}/api/layers/sites`, { headers: { 'accept-encoding': 'gzip' } })
    const body = await res.text()
    if (i >= 2) times.push(performance.now() - t) // two warm-up requests
    raw = Buffer.byteLength(body)
    features = JSON.parse(body).features.length
  }
  gzip = await gzippedBytes(`http://127.0.0.1:${PORT}/api/layers/sites`)
  times.sort((a, b) => a - b)
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]
  return { p50: pct(50), p95: pct(95), rawMB: raw / 1e6, gzipKB: gzip / 1e3, features }
}

/** Bytes on the wire: fetch() would decompress, so read the raw response with node:http. */
function gzippedBytes(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
      if (res.headers['content-encoding'] !== 'gzip') reject(new Error('response was not gzipped'))
      let bytes = 0
      res.on('data', (chunk: Buffer) => { bytes += chunk.length })
      res.on('end', () => resolve(bytes))
    }).on('error', reject)
  })
}

async function bench(engine: string, env: Record<string, string>): Promise<Result> {
  const first = await startServer(env)
  await stopServer(first.child)
  const again = await startServer(env)
  const layer = await measureSitesLayer()
  await stopServer(again.child)
  return { engine, firstStartS: first.seconds, restartS: again.seconds, ...layer }
}

const results: Result[] = []
const dataDir = mkdtempSync(path.join(tmpdir(), 'sitegrid-bench-'))
try {
  results.push(await bench('pglite (embedded)', { DATA_DIR: dataDir, DATABASE_URL: '' }))
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
const serverUrl = process.env.BENCH_DATABASE_URL
if (serverUrl) {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  const name = `sitegrid_bench_${Date.now()}`
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  try {
    results.push(await bench('postgres (server)', { DATABASE_URL: url.toString() }))
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

const f = (n: number, d = 1) => n.toFixed(d)
console.log(`\nMachine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`)
console.log('| engine | first start incl. seeding | restart → serving (≤ 5 s) | sites layer p50 / p95 (≤ 300 ms) | features | size raw / gzip (≤ 3 MB) |')
console.log('|---|---|---|---|---|---|')
for (const r of results) {
  console.log(`| ${r.engine} | ${f(r.firstStartS)} s | ${f(r.restartS)} s | ${f(r.p50, 0)} / ${f(r.p95, 0)} ms | ${r.features} | ${f(r.rawMB, 2)} MB / ${f(r.gzipKB, 0)} KB |`)
}
