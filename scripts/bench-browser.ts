/*
 * The portal in headless Chromium on a big city: the code and styles each screen downloads, the time until its map
 * has drawn its data, and frame times while panning the main map with sites and camera sectors, at city and street
 * zoom, against the basemap alone. WebGL there is software (SwiftShader), so frame times are a floor for comparing
 * runs on one machine, not what a GPU shows.
 *
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:browser   [BENCH_SITES=100000] [BENCH_KEEP=1]
 *   [HISTORY_BACKFILL_DAYS=2]
 *
 * A real server process seeds a fresh database. BENCH_KEEP=1 keeps it as sitegrid_bench_browser_<sites> and reuses it
 * next time, which skips minutes of seeding. Writes bench-results/browser.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, tmpdir, totalmem } from 'node:os'
import path from 'node:path'
import postgres from 'postgres'
import { ensureWebBuild } from './ensure-web-build.ts'
import { chromiumVersion, type Device, type Downloads, type Frames, gzippedBytes, openScreen, panFrames, type Screen } from './bench/browser.ts'
import { databaseUrl } from '../db/engine.ts'
import { type BenchServer, type BenchSession, createDatabase, databaseExists, dropDatabase, signIn, startServer, stopServer } from './bench/server.ts'

const PORT = 3930
const SITES = Number(process.env.BENCH_SITES ?? 100_000)
const KEEP = process.env.BENCH_KEEP === '1'
/** Central Suzhou at street zoom, where footprints and camera sectors are drawn. */
const STREET_VIEW = '#map=15/31.30/120.62'
const SCREENSHOTS = path.join(tmpdir(), 'sitegrid-bench-browser')
const DESKTOP: Device = { viewport: { width: 1600, height: 900 } }
const WALL: Device = { viewport: { width: 1920, height: 1080 } }
const PHONE: Device = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true }

// Page-side: when each screen's data has reached its map (see firstRenderProbe). A zone drawn from tiles (the note
// says so on the map, an attribute on the wall) has its sites once the site tiles in view have loaded.
const TILES_LOADED = `document.querySelector('[data-testid=map][data-site-tiles-loaded]')`
const SITES_SHOWN = `(e => e && e.textContent !== '–')(document.querySelector('[data-testid=site-count]'))
  && (!document.querySelector('[data-testid=site-tiles-note]') || ${TILES_LOADED})`
const ZONE_SHOWN = `${SITES_SHOWN} && document.querySelector('[data-testid=zone-sites]')`
const WALL_SHOWN = `document.querySelector('[data-testid=wall-open-hazards]') && document.querySelector('[data-testid=wall-map][data-sites]')
  && (!document.querySelector('[data-testid=wall-map][data-site-tiles]') || ${TILES_LOADED})`

interface ScreenLoad { screen: string; device: Device; ms: number; downloads: Downloads }
interface Pan { view: string; layers: string; frames: Frames }

async function toggle(screen: Screen, layers: string[]) {
  for (const id of layers) await screen.page.click(`[data-testid=toggle-${id}]`)
  await screen.settle()
}

// Every deck.gl layer the panel has besides the default ones (sites, demo zone).
const EXTRA_LAYERS = ['heatmap', 'cameras', 'devices', 'grids', 'keyProjects', 'testingCampaigns']

/**
 * The same drag with the default layers (sites), with cameras added, with every layer on, then with every
 * deck.gl layer off: the basemap alone.
 */
async function pansHere(screen: Screen, view: string): Promise<Pan[]> {
  const shot = (name: string) => screen.page.screenshot({ path: path.join(SCREENSHOTS, `${view.replace(/ /g, '-')}-${name}.png`) })
  const pan = async (layers: string) => ({ view, layers, frames: await panFrames(screen.page) })
  await screen.settle()
  const sites = await pan('sites')
  await toggle(screen, ['cameras'])
  await shot('cameras')
  const cameras = await pan('sites + cameras')
  await toggle(screen, EXTRA_LAYERS.filter((id) => id !== 'cameras'))
  await shot('every-layer')
  const every = await pan('every layer')
  await screen.settle()
  await shot('every-layer-panned')
  await toggle(screen, ['sites', 'demoZone', ...EXTRA_LAYERS])
  return [sites, cameras, every, await pan('none (basemap only)')]
}

async function mainMap(base: string): Promise<{ load: ScreenLoad; pans: Pan[] }> {
  const screen = await openScreen(base, DESKTOP, SITES_SHOWN)
  try {
    await screen.signIn('command')
    const load = { screen: 'main map `/` (city command)', device: DESKTOP, ms: await screen.load(`${base}/`), downloads: screen.downloads() }
    const pans = await pansHere(screen, 'city zoom')
    await screen.load(`${base}/${STREET_VIEW}`)
    return { load, pans: [...pans, ...await pansHere(screen, 'zoom 15')] }
  } finally {
    await screen.close()
  }
}

async function loadOnce(base: string, screenName: string, device: Device, ready: string, url: string, username?: string): Promise<ScreenLoad> {
  const screen = await openScreen(base, device, ready)
  try {
    if (username) await screen.signIn(username)
    return { screen: screenName, device, ms: await screen.load(`${base}${url}`), downloads: screen.downloads() }
  } finally {
    await screen.close()
  }
}

