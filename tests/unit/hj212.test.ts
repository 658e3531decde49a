import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createDeframer, crc16, DATA_FLAGS, dataResponse, DUST_FACTORS, encodeFrame, formatDataTime, HJ212_MAX_SEGMENT,
  type Hj212Factor, parseDataTime, parseSegment, uploadSegment, wantsReply,
} from '../../server/domain/hj212.ts'

const bytes = (s: string) => new TextEncoder().encode(s)
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0')
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) { out.set(p, at); at += p.length }
  return out
}
/** Everything a fresh deframer makes of these chunks, pushed in order. */
function deframe(chunks: Uint8Array[], maxSegment?: number) {
  const d = createDeframer(maxSegment)
  const out = { segments: [] as string[], errors: [] as string[], skippedBytes: 0, buffered: 0 }
  for (const c of chunks) {
    const r = d.push(c)
    out.segments.push(...r.segments)
    out.errors.push(...r.errors)
    out.skippedBytes += r.skippedBytes
  }
  out.buffered = d.buffered
  return out
}
/** Cuts `data` at the given points (any numbers; folded into range). */
function cut(data: Uint8Array, points: number[]): Uint8Array[] {
  const at = [...new Set(points.map((p) => p % (data.length + 1)))].sort((a, b) => a - b)
  return [0, ...at].map((from, i) => data.subarray(from, i < at.length ? at[i] : data.length))
}

const STANDARD_EXAMPLE = 'QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;CP=&&RtdInterval=30&&'

