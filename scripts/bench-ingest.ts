/*
 * Field ingest under load: N dust monitors, each on its own HJ 212 connection, against the in-process ingest
 * (startFieldIngest, as npm start runs it) on each engine, for a sustained window.
 * Usage: npm run bench:ingest [-- --devices 6000,20000 --engines postgres,pglite --seconds 300 --target-pps 2000 --warmup 20]
 * The server engine is DATABASE_URL or postgres://postgres@127.0.0.1:5432/postgres, where a fresh database
 * sitegrid_bench_ingest is made and dropped; PGlite runs in a temporary directory. The load comes from 1–4 child
 * processes (scripts/bench/ingest-load.ts) on 127.0.0.2… — everything stays on loopback. Writes artifacts/bench-ingest.md.
 */
import { type ChildProcess, fork } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { EngineName } from '../db/engine.ts'
import { startFieldIngest } from '../server/features/ingest/field-ingest.ts'
import { createLiveHub } from '../server/features/live/live.hub.ts'
import { clock } from './simulate/dust-monitor.ts'
import { FACTORS_PER_PACKET } from './simulate/readings.ts'
import { addCounters, createHistogram, emptyCounters } from './simulate/stats.ts'
import { addDevices, alarmOrigins, BENCH_SECRET, missingAcked, openBenchDatabase, prepareCity, readingRows } from './bench/ingest-db.ts'
import type { FromLoad, LoadResult, LoadStart } from './bench/ingest-load.ts'
import { type BenchRow, fitDevices, machine, machineCpu, report } from './bench/ingest-report.ts'

const { values: args } = parseArgs({ options: {
  devices: { type: 'string', default: '6000,20000' }, engines: { type: 'string', default: 'postgres,pglite' }, seconds: { type: 'string', default: '300' },
  'target-pps': { type: 'string', default: '2000' }, warmup: { type: 'string', default: '20' }, out: { type: 'string', default: 'artifacts/bench-ingest.md' },
} })
const DEVICE_COUNTS = args.devices.split(',').map(Number)
const ENGINES = args.engines.split(',') as EngineName[]
const SECONDS = Number(args.seconds)
const WARMUP = Number(args.warmup)
const TARGET_PPS = Number(args['target-pps'])
if ([...DEVICE_COUNTS, SECONDS, TARGET_PPS].some((n) => !(n > 0)) || !(WARMUP >= 0) || ENGINES.some((e) => e !== 'postgres' && e !== 'pglite')) {
  throw new Error('usage: --devices N[,N…] --engines postgres,pglite --seconds S --target-pps P --warmup S (all positive)')
}
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const GEODATA_DIR = process.env.GEODATA_DIR ?? '../shared/data/geo'
/** Descriptors the server may open after the count is taken: pool connections, PGlite files, the load processes' IPC. */
const FD_MARGIN = 150
const PER_LOAD_PROCESS = 5_000
const PM10_LIMIT = 150
/** Alarm-raising devices: a small share, alternating 180 / 80 µg/m³ so each upload above the limit opens an alarm. */
const ALARM_SHARE = 0.005
/** Longer than HJ 212's usual 5 s: a slow commit should show as latency, not turn into resend load. */
const ACK_TIMEOUT_MS = 30_000
const GRACE_MS = 10_000
/**
 * New connections per second, all load processes together. The devices already connected send while the rest
 * connect, and on these 2 shared cores a faster ramp (2,000/s) overflowed the kernel's accept queue while the
 * server was busy with their packets: handshakes the devices saw complete were held back for tens of seconds.
 */
const CONNECTS_PER_S = 500

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const children = new Set<ChildProcess>()
process.on('exit', () => { for (const c of children) c.kill('SIGKILL') })

