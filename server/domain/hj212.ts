/*
 * HJ 212-2017 (污染物在线监控（监测）系统数据传输标准): framing, the data segment, and the data response. Pure, so
 * the listener, the simulator, the tests and the browser share one reading of it. The standard's text itself is
 * not in the public corpora searched; what it says was checked against implementations that quote it:
 * - segment 0–1024 bytes (a C++ HJ 212 library's hj212def.h: "数据段(0~1024)", packet max 1036 before CRLF);
 * - data response `QN=<same>;ST=91;CN=9014;PW=…;MN=…;Flag=4;CP=&&&&` (its appendix example, quoted by a C# client,
 *   a PHP server and a Rust test);
 * - noise: the standard's code table (srdgame/lua-HJ212 hj212.csv, chenqi92/alltobs-hj212 PollutionNoise) names
 *   LA / Leq / L10 …, but dust monitors in the field send `a50001` (firmware formatting `a50001-Rtd=%.1f`), so we read that;
 * - published CRCs are printed in either case (`7d00`, `1C80`), so the CRC field is read case-insensitively.
 */

export const HJ212_MAX_SEGMENT = 1024

/** What 8 shifts with 0xA001 make of each byte value (the shifts are linear, so a table replaces them). */
const CRC_TABLE = Uint16Array.from({ length: 256 }, (_, byte) => {
  let crc = byte
  for (let i = 0; i < 8; i++) crc = crc & 1 ? (crc >> 1) ^ 0xa001 : crc >> 1
  return crc
})

/**
 * The standard's CRC: start 0xFFFF; per byte, crc = (crc >> 8) ^ byte, then 8 shifts with 0xA001. That value
 * is below 256, so its 8 shifts are one table entry: crc = T[(crc >> 8) ^ byte].
 */
export function crc16(segment: Uint8Array): number {
  let crc = 0xffff
  for (let i = 0; i < segment.length; i++) crc = CRC_TABLE[(crc >> 8) ^ segment[i]]
  return crc
}

const hex4 = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')

export function encodeFrame(segment: string): Uint8Array {
  const bytes = new TextEncoder().encode(segment)
  // Four digits cannot say more; a receiver holding to the standard refuses anything past 1024 anyway.
  if (bytes.length > 9999) throw new RangeError(`HJ 212 segment of ${bytes.length} bytes does not fit a 4-digit length`)
  return new TextEncoder().encode(`##${String(bytes.length).padStart(4, '0')}${segment}${hex4(crc16(bytes))}\r\n`)
}

/** bad_text: the CRC holds but the segment is not UTF-8 text (the standard's segment is ASCII). */
export type FrameError = 'bad_length' | 'bad_crc' | 'too_long' | 'bad_text'

export interface Deframer {
  /** Feeds bytes as they arrive from a socket; returns the valid data segments completed by this chunk and the errors met. */
  push(chunk: Uint8Array): { segments: string[]; errors: FrameError[]; skippedBytes: number }
  /** Bytes held waiting for the rest of a frame (callers bound it). */
  readonly buffered: number
}

const HASH = 0x23
const CR = 0x0d
const LF = 0x0a
const isDigit = (b: number) => b >= 0x30 && b <= 0x39
const hexValue = (b: number) => (isDigit(b) ? b - 0x30 : b >= 0x41 && b <= 0x46 ? b - 0x37 : b >= 0x61 && b <= 0x66 ? b - 0x57 : -1)

/** The next `##` at or after `from` that can open a frame: in a run of '#', only the last pair can. -1 if none. */
function frameStart(data: Uint8Array, from: number): number {
  for (let i = data.indexOf(HASH, from); i >= 0 && i + 1 < data.length; i = data.indexOf(HASH, i + 1)) {
    if (data[i + 1] !== HASH) continue
    while (i + 2 < data.length && data[i + 2] === HASH) i++
    return i
  }
  return -1
}

