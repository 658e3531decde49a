import { connect, type Socket } from 'node:net'
import { createDeframer, encodeFrame, formatDataTime, type Hj212Factor, parseSegment, uploadSegment } from '../../server/domain/hj212.ts'
import type { Fault, Histogram, SimCounters } from './stats.ts'

/*
 * One dust monitor on its own HJ 212 TCP connection, behaving as the standard's devices do: every upload asks for
 * a reply (Flag=5: the 2017 protocol version, A bit set) and waits for the 9014 data response with its QN; after
 * the timeout it sends the same frame again, a few times, then gives up. Uploads made while the connection is down
 * wait, and go out (again) as soon as it is back. Transport faults (a bad CRC, a wrong password, a frame split or
 * coalesced, a dropped connection, a duplicate) are applied to the first transmission only: the resend is clean,
 * which is how a device recovers from a line error.
 */

export interface DustDevice { identity: string; secret: string }

export interface Upload {
  cn: '2011' | '2051' | '2061'
  dataTime: Date
  factors: Record<string, Hj212Factor>
  /** A transport fault for the first transmission. */
  fault?: Fault
  /** The PM10 it carries, handed back on its answer (the bench matches alarm-raising packets by it). */
  pm10?: number
}

export interface AckInfo { identity: string; cn: string; dataTime: Date; pm10: number | undefined; sentAt: number; ackedAt: number }

export interface MonitorContext {
  host: string
  port: number
  /** A loopback source address (127.0.0.2 …), when one address runs out of ephemeral ports. */
  localAddress?: string
  counters: SimCounters
  latency: Histogram
  ackTimeoutMs: number
  resends: number
  maxUnacked: number
  onAck?: (ack: AckInfo) => void
}

interface Pending { qn: string; upload: Upload; frame: Buffer; firstSentAt: number; lastSentAt: number; attempts: number; written: boolean }

/** Epoch milliseconds with sub-millisecond resolution, comparable across the bench's processes. */
export const clock = () => performance.timeOrigin + performance.now()

const corruptCrc = (frame: Buffer) => {
  const bad = Buffer.from(frame)
  const at = bad.length - 3 // the CRC's last hex digit, before CRLF
  bad[at] = bad[at] === 0x30 ? 0x31 : 0x30
  return bad
}