describe('framing', () => {
  it("reproduces the standard's example: length 0101, CRC 1C80", () => {
    expect(bytes(STANDARD_EXAMPLE).length).toBe(101)
    expect(crc16(bytes(STANDARD_EXAMPLE))).toBe(0x1c80)
    expect(text(encodeFrame(STANDARD_EXAMPLE))).toBe(`##0101${STANDARD_EXAMPLE}1C80\r\n`)
    const { segments, errors } = deframe([encodeFrame(STANDARD_EXAMPLE)])
    expect(errors).toEqual([])
    expect(segments).toEqual([STANDARD_EXAMPLE])
    const parsed = parseSegment(segments[0])
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.packet).toMatchObject({ qn: '20160801085857223', st: '32', cn: '1062', pw: '100000', mn: '010000A8900016F000169DC0', flag: 5, dataTime: null })
    expect(parsed.packet.extra.RtdInterval).toBe('30')
    expect(wantsReply(parsed.packet.flag)).toBe(true)
    expect(wantsReply(4)).toBe(false)
  })

  /*
   * Frames published with their CRC, each checked here rather than trusted:
   * - chenqi92/alltobs-hj212 README.md: a 2011 water upload (##0435 … 7d00) and a generated frame (##0109 … 8c41),
   *   both printing the CRC in lower case.
   * - From the code index (files whose repository the index does not name): a Python HJ 212 test's 9014 response
   *   (##0075 … 0140), a C++ library header's 9014 example (##0078 … 71c0), and a dust/noise device's log of a 2011
   *   upload with an empty MN (##0116 … 06C0).
   */
  const PUBLISHED = [
    '##0435QN=20210301111100112;ST=21;CN=2011;PW=123456;MN=ZLDSZ20210127;Flag=8;CP=&&DataTime=20210301111100;w01001-Rtd=8.33,w01001-Flag=N;w01009-Rtd=10.15,w01009-Flag=N;w01010-Rtd=9.7,w01010-Flag=N;w01014-Rtd=1425,w01014-Flag=N;w01003-Rtd=13.10,w01003-Flag=N;w21011-Rtd=0,w21011-Flag=N;w21001-Rtd=3.563168,w21001-Flag=N;w21003-Rtd=0.09055002,w21003-Flag=N;w01019-Rtd=4.102818,w01019-Flag=N;w01008-Rtd=0,w01008-Flag=N;w23002-Rtd=0,w23002-Flag=N&&7d00\r\n',
    '##0109ST=32;CN=2011;PW=123456;MN=NJGDKYYC202101q0001w0001;CP=&&DataTime=20210305003817000;ele01-Rtd=1;ele02-Rtd=0&&8c41\r\n',
    '##0075QN=20260706103512345;ST=91;CN=9014;PW=123456;MN=A110000_0001;Flag=8;CP=&&&&0140\r\n',
    '##0078QN=20201008154743635;ST=91;CN=9014;PW=123456;MN=SD000001;Flag=9;CP=&&QnRtn=1&&71c0\r\n',
    '##0116QN=20220814021304000;ST=22;CN=2011;PW=123456;MN=;Flag=5;CP=&&DataTime=20220814021304;a50001-Rtd=0.00,a50001-Flag=B&&06C0\r\n',
  ]

  it('checks frames published by other implementations, their CRCs in either case', () => {
    for (const frame of PUBLISHED) {
      const segment = frame.slice(6, -6)
      expect(bytes(segment).length).toBe(Number(frame.slice(2, 6)))
      expect(hex(crc16(bytes(segment)))).toBe(frame.slice(-6, -2).toUpperCase())
    }
    const { segments, errors } = deframe([bytes(PUBLISHED.join(''))])
    expect(errors).toEqual([])
    expect(segments).toEqual(PUBLISHED.map((f) => f.slice(6, -6)))
    const water = parseSegment(segments[0])
    if (!water.ok) throw new Error(water.error)
    expect(water.packet.factors.w21003).toEqual({ Rtd: 0.09055002, Flag: 'N' })
    expect(water.packet.dataTime?.toISOString()).toBe('2021-03-01T03:11:00.000Z')
    expect(parseSegment(segments[3])).toMatchObject({ ok: true, packet: { cn: '9014', st: '91', extra: { QnRtn: '1' } } })
    // The device log's frame is well formed but names no device: framing passes it, parsing refuses it.
    expect(parseSegment(segments[4])).toEqual({ ok: false, error: 'missing MN' })
  })

  it('builds the data response the standard shows for an upload that asked for one', () => {
    const response = dataResponse({ qn: '20160801085857223', pw: '100000', mn: '010000A8900016F000169DC0' })
    expect(response).toBe('QN=20160801085857223;ST=91;CN=9014;PW=100000;MN=010000A8900016F000169DC0;Flag=4;CP=&&&&')
    const parsed = parseSegment(response)
    expect(parsed).toMatchObject({ ok: true, packet: { qn: '20160801085857223', st: '91', cn: '9014', flag: 4, factors: {}, extra: {} } })
    expect(wantsReply(4)).toBe(false) // the response must not itself ask for a reply
    expect(dataResponse({ qn: null, pw: 'x', mn: 'M' })).toBe('ST=91;CN=9014;PW=x;MN=M;Flag=4;CP=&&&&')
    expect(deframe([encodeFrame(response)]).segments).toEqual([response])
  })

  it('counts length in bytes for non-ASCII segments and refuses what 4 digits cannot say', () => {
    expect(text(encodeFrame('扬尘')).slice(0, 6)).toBe('##0006')
    expect(deframe([encodeFrame('MN=苏州;扬尘')]).segments).toEqual(['MN=苏州;扬尘'])
    expect(() => encodeFrame('x'.repeat(10_000))).toThrow(RangeError)
  })
})

