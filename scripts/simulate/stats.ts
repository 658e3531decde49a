/*
 * What a simulated city counts, and latencies kept as a log-bucketed histogram: bounded memory however long the
 * run, ~2 % resolution, and mergeable by adding buckets, so the bench's load processes can pool theirs.
 */

const GROWTH = 1.02
const FLOOR_MS = 0.05
const BUCKETS = 900 // 0.05 ms · 1.02^900 ≈ 2.8 h: longer than any wait we bound

export interface Histogram {
  record(ms: number): void
  /** The latency at quantile q (0–1), as the upper edge of its bucket; NaN when empty. */
  quantile(q: number): number
  readonly count: number
  /** Bucket counts, for sending to another process and `add`ing there. */
  buckets(): number[]
  add(buckets: number[]): void
  /** This histogram minus an earlier copy of its buckets: the window between the two. */
  since(earlier: number[]): Histogram
}

export function createHistogram(initial?: number[]): Histogram {
  const counts = initial ? [...initial] : new Array<number>(BUCKETS).fill(0)
  let count = counts.reduce((a, b) => a + b, 0)
  const bucketOf = (ms: number) => (ms <= FLOOR_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(ms / FLOOR_MS) / Math.log(GROWTH))))
  return {
    record(ms) { counts[bucketOf(ms)]++; count++ },
    quantile(q) {
      if (count === 0) return Number.NaN
      const rank = Math.max(1, Math.ceil(q * count))
      let seen = 0
      for (let i = 0; i < BUCKETS; i++) if ((seen += counts[i]) >= rank) return FLOOR_MS * GROWTH ** i
      return FLOOR_MS * GROWTH ** (BUCKETS - 1)
    },
    get count() { return count },
    buckets: () => [...counts],
    add(other) { other.forEach((n, i) => { counts[i] += n; count += n }) },
    since: (earlier) => createHistogram(counts.map((n, i) => n - (earlier[i] ?? 0))),
  }
}

export const FAULTS = ['bad-crc', 'wrong-password', 'split', 'coalesce', 'disconnect', 'duplicate', 'late', 'flagged'] as const
export type Fault = (typeof FAULTS)[number]

export interface SimCounters {
  /** Readings made (each counted once, however often it is sent). */
  sent: number
  /** Readings the portal answered with a 9014 data response. */
  acked: number
  /** Readings written again after an unanswered timeout or a reconnect. */
  resent: number
  /** Timeouts without an answer: HJ 212 refuses silently, so a refused reading and a lost one look alike. */
  unanswered: number
  /** Readings dropped after the last resend went unanswered. */
  gaveUp: number
  /** Answers to a reading already answered (a duplicate or a resend that crossed its answer). */
  extraAcks: number
  /** Readings not made because the device already had this many unanswered (an overloaded portal). */
  skipped: number
  connects: number
  disconnects: number
  connectErrors: number
  mqttPublished: number
  mqttAcked: number
  mqttFailed: number
  faults: Record<Fault, number>
}

export function emptyCounters(): SimCounters {
  return {
    sent: 0, acked: 0, resent: 0, unanswered: 0, gaveUp: 0, extraAcks: 0, skipped: 0, connects: 0, disconnects: 0, connectErrors: 0,
    mqttPublished: 0, mqttAcked: 0, mqttFailed: 0, faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) as Record<Fault, number>,
  }
}

/** Sums counters from several simulators (the bench's load processes). */
export function addCounters(into: SimCounters, more: SimCounters): SimCounters {
  for (const key of Object.keys(into) as (keyof SimCounters)[]) {
    if (key === 'faults') for (const f of FAULTS) into.faults[f] += more.faults[f]
    else into[key] += more[key]
  }
  return into
}