export function createDustMonitor(device: DustDevice, ctx: MonitorContext) {
  const { counters } = ctx
  const pending = new Map<string, Pending>()
  let socket: Socket | null = null
  let connected = false
  let stopped = false
  let failures = 0
  let reconnectTimer: NodeJS.Timeout | null = null
  let lastQnMs = 0
  let deframer = createDeframer()

  // QN is the upload's own time to the millisecond; one device never reuses one, so it keys the answer.
  const nextQn = () => {
    lastQnMs = Math.max(Date.now(), lastQnMs + 1)
    return `${formatDataTime(new Date(lastQnMs))}${String(lastQnMs % 1000).padStart(3, '0')}`
  }
  const frameOf = (qn: string, u: Upload, pw = device.secret) =>
    Buffer.from(encodeFrame(uploadSegment({ qn, cn: u.cn, pw, mn: device.identity, flag: 5, dataTime: u.dataTime, factors: u.factors })))

  const onAnswer = (segment: string) => {
    const parsed = parseSegment(segment)
    if (!parsed.ok || parsed.packet.cn !== '9014' || !parsed.packet.qn) return
    const p = pending.get(parsed.packet.qn)
    if (!p) { counters.extraAcks++; return }
    pending.delete(p.qn)
    const ackedAt = clock()
    counters.acked++
    ctx.latency.record(ackedAt - p.firstSentAt)
    ctx.onAck?.({ identity: device.identity, cn: p.upload.cn, dataTime: p.upload.dataTime, pm10: p.upload.pm10, sentAt: p.firstSentAt, ackedAt })
  }

  const writeFirst = (s: Socket, p: Pending) => {
    const fault = p.upload.fault
    if (fault) counters.faults[fault]++
    switch (fault) {
      case 'bad-crc': s.write(corruptCrc(p.frame)); break
      case 'wrong-password': s.write(frameOf(p.qn, p.upload, `${device.secret}x`)); break
      case 'duplicate': s.write(p.frame); s.write(p.frame); break
      case 'disconnect': s.write(p.frame.subarray(0, p.frame.length >> 1)); s.destroy(); break
      case 'split': {
        // Two or three pieces a few milliseconds apart: the listener must put the frame back together.
        const cuts = [Math.floor(p.frame.length / 3), Math.floor((2 * p.frame.length) / 3)]
        s.write(p.frame.subarray(0, cuts[0]))
        setTimeout(() => { if (socket === s && !s.destroyed) s.write(p.frame.subarray(cuts[0], cuts[1])) }, 5)
        setTimeout(() => { if (socket === s && !s.destroyed) s.write(p.frame.subarray(cuts[1])) }, 15)
        break
      }
      case 'coalesce': {
        // The minute's data (2051) rides in the same TCP write as the real-time packet, as many devices send them.
        const minute = new Date(Math.floor(p.upload.dataTime.getTime() / 60_000) * 60_000)
        const factors = Object.fromEntries(Object.entries(p.upload.factors).map(([code, f]) => [code, { Avg: f.Rtd, Min: f.Rtd, Max: f.Rtd, Flag: f.Flag }]))
        const companion = track({ cn: '2051', dataTime: minute, factors })
        if (companion) { Object.assign(companion, { written: true, attempts: 1, lastSentAt: clock() }); s.write(Buffer.concat([p.frame, companion.frame])) } else s.write(p.frame)
        break
      }
      default: s.write(p.frame)
    }
  }

  const write = (p: Pending) => {
    if (!socket || !connected) return
    const now = clock()
    if (p.attempts > 0) counters.resent++
    else p.firstSentAt = now
    p.lastSentAt = now
    p.written = true
    if (p.attempts++ === 0) writeFirst(socket, p)
    else socket.write(p.frame)
  }

  const track = (upload: Upload): Pending | null => {
    if (pending.size >= ctx.maxUnacked) { counters.skipped++; return null }
    const qn = nextQn()
    const p: Pending = { qn, upload, frame: frameOf(qn, upload), firstSentAt: clock(), lastSentAt: 0, attempts: 0, written: false }
    pending.set(qn, p)
    counters.sent++
    return p
  }

  const scheduleReconnect = () => {
    if (stopped || reconnectTimer) return
    // Backing off, with jitter, so that a restarted portal is not met by every device in the same millisecond.
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(failures, 5)) * (0.5 + Math.random())
    reconnectTimer = setTimeout(() => { reconnectTimer = null; open() }, delay)
  }

  const open = () => {
    if (stopped) return
    const s = connect({ host: ctx.host, port: ctx.port, localAddress: ctx.localAddress })
    socket = s
    deframer = createDeframer()
    s.setNoDelay(true)
    s.on('connect', () => {
      connected = true
      failures = 0
      counters.connects++
      for (const p of pending.values()) write(p)
    })
    s.on('data', (chunk) => { for (const segment of deframer.push(chunk).segments) onAnswer(segment) })
    s.on('error', () => { if (!connected) counters.connectErrors++ })
    s.on('close', () => {
      if (socket !== s) return
      if (connected && !stopped) counters.disconnects++
      else failures++
      socket = null
      connected = false
      // Whatever was in flight on the old connection can only be answered on a new one.
      for (const p of pending.values()) p.written = false
      scheduleReconnect()
    })
  }

  return {
    identity: device.identity,
    get connected() { return connected },
    get unacked() { return pending.size },
    /** Unanswered uploads that were written and are waiting for their answer. */
    get inFlight() { let n = 0; for (const p of pending.values()) if (p.written) n++; return n },
    start: open,
    send(upload: Upload) {
      const p = track(upload)
      if (p) write(p)
    },
    /** Resends what has waited longer than the timeout, and gives up after the last resend. */
    sweep(now = clock()) {
      for (const p of pending.values()) {
        if (!p.written || now - p.lastSentAt < ctx.ackTimeoutMs) continue
        counters.unanswered++
        if (p.attempts > ctx.resends) { counters.gaveUp++; pending.delete(p.qn); continue }
        write(p)
      }
    },
    stop() {
      stopped = true
      if (reconnectTimer) clearTimeout(reconnectTimer)
      socket?.destroy()
    },
  }
}

export type DustMonitor = ReturnType<typeof createDustMonitor>
