import mqtt from 'mqtt'
import { type FeedKind, feedReading } from '../../domain/device-readings.ts'
import type { Log } from '../hj212/hj212.listener.ts'
import type { IngestWriter } from '../ingest/ingest.writer.ts'

/*
 * Crane monitors and cameras through an MQTT broker, as vendor platforms forward them. Topics say the kind and the
 * device: `<prefix>/crane/<deviceId>/telemetry` and `<prefix>/camera/<deviceId>/status`, and the broker's ACL lets
 * a device publish under its own id only (README). A payload naming another id is refused: on a shared broker the
 * topic is the identity, the payload is a claim.
 *
 * QoS 1 with a persistent session: the PUBACK goes out after the commit. When a commit fails the message stays
 * unacknowledged and the connection is dropped, so the broker sends it again on reconnect; a refused message is
 * acknowledged (and logged), since sending it again would change nothing.
 */

export const MQTT_TOPICS: Record<FeedKind, { segment: string; suffix: string }> = {
  crane_monitor: { segment: 'crane', suffix: 'telemetry' },
  camera: { segment: 'camera', suffix: 'status' },
}

export function mqttTopic(prefix: string, kind: FeedKind, deviceId: string): string {
  return `${prefix}/${MQTT_TOPICS[kind].segment}/${deviceId}/${MQTT_TOPICS[kind].suffix}`
}

export interface MqttOptions { url: string; clientId: string; prefix: string }
export interface MqttStats { messages: number; stored: number; refused: number; uncommitted: number; connected: boolean }
export interface MqttIngest { stats(): MqttStats; stop(): Promise<void> }

const KIND_BY_SEGMENT = new Map(Object.entries(MQTT_TOPICS).map(([kind, t]) => [t.segment, kind as FeedKind]))

export async function startMqttIngest(writer: IngestWriter, options: MqttOptions, log: Log): Promise<MqttIngest> {
  const stats: MqttStats = { messages: 0, stored: 0, refused: 0, uncommitted: 0, connected: false }
  const refuse = (topic: string, why: string) => { stats.refused++; log(`mqtt ${topic}: refused: ${why}`) }

  const client = mqtt.connect(options.url, {
    clientId: options.clientId,
    // MQTT.js honours customHandleAcks on MQTT 5 only. On 5 a persistent session also needs an expiry: with
    // none, the broker drops it at disconnect along with the messages we had not acknowledged yet.
    protocolVersion: 5,
    clean: false,
    properties: { sessionExpiryInterval: 7 * 24 * 3_600 },
    reconnectPeriod: 1_000,
    connectTimeout: 10_000,
    customHandleAcks: (topic, message, _packet, ack) => {
      stats.messages++
      const [prefix, segment, deviceId, suffix, ...rest] = topic.split('/')
      const kind = KIND_BY_SEGMENT.get(segment)
      if (prefix !== options.prefix || !kind || suffix !== MQTT_TOPICS[kind].suffix || rest.length > 0) {
        refuse(topic, 'not a device topic'); return ack(0)
      }
      let payload: unknown
      try { payload = JSON.parse(message.toString('utf8')) } catch { refuse(topic, 'payload is not JSON'); return ack(0) }
      const reading = feedReading(kind, payload)
      if (!reading.ok) { refuse(topic, reading.error); return ack(0) }
      if (reading.value.identity !== deviceId) { refuse(topic, `payload claims device ${reading.value.identity}`); return ack(0) }
      writer.submit({ kind, protocol: 'mqtt', reading: reading.value, secret: null }).then((outcome) => {
        if (outcome.status === 'refused') refuse(topic, outcome.reason)
        else stats.stored++
        ack(0)
      }, () => {
        stats.uncommitted++
        // No PUBACK: drop the connection so that the broker redelivers on the persistent session.
        client.stream?.destroy()
      })
    },
  })
  client.on('connect', () => { stats.connected = true })
  client.on('close', () => { stats.connected = false })
  client.on('error', (error) => log(`mqtt: ${error.message}`))

  await new Promise<void>((resolve, reject) => {
    client.once('connect', () => resolve())
    client.once('error', reject)
  })
  await client.subscribeAsync(Object.values(MQTT_TOPICS).map((t) => `${options.prefix}/${t.segment}/+/${t.suffix}`), { qos: 1 })

  return {
    stats: () => ({ ...stats }),
    async stop() {
      await writer.drain()
      await client.endAsync()
    },
  }
}