/** Resolves with the first message `accept` returns a value for, or rejects after `ms`. */
function waitFor<T>(child: ChildProcess, ms: number, what: string, accept: (m: FromLoad) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { child.off('message', on); reject(new Error(`timed out after ${ms / 1000} s waiting for ${what}`)) }, ms)
    const on = (m: FromLoad) => {
      const value = accept(m)
      if (value !== undefined) { clearTimeout(timer); child.off('message', on); resolve(value) }
    }
    child.on('message', on)
    // 'close', not 'exit': a process that has exited may still have messages on their way.
    child.once('close', (code) => { clearTimeout(timer); reject(new Error(`load process exited (${code}) while waiting for ${what}`)) })
  })
}

async function benchOne(engine: EngineName, asked: number, notes: string[]): Promise<{ row: BenchRow; version: string }> {
  const label = engine === 'postgres' ? 'postgres (server)' : 'pglite (embedded)'
  console.log(`\n${label}: ${asked.toLocaleString('en-US')} devices asked, ${TARGET_PPS} packets/s in all`)
  const bench = await openBenchDatabase(engine, SERVER_URL)
  try {
    await prepareCity(bench.database, GEODATA_DIR)
    const logs = new Map<string, number>()
    const field = await startFieldIngest(bench.database, {
      HOST: '127.0.0.1', HJ212_PORT: 0, HJ212_MAX_CONNECTIONS: asked + 100, HJ212_IDLE_SECONDS: 600, MQTT_CLIENT_ID: 'sitegrid-bench-ingest', MQTT_TOPIC_PREFIX: 'sitegrid',
    }, { pm10LimitUgM3: PM10_LIMIT, log: (m) => { const key = m.replace(/\d+/g, '#'); logs.set(key, (logs.get(key) ?? 0) + 1) } })
    const hub = createLiveHub(bench.database)
    const opened = new Map<number, number>()
    await hub.subscribe((events) => {
      const at = clock()
      for (const e of events) if ((e.kind as string) === 'alarm_opened' && e.refId !== null) opened.set(e.refId, at)
    })
    // Counted with the database open and the listener up, so what they hold is known.
    const { devices, capped } = fitDevices(asked, FD_MARGIN)
    const { identities, ids } = await addDevices(bench.database, devices)
    const rate = TARGET_PPS / devices
    console.log(`  ${devices.toLocaleString('en-US')} devices at ${rate.toPrecision(3)} packets/s each${capped ? ` (${capped})` : ''}`)
    let stopped = false
    const stopServer = async () => { if (!stopped) { stopped = true; await field.stop(); await hub.stop() } }
    try {
      // Each device's DataTimes are one second apart from a start far enough back that the last stays in the past.
      const expectedS = devices / CONNECTS_PER_S + 30 + WARMUP + SECONDS + GRACE_MS / 1_000
      const dataTimesFrom = Math.floor(Date.now() / 1_000 - rate * expectedS * 1.5 - 120) * 1_000
      if (Date.now() - dataTimesFrom > 6 * 86_400_000) throw new Error(`${rate.toFixed(1)} packets/s per device for ${expectedS} s needs more than 6 days of DataTimes: fewer packets/s or more devices`)
      const alarmEvery = Math.max(1, Math.round(1 / ALARM_SHARE))
      const loads = Math.min(4, Math.ceil(devices / PER_LOAD_PROCESS))
      const shares = Array.from({ length: loads }, (_, i) => identities.filter((_, j) => j % loads === i))
      const procs = shares.map((share, i) => {
        const child = fork(fileURLToPath(new URL('./bench/ingest-load.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] })
        children.add(child)
        child.once('exit', () => children.delete(child))
        const start: LoadStart = {
          type: 'start', port: field.hj212.port, localAddress: `127.0.0.${2 + i}`, identities: share, secret: BENCH_SECRET, rate, dataTimesFrom,
          alarmIdentities: share.filter((_, j) => (j * loads + i) % alarmEvery === 0), pm10High: 180, pm10Low: 80, ackTimeoutMs: ACK_TIMEOUT_MS, maxUnacked: 50,
          connectsPerSecond: Math.ceil(CONNECTS_PER_S / loads),
        }
        child.send(start)
        return child
      })
      const connectMs = 60_000 + (devices / CONNECTS_PER_S) * 3_000
      const connected = procs.map(() => 0)
      procs.forEach((p, i) => p.on('message', (m: FromLoad) => { if (m.type === 'progress') connected[i] = m.connected }))
      const ramp = setInterval(() => console.log(`  connecting: ${connected.reduce((a, b) => a + b, 0).toLocaleString('en-US')} at the devices, `
        + `${field.hj212.stats().connections.toLocaleString('en-US')} held by the listener`), 5_000)
      await Promise.all(procs.map((p, i) => waitFor(p, connectMs, `load ${i} to connect`, (m) => (m.type === 'progress' && m.connected === m.total ? true : undefined))))
      // Connected at the device is not yet accepted by the listener: the window opens once the server holds them all.
      for (const until = Date.now() + connectMs; field.hj212.stats().connections < devices;) {
        if (Date.now() > until) throw new Error(`the listener holds ${field.hj212.stats().connections} of ${devices} connections`)
        await sleep(200)
      }
      clearInterval(ramp)
      console.log(`  ${devices.toLocaleString('en-US')} connections held by the listener; warming up ${WARMUP} s`)
      await sleep(WARMUP * 1_000)

      const rows0 = await readingRows(bench.database)
      const cpu0 = process.cpuUsage()
      const machine0 = machineCpu()
      const rss: number[] = []
      const sampler = setInterval(() => rss.push(process.memoryUsage().rss), 1_000)
      const t0 = clock()
      for (const p of procs) p.send({ type: 'window' })
      for (let s = 0; s < SECONDS; s += 30) {
        await sleep(Math.min(30, SECONDS - s) * 1_000)
        const w = field.writer.stats()
        console.log(`  ${Math.min(SECONDS, s + 30)} / ${SECONDS} s: ${w.stored.toLocaleString('en-US')} stored in ${w.batches.toLocaleString('en-US')} batches, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB`)
      }
      const results = Promise.all(procs.map((p, i) => waitFor(p, GRACE_MS + 120_000, `load ${i}'s result`, (m) => (m.type === 'result' ? m : undefined))))
      results.catch(() => {}) // awaited below, after the window's end figures are read
      for (const p of procs) p.send({ type: 'stop', graceMs: GRACE_MS })
      const windowS = (clock() - t0) / 1_000
      const rows1 = await readingRows(bench.database)
      const cpu = process.cpuUsage(cpu0)
      const machine1 = machineCpu()
      clearInterval(sampler)
      const done: LoadResult[] = await results
      await stopServer()

      const counters = emptyCounters()
      const atWindow = emptyCounters()
      const latency = createHistogram()
      const sentAt = new Map<string, number>()
      const runs: { deviceId: number; from: number; to: number }[] = []
      done.forEach((r, i) => {
        addCounters(counters, r.counters)
        addCounters(atWindow, r.atWindow)
        latency.add(r.latency)
        for (const [d, dataTime, at] of r.alarmSends) sentAt.set(`${shares[i][d]}|${dataTime}`, at)
        for (const [d, from, to] of r.ackedRuns) runs.push({ deviceId: ids.get(shares[i][d])!, from, to })
      })
      const alarmLatency = createHistogram()
      for (const origin of await alarmOrigins(bench.database, [...opened.keys()])) {
        const sent = sentAt.get(`${origin.identity}|${origin.openedAt}`)
        if (sent !== undefined) alarmLatency.record(opened.get(origin.id)! - sent)
      }
      const lost = await missingAcked(bench.database, runs)
      const writer = field.writer.stats()
      const listener = field.hj212.stats()
      notes.push(`- ${label}, ${devices.toLocaleString('en-US')} devices from ${loads} load process${loads > 1 ? 'es' : ''}: writer ${writer.batches.toLocaleString('en-US')} batches, ${(writer.stored / Math.max(1, writer.batches)).toFixed(0)} readings per batch on average, `
        + `${writer.failedBatches} failed; listener ${listener.badFrames} bad frames, ${listener.refused} refused, ${listener.closedForAbuse} closed; `
        + `${counters.connects.toLocaleString('en-US')} connects, ${counters.disconnects} disconnects, ${counters.connectErrors} failed connects`
        + (logs.size ? `; server log: ${[...logs].slice(0, 3).map(([m, n]) => `${n} × "${m.slice(0, 80)}"`).join(', ')}` : ''))
      const row: BenchRow = {
        engine: label, devicesAsked: asked, devices, capped, targetPps: TARGET_PPS, offeredPps: (counters.sent - atWindow.sent) / windowS,
        packetsPerS: (rows1 - rows0) / windowS, pointsPerS: ((rows1 - rows0) * FACTORS_PER_PACKET) / windowS,
        ackP50: latency.quantile(0.5), ackP99: latency.quantile(0.99), alarmP50: alarmLatency.quantile(0.5), alarmP99: alarmLatency.quantile(0.99), alarms: alarmLatency.count,
        rssMeanMb: rss.reduce((a, b) => a + b, 0) / Math.max(1, rss.length) / 2 ** 20, rssPeakMb: Math.max(0, ...rss) / 2 ** 20,
        cpuPct: (cpu.user + cpu.system) / 1e4 / windowS, machineCpuPct: (100 * (machine1.busy - machine0.busy)) / Math.max(1, machine1.total - machine0.total),
        resent: counters.resent - atWindow.resent, skipped: counters.skipped - atWindow.skipped, unanswered: counters.unanswered - atWindow.unanswered,
        ackedChecked: lost.checked, ackedMissing: lost.missing, seconds: windowS,
      }
      console.log(`  ${row.packetsPerS.toFixed(0)} packets/s committed, ack p50 ${row.ackP50.toFixed(1)} ms p99 ${row.ackP99.toFixed(1)} ms, ${lost.missing} of ${lost.checked} answered readings missing`)
      return { row, version: await bench.version() }
    } finally {
      for (const c of children) c.kill('SIGKILL')
      await stopServer()
    }
  } finally {
    await bench.dispose()
  }
}

const rows: BenchRow[] = []
const versions = new Map<EngineName, string>()
const notes: string[] = []
for (const engine of ENGINES) {
  for (const devices of DEVICE_COUNTS) {
    const { row, version } = await benchOne(engine, devices, notes)
    rows.push(row)
    versions.set(engine, version)
  }
}
const method = [
  '', `Each device has its own TCP connection, from load processes on the same machine (one per ${PER_LOAD_PROCESS.toLocaleString('en-US')} devices, at most 4; 127.0.0.2… → 127.0.0.1), `
  + `and sends real-time uploads (2011, Flag=5) of ${FACTORS_PER_PACKET} factors × (Rtd, Flag) at the target rate; a data point is one factor value. `
  + `Measured over ${SECONDS} s after a ${WARMUP} s warm-up: committed = rows added to device_readings; ack = upload → its 9014 answer at the device, sent only after the commit; `
  + `packet → wall alarm = upload → the alarm_opened event at a live hub subscribed in the server process, for the ${(ALARM_SHARE * 100).toFixed(1)} % of devices that alternate ${PM10_LIMIT + 30} / ${PM10_LIMIT - 70} µg/m³. `
  + 'Server RSS and CPU are the ingest process (for PGlite that includes the database; a PostgreSQL server\'s own CPU is in its processes, and in machine CPU); '
  + `devices resend after ${ACK_TIMEOUT_MS / 1000} s unanswered and keep at most 50 unanswered (beyond that an upload is skipped). `
  + '"Answered and lost": answered readings not found in device_readings after the run (must be 0).',
]
const text = `${report(machine(ENGINES.map((e) => versions.get(e)!)), rows, [...notes, ...method])}\n`
mkdirSync(path.dirname(args.out), { recursive: true })
writeFileSync(args.out, text)
console.log(`\n${text}\nwritten: ${args.out}`)
process.exit(0)