/**
 * Frames out of a byte stream: any split, several per read, garbage between them skipped. A broken frame is
 * reported and the search resumes just after its `##`, so one bad frame never swallows the good one behind it.
 * Every byte pushed ends up in exactly one of: a delivered frame, skippedBytes, or `buffered`.
 */
export function createDeframer(maxSegment = HJ212_MAX_SEGMENT): Deframer {
  const limit = Math.max(0, Math.min(9999, Math.floor(maxSegment) || 0))
  // Fatal: a lenient decoder put U+FFFD in place of bytes the CRC had vouched for, delivering text no device sent.
  // Non-streaming decode keeps no state between calls.
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let held = new Uint8Array(0)
  return {
    get buffered() { return held.length },
    push(chunk) {
      const data = held.length === 0 ? chunk : new Uint8Array(held.length + chunk.length)
      if (data !== chunk) { data.set(held); data.set(chunk, held.length) }
      const segments: string[] = []
      const errors: FrameError[] = []
      let skippedBytes = 0
      let at = 0
      const reject = (start: number, error: FrameError) => { errors.push(error); skippedBytes += 2; at = start + 2 }
      for (;;) {
        const start = frameStart(data, at)
        if (start < 0) {
          // Keep at most a trailing '#': it may be half of the next `##`. Everything else is garbage, dropped now.
          const keep = data.length > at && data[data.length - 1] === HASH ? 1 : 0
          skippedBytes += data.length - at - keep
          at = data.length - keep
          break
        }
        skippedBytes += start - at
        at = start
        let length = 0, digits = 0
        for (; digits < 4 && start + 2 + digits < data.length && isDigit(data[start + 2 + digits]); digits++) length = length * 10 + data[start + 2 + digits] - 0x30
        if (digits < 4 && start + 2 + digits < data.length) { reject(start, 'bad_length'); continue }
        if (digits < 4) break
        if (length > limit) { reject(start, 'too_long'); continue }
        const body = start + 6
        const end = body + length + 6
        // A segment is printable text, so CR LF ## before the frame's end can only be a truncated frame followed
        // by the next one. Failing here, not when `length` bytes have come, stops one corrupt length field from
        // holding the good frames behind it until another kilobyte arrives.
        if (truncatedBefore(data, body, Math.min(end - 2, data.length - 3))) { reject(start, 'bad_length'); continue }
        if (data.length < end) break
        if (data[end - 2] !== CR || data[end - 1] !== LF) { reject(start, 'bad_length'); continue }
        let crc = 0
        for (let i = end - 6; i < end - 2 && crc >= 0; i++) crc = hexValue(data[i]) < 0 ? -1 : crc * 16 + hexValue(data[i])
        const segment = data.subarray(body, body + length)
        if (crc !== crc16(segment)) { reject(start, 'bad_crc'); continue }
        const text = decodedText(decoder, segment)
        if (text === null) { reject(start, 'bad_text'); continue }
        segments.push(text)
        at = end
      }
      held = data.slice(at)
      return { segments, errors, skippedBytes }
    },
  }
}

function decodedText(decoder: TextDecoder, segment: Uint8Array): string | null {
  try {
    return decoder.decode(segment)
  } catch {
    return null
  }
}

function truncatedBefore(data: Uint8Array, from: number, until: number): boolean {
  for (let i = data.indexOf(CR, from); i >= 0 && i < until; i = data.indexOf(CR, i + 1)) if (data[i + 1] === LF && data[i + 2] === HASH && data[i + 3] === HASH) return true
  return false
}

export interface Hj212Factor { Rtd?: number; Avg?: number; Min?: number; Max?: number; Cou?: number; Flag?: string }

export interface Hj212Packet {
  qn: string | null; st: string; cn: string; pw: string; mn: string; flag: number
  pnum: number | null; pno: number | null
  /** DataTime as a Date (the field is Beijing time, UTC+8, no DST), or null when the CP has none */
  dataTime: Date | null
  factors: Record<string, Hj212Factor>
  /** other CP fields that are not code-Field pairs (e.g. RtdInterval) */
  extra: Record<string, string>
}

export type ParseResult = { ok: true; packet: Hj212Packet } | { ok: false; error: string }

