/*
 * Scale: from one city to a province, on the server engine.
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench   [BENCH_SIZES=10000,100000,1000000]
 * For each size: a fresh database seeded by a real server process (the same `npm start` path), then over loopback:
 * a viewport of ≤ 5,000 sites, vector tiles cold and cached, site details, search and KPIs — p50/p95/p99 one at a
 * time, requests/s with 8 clients, and beside each PostgreSQL's own time for the same statements (EXPLAIN ANALYZE,
 * same run) as a ratio; the server's RSS and tile sizes. Writes bench-results/scale.md and scale.svg.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import * as echarts from 'echarts'
import postgres from 'postgres'
import { tileAt } from '../server/domain/tiles.ts'
import { createExplainer } from './bench/explain.ts'
import { concurrent, type Latency, percentiles, requester, rss, sequential, type Throughput } from './bench/load.ts'

const PORT = 3920
const PASSWORD = 'bench-password-2021'
const BASE = `http://127.0.0.1:${PORT}`
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const CONCURRENCY = 8

interface Row { sites: number; endpoint: string; latency: Latency; throughput: Throughput; dbMs: number; bytes: string }

async function startServer(url: string, sites: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(PORT), SEED_SITES: String(sites), DEMO_PASSWORD: PASSWORD, NODE_ENV: 'development', WEB_DIST: 'dist/web' },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  for (;;) {
    try { if ((await fetch(`${BASE}/api/health`)).ok) return child } catch { /* seeding */ }
    if (child.exitCode !== null) throw new Error('server exited while starting')
    await new Promise((r) => setTimeout(r, 1000))
  }
}

async function stopServer(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

async function signIn(): Promise<string> {
  const res = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'command', password: PASSWORD }) })
  if (!res.ok) throw new Error(`sign-in failed: ${res.status}`)
  return (res.headers.get('set-cookie') ?? '').split(';')[0]
}

