import { z } from 'zod'
import { DUST_FACTORS, type Hj212Packet, UPLOAD_COMMANDS } from './hj212.ts'

/*
 * What a device said, in one shape whatever the protocol: HJ 212 packets from dust monitors, and the JSON that
 * vendor platforms push for crane monitors and cameras (over MQTT or HTTP). Pure, so the simulator and the
 * browser read the same definitions the server enforces.
 */

export const DEVICE_KINDS = ['dust_monitor', 'crane_monitor', 'camera'] as const
export type DeviceKind = (typeof DEVICE_KINDS)[number]
export const DEVICE_PROTOCOLS = ['hj212', 'mqtt', 'http'] as const
export type DeviceProtocol = (typeof DEVICE_PROTOCOLS)[number]
export const DEVICE_STATUSES = ['active', 'maintenance', 'decommissioned'] as const
export type DeviceStatus = (typeof DEVICE_STATUSES)[number]
/** What the portal makes of a device's reporting (devices.repo.ts deviceHealth): its status, else how recently it was heard. */
export const DEVICE_HEALTHS = ['online', 'late', 'silent', 'never', 'maintenance', 'decommissioned'] as const
export type DeviceHealth = (typeof DEVICE_HEALTHS)[number]

export type ReadingCommand = '2011' | '2051' | '2061' | '2031' | 'status'
export type ReadingValues = Record<string, number | boolean | null>

export interface DeviceReading {
  /** The device's protocol identity: HJ 212 MN, or the platform's device id. */
  identity: string
  command: ReadingCommand
  dataTime: Date
  values: ReadingValues
  /** HJ 212 data flags per factor (N normal …); null for feeds without flags. */
  flags: Record<string, string> | null
  /** Every factor flagged N: only normal readings count towards the dust rule and raise PM10 alarms. */
  normal: boolean
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string }

/** A dust monitor's upload as a reading: real-time data by its Rtd, minute/hour/day data by its Avg. */
export function dustReading(packet: Hj212Packet): Parsed<DeviceReading> {
  if (!(packet.cn in UPLOAD_COMMANDS)) return { ok: false, error: `command ${packet.cn} is not a data upload (2011, 2051, 2061, 2031)` }
  if (!packet.dataTime) return { ok: false, error: 'no DataTime in CP' }
  const values: ReadingValues = {}
  const flags: Record<string, string> = {}
  for (const [name, code] of Object.entries(DUST_FACTORS)) {
    const factor = packet.factors[code]
    if (!factor) continue
    const value = packet.cn === '2011' ? (factor.Rtd ?? factor.Avg) : (factor.Avg ?? factor.Rtd)
    if (value === undefined) continue
    values[name] = value
    flags[name] = factor.Flag ?? 'N'
  }
  if (Object.keys(values).length === 0) return { ok: false, error: 'no dust factor in CP' }
  return { ok: true, value: { identity: packet.mn, command: packet.cn as ReadingCommand, dataTime: packet.dataTime, values, flags, normal: Object.values(flags).every((f) => f === 'N') } }
}

const DeviceId = z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'letters, digits and _ . : - only, at most 64')
const Instant = z.iso.datetime({ offset: true })

/** Tower-crane and hoist monitors (塔机/升降机安全监控), as vendor platforms forward them. */
export const CraneTelemetry = z.object({
  deviceId: DeviceId,
  ts: Instant,
  loadT: z.number().min(0).max(1_000),
  ratedLoadT: z.number().positive().max(1_000),
  momentPct: z.number().min(0).max(500),
  windMs: z.number().min(0).max(100),
  heightM: z.number().min(0).max(1_000),
  slewDeg: z.number().min(0).lt(360),
  alarms: z.array(z.enum(['overload', 'moment', 'wind', 'collision', 'limit'])).max(10).default([]),
  /** The operator's face/ID check against the 特种作业 certificate register. */
  operatorVerified: z.boolean(),
}).strict()

/** A camera's state as the video platform (GB/T 28181) reports it. */
export const CameraStatus = z.object({ deviceId: DeviceId, ts: Instant, online: z.boolean() }).strict()

export const FEED_SCHEMAS = { crane_monitor: CraneTelemetry, camera: CameraStatus } as const
export type FeedKind = keyof typeof FEED_SCHEMAS

/** A crane or camera payload, validated, as a reading; the error lists what was wrong. */
export function feedReading(kind: FeedKind, payload: unknown): Parsed<DeviceReading> {
  const result = FEED_SCHEMAS[kind].safeParse(payload)
  if (!result.success) return { ok: false, error: result.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ') }
  const { deviceId, ts, ...rest } = result.data
  const values: ReadingValues = {}
  for (const [key, value] of Object.entries(rest)) if (!Array.isArray(value)) values[key] = value as number | boolean
  if ('alarms' in rest) for (const code of rest.alarms) values[`alarm_${code}`] = true
  return { ok: true, value: { identity: deviceId, command: 'status', dataTime: new Date(ts), values, flags: null, normal: true } }
}

/** Readings further ahead than this are a clock fault and refused; older than LATE_LIMIT, history we do not rewrite. */
export const FUTURE_LIMIT_MS = 10 * 60_000
export const LATE_LIMIT_MS = 7 * 24 * 3_600_000

/** Why a reading's time is refused, or null when it is within what the portal accepts. */
export function dataTimeProblem(dataTime: Date, now: Date): string | null {
  const ahead = dataTime.getTime() - now.getTime()
  if (ahead > FUTURE_LIMIT_MS) return `DataTime is ${Math.round(ahead / 60_000)} min in the future (more than 10 min): check the device clock`
  if (-ahead > LATE_LIMIT_MS) return 'DataTime is more than 7 days old'
  return null
}