const NUMERIC_FIELDS = ['Rtd', 'Avg', 'Min', 'Max', 'Cou'] as const
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/
const FACTOR_CODE = /^[A-Za-z0-9]{1,24}$/
const BEIJING_OFFSET_MS = 8 * 3_600_000
const clip = (s: string) => (s.length > 40 ? `${s.slice(0, 40)}…` : s)

export function parseDataTime(text: string): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(text)
  if (!m) return null
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number)
  const at = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  // Date.UTC rolls Feb 30 into March and maps years below 100 to 19xx; reading the parts back catches both.
  if (at.getUTCFullYear() !== y || at.getUTCMonth() !== mo - 1 || at.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null
  return new Date(at.getTime() - BEIJING_OFFSET_MS)
}

export function formatDataTime(at: Date): string {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS)
  if (Number.isNaN(b.getTime()) || b.getUTCFullYear() < 1000 || b.getUTCFullYear() > 9999) throw new RangeError(`no HJ 212 DataTime for ${String(at)}`)
  const p2 = (n: number) => String(n).padStart(2, '0')
  return `${b.getUTCFullYear()}${p2(b.getUTCMonth() + 1)}${p2(b.getUTCDate())}${p2(b.getUTCHours())}${p2(b.getUTCMinutes())}${p2(b.getUTCSeconds())}`
}

/** `key=value` pairs split by `sep`; empty pieces (a trailing ';' is common in the wild) are skipped. */
function pairs(text: string, sep: RegExp): [string, string][] | string {
  const out: [string, string][] = []
  for (const piece of text.split(sep)) {
    if (piece === '') continue
    const eq = piece.indexOf('=')
    if (eq <= 0) return `bad field "${clip(piece)}"`
    out.push([piece.slice(0, eq), piece.slice(eq + 1)])
  }
  return out
}

export function parseSegment(segment: string): ParseResult {
  try { return parse(segment) } catch { return { ok: false, error: 'unreadable segment' } } // the contract is never to throw
}

function parse(segment: string): ParseResult {
  // Field order varies between vendors, so CP is cut out wherever it sits and the rest read as key=value.
  const cpAt = segment.startsWith('CP=&&') ? 0 : segment.indexOf(';CP=&&') + 1 || -1
  let head = segment
  let cp: string | null = null
  if (cpAt >= 0) {
    const close = segment.indexOf('&&', cpAt + 5)
    if (close < 0) return { ok: false, error: 'CP not closed by &&' }
    const rest = segment.slice(close + 2)
    if (rest !== '' && !rest.startsWith(';')) return { ok: false, error: `text after CP "${clip(rest)}"` }
    cp = segment.slice(cpAt + 5, close)
    head = segment.slice(0, cpAt) + rest
  }
  const headPairs = pairs(head, /;/)
  if (typeof headPairs === 'string') return { ok: false, error: headPairs }
  const fields = new Map(headPairs)
  if (fields.has('CP')) return { ok: false, error: 'CP not enclosed in &&' }
  for (const required of ['ST', 'CN', 'PW', 'MN']) if (!fields.get(required)) return { ok: false, error: `missing ${required}` }
  const qn = fields.get('QN') ?? null
  if (qn !== null && !/^\d{17}$/.test(qn)) return { ok: false, error: `bad QN "${clip(qn)}"` }
  const pw = fields.get('PW')!
  if (pw.length > 64) return { ok: false, error: 'PW longer than 64' }
  const int = (key: string, max: number, text = fields.get(key)) => (text === undefined ? null : /^\d{1,4}$/.test(text) && Number(text) <= max ? Number(text) : undefined)
  const flag = int('Flag', 255)
  const pnum = int('PNUM', 9999)
  const pno = int('PNO', 9999)
  if (flag === undefined) return { ok: false, error: `bad Flag "${clip(fields.get('Flag')!)}"` }
  if (pnum === undefined || pno === undefined) return { ok: false, error: 'bad PNUM or PNO' }
  // Maps, turned into objects at the end, so codes like `__proto__` or `constructor` stay plain data.
  const factors = new Map<string, Hj212Factor>()
  const extra = new Map<string, string>()
  let dataTime: Date | null = null
  const cpPairs = pairs(cp ?? '', /[;,]/)
  if (typeof cpPairs === 'string') return { ok: false, error: `CP: ${cpPairs}` }
  for (const [key, value] of cpPairs) {
    const dash = key.indexOf('-')
    if (key === 'DataTime') {
      dataTime = parseDataTime(value)
      if (!dataTime) return { ok: false, error: `bad DataTime "${clip(value)}"` }
    } else if (dash > 0 && FACTOR_CODE.test(key.slice(0, dash))) {
      const code = key.slice(0, dash)
      const field = key.slice(dash + 1)
      const numeric = NUMERIC_FIELDS.find((f) => f === field)
      if (!numeric && field !== 'Flag') continue // ZsRtd, SampleTime, EFlag …: not used for dust
      const factor = factors.get(code) ?? {}
      factors.set(code, factor)
      if (field === 'Flag') factor.Flag = value
      else if (numeric && NUMBER.test(value) && Number.isFinite(Number(value))) factor[numeric] = Number(value)
    } else if (dash < 0) extra.set(key, value)
  }
  const packet: Hj212Packet = { qn, st: fields.get('ST')!, cn: fields.get('CN')!, pw, mn: fields.get('MN')!, flag: flag ?? 0, pnum, pno, dataTime, factors: Object.fromEntries(factors), extra: Object.fromEntries(extra) }
  return { ok: true, packet }
}

