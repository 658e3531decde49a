/*
 * Scale: from one city to a province, on the server engine.
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench   [BENCH_SIZES=10000,100000,1000000]
 *        [BENCH_KEEP=1: keep each city's database and reuse it on the next run]
 * For each size: a fresh database seeded by a real server process (the same `npm start` path), then over loopback:
 * a viewport of ≤ 5,000 sites, vector tiles cold and cached, site details, search and KPIs — p50/p95/p99 one at a
 * time, requests/s with 8 clients, and beside each PostgreSQL's own time for the same statements (EXPLAIN ANALYZE,
 * same run) as a ratio; the issue's peer on the same z14 tiles (bench/peer.ts); then the request floor at 10
 * connections beside bare node:http, Fastify and Hono (bench/floor.ts); the server's RSS and tile sizes. Writes
 * bench-results/scale.md and scale.svg.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import * as echarts from 'echarts'
import postgres from 'postgres'
import { tileAt } from '../server/domain/tiles.ts'
import { createExplainer } from './bench/explain.ts'
import { agentRequester, type FloorRow, measureFloor, underLoad } from './bench/floor.ts'
import { peerTilePath, startPeer } from './bench/peer.ts'
import { concurrent, type Latency, percentiles, rss, sequential, type Throughput } from './bench/load.ts'
import { databaseUrl } from '../db/engine.ts'
import { BENCH_PASSWORD, type BenchServer, createDatabase, databaseExists, dropDatabase, signIn, startServer, stopServer } from './bench/server.ts'

const PORT = 3920
// A kept database keeps the password it was seeded with.
const PASSWORD = process.env.DEMO_PASSWORD ?? BENCH_PASSWORD
const KEEP = process.env.BENCH_KEEP === '1'
const SIZES = (process.env.BENCH_SIZES ?? '10000,100000,1000000').split(',').map(Number)
const CONCURRENCY = 8
const FLOOR_CONCURRENCY = 10
const FASTIFY_FLOOR = 'bare Fastify route 204 (-c 10)'
const NO_WORK = 'signed-in, no work: TileJSON (-c 10)'
const Z14_COLD = 'tile z14 (sites), cold'
const PEER_Z14 = "the peer's z14 tile (Fastify, its ST_AsMVT), same tiles"

interface Row { sites: number; endpoint: string; latency: Latency; throughput: Throughput; dbMs: number; bytes: string }

/** A row's body sizes as the report shows them: p50 / p99 in kB. */
function bodySizes(bytes: number[]): string {
  const size = percentiles(bytes)
  return `${(size.p50 / 1024).toFixed(1)} / ${(size.p99 / 1024).toFixed(1)} kB`
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
  const sites = await sql<{ id: number; code: string; name: string }[]>`SELECT id, code, name FROM sites ORDER BY md5(id::text) LIMIT 200`
  // The tiles a 1,600 × 900 wall display fetches over the busiest point at city and district zoom (cells of sites)
  // and street zoom (every site; z14 is the issue's comparison with the peer).
  const tiles = Object.fromEntries([11, 13, 14, 15].map((z) => {
    const centreTile = tileAt(centre.lon, centre.lat, z)
    const around: string[] = []
    for (let dx = -3; dx <= 3; dx++) for (let dy = -2; dy <= 2; dy++) around.push(`/api/tiles/sites/${z}/${centreTile.x + dx}/${centreTile.y + dy}.mvt`)
    return [z, around]
  }))
  const [busiest] = await sql<{ districtId: number; gridId: number }[]>`
    SELECT district_id AS "districtId", grid_id AS "gridId" FROM sites WHERE grid_id IS NOT NULL GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 1`
  return { bbox, features: await count(half), sites, tiles, ...busiest }
}

/**
 * The peer's route (bench/peer.ts) over the same database and tiles, one at a time as the portal's cold row. Its
 * `warm` pass runs before the portal's rows, so that both find the tiles' sites in PostgreSQL's buffers (the peer
 * caches nothing, the portal's second request for a tile would be a cache hit).
 */
async function peerTiles(url: string, tiles: string[], sites: number) {
  const peer = await startPeer(url)
  const request = agentRequester(peer.base, '')
  const paths = tiles.map(peerTilePath)
  return {
    warm: () => sequential(request, paths, paths.length),
    measure: async (): Promise<Row> => {
      const { latency, bytes } = await sequential(request, paths, 0)
      console.log(`  ${PEER_Z14}: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms`)
      return { sites, endpoint: PEER_Z14, latency, throughput: { rps: Number.NaN, concurrency: 1, errors: 0 }, dbMs: 0, bytes: bodySizes(bytes) }
    },
    stop: peer.stop,
  }
}