/** The workload: a viewport of at most 5,000 sites in the busiest district, its tiles, sites and codes. */
async function workload(sql: postgres.Sql) {
  const [centre] = await sql<{ lon: number; lat: number }[]>`
    SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY ST_X(location)) AS lon, percentile_disc(0.5) WITHIN GROUP (ORDER BY ST_Y(location)) AS lat
    FROM sites WHERE district_id = (SELECT district_id FROM sites GROUP BY district_id ORDER BY count(*) DESC LIMIT 1)`
  let half = 0.2
  const count = async (h: number) => (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sites WHERE location && ST_MakeEnvelope(${centre.lon - h}, ${centre.lat - h * 0.8}, ${centre.lon + h}, ${centre.lat + h * 0.8}, 4326)`)[0].n
  while ((await count(half)) > 5_000) half *= 0.8
  const bbox = [centre.lon - half, centre.lat - half * 0.8, centre.lon + half, centre.lat + half * 0.8].map((v) => v.toFixed(5)).join(',')
  const sites = await sql<{ id: number; code: string }[]>`SELECT id, code FROM sites ORDER BY md5(id::text) LIMIT 200`
  const tiles: string[] = []
  const corner = tileAt(centre.lon, centre.lat, 14)
  for (let dx = -7; dx < 7; dx++) for (let dy = -7; dy < 7; dy++) tiles.push(`/api/tiles/sites/14/${corner.x + dx}/${corner.y + dy}.mvt`)
  return { bbox, features: await count(half), sites, tiles }
}

async function measureCity(serverUrl: string, sites: number): Promise<{ rows: Row[]; memory: { rssMb: number; peakMb: number } }> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  const name = `sitegrid_bench_scale_${sites}_${Date.now()}`
  await admin.unsafe(`CREATE DATABASE ${name}`)
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} })
  await sql.unsafe('CREATE EXTENSION postgis')
  let child: ChildProcess | undefined
  try {
    const seeding = performance.now()
    child = await startServer(url.toString(), sites)
    console.log(`${sites.toLocaleString()} sites: seeded and serving in ${((performance.now() - seeding) / 1000).toFixed(0)} s`)
    // A fresh process for the measurements, so its memory is what serving takes, not what seeding left behind.
    await stopServer(child)
    child = await startServer(url.toString(), sites)
    const request = requester(BASE, await signIn())
    const explainer = await createExplainer(url.toString(), 'command', PASSWORD)
    const work = await workload(sql)
    const endpoints: [string, string[]][] = [
      [`viewport (${work.features.toLocaleString()} sites)`, Array(60).fill(`/api/layers/sites?bbox=${work.bbox}`)],
      ['tile, cold', work.tiles],
      ['tile, cached', work.tiles],
      ['site details', work.sites.map((s) => `/api/sites/${s.id}`)],
      ['search by code', work.sites.slice(0, 100).map((s) => `/api/sites/search?q=${encodeURIComponent(s.code)}`)],
      ['KPIs', Array(15).fill('/api/kpis')],
    ]
    const rows: Row[] = []
    for (const [endpoint, paths] of endpoints) {
      const cold = endpoint === 'tile, cold'
      const { latency, bytes } = await sequential(request, paths, cold ? 0 : 3)
      const throughput = cold ? { rps: Number.NaN, concurrency: CONCURRENCY, errors: 0 } : await concurrent(request, paths, CONCURRENCY, 5)
      const ms = endpoint === 'tile, cached' ? 0 : await explainer.medianDatabaseTime(paths)
      const size = percentiles(bytes)
      rows.push({ sites, endpoint, latency, throughput, dbMs: ms, bytes: `${(size.p50 / 1024).toFixed(1)} / ${(size.p99 / 1024).toFixed(1)} kB` })
      console.log(`  ${endpoint}: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, ${throughput.rps.toFixed(0)} req/s, PostgreSQL ${ms.toFixed(1)} ms`)
    }
    await explainer.close()
    return { rows, memory: await rss(child.pid!) }
  } finally {
    if (child) await stopServer(child)
    await sql.end()
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}

function report(results: { sites: number; rows: Row[]; memory: { rssMb: number; peakMb: number } }[], machine: string): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–')
  const lines = [
    `Machine: ${machine}`, '',
    '| sites | endpoint | p50 ms | p95 ms | p99 ms | req/s (8 clients) | PostgreSQL ms | API ÷ PostgreSQL (p50) | body p50 / p99 (uncompressed) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const { rows } of results) {
    for (const r of rows) {
      const ratio = r.dbMs > 0 ? r.latency.p50 / r.dbMs : Number.NaN
      lines.push(`| ${r.sites.toLocaleString()} | ${r.endpoint} | ${f(r.latency.p50)} | ${f(r.latency.p95)} | ${f(r.latency.p99)} | ${f(r.throughput.rps)} | ${r.dbMs ? f(r.dbMs) : '–'} | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–'} | ${r.bytes} |`)
    }
  }
  lines.push('', '| sites | server RSS after the run | peak RSS |', '|---:|---:|---:|')
  for (const { sites, memory } of results) lines.push(`| ${sites.toLocaleString()} | ${memory.rssMb.toFixed(0)} MB | ${memory.peakMb.toFixed(0)} MB |`)
  return lines.join('\n')
}

function chart(results: { sites: number; rows: Row[] }[]): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 900, height: 420 })
  const endpoints = results[0].rows.map((r) => r.endpoint.replace(/ \(.*\)$/, ''))
  chart.setOption({
    animation: false, title: { text: 'p95 latency by city size (ms, log scale)' }, legend: { top: 30 }, grid: { top: 70 },
    xAxis: { type: 'category', data: endpoints }, yAxis: { type: 'log' },
    series: results.map(({ sites, rows }) => ({ type: 'bar', name: `${sites.toLocaleString()} sites`, data: rows.map((r) => Math.max(0.1, r.latency.p95)) })),
  })
  return chart.renderToSVGString()
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL + PostGIS server: the scale targets are for the server engine')
  const results = []
  for (const sites of SIZES) results.push({ sites, ...(await measureCity(serverUrl, sites)) })
  const [{ version }] = await postgres(serverUrl, { max: 1 })<{ version: string }[]>`SELECT current_setting('server_version') AS version`
  const machine = `${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${version}, ${new Date().toISOString().slice(0, 10)}`
  mkdirSync('bench-results', { recursive: true })
  writeFileSync('bench-results/scale.md', `${report(results, machine)}\n`)
  writeFileSync('bench-results/scale.svg', chart(results))
  console.log(`\n${report(results, machine)}\n\nwritten: bench-results/scale.md, bench-results/scale.svg`)
  process.exit(0)
}

await main()
