import { readFileSync } from 'node:fs'
import * as fontkit from 'fontkit'
import { PbfWriter } from 'pbf'

/*
 * The style's glyphs, served offline: signed-distance-field glyph ranges (the PBF MapLibre, MapLibre Native,
 * Maputnik and QGIS read) rendered from the report font committed under assets/fonts (Noto Sans SC, OFL; 8,697
 * glyphs: ASCII, Latin-1, punctuation and all of GB 2312). No npm tool renders them without a native binary, so
 * each glyph's outline is flattened and its distance field computed here, as fontnik does: at 24 px with a 3-pixel
 * buffer, a pixel's value 255 − 255 × (d / 8 + 0.25), d its signed distance to the outline in pixels (negative
 * inside), so that the edge sits at 192 where MapLibre's shader expects it.
 */

const FONT_SIZE = 24
const BUFFER = 3
const RADIUS = 8
const CUTOFF = 0.25
const CURVE_STEPS = 8
const FONT = new URL('../../../assets/fonts/NotoSansSC-Regular.ttf', import.meta.url)

interface Glyph { id: number; bitmap: Uint8Array; width: number; height: number; left: number; top: number; advance: number }
type Segment = [number, number, number, number]

/** The outline as straight segments in pixels, y up: curves cut into CURVE_STEPS pieces. */
function segmentsOf(path: fontkit.Glyph['path'], scale: number): Segment[] {
  const segments: Segment[] = []
  let [x, y, startX, startY] = [0, 0, 0, 0]
  const to = (nx: number, ny: number) => { if (nx !== x || ny !== y) segments.push([x, y, nx, ny]); [x, y] = [nx, ny] }
  for (const { command, args } of path.commands) {
    const a = args.map((v) => v * scale)
    if (command === 'moveTo') { if (x !== startX || y !== startY) to(startX, startY); [x, y, startX, startY] = [a[0], a[1], a[0], a[1]] }
    else if (command === 'lineTo') to(a[0], a[1])
    else if (command === 'quadraticCurveTo') {
      const [x0, y0] = [x, y]
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS
        const u = 1 - t
        to(u * u * x0 + 2 * u * t * a[0] + t * t * a[2], u * u * y0 + 2 * u * t * a[1] + t * t * a[3])
      }
    } else if (command === 'bezierCurveTo') {
      const [x0, y0] = [x, y]
      for (let i = 1; i <= CURVE_STEPS; i++) {
        const t = i / CURVE_STEPS
        const u = 1 - t
        to(u * u * u * x0 + 3 * u * u * t * a[0] + 3 * u * t * t * a[2] + t * t * t * a[4], u * u * u * y0 + 3 * u * u * t * a[1] + 3 * u * t * t * a[3] + t * t * t * a[5])
      }
    } else if (command === 'closePath') to(startX, startY)
  }
  if (x !== startX || y !== startY) to(startX, startY)
  return segments
}

/** Squared distance from (px, py) to the segment. */
function distance2(px: number, py: number, [ax, ay, bx, by]: Segment): number {
  const [dx, dy] = [bx - ax, by - ay]
  const t = dx === 0 && dy === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  const [ex, ey] = [ax + t * dx - px, ay + t * dy - py]
  return ex * ex + ey * ey
}

/** Nonzero winding: TrueType outlines overlap, and a point covered by any contour is inside. */
function inside(px: number, py: number, segments: Segment[]): boolean {
  let winding = 0
  for (const [ax, ay, bx, by] of segments) {
    if ((ay <= py) !== (by <= py)) {
      const cross = (bx - ax) * (py - ay) - (px - ax) * (by - ay)
      winding += by > ay ? (cross > 0 ? 1 : 0) : (cross < 0 ? -1 : 0)
    }
  }
  return winding !== 0
}

export function renderGlyph(font: fontkit.Font, codePoint: number): Glyph | null {
  if (!font.hasGlyphForCodePoint(codePoint)) return null
  const glyph = font.glyphForCodePoint(codePoint)
  const scale = FONT_SIZE / font.unitsPerEm
  const advance = Math.round(glyph.advanceWidth * scale)
  const segments = segmentsOf(glyph.path, scale)
  if (segments.length === 0) return { id: codePoint, bitmap: new Uint8Array(0), width: 0, height: 0, left: 0, top: -FONT_SIZE, advance }
  const xs = segments.flatMap((s) => [s[0], s[2]])
  const ys = segments.flatMap((s) => [s[1], s[3]])
  const [left, right, bottom, top] = [Math.floor(Math.min(...xs)), Math.ceil(Math.max(...xs)), Math.floor(Math.min(...ys)), Math.ceil(Math.max(...ys))]
  const [width, height] = [right - left, top - bottom]
  const [columns, rows] = [width + 2 * BUFFER, height + 2 * BUFFER]
  const bitmap = new Uint8Array(columns * rows)
  for (let row = 0; row < rows; row++) {
    const py = top + BUFFER - row - 0.5
    for (let column = 0; column < columns; column++) {
      const px = left - BUFFER + column + 0.5
      let nearest = Number.POSITIVE_INFINITY
      for (const s of segments) nearest = Math.min(nearest, distance2(px, py, s))
      const d = Math.sqrt(nearest) * (inside(px, py, segments) ? -1 : 1)
      bitmap[row * columns + column] = Math.max(0, Math.min(255, Math.round(255 - 255 * (d / RADIUS + CUTOFF))))
    }
  }
  // top: the glyph's top above the baseline, less the em, as fontnik writes it and MapLibre places it.
  return { id: codePoint, bitmap, width, height, left, top: top - FONT_SIZE, advance }
}

/** One range of 256 code points as a glyphs PBF (MapLibre's glyphs.proto), under the font stack asked for. */
export function encodeRange(stack: string, start: number, glyphs: Glyph[]): Uint8Array {
  const pbf = new PbfWriter()
  pbf.writeMessage(1, () => {
    pbf.writeStringField(1, stack)
    pbf.writeStringField(2, `${start}-${start + 255}`)
    for (const g of glyphs) {
      pbf.writeMessage(3, () => {
        pbf.writeVarintField(1, g.id)
        if (g.bitmap.length) pbf.writeBytesField(2, g.bitmap)
        pbf.writeVarintField(3, g.width)
        pbf.writeVarintField(4, g.height)
        pbf.writeSVarintField(5, g.left)
        pbf.writeSVarintField(6, g.top)
        pbf.writeVarintField(7, g.advance)
      }, null)
    }
  }, null)
  return pbf.finish()
}

/**
 * The glyph ranges of the committed font, each rendered once, on first request. A range of hanzi takes about a
 * second of CPU, so rendering yields to the event loop every few glyphs: other requests are not held up by it.
 * Callers asking for a range being rendered share its rendering.
 */
export function glyphRanges() {
  let font: fontkit.Font | undefined
  const ranges = new Map<number, Promise<Glyph[]>>()
  const render = async (start: number) => {
    font ??= fontkit.create(readFileSync(FONT)) as fontkit.Font
    const glyphs: Glyph[] = []
    for (let cp = start; cp < start + 256; cp++) {
      const g = renderGlyph(font, cp)
      if (g) glyphs.push(g)
      if (cp % 8 === 7) await new Promise((resolve) => setImmediate(resolve))
    }
    return glyphs
  }
  return async (stack: string, start: number): Promise<Uint8Array> => {
    let glyphs = ranges.get(start)
    // A failed rendering is not kept: the next request tries again.
    if (!glyphs) ranges.set(start, glyphs = render(start).catch((error) => { ranges.delete(start); throw error }))
    return encodeRange(stack, start, await glyphs)
  }
}