/**
 * A deployment's autovacuum clears what seeding and the first start churned; a CI machine's PostgreSQL may run
 * without it (this one's conf.d turns it off). There a million-site city kept the first start's million drained
 * risk marks as 393 MB of dead rows, and the probe each request makes for pending marks read them all (154 ms,
 * 0.02 ms after VACUUM). So the bench vacuums in autovacuum's stead, rather than measure bloat no deployment has.
 */
async function vacuumUnlessAutovacuum(sql: postgres.Sql) {
  const [{ autovacuum }] = await sql<{ autovacuum: string }[]>`SELECT current_setting('autovacuum') AS autovacuum`
  if (autovacuum === 'on') return
  const started = performance.now()
  await sql.unsafe('VACUUM (ANALYZE)')
  console.log(`autovacuum is off on this server: vacuumed in its stead in ${((performance.now() - started) / 1000).toFixed(0)} s`)
}

/** A display token for the wall's snapshot, made by the admin for this run; revoke() deletes it. */
async function displayToken(base: string) {
  const admin = await signIn(base, 'admin', PASSWORD)
  const res = await fetch(`${base}/api/admin/display-tokens`, {
    method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'scale bench' }),
  })
  if (!res.ok) throw new Error(`display token: HTTP ${res.status}`)
  const { id, wallUrl } = await res.json() as { id: number; wallUrl: string }
  const token = new URL(wallUrl, base).searchParams.get('token')
  return { token, revoke: () => fetch(`${base}/api/admin/display-tokens/${id}`, { method: 'DELETE', headers: admin.headers }) }
}

async function measureCity(serverUrl: string, sites: number): Promise<{ rows: Row[]; memory: { rssMb: number; peakMb: number } }> {
  // BENCH_KEEP=1 keeps each size's database and reuses it next time: a million-site city takes half an hour to seed.
  const name = KEEP ? `sitegrid_bench_scale_${sites}` : `sitegrid_bench_scale_${sites}_${Date.now()}`
  const exists = await databaseExists(serverUrl, name)
  const url = exists ? databaseUrl(serverUrl, name) : await createDatabase(serverUrl, name)
  const sql = postgres(url, { max: 2, onnotice: () => {} })
  // No history capture: at a million sites each past day takes minutes and would run under every measurement here.
  // bench:history measures that capture on its own.
  const start = () => startServer({ port: PORT, databaseUrl: url, sites, output: 'inherit', env: { DEMO_PASSWORD: PASSWORD, HISTORY_BACKFILL_DAYS: '0' } })
  let server: BenchServer | undefined
  let peer: Awaited<ReturnType<typeof peerTiles>> | undefined
  try {
    server = await start()
    console.log(`${sites.toLocaleString()} sites: ${exists ? 'kept database, serving' : 'seeded and serving'} in ${server.seconds.toFixed(0)} s`)
    // A fresh process for the measurements, so its memory is what serving takes, not what seeding left behind.
    await stopServer(server)
    await vacuumUnlessAutovacuum(sql)
    server = await start()
    // Keep-alive node:http, not fetch: on two cores fetch's own cost capped even a bare server at a third of its rate.
    const request = agentRequester(server.base, (await signIn(server.base, 'command', PASSWORD)).cookie)
    const explainer = await createExplainer(url, 'command', PASSWORD)
    const work = await workload(sql)
    const wall = await displayToken(server.base)
    const endpoints: [string, string[]][] = [
      [`viewport (${work.features.toLocaleString()} sites)`, Array(60).fill(`/api/layers/sites?bbox=${work.bbox}`)],
      ['tile z11 (cells), cold', work.tiles[11]],
      ['tile z13 (cells), cold', work.tiles[13]],
      [Z14_COLD, work.tiles[14]],
      ['tile z15 (sites), cold', work.tiles[15]],
      ['tile, cached', Object.values(work.tiles).flat()],
      ['site details', work.sites.map((s) => `/api/sites/${s.id}`)],
      ['search by code', work.sites.slice(0, 100).map((s) => `/api/sites/search?q=${encodeURIComponent(s.code)}`)],
      ['search by 3 characters of a name', work.sites.slice(100, 200).map((s) => `/api/sites/search?q=${encodeURIComponent(s.name.slice(2, 5))}`)],
      ['search by 2 characters of a name', work.sites.slice(100, 200).map((s) => `/api/sites/search?q=${encodeURIComponent(s.name.slice(2, 4))}`)],
      ['KPIs', Array(15).fill('/api/kpis')],
      ['KPIs of a district', Array(15).fill(`/api/kpis?district=${work.districtId}`)],
      ['KPIs of a grid', Array(15).fill(`/api/kpis?grid=${work.gridId}`)],
      ['wall snapshot', Array(15).fill(`/api/wall/snapshot?token=${wall.token}`)],
      // What any request costs on this machine over loopback, with no database work: the floor under the rest.
      ['health (HTTP floor)', Array(200).fill('/api/health')],
    ]
    const rows: Row[] = []
    peer = await peerTiles(url, work.tiles[14], sites)
    await peer.warm()
    for (const [endpoint, paths] of endpoints) {
      const cold = endpoint.endsWith(', cold')
      const { latency, bytes } = await sequential(request, paths, cold ? 0 : 3)
      const throughput = cold ? { rps: Number.NaN, concurrency: CONCURRENCY, errors: 0 } : await concurrent(request, paths, CONCURRENCY, 5)
      const ms = endpoint === 'tile, cached' || endpoint.startsWith('health') ? 0 : await explainer.medianDatabaseTime(paths)
      rows.push({ sites, endpoint, latency, throughput, dbMs: ms, bytes: bodySizes(bytes) })
      console.log(`  ${endpoint}: p50 ${latency.p50.toFixed(1)} ms, p95 ${latency.p95.toFixed(1)} ms, ${throughput.rps.toFixed(0)} req/s, PostgreSQL ${ms.toFixed(1)} ms`)
    }
    await explainer.close()
    await wall.revoke()
    rows.push(await peer.measure())
    // The request floor at 10 connections, in the same run: bare node:http, a bare Fastify route and a bare Hono
    // route, then the portal with no work.
    const floors: [string, () => Promise<FloorRow>][] = [
      ['bare node:http 204 (floor, -c 10)', () => measureFloor({ concurrency: FLOOR_CONCURRENCY, seconds: 5, client: agentRequester })],
      [FASTIFY_FLOOR, () => measureFloor({ server: 'fastify', concurrency: FLOOR_CONCURRENCY, seconds: 5, client: agentRequester })],
      ['bare Hono route 204 (-c 10)', () => measureFloor({ server: 'hono', concurrency: FLOOR_CONCURRENCY, seconds: 5, client: agentRequester })],
      [NO_WORK, () => underLoad(request, ['/api/tiles/sites'], FLOOR_CONCURRENCY, 5)],
      ['tile, cached (-c 10)', () => underLoad(request, Object.values(work.tiles).flat(), FLOOR_CONCURRENCY, 5)],
      ['health (-c 10)', () => underLoad(request, ['/api/health'], FLOOR_CONCURRENCY, 5)],
    ]
    for (const [endpoint, measure] of floors) {
      const { rps, p50, p95, errors } = await measure()
      rows.push({ sites, endpoint, latency: { p50, p95, p99: Number.NaN, n: 0 }, throughput: { rps, concurrency: FLOOR_CONCURRENCY, errors }, dbMs: 0, bytes: '–' })
      console.log(`  ${endpoint}: ${rps.toFixed(0)} req/s, p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`)
    }
    return { rows, memory: await rss(server.child.pid!) }
  } finally {
    await peer?.stop()
    if (server) await stopServer(server)
    await sql.end()
    if (!KEEP) await dropDatabase(serverUrl, name)
  }
}

