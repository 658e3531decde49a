import type { Database } from '../../../db/engine.ts'
import type { Config } from '../../config.ts'
import { type AlarmSweeper, createAlarmSweeper } from '../alarms/alarms.sweeper.ts'
import { type Hj212Listener, type Log, startHj212Listener } from '../hj212/hj212.listener.ts'
import { type MqttIngest, startMqttIngest } from '../mqtt/mqtt.listener.ts'
import { createIngestWriter, type IngestCounters, type IngestWriter } from './ingest.writer.ts'

/*
 * The live side of the portal, started and stopped next to the HTTP server (main.ts) or inside a test: one
 * writer that every protocol commits through, the HJ 212 listener, the MQTT subscriber when a broker is
 * configured, and the alarm sweep.
 */

export interface FieldIngest {
  writer: IngestWriter
  hj212: Hj212Listener
  mqtt: MqttIngest | null
  sweeper: AlarmSweeper
  /** Stops taking data, lets what is in flight commit and be acknowledged, then stops. */
  stop(): Promise<void>
}

export type FieldConfig = Pick<Config, 'HOST' | 'HJ212_PORT' | 'HJ212_HOST' | 'HJ212_MAX_CONNECTIONS' | 'HJ212_IDLE_SECONDS' | 'MQTT_URL' | 'MQTT_CLIENT_ID' | 'MQTT_TOPIC_PREFIX'>

export async function startFieldIngest(database: Pick<Database, 'db' | 'engine'>, config: FieldConfig, options: { pm10LimitUgM3: number; sweepEveryMs?: number; log?: Log; metrics?: IngestCounters }): Promise<FieldIngest> {
  const log = options.log ?? ((message: string) => console.log(message))
  // The server engine commits batches side by side; the embedded one has a single connection.
  const writer = createIngestWriter(database.db, { lanes: database.engine === 'postgres' ? 4 : 1, pm10LimitUgM3: options.pm10LimitUgM3, metrics: options.metrics })
  const hj212 = await startHj212Listener(writer, {
    port: config.HJ212_PORT, host: config.HJ212_HOST ?? config.HOST, maxConnections: config.HJ212_MAX_CONNECTIONS, idleSeconds: config.HJ212_IDLE_SECONDS,
  }, log)
  const mqtt = config.MQTT_URL
    ? await startMqttIngest(writer, { url: config.MQTT_URL, clientId: config.MQTT_CLIENT_ID, prefix: config.MQTT_TOPIC_PREFIX }, log)
    : null
  const sweeper = createAlarmSweeper(database.db, { everyMs: options.sweepEveryMs ?? 5_000 })
  return {
    writer, hj212, mqtt, sweeper,
    async stop() {
      await sweeper.stop()
      await hj212.stop()
      await mqtt?.stop()
      await writer.drain()
    },
  }
}
