import { readFileSync } from 'node:fs'
import * as fontkit from 'fontkit'
import { PbfReader } from 'pbf'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSeededDatabase, createTestApp, type SeededDatabase } from '../support/database.ts'

/*
 * The style's glyphs, offline: ranges of signed-distance-field glyphs decoded as MapLibre reads them (glyphs.proto)
 * and checked against the font itself, with no session (fonts are the same for everyone).
 */

interface Glyph { id: number; bitmap?: Uint8Array; width: number; height: number; left: number; top: number; advance: number }
const FONT = fontkit.create(readFileSync(new URL('../../assets/fonts/NotoSansSC-Regular.ttf', import.meta.url))) as fontkit.Font
const STACK = 'Noto Sans SC Regular'

function decode(bytes: Uint8Array) {
  const stack = { name: '', range: '', glyphs: [] as Glyph[] }
  new PbfReader(bytes).readFields((tag, _, pbf) => {
    if (tag !== 1) return
    pbf.readMessage((field, s, p) => {
      if (field === 1) s.name = p.readString()
      else if (field === 2) s.range = p.readString()
      else if (field === 3) {
        s.glyphs.push(p.readMessage((f, g: Glyph, q) => {
          if (f === 1) g.id = q.readVarint()
          else if (f === 2) g.bitmap = q.readBytes()
          else if (f === 3) g.width = q.readVarint()
          else if (f === 4) g.height = q.readVarint()
          else if (f === 5) g.left = q.readSVarint()
          else if (f === 6) g.top = q.readSVarint()
          else if (f === 7) g.advance = q.readVarint()
        }, { id: 0, width: 0, height: 0, left: 0, top: 0, advance: 0 }))
      }
    }, stack)
  }, null)
  return stack
}

let database: SeededDatabase
let app: ReturnType<typeof createTestApp>
const range = async (path: string) => {
  const res = await app.request(`/api/basemap/glyphs/${encodeURIComponent(STACK)}/${path}`)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/x-protobuf')
  expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
  return decode(new Uint8Array(await res.arrayBuffer()))
}
const inFont = (start: number) => Array.from({ length: 256 }, (_, i) => start + i).filter((cp) => FONT.hasGlyphForCodePoint(cp))

beforeAll(async () => {
  database = await createSeededDatabase(60)
  app = createTestApp(database)
})
afterAll(() => database?.dispose())

describe('glyphs', () => {
  it('a Latin range holds every code point the font has, each bitmap its size plus the 3-pixel buffer', async () => {
    const stack = await range('0-255.pbf')
    expect([stack.name, stack.range]).toEqual([STACK, '0-255'])
    expect(stack.glyphs.map((g) => g.id)).toEqual(inFont(0))
    for (const g of stack.glyphs) expect(g.bitmap?.length ?? 0).toBe(g.width && (g.width + 6) * (g.height + 6))
    const space = stack.glyphs.find((g) => g.id === 32)!
    expect([space.width, space.bitmap]).toEqual([0, undefined])
    expect(space.advance).toBeGreaterThan(3)
  })

  it('is a distance field: solid inside a stroke, empty far outside, the edge at 192 between', async () => {
    const I = (await range('0-255.pbf')).glyphs.find((g) => g.id === 'I'.charCodeAt(0))!
    const [columns, rows] = [I.width + 6, I.height + 6]
    const at = (column: number, row: number) => I.bitmap![row * columns + column]
    const middle = Math.floor(columns / 2)
    expect(at(middle, Math.floor(rows / 2))).toBeGreaterThan(192)
    expect(at(0, 0)).toBeLessThan(100)
    // Along the middle row, from outside to the stroke, values rise through the edge.
    const row = Array.from({ length: middle + 1 }, (_, c) => at(c, Math.floor(rows / 2)))
    expect(row).toEqual([...row].sort((a, b) => a - b))
    expect(row.some((v) => v > 150 && v < 230)).toBe(true)
  })

  it('a range of hanzi holds the GB 2312 characters the font has, with their advance of one em', async () => {
    const stack = await range('19968-20223.pbf')
    expect(stack.glyphs.map((g) => g.id)).toEqual(inFont(19968))
    const one = stack.glyphs.find((g) => g.id === '一'.charCodeAt(0))!
    expect(one.width).toBeGreaterThan(10)
    expect(one.advance).toBe(24)
  })

  it.each(['1-256.pbf', '0-300.pbf', '65536-65791.pbf', 'latin.pbf'])('refuses the range %s', async (path) => {
    const res = await app.request(`/api/basemap/glyphs/${encodeURIComponent(STACK)}/${path}`)
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_request')
  })
})
