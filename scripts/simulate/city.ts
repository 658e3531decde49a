import { createRng } from '../../db/seed/random.ts'
import type { DeviceKind } from '../../server/domain/device-readings.ts'
import { type AckInfo, clock, createDustMonitor, type Upload } from './dust-monitor.ts'
import { startFeeds } from './feeds.ts'
import { createDustSource, createMeans, realtimeFactors } from './readings.ts'
import { createHistogram, emptyCounters, type Fault, type Histogram, type SimCounters } from './stats.ts'

/*
 * A city's field devices against a running portal: every dust monitor on its own HJ 212 connection, crane
 * monitors and cameras through MQTT. The CLI (scripts/simulate.ts) and the ingest bench's load processes both run
 * this; it returns counters and a stop function, and prints nothing itself.
 */

export interface SimDevice { identity: string; kind: DeviceKind; secret: string; intervalS: number; siteId: number }

export interface SimulateOptions {
  devices: SimDevice[]
  hj212: { host: string; port: number; localAddress?: string }
  /** No crane or camera feeds when unset. */
  mqttUrl?: string | null
  mqttPrefix?: string
  /** Real-time (2011) uploads per second per dust monitor. */
  rate: number
  faults?: Fault[]
  /** Share of packets given each listed fault. */
  faultShare?: number
  seed?: number
  /** Sites whose dust monitors report a dust episode (PM10 250–400) for `minutes` from the start. */
  episode?: { siteIds: Iterable<number>; minutes: number }
  /** An hourly (2061) upload on each Beijing-time hour boundary. */
  hourly?: boolean
  /**
   * DataTime of each monitor's first upload, then one second later each time; unset, the wall clock. A bench that
   * sends several packets a second per device needs this: DataTime has one-second resolution.
   */
  dataTimesFrom?: Date
  /** Overrides PM10 of a monitor's `seq`-th real-time upload (the bench's alarm-raising devices). */
  pm10?: (identity: string, seq: number) => number | undefined
  ackTimeoutMs?: number
  resends?: number
  /** Unanswered uploads a device keeps; beyond it, it skips uploads until answers come. */
  maxUnacked?: number
  connectsPerSecond?: number
  onAck?: (ack: AckInfo) => void
  log?: (message: string) => void
}

export interface CityRun {
  counters(): SimCounters
  /** Upload → 9014 answer, every answer so far. */
  readonly latency: Histogram
  connected(): { dust: number; dustTotal: number; mqttClients: number; mqttTotal: number }
  /** Stops making uploads, waits up to `graceMs` for the answers still owed, then hangs up. */
  stop(graceMs?: number): Promise<SimCounters>
}

const FLAGS_NOT_NORMAL = ['D', 'M', 'C'] as const
const HOUR_MS = 3_600_000

