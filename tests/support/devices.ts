import { connect, type Socket } from 'node:net'
import { type Kysely, sql } from 'kysely'
import { type Database, databaseUrl, openDatabase } from '../../db/engine.ts'
import type { DB } from '../../db/types.ts'
import { type FieldIngest, startFieldIngest } from '../../server/features/ingest/field-ingest.ts'
import type { IngestCounters } from '../../server/features/ingest/ingest.writer.ts'
import { createDeframer, encodeFrame, type Hj212Factor, parseSegment, uploadSegment } from '../../server/domain/hj212.ts'
import { sha256 } from '../../server/features/auth/session.ts'

/* Devices for ingest tests: registered straight in the database, and a dust monitor that talks real TCP. */

export async function registerDevice(db: Kysely<DB>, d: {
  kind: 'dust_monitor' | 'crane_monitor' | 'camera'; siteId: number; identity: string; secret: string; protocol?: 'hj212' | 'mqtt' | 'http'
  craneId?: number; cameraId?: number; intervalS?: number
}): Promise<number> {
  const row = await db.insertInto('devices').values({
    code: `T-${d.identity}`, kind: d.kind, site_id: d.siteId, crane_id: d.craneId ?? null, camera_id: d.cameraId ?? null,
    protocol: d.protocol ?? (d.kind === 'dust_monitor' ? 'hj212' : 'mqtt'), identity: d.identity, secret_sha256: sha256(d.secret), interval_s: d.intervalS ?? 60,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

/**
 * The database the field ingest under test writes through. On the server engine it is a pool of its own: tests
 * that kill the ingest's connection mid-batch would otherwise share the dead connection with the test's own
 * statements, and postgres.js may hand the killed backend's FATAL error to the next statement on that pool (the
 * ingest takes that as one more failed batch, which devices resend; a test statement would just fail). PGlite has
 * one connection and no such failure.
 */
export async function ingestDatabase(database: Database): Promise<{ database: Pick<Database, 'db' | 'engine'>; close(): Promise<void> }> {
  if (database.engine !== 'postgres') return { database, close: async () => {} }
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(database.db)
  const own = await openDatabase({ databaseUrl: databaseUrl(process.env.DATABASE_URL!, rows[0].name), dataDir: '', maxConnections: 4 })
  return { database: own, close: () => own.close() }
}

/**
 * The field ingest as main.ts starts it, on loopback and a free port, with the dust rule's 150 µg/m³; MQTT only
 * when a broker is given; the alarm sweep hourly unless told (tests sweep by hand to control time).
 */
export function startTestIngest(database: Pick<Database, 'db' | 'engine'>, options: {
  mqtt?: { url: string; clientId: string; prefix: string }; log?: (message: string) => void; sweepEveryMs?: number; metrics?: IngestCounters
} = {}): Promise<FieldIngest> {
  const { mqtt, log = () => {}, sweepEveryMs = 3_600_000, metrics } = options
  return startFieldIngest(database, {
    HOST: '127.0.0.1', HJ212_PORT: 0, HJ212_MAX_CONNECTIONS: 100, HJ212_IDLE_SECONDS: 60,
    MQTT_URL: mqtt?.url, MQTT_CLIENT_ID: mqtt?.clientId ?? 'unused', MQTT_TOPIC_PREFIX: mqtt?.prefix ?? 'sitegrid',
  }, { pm10LimitUgM3: 150, sweepEveryMs, log, metrics })
}

export const readingCount = async (db: Kysely<DB>, deviceId: number) =>
  (await sql<{ n: number }>`SELECT count(*)::int AS n FROM device_readings WHERE device_id = ${deviceId}`.execute(db)).rows[0].n

/** Waits until `check` holds, polling; the timeout is a bound on a hang, not a measurement. */
export async function until<T>(check: () => Promise<T | undefined | null | false> | T | undefined | null | false, what: string, timeoutMs = 15_000): Promise<T> {
  const started = Date.now()
  for (;;) {
    const value = await check()
    if (value) return value
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

let qnCounter = 0
/** A QN that is unique within the run, in the standard's yyyyMMddHHmmssSSS form. */
export const nextQn = () => `20261124${String(100_000_000 + (qnCounter++ % 900_000_000)).slice(0, 9)}`

/** One dust monitor on its own connection: sends uploads and collects the data responses (by QN). */
export class DustMonitor {
  readonly acks = new Map<string, number>()
  private readonly deframer = createDeframer()
  private constructor(private readonly socket: Socket, readonly mn: string, readonly pw: string) {
    socket.on('data', (chunk) => {
      for (const segment of this.deframer.push(chunk).segments) {
        const parsed = parseSegment(segment)
        if (parsed.ok && parsed.packet.cn === '9014' && parsed.packet.qn) this.acks.set(parsed.packet.qn, Date.now())
      }
    })
    socket.on('error', () => {})
  }

  static async connect(port: number, mn: string, pw: string): Promise<DustMonitor> {
    const socket = connect({ port, host: '127.0.0.1' })
    await new Promise<void>((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject) })
    return new DustMonitor(socket, mn, pw)
  }

  get closed() { return this.socket.destroyed || this.socket.readableEnded }

  /** The frame of an upload, for tests that cut or mangle it. */
  frame(p: { qn: string; cn?: string; dataTime: Date; factors: Record<string, Hj212Factor>; pw?: string; flag?: number }): Buffer {
    return Buffer.from(encodeFrame(uploadSegment({ qn: p.qn, st: '22', cn: p.cn ?? '2011', pw: p.pw ?? this.pw, mn: this.mn, flag: p.flag ?? 5, dataTime: p.dataTime, factors: p.factors })))
  }

  write(bytes: Uint8Array | string): void { this.socket.write(bytes) }

  send(p: Parameters<DustMonitor['frame']>[0]): string {
    this.write(this.frame(p))
    return p.qn
  }

  acked(qn: string, what = `the data response to ${qn}`) { return until(() => this.acks.has(qn), what) }

  close(): Promise<void> {
    // A socket the server already hung up on has emitted its 'close' and will not again.
    if (this.socket.closed) return Promise.resolve()
    return new Promise((resolve) => { this.socket.once('close', () => resolve()); this.socket.destroy() })
  }
}

/** PM10 (and the rest of a dust monitor's factors) as an upload's CP, all flagged N unless told. */
export function dustFactors(pm10: number, flag = 'N'): Record<string, Hj212Factor> {
  return {
    a34002: { Rtd: pm10, Avg: pm10, Flag: flag }, a34004: { Rtd: Math.round(pm10 * 0.6), Avg: Math.round(pm10 * 0.6), Flag: 'N' },
    a01007: { Rtd: 2.4, Flag: 'N' }, a01008: { Rtd: 135, Flag: 'N' }, a01001: { Rtd: 12.5, Flag: 'N' }, a01002: { Rtd: 61, Flag: 'N' },
  }
}