/** The wall behind a display token made for this run and revoked after it. */
async function wall(base: string, admin: BenchSession): Promise<ScreenLoad> {
  const res = await fetch(`${base}/api/admin/display-tokens`, {
    method: 'POST', headers: { ...admin.headers, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'browser bench' }),
  })
  if (!res.ok) throw new Error(`display token: HTTP ${res.status}`)
  const { id, wallUrl } = await res.json() as { id: number; wallUrl: string }
  try {
    return await loadOnce(base, 'wall `/wall?token=…`', WALL, WALL_SHOWN, wallUrl)
  } finally {
    await fetch(`${base}/api/admin/display-tokens/${id}`, { method: 'DELETE', headers: admin.headers })
  }
}

/** The city as seeded, the demo grid supervisor (the one with the busiest grids) and the server's version. */
async function cityFacts(url: string) {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [facts] = await sql<{ sites: number; cameras: number; supervisor: string; version: string }[]>`
      SELECT (SELECT count(*) FROM sites)::int AS sites, (SELECT count(*) FROM cameras)::int AS cameras,
        (SELECT username FROM users WHERE role = 'grid_supervisor' AND password_hash IS NOT NULL ORDER BY id LIMIT 1) AS supervisor,
        current_setting('server_version') AS version`
    return facts
  } finally {
    await sql.end()
  }
}

const size = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(0)} kB`)
const chunk = (url: string) => path.basename(new URL(url).pathname).replace(/-[\w-]{8}\.(js|css)$/, '')

function report(machine: string, city: { sites: number; cameras: number }, loads: ScreenLoad[], pans: Pan[]): string {
  const bytes = (t: Downloads['js']) => `${size(t.wire)} / ${size(t.uncompressed)} / ${size(gzippedBytes(t.urls))}`
  const lines = [
    `Machine: ${machine}`, '',
    // 50,000: CAMERA_TILES_ABOVE in web/map/use-map-data.ts.
    `City: ${city.sites.toLocaleString()} sites, ${city.cameras.toLocaleString()} cameras (${city.cameras > 50_000 ? 'drawn from vector tiles' : 'one GeoJSON'}).`, '',
    '| screen | viewport | first map render | JS files | JS wire / uncompressed / gzipped | CSS wire / uncompressed / gzipped | API data wire / uncompressed |',
    '|---|---|---:|---:|---|---|---|',
    ...loads.map((l) => `| ${l.screen} | ${l.device.viewport.width}×${l.device.viewport.height}${l.device.isMobile ? ' phone' : ''} | ${(l.ms / 1000).toFixed(1)} s | ${l.downloads.js.urls.length} | ${bytes(l.downloads.js)} | ${bytes(l.downloads.css)} | ${size(l.downloads.data.wire)} / ${size(l.downloads.data.uncompressed)} |`),
    '', '| pan (mouse held ≈ 4 s) | deck.gl layers | frames/s | p50 ms | p95 ms | p99 ms | frames |', '|---|---|---:|---:|---:|---:|---:|',
    ...pans.map(({ view, layers, frames: f }) => `| ${view} | ${layers} | ${f.fps.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.p99.toFixed(1)} | ${f.n} |`),
    '', '| screen | JS chunks loaded |', '|---|---|',
    ...loads.map((l) => `| ${l.screen} | ${l.downloads.js.urls.map(chunk).sort().join(', ')} |`),
  ]
  return lines.join('\n')
}

async function measure(server: BenchServer, supervisor: string) {
  const main = await mainMap(server.base)
  const loads = [
    main.load,
    await wall(server.base, await signIn(server.base, 'admin')),
    await loadOnce(server.base, 'grid supervisor\'s zone `/zone`', PHONE, ZONE_SHOWN, '/zone', supervisor),
  ]
  return { loads, pans: main.pans }
}

async function main() {
  const serverUrl = process.env.BENCH_DATABASE_URL
  if (!serverUrl) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL + PostGIS server')
  ensureWebBuild()
  const name = KEEP ? `sitegrid_bench_browser_${SITES}` : `sitegrid_bench_browser_${SITES}_${Date.now()}`
  if (!KEEP || !(await databaseExists(serverUrl, name))) await createDatabase(serverUrl, name)
  let server: BenchServer | undefined
  try {
    // Two past days are enough for the slider; the default 30 take about a minute each at 100,000 sites on a first
    // start, and a screen measured during that capture measures the capture (bench:history times it). A million-site
    // city's day takes minutes: HISTORY_BACKFILL_DAYS=0 measures it without any.
    const backfill = process.env.HISTORY_BACKFILL_DAYS ?? '2'
    server = await startServer({ databaseUrl: databaseUrl(serverUrl, name), port: PORT, sites: SITES, output: 'inherit', env: { HISTORY_BACKFILL_DAYS: backfill } })
    const city = await cityFacts(databaseUrl(serverUrl, name))
    console.log(`${city.sites.toLocaleString()} sites, ${city.cameras.toLocaleString()} cameras; measuring in Chromium …`)
    mkdirSync(SCREENSHOTS, { recursive: true })
    const { loads, pans } = await measure(server, city.supervisor)
    const machine = `${cpus().length} × ${cpus()[0]?.model}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${chromiumVersion()}, PostgreSQL ${city.version}, ${new Date().toISOString().slice(0, 10)}`
    const text = report(machine, city, loads, pans)
    mkdirSync('bench-results', { recursive: true })
    writeFileSync('bench-results/browser.md', `${text}\n`)
    console.log(`\n${text}\n\nwritten: bench-results/browser.md; screenshots in ${SCREENSHOTS}`)
  } finally {
    if (server) await stopServer(server)
    if (KEEP) console.log(`kept database ${name} for the next run (BENCH_KEEP=1)`)
    else await dropDatabase(serverUrl, name)
  }
}

await main()