function report(results: { sites: number; rows: Row[]; memory: { rssMb: number; peakMb: number } }[], machine: string): string {
  const f = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '–')
  const lines = [
    `Machine: ${machine}`, '',
    '| sites | endpoint | p50 ms | p95 ms | p99 ms | req/s (8 clients; floor rows 10) | PostgreSQL ms | API ÷ PostgreSQL (p50) | body p50 / p99 (uncompressed) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ]
  for (const { rows } of results) {
    for (const r of rows) {
      const ratio = r.dbMs > 0 ? r.latency.p50 / r.dbMs : Number.NaN
      lines.push(`| ${r.sites.toLocaleString()} | ${r.endpoint} | ${f(r.latency.p50)} | ${f(r.latency.p95)} | ${f(r.latency.p99)} | ${f(r.throughput.rps)} | ${r.dbMs ? f(r.dbMs) : '–'} | ${Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '–'} | ${r.bytes} |`)
    }
  }
  // The issue's floor target: the signed-in no-work request within 2× of a bare Fastify route, in the same run.
  for (const { sites, rows } of results) {
    const row = (endpoint: string) => rows.find((r) => r.endpoint === endpoint)
    const rps = (endpoint: string) => row(endpoint)?.throughput.rps ?? Number.NaN
    const p50 = (endpoint: string) => row(endpoint)?.latency.p50 ?? Number.NaN
    lines.push('', `${sites.toLocaleString()} sites: bare Fastify ÷ signed-in no-work = ${(rps(FASTIFY_FLOOR) / rps(NO_WORK)).toFixed(2)}× (requests/s);`
      + ` z14 tile ÷ the peer's = ${(p50(Z14_COLD) / p50(PEER_Z14)).toFixed(2)}× (p50)`)
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