/** Flag bit 0 (A): the sender wants a reply. */
export function wantsReply(flag: number): boolean {
  return (flag & 1) === 1
}

/** The data response (9014) to an upload that asked for one: same QN, ST=91, the device's PW and MN, Flag=4. */
export function dataResponse(request: Pick<Hj212Packet, 'qn' | 'pw' | 'mn'>): string {
  // The response is matched to the upload by QN; with none to echo, leave the field out rather than send `QN=;`.
  return `${request.qn ? `QN=${request.qn};` : ''}ST=91;CN=9014;PW=${request.pw};MN=${request.mn};Flag=4;CP=&&&&`
}

/** Builds an upload data segment (used by the simulator and tests): */
export function uploadSegment(p: { qn: string; st?: string; cn: string; pw: string; mn: string; flag?: number; dataTime: Date; factors: Record<string, Hj212Factor>; pnum?: number; pno?: number }): string {
  const factors = Object.entries(p.factors)
    .map(([code, f]) => Object.entries(f)
      .filter(([, v]) => (typeof v === 'number' ? Number.isFinite(v) : v !== undefined))
      .map(([field, v]) => `${code}-${field}=${v}`).join(','))
    .filter((f) => f !== '')
  // Flag bit 1 (D) says the packet is one of several, and PNUM/PNO then follow Flag.
  const split = p.pnum !== undefined ? `PNUM=${p.pnum};PNO=${p.pno ?? 1};` : ''
  const flag = (p.flag ?? 5) | (split ? 2 : 0)
  return `QN=${p.qn};ST=${p.st ?? '22'};CN=${p.cn};PW=${p.pw};MN=${p.mn};Flag=${flag};${split}CP=&&${[`DataTime=${formatDataTime(p.dataTime)}`, ...factors].join(';')}&&`
}

/** Factor codes used by dust monitors. */
export const DUST_FACTORS = { pm10: 'a34002', pm25: 'a34004', tsp: 'a34001', noise: 'a50001', windSpeed: 'a01007', windDirection: 'a01008', temperature: 'a01001', humidity: 'a01002' } as const
export const DATA_FLAGS = { N: 'normal', F: 'stopped', M: 'maintenance', S: 'manual', D: 'fault', C: 'calibration', T: 'over_limit', B: 'communication_fault' } as const
export const UPLOAD_COMMANDS = { '2011': 'realtime', '2051': 'minute', '2061': 'hour', '2031': 'day' } as const
