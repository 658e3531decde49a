/*
 * The ingest bench's surroundings and its table: the machine named as the other benches name it (plus the OS and
 * both engines' versions), this process's open-file limit, whole-machine CPU from /proc/stat, and the markdown.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { cpus, release, totalmem, type } from 'node:os'

export function machine(engines: string[]): string {
  const os = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(safeRead('/etc/os-release'))?.[1] ?? `${type()} ${release()}`
  return [`${cpus().length} × ${cpus()[0]?.model.trim()}`, `${(totalmem() / 2 ** 30).toFixed(0)} GiB`, `${os} (Linux ${release()})`,
    `Node ${process.version}`, ...engines, new Date().toISOString().slice(0, 10)].join(', ')
}

function safeRead(file: string): string {
  try { return readFileSync(file, 'utf8') } catch { return '' }
}

/** "Max open files" of this process (soft, hard): Node has no getrlimit. */
export function openFileLimit(): { soft: number; hard: number } {
  const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(safeRead('/proc/self/limits'))
  const value = (s: string | undefined) => (s === undefined || s === 'unlimited' ? Number.POSITIVE_INFINITY : Number(s))
  return { soft: value(line?.[1]), hard: value(line?.[2]) }
}

/**
 * How many devices the server process can hold a socket for: its open-file limit less what it has open already
 * (database connections, PGlite's files) and `margin` for what it opens later. With the reason, when fewer than asked.
 */
export function fitDevices(asked: number, margin: number): { devices: number; capped: string | null } {
  const { soft, hard } = openFileLimit()
  const open = readdirSync('/proc/self/fd').length
  const room = soft - open - margin
  if (asked <= room) return { devices: asked, capped: null }
  const raise = soft < hard ? `raise the soft limit to ${hard.toLocaleString('en-US')} with ulimit -n` : 'the hard limit: no process here can raise it'
  return {
    devices: room,
    capped: `the server needs a descriptor per device, and it may open ${soft.toLocaleString('en-US')} (${raise}); with ${open} open already (database, PGlite's files, stdio) `
      + `and ${margin} kept for what it opens later, ${room.toLocaleString('en-US')} devices is the most that fits.`,
  }
}

/** Busy and total jiffies of all CPUs: the load processes share the cores with the server. */
export function machineCpu(): { busy: number; total: number } {
  const fields = (/^cpu\s+(.*)$/m.exec(safeRead('/proc/stat'))?.[1] ?? '').trim().split(/\s+/).map(Number)
  const total = fields.reduce((a, b) => a + b, 0)
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0)
  return { busy: total - idle, total }
}

export interface BenchRow {
  engine: string
  devicesAsked: number
  devices: number
  /** Why fewer devices ran than asked, if so. */
  capped: string | null
  targetPps: number
  offeredPps: number
  packetsPerS: number
  pointsPerS: number
  ackP50: number
  ackP99: number
  alarmP50: number
  alarmP99: number
  alarms: number
  rssMeanMb: number
  rssPeakMb: number
  cpuPct: number
  machineCpuPct: number
  resent: number
  skipped: number
  unanswered: number
  ackedChecked: number
  ackedMissing: number
  seconds: number
}

const int = (n: number) => Math.round(n).toLocaleString('en-US')
const ms = (n: number) => (Number.isFinite(n) ? (n < 10 ? n.toFixed(1) : int(n)) : '–')

export function report(machineLine: string, rows: BenchRow[], notes: string[]): string {
  const lines = [
    `Machine: ${machineLine}`, '',
    '| engine | devices (connections) | target / offered packets/s | committed packets/s | data points/s | ack p50 / p99 | packet → wall alarm p50 / p99 (alarms) | server RSS mean / peak | server CPU (one core = 100 %) | machine CPU (all cores) | resent / skipped / unanswered | answered and lost |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const r of rows) {
    const devices = r.capped ? `${int(r.devices)} of ${int(r.devicesAsked)} asked ¹` : int(r.devices)
    lines.push(`| ${r.engine} | ${devices} | ${int(r.targetPps)} / ${int(r.offeredPps)} | ${int(r.packetsPerS)} | ${int(r.pointsPerS)} | ${ms(r.ackP50)} / ${ms(r.ackP99)} ms `
      + `| ${ms(r.alarmP50)} / ${ms(r.alarmP99)} ms (${int(r.alarms)}) | ${int(r.rssMeanMb)} / ${int(r.rssPeakMb)} MB | ${r.cpuPct.toFixed(0)} % | ${r.machineCpuPct.toFixed(0)} % `
      + `| ${int(r.resent)} / ${int(r.skipped)} / ${int(r.unanswered)} | ${int(r.ackedMissing)} of ${int(r.ackedChecked)} |`)
  }
  const capped = rows.filter((r) => r.capped)
  if (capped.length) lines.push('', ...capped.map((r) => `¹ ${r.engine}, ${r.devicesAsked.toLocaleString('en-US')} asked: ${r.capped}`))
  return [...lines, '', ...notes].join('\n')
}