export function simulateCity(options: SimulateOptions): CityRun {
  const { rate, faults = [], faultShare = 0.02, hourly = true, log = () => {} } = options
  if (!(rate > 0)) throw new Error('rate must be above 0 uploads per second')
  const rng = createRng(options.seed ?? 2021)
  const counters = emptyCounters()
  const latency = createHistogram()
  const timers: NodeJS.Timeout[] = []
  const started = Date.now()
  const episodeSites = new Set(options.episode?.siteIds ?? [])
  const episodeUntil = started + (options.episode?.minutes ?? 0) * 60_000
  const context = {
    host: options.hj212.host, port: options.hj212.port, localAddress: options.hj212.localAddress, counters, latency,
    ackTimeoutMs: options.ackTimeoutMs ?? 5_000, resends: options.resends ?? 3, maxUnacked: options.maxUnacked ?? 50, onAck: options.onAck,
  }

  const dust = options.devices.filter((d) => d.kind === 'dust_monitor')
  const players = dust.map((device) => {
    const monitor = createDustMonitor(device, context)
    const sample = createDustSource(createRng(rng.int(1, 2 ** 31)))
    const hour = createMeans()
    let seq = 0
    let lastDataTime = 0
    let last = sample(new Date(), false)
    const inEpisode = episodeSites.has(device.siteId)
    const realtime = () => {
      const now = Date.now()
      const dataTime = options.dataTimesFrom ? options.dataTimesFrom.getTime() + seq * 1_000 : Math.max(Math.floor(now / 1_000) * 1_000, lastDataTime + 1_000)
      const values = sample(new Date(dataTime), inEpisode && now < episodeUntil)
      values.pm10 = options.pm10?.(device.identity, seq) ?? values.pm10
      seq++
      last = values
      const fault = faults.length > 0 && rng.chance(faultShare * faults.length) ? rng.pick(faults) : undefined
      // Late data is history a device uploads after an outage: kept, but it moves no alarm.
      const late = fault === 'late' ? now - rng.int(3_600, 6 * 3_600) * 1_000 : null
      if (late === null) lastDataTime = dataTime
      if (fault === 'late' || fault === 'flagged') counters.faults[fault]++
      const pm10Flag = fault === 'flagged' ? rng.pick(FLAGS_NOT_NORMAL) : 'N'
      if (pm10Flag === 'N' && late === null) hour.add(values.pm10)
      const upload: Upload = { cn: '2011', dataTime: new Date(late ?? dataTime), factors: realtimeFactors(values, pm10Flag), pm10: values.pm10 }
      if (fault && fault !== 'late' && fault !== 'flagged') upload.fault = fault
      monitor.send(upload)
    }
    const periodMs = 1_000 / rate
    // A device's upload cycle starts when it is switched on (below), at a random phase: not all in one millisecond.
    const switchOn = () => {
      monitor.start()
      timers.push(setTimeout(() => {
        realtime()
        timers.push(setInterval(realtime, periodMs))
      }, rng.range(0, periodMs)))
    }
    // The hour just ended, by its start time (HJ 212's convention).
    const sendHour = (boundary: number) => monitor.send({ cn: '2061', dataTime: new Date(boundary - HOUR_MS), factors: hour.take(last) })
    return { monitor, switchOn, sendHour }
  })
  const monitors = players.map((p) => p.monitor)

  if (hourly && !options.dataTimesFrom) {
    // On each hour boundary every monitor sends its hourly data, spread over 20 s as real clocks are.
    const onHour = () => {
      const boundary = Math.round(Date.now() / HOUR_MS) * HOUR_MS
      let next = 0
      const spread = setInterval(() => {
        const upTo = Math.min(players.length, next + Math.ceil(players.length / 100))
        for (; next < upTo; next++) players[next].sendHour(boundary)
        if (next === players.length) clearInterval(spread)
      }, 200)
      timers.push(spread, setTimeout(onHour, HOUR_MS - (Date.now() % HOUR_MS)))
    }
    timers.push(setTimeout(onHour, HOUR_MS - (Date.now() % HOUR_MS)))
  }

  // Devices switch on at a bounded pace: the listener's accept queue is finite, as is any real network's, and a
  // connection the kernel completed but the server never accepted is reset after a while.
  const perTick = Math.max(1, Math.round((options.connectsPerSecond ?? 1_000) / 10))
  let opened = 0
  const opener = setInterval(() => {
    for (const p of players.slice(opened, opened + perTick)) p.switchOn()
    opened = Math.min(players.length, opened + perTick)
    if (opened === players.length) clearInterval(opener)
  }, 100)
  timers.push(opener)
  timers.push(setInterval(() => { const now = clock(); for (const m of monitors) m.sweep(now) }, 500))
  if (episodeSites.size > 0) timers.push(setTimeout(() => log('dust episode over: PM10 back to normal'), episodeUntil - started))

  const feedDevices = options.devices.flatMap((d) => (d.kind === 'dust_monitor' ? [] : [{ identity: d.identity, kind: d.kind, intervalS: d.intervalS }]))
  const feeds = options.mqttUrl ? startFeeds(feedDevices, { url: options.mqttUrl, prefix: options.mqttPrefix ?? 'sitegrid', rng, counters, log }) : null

  return {
    counters: () => ({ ...counters, faults: { ...counters.faults } }),
    latency,
    connected: () => ({ dust: monitors.filter((m) => m.connected).length, dustTotal: monitors.length, mqttClients: feeds?.connected ?? 0, mqttTotal: feeds?.clients ?? 0 }),
    async stop(graceMs = context.ackTimeoutMs) {
      for (const t of timers) clearTimeout(t)
      const until = Date.now() + graceMs
      while (Date.now() < until && monitors.some((m) => m.connected && m.inFlight > 0)) await new Promise((r) => setTimeout(r, 50))
      for (const m of monitors) m.stop()
      await feeds?.stop()
      return { ...counters, faults: { ...counters.faults } }
    },
  }
}