describe('a dust monitor upload', () => {
  const factors: Record<string, Hj212Factor> = {
    [DUST_FACTORS.pm10]: { Rtd: 86.4, Flag: 'N' },
    [DUST_FACTORS.pm25]: { Rtd: 41.2, Flag: 'N' },
    [DUST_FACTORS.tsp]: { Rtd: 152, Flag: 'T' },
    [DUST_FACTORS.noise]: { Rtd: 67.3, Flag: 'N' },
    [DUST_FACTORS.windSpeed]: { Rtd: 3.6, Flag: 'N' },
    [DUST_FACTORS.windDirection]: { Rtd: 225, Flag: 'D' },
    [DUST_FACTORS.temperature]: { Rtd: -2.5, Flag: 'C' },
    [DUST_FACTORS.humidity]: { Rtd: 78, Flag: 'M' },
  }
  const dataTime = new Date('2026-12-03T00:05:00Z')
  const segment = uploadSegment({ qn: '20261203080500123', cn: '2011', pw: '123456', mn: '320500DM000001', dataTime, factors })

  it('round-trips uploadSegment → encodeFrame → deframer → parseSegment', () => {
    expect(segment).toContain(';CP=&&DataTime=20261203080500;a34002-Rtd=86.4,a34002-Flag=N;')
    expect(bytes(segment).length).toBeLessThanOrEqual(HJ212_MAX_SEGMENT)
    const { segments, errors } = deframe([encodeFrame(segment)])
    expect(errors).toEqual([])
    const parsed = parseSegment(segments[0])
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.packet).toEqual({
      qn: '20261203080500123', st: '22', cn: '2011', pw: '123456', mn: '320500DM000001', flag: 5,
      pnum: null, pno: null, dataTime, factors, extra: {},
    })
    for (const f of Object.values(parsed.packet.factors)) expect(Object.keys(DATA_FLAGS)).toContain(f.Flag)
  })

  it('carries minute/hour averages and split packets (D bit set with PNUM/PNO)', () => {
    const hourly = uploadSegment({ qn: '20261203090000000', cn: '2061', pw: 'p', mn: 'M1', flag: 4, dataTime, pnum: 2, pno: 1, factors: { a34002: { Avg: 80.5, Min: 60, Max: 120, Flag: 'N' } } })
    expect(hourly).toContain('Flag=6;PNUM=2;PNO=1;CP=&&')
    expect(parseSegment(hourly)).toMatchObject({ ok: true, packet: { flag: 6, pnum: 2, pno: 1, factors: { a34002: { Avg: 80.5, Min: 60, Max: 120, Flag: 'N' } } } })
  })

  it('reads fields in any order, CP anywhere, trailing separators', () => {
    const shuffled = 'CP=&&a34002-Rtd=55;DataTime=20261203080000;&&;MN=M2;PW=pw;CN=2011;ST=22;Flag=4'
    expect(parseSegment(shuffled)).toMatchObject({ ok: true, packet: { mn: 'M2', qn: null, flag: 4, factors: { a34002: { Rtd: 55 } } } })
    expect(parseSegment('ST=22;CP=&&a34004-Rtd=9&&;CN=2011;PW=p;MN=M3')).toMatchObject({ ok: true, packet: { mn: 'M3', flag: 0 } })
  })
})

