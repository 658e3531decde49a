import { timingSafeEqual } from 'node:crypto'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import { readingConditions } from '../../domain/alarm-rules.ts'
import { dataTimeProblem, type DeviceKind, type DeviceProtocol, type DeviceReading } from '../../domain/device-readings.ts'
import { sha256 } from '../auth/session.ts'
import * as repo from './ingest.repo.ts'

/*
 * Group commit for every protocol. A reading waits only while the batch before it commits, then lands with every
 * reading that arrived meanwhile, in one transaction; its promise settles after the commit, and only then may a
 * listener acknowledge it. A failed commit rejects the whole batch: nothing was stored, nothing is acknowledged,
 * and the devices resend. Each device always goes to the same lane, so one device's readings commit in order and
 * two transactions never race for its alarm.
 */

export interface IngestItem {
  kind: DeviceKind
  protocol: DeviceProtocol
  reading: DeviceReading
  /** HJ 212's PW; null when the transport has authenticated the device (broker ACL, platform key). */
  secret: string | null
}

export type IngestOutcome = { status: 'stored' | 'duplicate' } | { status: 'refused'; reason: string }

export interface IngestStats { batches: number; stored: number; duplicates: number; refused: number; failedBatches: number }

export interface IngestWriter {
  submit(item: IngestItem): Promise<IngestOutcome>
  /** Settles once everything submitted so far has committed or failed. */
  drain(): Promise<void>
  stats(): IngestStats
}

export interface IngestWriterOptions {
  /** Concurrent transactions; the embedded engine has one connection, so one. */
  lanes: number
  maxBatch?: number
  /** The dust rule's limit, µg/m³, above which a normal PM10 reading is an alarm. */
  pm10LimitUgM3: number
  now?: () => Date
  /** Where readings and batches are counted for GET /api/metrics. */
  metrics?: IngestCounters
}

/** The writer's counts as the metrics keep them: per reading, by protocol, and per batch. */
export interface IngestCounters {
  received(protocol: DeviceProtocol): void
  settled(protocol: DeviceProtocol, outcome: IngestOutcome['status'] | 'failed'): void
  batch(seconds: number, committed: boolean): void
}

interface Pending { item: IngestItem; resolve: (o: IngestOutcome) => void; reject: (e: unknown) => void }

const sameSecret = (secret: string, hash: string) => timingSafeEqual(Buffer.from(sha256(secret), 'hex'), Buffer.from(hash, 'hex'))

