import { PNG } from 'pngjs'
import { describe, expect, it } from 'vitest'
import { MAX_PHOTO_BYTES, sniffImageType } from '../../server/domain/image-type.ts'

/* The uploaded bytes decide what a photo is; its name and declared type do not. */

const bytes = (...parts: (number[] | string)[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)))

const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF\0', [0x01, 0x01])
const PNG_BYTES = new Uint8Array(PNG.sync.write(new PNG({ width: 2, height: 2 })))
const WEBP = bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 ', [0, 0, 0, 0])

describe('sniffImageType', () => {
  it.each([
    ['a JPEG', JPEG, 'image/jpeg'],
    ['a PNG written by pngjs', PNG_BYTES, 'image/png'],
    ['a WebP', WEBP, 'image/webp'],
  ])('recognises %s', (_, content, mime) => {
    expect(sniffImageType(content)).toBe(mime)
  })

  it.each([
    ['SVG (it can carry script)', bytes('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')],
    ['SVG behind an XML declaration', bytes('<?xml version="1.0"?><svg/>')],
    ['HTML', bytes('<!doctype html><html><script>alert(1)</script></html>')],
    ['plain text', bytes('not an image at all')],
    ['a GIF', bytes('GIF89a', [1, 0, 1, 0, 0, 0, 0])],
    ['a RIFF that is not WebP (WAV)', bytes('RIFF', [0x24, 0, 0, 0], 'WAVEfmt ')],
    ['a truncated PNG signature', PNG_BYTES.slice(0, 7)],
    ['a PNG signature off by one byte', bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0b])],
    ['two JPEG bytes', bytes([0xff, 0xd8])],
    ['nothing', new Uint8Array(0)],
  ])('refuses %s', (_, content) => {
    expect(sniffImageType(content)).toBeNull()
  })

  it('needs the signature at the start, not somewhere inside', () => {
    expect(sniffImageType(bytes('x', [...PNG_BYTES]))).toBeNull()
  })

  it('caps photos at 5 MB, the limit the photos table also enforces', () => {
    expect(MAX_PHOTO_BYTES).toBe(5 * 1024 * 1024)
  })
})
