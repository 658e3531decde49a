/*
 * GIS clients at city scale, on the server engine.
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:gis   [BENCH_SITES=100000] [BENCH_KEEP=1]
 * A real server process on a city of BENCH_SITES sites (BENCH_KEEP=1 reuses `npm run bench`'s kept database of that
 * size), then: GDAL's ogr2ogr (Debian's gdal-bin) downloads the whole sites collection from the OGC API into a
 * GeoPackage with its default settings, then with a page size it is told, timed from start to end with the number of
 * requests it made, and the GeoPackage's feature count checked against the database; and the cameras tiles over
 * the busiest places at the layer's first zoom (cells) and where cameras are drawn one by one, the largest of them
 * against the 500 KB a tile may weigh.
 * Writes bench-results/gis.md.
 */
import { execFile } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { databaseUrl } from '../db/engine.ts'
import { CAMERA_POINTS_FROM_ZOOM, TILE_MIN_ZOOM } from '../server/domain/tiles.ts'
import { BENCH_PASSWORD, createDatabase, databaseExists, dropDatabase, signIn, startServer, stopServer } from './bench/server.ts'

const run = promisify(execFile)
const PORT = 3921
const SITES = Number(process.env.BENCH_SITES ?? 100_000)
const KEEP = process.env.BENCH_KEEP === '1'
const PASSWORD = process.env.DEMO_PASSWORD ?? BENCH_PASSWORD

interface Download { label: string; seconds: number; features: number; requests: number }

/** ogr2ogr from the OGC API into a fresh GeoPackage, timed; its requests counted from GDAL's own debug log. */
async function download(base: string, label: string, openOptions: string[]): Promise<Download> {
  const dir = mkdtempSync(join(tmpdir(), 'sitegrid-gis-'))
  try {
    const out = join(dir, 'sites.gpkg')
    const started = performance.now()
    const { stderr } = await run('ogr2ogr', ['-f', 'GPKG', out, `OAPIF:${base}/api/ogc`, 'sites', ...openOptions,
      '--config', 'GDAL_HTTP_USERPWD', `admin:${PASSWORD}`, '--config', 'CPL_DEBUG', 'ON'], { maxBuffer: 256 * 1024 * 1024 })
    const seconds = (performance.now() - started) / 1000
    const { stdout } = await run('ogrinfo', ['-ro', '-so', out, 'sites'])
    const features = Number(/Feature Count: (\d+)/.exec(stdout)?.[1] ?? Number.NaN)
    return { label, seconds, features, requests: [...stderr.matchAll(/HTTP: Fetch\(/g)].length }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * The cameras tiles over the busiest places at zoom `z`: the `n` tiles holding the most cameras (counted in SQL),
 * each fetched as sent uncompressed and gzipped; the largest of them.
 */
async function largestCameraTile(base: string, cookie: string, sql: postgres.Sql, z: number, n = 5) {
  const busiest = await sql<{ x: number; y: number }[]>`
    SELECT floor((ST_X(location) + 180) / 360 * 2 ^ ${z}::int)::int AS x,
      floor((1 - ln(tan(radians(ST_Y(location))) + 1 / cos(radians(ST_Y(location)))) / pi()) / 2 * 2 ^ ${z}::int)::int AS y
    FROM cameras GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT ${n}`
  const largest = { raw: 0, gzip: 0, tile: '', z }
  for (const { x, y } of busiest) {
    const path = `/api/tiles/cameras/${z}/${x}/${y}.mvt`
    const raw = (await (await fetch(`${base}${path}`, { headers: { cookie, 'accept-encoding': 'identity' } })).arrayBuffer()).byteLength
    const gzip = Number((await fetch(`${base}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } })).headers.get('content-length') ?? 0)
    if (raw > largest.raw) Object.assign(largest, { raw, gzip, tile: `${z}/${x}/${y}` })
  }
  return largest
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL + PostGIS server')
  const name = KEEP ? `sitegrid_bench_scale_${SITES}` : `sitegrid_bench_gis_${SITES}_${Date.now()}`
  const url = (await databaseExists(serverUrl, name)) ? databaseUrl(serverUrl, name) : await createDatabase(serverUrl, name)
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  const server = await startServer({ port: PORT, databaseUrl: url, sites: SITES, output: 'inherit', env: { DEMO_PASSWORD: PASSWORD, HISTORY_BACKFILL_DAYS: '0' } })
  try {
    const [{ n: sites }] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sites`
    const downloads = [
      await download(server.base, 'ogr2ogr, GDAL’s defaults', []),
      await download(server.base, 'ogr2ogr -oo PAGE_SIZE=10000', ['-oo', 'PAGE_SIZE=10000']),
    ]
    const cookie = (await signIn(server.base, 'admin', PASSWORD)).cookie
    const tiles = [await largestCameraTile(server.base, cookie, sql, TILE_MIN_ZOOM.cameras), await largestCameraTile(server.base, cookie, sql, CAMERA_POINTS_FROM_ZOOM)]
    const [{ version }] = await sql<{ version: string }[]>`SELECT current_setting('server_version') AS version`
    const { stdout: gdal } = await run('ogrinfo', ['--version'])
    const machine = `${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL ${version}, ${gdal.trim()}, ${new Date().toISOString().slice(0, 10)}`
    const lines = [
      `Machine: ${machine}`, '', `${sites.toLocaleString()} sites`, '',
      '| download of the sites collection into a GeoPackage | seconds | features written | requests |', '|---|---:|---:|---:|',
      ...downloads.map((d) => `| ${d.label} | ${d.seconds.toFixed(1)} | ${d.features.toLocaleString()}${d.features === sites ? '' : ' (MISMATCH)'} | ${d.requests} |`),
      '', '| largest cameras tile of the 5 busiest (limit 500 KB) | tile | uncompressed | gzipped |', '|---|---|---:|---:|',
      ...tiles.map((t) => `| zoom ${t.z} (${t.z < CAMERA_POINTS_FROM_ZOOM ? 'cells' : 'cameras'}) | ${t.tile} | ${(t.raw / 1024).toFixed(1)} KB | ${(t.gzip / 1024).toFixed(1)} KB |`),
    ]
    mkdirSync('bench-results', { recursive: true })
    writeFileSync('bench-results/gis.md', `${lines.join('\n')}\n`)
    console.log(`\n${lines.join('\n')}\n\nwritten: bench-results/gis.md`)
  } finally {
    await stopServer(server)
    await sql.end()
    if (!KEEP) await dropDatabase(serverUrl, name)
  }
  process.exit(0)
}

await main()
