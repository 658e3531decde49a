/* Load and statistics for the scale bench: sequential latencies and requests/s under concurrency, over loopback. */

export interface Latency { p50: number; p95: number; p99: number; n: number }
export interface Throughput { rps: number; concurrency: number; errors: number }

export function percentiles(samples: number[]): Latency {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
  return { p50: at(50), p95: at(95), p99: at(99), n: sorted.length }
}

export interface Requester { (path: string, headers?: Record<string, string>): Promise<{ status: number; bytes: number; etag: string | null }> }

export function requester(base: string, cookie: string): Requester {
  return async (path, headers = {}) => {
    const res = await fetch(`${base}${path}`, { headers: { cookie, 'accept-encoding': 'gzip', ...headers } })
    const body = new Uint8Array(await res.arrayBuffer())
    return { status: res.status, bytes: body.length, etag: res.headers.get('etag') }
  }
}

/** Each path once, in order, timed one after another (the first `warmup` untimed). */
export async function sequential(request: Requester, paths: string[], warmup = 3): Promise<{ latency: Latency; bytes: number[] }> {
  const times: number[] = []
  const bytes: number[] = []
  for (const [i, path] of paths.entries()) {
    const t = performance.now()
    const res = await request(path)
    if (res.status >= 400) throw new Error(`${path}: HTTP ${res.status}`)
    if (i >= warmup) { times.push(performance.now() - t); bytes.push(res.bytes) }
  }
  return { latency: percentiles(times), bytes }
}

/** `concurrency` clients cycling through `paths` for `seconds`: completed requests per second. */
export async function concurrent(request: Requester, paths: string[], concurrency: number, seconds: number): Promise<Throughput> {
  const until = performance.now() + seconds * 1000
  let done = 0
  let errors = 0
  let next = 0
  const client = async () => {
    while (performance.now() < until) {
      const res = await request(paths[next++ % paths.length])
      if (res.status >= 400) errors++
      done++
    }
  }
  const started = performance.now()
  await Promise.all(Array.from({ length: concurrency }, client))
  return { rps: done / ((performance.now() - started) / 1000), concurrency, errors }
}

/** The server's resident set (current and peak) from /proc, in MB. */
export async function rss(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN)
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 }
}
