import mqtt, { type MqttClient } from 'mqtt'
import type { Rng } from '../../db/seed/random.ts'
import { mqttTopic } from '../../server/features/mqtt/mqtt.listener.ts'
import { createCameraSource, createCraneSource } from './readings.ts'
import type { SimCounters } from './stats.ts'

/*
 * Crane monitors and cameras as their vendor platforms forward them: CraneTelemetry and CameraStatus, QoS 1, each
 * device every intervalS under its own topic. A platform holds a few broker connections for all its devices (one
 * per device would be tens of thousands of sockets), so the devices share a small pool of clients.
 */

export interface FeedDevice { identity: string; kind: 'crane_monitor' | 'camera'; intervalS: number }

export interface FeedOptions {
  /** mqtt://[user:password@]host:port */
  url: string
  prefix: string
  rng: Rng
  counters: SimCounters
  clients?: number
  log: (message: string) => void
}

export function startFeeds(devices: FeedDevice[], options: FeedOptions) {
  const { counters, rng } = options
  const pool: MqttClient[] = Array.from({ length: devices.length === 0 ? 0 : (options.clients ?? 4) }, (_, i) => {
    const client = mqtt.connect(options.url, { clientId: `sitegrid-sim-${process.pid}-${i}`, clean: true, reconnectPeriod: 2_000, connectTimeout: 10_000 })
    let reported = false
    client.on('error', (error) => { if (!reported) options.log(`mqtt ${options.url}: ${error.message}`); reported = true })
    client.on('connect', () => { reported = false })
    return client
  })
  const timers: NodeJS.Timeout[] = []

  devices.forEach((device, i) => {
    const client = pool[i % pool.length]
    const next = device.kind === 'crane_monitor' ? createCraneSource(rng) : createCameraSource(rng)
    const publish = () => {
      // A platform that has lost its broker drops the report; the portal's silence sweep notices, as it should.
      if (!client.connected) { counters.mqttFailed++; return }
      const payload = { deviceId: device.identity, ts: new Date().toISOString(), ...next() }
      counters.mqttPublished++
      client.publishAsync(mqttTopic(options.prefix, device.kind, device.identity), JSON.stringify(payload), { qos: 1 })
        .then(() => { counters.mqttAcked++ }, () => { counters.mqttFailed++ })
    }
    const periodMs = device.intervalS * 1_000
    // A random phase, so that 20,000 cameras on a 300 s interval are 67 messages a second, not one burst.
    timers.push(setTimeout(() => {
      publish()
      timers.push(setInterval(publish, periodMs))
    }, rng.range(0, periodMs)))
  })

  return {
    get connected() { return pool.filter((c) => c.connected).length },
    get clients() { return pool.length },
    async stop() {
      for (const t of timers) clearTimeout(t)
      // Lets the PUBACKs still owed arrive, then closes.
      await Promise.all(pool.map((c) => c.endAsync(false).catch(() => {})))
    },
  }
}
