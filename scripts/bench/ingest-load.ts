/*
 * One load process of the ingest bench (scripts/bench-ingest.ts forks 1–4 of them): its share of the dust
 * monitors, each on its own TCP connection, played by the simulator's core. A process may hold only so many
 * sockets, and one address only so many ephemeral ports, hence several processes on their own loopback addresses.
 *
 * Over IPC: the parent sends `start`, then `window` when the measured window opens, then `stop`; this process
 * reports `progress` while connecting and a final `result`: counters, the window's answer latencies, every
 * answered reading as runs of consecutive DataTimes per device, and when each alarm-raising reading was sent.
 */
import { clock } from '../simulate/dust-monitor.ts'
import { type SimDevice, simulateCity } from '../simulate/city.ts'
import { createHistogram, type SimCounters } from '../simulate/stats.ts'

export interface LoadStart {
  type: 'start'
  port: number
  localAddress: string
  identities: string[]
  secret: string
  rate: number
  dataTimesFrom: number
  /** These devices alternate above and below the PM10 limit, so each upload above it opens an alarm. */
  alarmIdentities: string[]
  pm10High: number
  pm10Low: number
  ackTimeoutMs: number
  maxUnacked: number
  connectsPerSecond: number
}
export type ToLoad = LoadStart | { type: 'window' } | { type: 'stop'; graceMs: number }

export interface LoadResult {
  type: 'result'
  counters: SimCounters
  /** Counters when the window opened, to subtract. */
  atWindow: SimCounters
  /** Upload → answer for uploads first sent inside the window. */
  latency: number[]
  /** [device index, first DataTime s, last DataTime s]: every second of each run was answered. */
  ackedRuns: [number, number, number][]
  /** [device index, DataTime ms, sent at ms] of each answered upload above the limit, sent inside the window. */
  alarmSends: [number, number, number][]
}
export type FromLoad = { type: 'progress'; connected: number; total: number } | LoadResult

const send = (message: FromLoad, then?: () => void) => process.send!(message, undefined, {}, () => then?.())

function runs(acked: number[][]): [number, number, number][] {
  const out: [number, number, number][] = []
  acked.forEach((seconds, device) => {
    seconds.sort((a, b) => a - b)
    let from = Number.NaN
    let last = Number.NaN
    for (const s of seconds) {
      if (s === last) continue
      if (s !== last + 1) { if (!Number.isNaN(from)) out.push([device, from, last]); from = s }
      last = s
    }
    if (!Number.isNaN(from)) out.push([device, from, last])
  })
  return out
}

function start(config: LoadStart) {
  const index = new Map(config.identities.map((id, i) => [id, i]))
  const alarming = new Set(config.alarmIdentities)
  const acked: number[][] = config.identities.map(() => [])
  const alarmSends: [number, number, number][] = []
  const latency = createHistogram()
  let windowFrom = Number.POSITIVE_INFINITY
  let windowTo = Number.POSITIVE_INFINITY
  let atWindow: SimCounters | null = null

  const devices: SimDevice[] = config.identities.map((identity) => ({ identity, kind: 'dust_monitor', secret: config.secret, intervalS: 60, siteId: 0 }))
  const run = simulateCity({
    devices, hj212: { host: '127.0.0.1', port: config.port, localAddress: config.localAddress }, rate: config.rate, hourly: false,
    dataTimesFrom: new Date(config.dataTimesFrom), ackTimeoutMs: config.ackTimeoutMs, maxUnacked: config.maxUnacked, connectsPerSecond: config.connectsPerSecond,
    pm10: (identity, seq) => (alarming.has(identity) ? (seq % 2 === 0 ? config.pm10High : config.pm10Low) : undefined),
    onAck: (ack) => {
      const device = index.get(ack.identity)!
      acked[device].push(Math.round(ack.dataTime.getTime() / 1_000))
      if (ack.sentAt < windowFrom || ack.sentAt >= windowTo) return
      latency.record(ack.ackedAt - ack.sentAt)
      if (alarming.has(ack.identity) && (ack.pm10 ?? 0) > config.pm10Low) alarmSends.push([device, ack.dataTime.getTime(), ack.sentAt])
    },
  })
  const progress = setInterval(() => {
    const { dust, dustTotal } = run.connected()
    send({ type: 'progress', connected: dust, total: dustTotal })
  }, 1_000)

  process.on('message', async (message: ToLoad) => {
    if (message.type === 'window') {
      windowFrom = clock()
      atWindow = run.counters()
    } else if (message.type === 'stop') {
      windowTo = clock()
      clearInterval(progress)
      const counters = await run.stop(message.graceMs)
      send({ type: 'result', counters, atWindow: atWindow ?? counters, latency: latency.buckets(), ackedRuns: runs(acked), alarmSends }, () => process.disconnect())
    }
  })
}

process.once('message', (message: ToLoad) => { if (message.type === 'start') start(message) })
// An orphan must not keep hammering the port: when the parent goes, so do we.
process.on('disconnect', () => process.exit(0))