export function createIngestWriter(db: Kysely<DB>, options: IngestWriterOptions): IngestWriter {
  const { lanes, maxBatch = 1_000, pm10LimitUgM3, now = () => new Date(), metrics } = options
  const queues: Pending[][] = Array.from({ length: lanes }, () => [])
  const running: (Promise<void> | null)[] = Array.from({ length: lanes }, () => null)
  const counts: IngestStats = { batches: 0, stored: 0, duplicates: 0, refused: 0, failedBatches: 0 }

  // A device's lane follows its identity, which is known before the device row is read.
  const laneOf = (identity: string) => {
    let h = 0
    for (let i = 0; i < identity.length; i++) h = (h * 31 + identity.charCodeAt(i)) | 0
    return Math.abs(h) % lanes
  }

  const run = (lane: number) => {
    if (running[lane] || queues[lane].length === 0) return
    const batch = queues[lane].splice(0, maxBatch)
    const started = performance.now()
    running[lane] = commitBatch(batch).then((outcomes) => {
      metrics?.batch((performance.now() - started) / 1_000, true)
      batch.forEach((p, i) => { metrics?.settled(p.item.protocol, outcomes[i].status); p.resolve(outcomes[i]) })
    }, (error) => {
      counts.failedBatches++
      metrics?.batch((performance.now() - started) / 1_000, false)
      for (const p of batch) { metrics?.settled(p.item.protocol, 'failed'); p.reject(error) }
    }).finally(() => {
      running[lane] = null
      run(lane)
    })
  }

  async function commitBatch(batch: Pending[]): Promise<IngestOutcome[]> {
    const devices = await repo.findDevices(db, [...new Set(batch.map((p) => p.item.reading.identity))])
    const at = now()
    const outcomes: IngestOutcome[] = []
    const accepted: { index: number; value: repo.AcceptedReading }[] = []
    batch.forEach(({ item }, index) => {
      const device = devices.get(item.reading.identity)
      const reason = refusal(item, device, at)
      outcomes.push(reason ? { status: 'refused', reason } : { status: 'duplicate' })
      if (!reason) accepted.push({ index, value: { device: device!, reading: item.reading } })
    })
    if (accepted.length > 0) {
      const stored = await db.transaction().execute((trx) => storeAll(trx, accepted.map((a) => a.value)))
      const fresh = new Set(stored.map((s) => repo.readingKey(s.device.id, s.reading.dataTime, s.reading.command)))
      for (const { index, value } of accepted) {
        if (fresh.has(repo.readingKey(value.device.id, value.reading.dataTime, value.reading.command))) outcomes[index] = { status: 'stored' }
      }
    }
    counts.batches++
    for (const o of outcomes) counts[o.status === 'stored' ? 'stored' : o.status === 'duplicate' ? 'duplicates' : 'refused']++
    return outcomes
  }

  async function storeAll(trx: Kysely<DB>, accepted: repo.AcceptedReading[]) {
    const stored = await repo.insertReadings(trx, accepted)
    // Per device, its newest new reading, if newer than anything before: late data is kept but moves no alarm.
    const newest = new Map<number, repo.StoredReading>()
    for (const s of stored) {
      const prior = newest.get(s.device.id)?.reading.dataTime ?? s.device.newestAt
      if (!prior || s.reading.dataTime >= prior) newest.set(s.device.id, s)
    }
    await repo.markSeen(trx, [...new Set(accepted.map((a) => a.device.id))], [...newest.values()])
    await repo.upsertHourlyPm10(trx, stored.filter((s) => s.device.status === 'active' && s.reading.command === '2061' && s.flags?.pm10 === 'N' && typeof s.values.pm10 === 'number')
      .map((s) => ({ siteId: s.device.siteId, at: s.reading.dataTime, pm10: s.values.pm10 as number })))
    const current = [...newest.values()].filter((s) => s.device.status === 'active')
    await repo.updateCameras(trx, current.filter((s) => s.device.cameraId !== null && typeof s.values.online === 'boolean')
      .map((s) => ({ cameraId: s.device.cameraId!, online: s.values.online as boolean, at: s.reading.dataTime })))
    await repo.applyAlarmChanges(trx, current.flatMap((s) => readingConditions(s.device.kind, { ...s.reading, values: s.values, flags: s.flags }, pm10LimitUgM3)
      .map((c) => ({ ...c, deviceId: s.device.id, siteId: s.device.siteId, at: s.reading.dataTime }))))
    return stored
  }

  return {
    submit(item) {
      metrics?.received(item.protocol)
      return new Promise((resolve, reject) => {
        const lane = laneOf(item.reading.identity)
        queues[lane].push({ item, resolve, reject })
        // On the next turn, so that everything that arrived in this I/O callback joins the same batch.
        setImmediate(() => run(lane))
      })
    },
    async drain() {
      while (running.some(Boolean) || queues.some((q) => q.length > 0)) {
        await Promise.allSettled(running.filter(Boolean))
        queues.forEach((_, lane) => run(lane))
        await new Promise((r) => setImmediate(r))
      }
    },
    stats: () => ({ ...counts }),
  }
}

/** Why a reading is refused before anything is stored, or null. */
function refusal(item: IngestItem, device: repo.RegisteredDevice | undefined, now: Date): string | null {
  const id = item.reading.identity
  if (!device) return `unknown device ${id}`
  if (device.protocol !== item.protocol) return `device ${id} is registered for ${device.protocol}, not ${item.protocol}`
  if (device.kind !== item.kind) return `device ${id} is a ${device.kind}, not a ${item.kind}`
  if (item.secret !== null && !sameSecret(item.secret, device.secretSha256)) return `wrong password for device ${id}`
  if (device.status === 'decommissioned') return `device ${id} is decommissioned`
  return dataTimeProblem(item.reading.dataTime, now)
}
