/*
 * History: the nightly capture, playback and the monthly report, on the server engine.
 * Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:history   [BENCH_SIZES=6000,100000]
 *        [BENCH_KEEP=1: keep each city's database and reuse it]
 * For each size: a city seeded by a real server process (`npm start`'s path, no history of its own), then
 *  - the nightly capture of DAYS ended days, timed one by one (the same captureDay the job runs), and the storage a
 *    day takes (site_days and kpi_days, indexes included);
 *  - playback over loopback: the map's request for a day's sites, one day after another, as the slider plays;
 *  - a monthly city report generated through the API (GET /api/reports/preview: its content and document).
 * Writes bench-results/history.md.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { sql } from 'kysely'
import postgres from 'postgres'
import { databaseUrl, openDatabase } from '../db/engine.ts'
import { addDays, beijingDay } from '../server/domain/time.ts'
import { captureDay } from '../server/features/history/history.job.ts'
import { DEFAULT_ANALYTICS } from '../server/features/risk/risk.service.ts'
import { percentiles, requester } from './bench/load.ts'
import { type BenchServer, createDatabase, databaseExists, dropDatabase, signIn, startServer, stopServer } from './bench/server.ts'

const PORT = 3921
const KEEP = process.env.BENCH_KEEP === '1'
const SIZES = (process.env.BENCH_SIZES ?? '6000,100000').split(',').map(Number)
const DAYS = 7
const serverUrl = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL
if (!serverUrl) throw new Error('set BENCH_DATABASE_URL to a PostgreSQL server (the history targets are the server engine\'s)')

interface Row { sites: number; captureS: number[]; dayMb: number; playbackMs: { p50: number; p95: number }; playbackKb: number; reportS: number | null }

async function measure(sites: number): Promise<Row> {
  const name = KEEP ? `sitegrid_bench_history_${sites}` : `sitegrid_bench_history_${sites}_${Date.now()}`
  const exists = await databaseExists(serverUrl!, name)
  const url = exists ? databaseUrl(serverUrl!, name) : await createDatabase(serverUrl!, name)
  let server: BenchServer | undefined
  const database = await openDatabase({ databaseUrl: url, dataDir: '' })
  try {
    // The bench captures the days itself, so the server keeps none of its own.
    server = await startServer({ port: PORT, databaseUrl: url, sites, output: 'inherit', env: { HISTORY_BACKFILL_DAYS: '0' } })
    console.log(`${sites.toLocaleString()} sites: serving after ${server.seconds.toFixed(0)} s`)
    const today = new Date()
    const days = Array.from({ length: DAYS }, (_, i) => beijingDay(addDays(today, i - DAYS)))
    const captureS: number[] = []
    for (const day of days) {
      const t = performance.now()
      await captureDay(database.db, { day, analytics: DEFAULT_ANALYTICS })
      captureS.push((performance.now() - t) / 1000)
      console.log(`  captured ${day} in ${captureS.at(-1)!.toFixed(1)} s`)
    }
    const { rows: [storage] } = await sql<{ bytes: number }>`
      SELECT (SELECT sum(pg_total_relation_size(i.inhrelid)) FROM pg_inherits i WHERE i.inhparent = 'site_days'::regclass)
        + pg_total_relation_size('kpi_days') AS bytes`.execute(database.db)
    const { rows: [kept] } = await sql<{ n: number }>`SELECT count(DISTINCT day)::int AS n FROM site_days`.execute(database.db)

    const session = await signIn(server.base, 'command')
    const get = requester(server.base, session.cookie)
    const frames: number[] = []
    let bytes = 0
    for (let round = 0; round < 4; round++) {
      for (const day of days) {
        const t = performance.now()
        const res = await get(`/api/history/playback?date=${day}`)
        if (res.status !== 200) throw new Error(`playback ${day}: HTTP ${res.status}`)
        if (round > 0) { frames.push(performance.now() - t); bytes = res.bytes }
      }
    }
    const month = days.at(-1)!.slice(0, 7)
    const reportS = await timeReport(server.base, session.headers, `${month}-01`)
    const latency = percentiles(frames)
    return {
      sites, captureS, dayMb: Number(storage.bytes) / kept.n / 1e6, playbackMs: { p50: latency.p50, p95: latency.p95 },
      playbackKb: bytes / 1024, reportS,
    }
  } finally {
    if (server) await stopServer(server)
    await database.close()
    if (!KEEP) await dropDatabase(serverUrl!, name)
  }
}

/** A monthly city report, generated (not issued) through the API as the reports screen asks for it. */
async function timeReport(base: string, headers: Record<string, string>, start: string): Promise<number | null> {
  const t = performance.now()
  const res = await fetch(`${base}/api/reports/preview?period=month&start=${start}`, { headers })
  if (!res.ok) { console.warn(`  report preview: HTTP ${res.status} ${await res.text()}`); return null }
  await res.arrayBuffer()
  return (performance.now() - t) / 1000
}

const rows: Row[] = []
for (const sites of SIZES) rows.push(await measure(sites))
const fmt = (n: number, digits = 1) => n.toFixed(digits)
const table = [
  '| sites | nightly capture of a day (mean · max of 7) | storage per day | playback: a day\'s sites, p50 · p95 | its size (gzip) | monthly city report |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.sites.toLocaleString('en')} | ${fmt(r.captureS.reduce((a, b) => a + b, 0) / r.captureS.length)} s · ${fmt(Math.max(...r.captureS))} s | ${fmt(r.dayMb)} MB | ${fmt(r.playbackMs.p50, 0)} · ${fmt(r.playbackMs.p95, 0)} ms | ${fmt(r.playbackKb, 0)} kB | ${r.reportS === null ? 'n/a' : `${fmt(r.reportS)} s`} |`),
]
const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, ${(await postgres(serverUrl)`SELECT version()`.then((r) => String(r[0].version).split(' on ')[0]))}`
mkdirSync('bench-results', { recursive: true })
writeFileSync('bench-results/history.md', `${table.join('\n')}\n\n${machine}\n`)
console.log(`\n${table.join('\n')}\n\n${machine}`)
process.exit(0)