describe('the deframer', () => {
  const segments = ['QN=20261203080000001;ST=22;CN=2011;PW=p;MN=A;Flag=5;CP=&&DataTime=20261203080000;a34002-Rtd=1&&', STANDARD_EXAMPLE, 'ST=22;CN=9015;PW=p;MN=B;CP=&&&&']
  const frames = segments.map(encodeFrame)

  it('reassembles a frame split at every possible byte boundary, and fed byte by byte', () => {
    const frame = frames[0]
    for (let i = 0; i <= frame.length; i++) {
      for (const j of [i, Math.min(frame.length, i + 1), Math.min(frame.length, i + 7)]) {
        const r = deframe([frame.subarray(0, i), frame.subarray(i, j), frame.subarray(j)])
        expect(r, `cut at ${i},${j}`).toEqual({ segments: [segments[0]], errors: [], skippedBytes: 0, buffered: 0 })
      }
    }
    expect(deframe([...frame].map((b) => Uint8Array.of(b))).segments).toEqual([segments[0]])
  })

  it('takes 3 frames coalesced in one chunk with garbage around and between them', () => {
    const garbage = [bytes('\x00\xff junk'), bytes('#x\r\n'), bytes('# ##ab'), bytes('tail#')]
    const chunk = concat(garbage[0], frames[0], garbage[1], frames[1], garbage[2], frames[2], garbage[3])
    const r = deframe([Buffer.from(chunk)])
    expect(r.segments).toEqual(segments)
    // `##ab` opens no frame (its length is not digits): one error, then the next frame is found.
    expect(r.errors).toEqual(['bad_length'])
    expect(r.buffered).toBe(1) // the trailing '#': it may begin the next frame
    expect(r.skippedBytes + r.buffered + frames.reduce((n, f) => n + f.length, 0)).toBe(chunk.length)
  })

  it('counts a bad CRC and still delivers the good frame behind it', () => {
    const bad = bytes(text(frames[1]).replace('1C80', '1C81'))
    expect(deframe([concat(bad, frames[0])])).toMatchObject({ segments: [segments[0]], errors: ['bad_crc'], buffered: 0 })
    const notHex = bytes(text(frames[1]).replace('1C80', '1CX0'))
    expect(deframe([concat(notHex, frames[2])])).toMatchObject({ segments: [segments[2]], errors: ['bad_crc'] })
  })

  it('refuses a segment that is not UTF-8 text, though its CRC holds, and delivers the good frame behind it', () => {
    // Found by the property below: a frame around another, with a stray byte (0xB0) where a character was.
    const body = concat(bytes('##0004   '), Uint8Array.of(0xb0))
    const notText = concat(bytes(`##${String(body.length).padStart(4, '0')}`), body, bytes(`${hex(crc16(body))}\r\n`))
    const r = deframe([notText, frames[0]])
    expect(r).toMatchObject({ segments: [segments[0]], buffered: 0 })
    expect(r.errors[0]).toBe('bad_text')
  })

  it('refuses a length that is not 4 digits, or over the limit, and resyncs after it', () => {
    expect(deframe([concat(bytes('##01a1QN=1;'), frames[0])])).toMatchObject({ segments: [segments[0]], errors: ['bad_length'] })
    expect(deframe([concat(bytes('##-101'), frames[0])])).toMatchObject({ segments: [segments[0]], errors: ['bad_length'] })
    expect(deframe([concat(bytes('##2000QN='), frames[0])])).toMatchObject({ segments: [segments[0]], errors: ['too_long'] })
    expect(deframe([frames[1]], 100)).toMatchObject({ segments: [], errors: ['too_long'] })
    expect(deframe([frames[1]], 101).segments).toEqual([segments[1]])
  })

  it('refuses a frame not followed by CRLF at its declared end', () => {
    const noCrlf = frames[1].subarray(0, frames[1].length - 2)
    expect(deframe([concat(noCrlf, bytes('xx'), frames[0])])).toMatchObject({ segments: [segments[0]], errors: ['bad_length'] })
    // A length one too short puts the CRC and CRLF check in the wrong place.
    const short = bytes(text(frames[1]).replace('##0101', '##0100'))
    expect(deframe([concat(short, frames[2])])).toMatchObject({ segments: [segments[2]], errors: ['bad_length'] })
  })

  it('does not let a truncated frame with a large length hold the next frames until a kilobyte arrives', () => {
    const truncated = bytes('##1000QN=20261203080000001;ST=22;CN=20\r\n')
    const r = deframe([concat(truncated, frames[0])])
    expect(r).toMatchObject({ segments: [segments[0]], errors: ['bad_length'], buffered: 0 })
  })

  it('holds at most one frame: garbage is dropped eagerly, a pending frame is bounded', () => {
    const d = createDeframer()
    const junk = new Uint8Array(64 * 1024).fill(0x41)
    expect(d.push(junk)).toEqual({ segments: [], errors: [], skippedBytes: junk.length })
    expect(d.buffered).toBe(0)
    d.push(bytes('##1024'))
    for (let i = 0; i < 10; i++) d.push(junk.subarray(0, 100))
    expect(d.buffered).toBe(1006)
    const r = d.push(junk) // the pending frame completes inside this chunk and fails its CRLF check
    expect(r.errors).toEqual(['bad_length'])
    expect(d.buffered).toBe(0)
  })

  it("finds a frame behind a run of '#', however it is split", () => {
    for (const run of ['#', '##', '###', '#####']) {
      const stream = concat(bytes(run), frames[1])
      for (let i = 0; i <= stream.length; i++) {
        const r = deframe([stream.subarray(0, i), stream.subarray(i)])
        expect(r, `${run} cut at ${i}`).toEqual({ segments: [segments[1]], errors: [], skippedBytes: run.length, buffered: 0 })
      }
    }
  })

  it('never throws and never delivers a segment whose CRC does not match (random chunks, some real frames)', () => {
    const chunk = fc.oneof(
      fc.uint8Array({ maxLength: 80 }),
      fc.string({ unit: 'binary', maxLength: 60 }).map(encodeFrame),
      // Real frames with one byte changed: the ones only a CRC check can catch.
      fc.tuple(fc.string({ maxLength: 60 }), fc.nat(), fc.integer({ min: 1, max: 255 })).map(([s, at, x]) => {
        const f = encodeFrame(s)
        f[at % f.length] ^= x
        return f
      }),
      fc.constantFrom(bytes('##'), bytes('#'), bytes('\r\n'), bytes('##0010'), bytes('##9999'), frames[1]),
    )
    fc.assert(fc.property(fc.array(chunk, { maxLength: 25 }), (chunks) => {
      const r = deframe(chunks)
      let frameBytes = 0
      for (const s of r.segments) {
        const b = bytes(s)
        expect(text(encodeFrame(s)).slice(-6, -2)).toBe(hex(crc16(b)))
        frameBytes += 12 + b.length
      }
      expect(r.buffered).toBeLessThanOrEqual(HJ212_MAX_SEGMENT + 12)
      expect(frameBytes + r.skippedBytes + r.buffered).toBe(chunks.reduce((n, c) => n + c.length, 0))
    }), { numRuns: 300 })
  })

  it('yields exactly the valid frames, in order, from any chunking of frames and #-free garbage', () => {
    const printable = fc.oneof(fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), fc.constantFrom('扬', '尘', 'µ'))
    const segment = fc.string({ unit: printable, maxLength: 300 })
    const garbage = fc.uint8Array({ maxLength: 40 }).map((b) => b.map((x) => (x === 0x23 ? 0x24 : x)))
    fc.assert(fc.property(fc.array(fc.tuple(garbage, segment), { maxLength: 8 }), garbage, fc.array(fc.nat(), { maxLength: 12 }), (pairs, tail, cuts) => {
      const stream = concat(...pairs.flatMap(([g, s]) => [g, encodeFrame(s)]), tail)
      const r = deframe(cut(stream, cuts))
      expect(r.errors).toEqual([])
      expect(r.segments).toEqual(pairs.map(([, s]) => s))
      expect(r.buffered).toBe(0)
    }), { numRuns: 200 })
  })
})

