/*
 * The foundation's measured targets, on each engine:
 *   first start with seeding (empty database → serving), restart → serving (target ≤ 5 s),
 *   GET /api/layers/sites for the whole default city (target ≤ 300 ms and ≤ 3 MB gzipped).
 * Usage: npm run bench:foundation (embedded engine, plus the server engine when BENCH_DATABASE_URL is set)
 * Each run uses a fresh DATA_DIR / database and real server processes over loopback.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { get } from 'node:http'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import { createDatabase, dropDatabase, type ServerOptions, signIn, startServer, stopServer } from './bench/server.ts'

const PORT = 3900
const REQUESTS = 20

interface Result { engine: string; firstStartS: number; restartS: number; p50: number; p95: number; rawMB: number; gzipKB: number; features: number }

/** The layer as city command sees it: every layer needs a signed-in user. */
async function measureSitesLayer(cookie: string) {
  const headers = { 'accept-encoding': 'gzip', cookie }
  const times: number[] = []
  let raw = 0
  let gzip = 0
  let features = 0
  for (let i = 0; i < REQUESTS + 2; i++) {
    const t = performance.now()
    const res = await fetch(`http://127.0.0.1:${PORT}/api/layers/sites`, { headers })
    const body = await res.text()
    if (i >= 2) times.push(performance.now() - t) // two warm-up requests
    raw = Buffer.byteLength(body)
    features = JSON.parse(body).features.length
  }
  gzip = await gzippedBytes(`http://127.0.0.1:${PORT}/api/layers/sites`, headers)
  times.sort((a, b) => a - b)
  const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]
  return { p50: pct(50), p95: pct(95), rawMB: raw / 1e6, gzipKB: gzip / 1e3, features }
}

/** Bytes on the wire: fetch() would decompress, so read the raw response with node:http. */
function gzippedBytes(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      if (res.headers['content-encoding'] !== 'gzip') reject(new Error('response was not gzipped'))
      let bytes = 0
      res.on('data', (chunk: Buffer) => { bytes += chunk.length })
      res.on('end', () => resolve(bytes))
    }).on('error', reject)
  })
}

async function bench(engine: string, where: Pick<ServerOptions, 'databaseUrl' | 'env'>): Promise<Result> {
  // Polled often: a restart takes about a second.
  const options = { ...where, port: PORT, pollMs: 100 }
  const first = await startServer(options)
  await stopServer(first)
  const again = await startServer(options)
  try {
    const layer = await measureSitesLayer((await signIn(again.base, 'command')).cookie)
    return { engine, firstStartS: first.seconds, restartS: again.seconds, ...layer }
  } finally {
    await stopServer(again)
  }
}

const results: Result[] = []
const dataDir = mkdtempSync(path.join(tmpdir(), 'sitegrid-bench-'))
try {
  results.push(await bench('pglite (embedded)', { env: { DATA_DIR: dataDir } }))
} finally {
  rmSync(dataDir, { recursive: true, force: true })
}
const serverUrl = process.env.BENCH_DATABASE_URL
if (serverUrl) {
  const name = `sitegrid_bench_${Date.now()}`
  // Without PostGIS: the first start is timed from an empty database, extension included.
  const url = await createDatabase(serverUrl, name, { postgis: false })
  try {
    results.push(await bench('postgres (server)', { databaseUrl: url }))
  } finally {
    await dropDatabase(serverUrl, name)
  }
}

const f = (n: number, d = 1) => n.toFixed(d)
console.log(`\nMachine: ${cpus().length} × ${cpus()[0].model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`)
console.log('| engine | first start incl. seeding | restart → serving (≤ 5 s) | sites layer p50 / p95 (≤ 300 ms) | features | size raw / gzip (≤ 3 MB) |')
console.log('|---|---|---|---|---|---|')
for (const r of results) {
  console.log(`| ${r.engine} | ${f(r.firstStartS)} s | ${f(r.restartS)} s | ${f(r.p50, 0)} / ${f(r.p95, 0)} ms | ${r.features} | ${f(r.rawMB, 2)} MB / ${f(r.gzipKB, 0)} KB |`)
}
