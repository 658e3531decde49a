import { createServer, type Socket } from 'node:net'
import { createDeframer, dataResponse, encodeFrame, parseSegment, wantsReply } from '../../domain/hj212.ts'
import { dustReading } from '../../domain/device-readings.ts'
import type { IngestWriter } from '../ingest/ingest.writer.ts'

/*
 * HJ 212-2017 over plain TCP. Every connection has its own deframer (bounded buffer), an idle timeout and a cap
 * on readings awaiting commit; beyond it the socket is paused, so a flooding device slows itself, not the
 * server. A reading is acknowledged (CN=9014) only once the writer has committed it, and a resend of a
 * committed one is acknowledged again without being stored twice.
 */

export interface Hj212Options {
  port: number
  host: string
  maxConnections: number
  idleSeconds: number
  /**
   * Readings of one connection awaiting commit before its socket is paused. A monitor sends one a minute; a few
   * is room for a backlog it replays, and the cap, times the connections, bounds what the server holds.
   */
  maxInFlight?: number
  /** Bad frames in a row (length, CRC) before a connection is closed as broken or hostile. */
  maxBadFrames?: number
  /** Refused readings (unknown MN, wrong PW) before a connection is closed. */
  maxRefused?: number
}

export interface Hj212Stats {
  connections: number
  frames: number
  badFrames: number
  badSegments: number
  refused: number
  acknowledged: number
  uncommitted: number
  closedForAbuse: number
}

export interface Hj212Listener {
  readonly port: number
  /** Accepting connections (GET /api/health?deep=1). */
  listening(): boolean
  stats(): Hj212Stats
  stop(): Promise<void>
}

export type Log = (message: string) => void

export async function startHj212Listener(writer: IngestWriter, options: Hj212Options, log: Log): Promise<Hj212Listener> {
  const { maxInFlight = 16, maxBadFrames = 5, maxRefused = 3 } = options
  const stats: Hj212Stats = { connections: 0, frames: 0, badFrames: 0, badSegments: 0, refused: 0, acknowledged: 0, uncommitted: 0, closedForAbuse: 0 }
  const sockets = new Set<Socket>()

  const server = createServer((socket) => {
    sockets.add(socket)
    stats.connections++
    const peer = `${socket.remoteAddress}:${socket.remotePort}`
    const deframer = createDeframer()
    let badInARow = 0
    let refused = 0
    let inFlight = 0
    socket.setNoDelay(true)
    socket.setTimeout(options.idleSeconds * 1_000, () => socket.destroy())
    socket.on('error', () => {}) // a reset by the peer is routine; 'close' cleans up
    socket.on('close', () => { sockets.delete(socket); stats.connections-- })
    const abuse = (why: string) => {
      stats.closedForAbuse++
      log(`hj212 ${peer}: closed: ${why}`)
      socket.destroy()
    }

    socket.on('data', (chunk) => {
      const { segments, errors } = deframer.push(chunk)
      stats.badFrames += errors.length
      badInARow = segments.length > 0 ? errors.length : badInARow + errors.length
      if (badInARow >= maxBadFrames) return abuse(`${badInARow} bad frames in a row (${errors.join(', ')})`)
      for (const segment of segments) {
        stats.frames++
        const parsed = parseSegment(segment)
        const reading = parsed.ok ? dustReading(parsed.packet) : null
        if (!parsed.ok || !reading?.ok) {
          stats.badSegments++
          log(`hj212 ${peer}: dropped: ${parsed.ok ? (reading as { error: string }).error : parsed.error}`)
          continue
        }
        const packet = parsed.packet
        inFlight++
        if (inFlight >= maxInFlight) socket.pause()
        writer.submit({ kind: 'dust_monitor', protocol: 'hj212', reading: reading.value, secret: packet.pw }).then((outcome) => {
          if (outcome.status === 'refused') {
            stats.refused++
            log(`hj212 ${peer} MN=${packet.mn}: refused: ${outcome.reason}`)
            if (++refused >= maxRefused) abuse(`${refused} readings refused`)
            return
          }
          if (wantsReply(packet.flag) && socket.writable) {
            socket.write(encodeFrame(dataResponse(packet)))
            stats.acknowledged++
          }
        }, () => { stats.uncommitted++ }).finally(() => {
          inFlight--
          if (inFlight < maxInFlight / 2 && socket.isPaused()) socket.resume()
        })
      }
    })
  })
  server.maxConnections = options.maxConnections
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port: options.port, host: options.host, backlog: 4_096 }, () => { server.off('error', reject); resolve() })
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port

  return {
    port,
    listening: () => server.listening,
    stats: () => ({ ...stats }),
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Stop reading, let what is in flight commit (and be acknowledged), then hang up.
      for (const socket of sockets) socket.pause()
      await writer.drain()
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}