describe('parseSegment', () => {
  const base = 'QN=20230301120000000;ST=22;CN=2011;PW=123456;MN=DM1;Flag=4'

  it('names what is wrong', () => {
    expect(parseSegment('QN=20230301120000000;ST=22;CN=2011;PW=123456;Flag=4;CP=&&&&')).toEqual({ ok: false, error: 'missing MN' })
    expect(parseSegment(`${base};CP=&&DataTime=20230230120000;a34002-Rtd=1&&`)).toEqual({ ok: false, error: 'bad DataTime "20230230120000"' })
    expect(parseSegment('ST=22;CN=2011;PW=p;MN=M;QN=2023;CP=&&&&')).toEqual({ ok: false, error: 'bad QN "2023"' })
    expect(parseSegment('ST=22;CN=2011;PW=p;MN=M;Flag=x')).toEqual({ ok: false, error: 'bad Flag "x"' })
    expect(parseSegment(`ST=22;CN=2011;MN=M;PW=${'p'.repeat(65)}`)).toEqual({ ok: false, error: 'PW longer than 64' })
    expect(parseSegment(`${base};CP=&&DataTime=20230301120000`)).toEqual({ ok: false, error: 'CP not closed by &&' })
    expect(parseSegment('')).toEqual({ ok: false, error: 'missing ST' })
    expect(parseSegment(`${base};garbage`).ok).toBe(false)
    expect(parseSegment(`ST=22;CN=2011;PW=${'p'.repeat(64)};MN=M`).ok).toBe(true)
  })

  it('leaves a field out, not NaN, when its value is not a finite number', () => {
    const parsed = parseSegment(`${base};CP=&&DataTime=20230301120000;a34002-Rtd=abc,a34002-Flag=D;a34004-Rtd=,a34004-Avg=NaN;a01001-Rtd=0x10,a01001-Max=1e999;a01002-Rtd=-.5,a01002-Min=+3.&&`)
    if (!parsed.ok) throw new Error(parsed.error)
    expect(parsed.packet.factors).toEqual({ a34002: { Flag: 'D' }, a34004: {}, a01001: {}, a01002: { Rtd: -0.5, Min: 3 } })
  })

  it('keeps hostile keys as plain data', () => {
    const parsed = parseSegment(`${base};CP=&&__proto__=x;constructor-Rtd=1;toString=2;a34002-Rtd=5&&`)
    if (!parsed.ok) throw new Error(parsed.error)
    expect(Object.hasOwn(parsed.packet.extra, '__proto__')).toBe(true)
    expect(parsed.packet.factors.constructor).toEqual({ Rtd: 1 })
    expect(({} as Record<string, unknown>).Rtd).toBeUndefined()
  })

  it('never throws on arbitrary or near-miss strings', () => {
    const token = fc.constantFrom('QN=20230301120000000', 'ST=22', 'CN=2011', 'PW=1', 'MN=M', 'Flag=5', 'PNUM=2', 'CP=&&', '&&', ';', ',', '=', '-', 'a34002-Rtd=', 'DataTime=', '20230301120000', '__proto__', 'constructor-Flag=N', '1e999')
    const near = fc.array(fc.oneof(token, fc.string({ maxLength: 6 })), { maxLength: 20 }).map((t) => t.join(''))
    fc.assert(fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), near), (s) => {
      const r = parseSegment(s)
      expect(typeof r.ok).toBe('boolean')
      if (r.ok) for (const f of Object.values(r.packet.factors)) for (const v of [f.Rtd, f.Avg, f.Min, f.Max, f.Cou]) if (v !== undefined) expect(Number.isFinite(v)).toBe(true)
    }), { numRuns: 300 })
    expect(({} as Record<string, unknown>).Flag).toBeUndefined()
  })
})

describe('DataTime', () => {
  it('is Beijing time', () => {
    expect(parseDataTime('20261203080000')?.toISOString()).toBe('2026-12-03T00:00:00.000Z')
    expect(parseDataTime('20260101000000')?.toISOString()).toBe('2025-12-31T16:00:00.000Z')
    expect(formatDataTime(new Date('2026-12-03T00:00:00Z'))).toBe('20261203080000')
    expect(formatDataTime(new Date('2025-12-31T16:00:00Z'))).toBe('20260101000000')
  })

  it('validates the calendar', () => {
    for (const bad of ['20230230120000', '20230229000000', '20231301000000', '20230101240000', '20230101126000', '20230101000060', '00500101000000', '2023010100000', '2023-01-01 00:', ''])
      expect(parseDataTime(bad), bad).toBeNull()
    expect(parseDataTime('20240229235959')?.toISOString()).toBe('2024-02-29T15:59:59.000Z')
  })

  it('formats and parses back any instant to the second', () => {
    fc.assert(fc.property(fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-01-01T00:00:00Z'), noInvalidDate: true }), (at) => {
      expect(parseDataTime(formatDataTime(at))?.getTime()).toBe(Math.floor(at.getTime() / 1000) * 1000)
    }), { numRuns: 200 })
    expect(() => formatDataTime(new Date(Number.NaN))).toThrow(RangeError)
  })
})
