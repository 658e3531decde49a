import { unzipSync, type UnzipFileInfo } from 'fflate'
import { AppError } from '../../errors.ts'

/*
 * The first look at an uploaded file, before any of it is parsed: what it really is (by its bytes, not its name),
 * whether an archive would inflate into something absurd, and which text encoding it is in. Everything here fails
 * with a clear 4xx and nothing has been written yet.
 */

export const MAX_IMPORT_BYTES = 60 * 1024 * 1024
export const IMPORT_FORMATS = ['csv', 'xlsx', 'geojson', 'shapefile'] as const
export type ImportFormat = (typeof IMPORT_FORMATS)[number]
export const TEXT_ENCODINGS = ['auto', 'utf-8', 'gb18030'] as const
export type TextEncoding = (typeof TEXT_ENCODINGS)[number]

// An archive may hold at most this much once inflated, and no entry may inflate more than RATIO times: real
// spreadsheets and shapefiles compress 3–20×, a zip bomb thousands of times.
const MAX_INFLATED_BYTES = 400 * 1024 * 1024
const MAX_RATIO = 200
const MAX_ENTRIES = 2_000

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04]
const startsWith = (bytes: Uint8Array, magic: number[]) => magic.every((b, i) => bytes[i] === b)

export function detectFormat(fileName: string, bytes: Uint8Array): ImportFormat {
  if (bytes.length === 0) throw new AppError(400, 'empty_file', 'the file is empty')
  if (bytes.length > MAX_IMPORT_BYTES) throw new AppError(413, 'file_too_large', `files may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MB`)
  const name = fileName.toLowerCase()
  if (startsWith(bytes, ZIP_MAGIC)) {
    const names: string[] = []
    inflateZip(bytes, (entry) => { names.push(entry); return false })
    if (names.some((n) => n.startsWith('xl/'))) return 'xlsx'
    if (names.some((n) => n.toLowerCase().endsWith('.shp'))) return 'shapefile'
    throw new AppError(415, 'unsupported_file_type', 'the zip holds neither a spreadsheet (.xlsx) nor a shapefile (.shp)')
  }
  if (looksBinary(bytes)) throw new AppError(415, 'unsupported_file_type', `“${fileName}” is not CSV, XLSX, GeoJSON or a zipped shapefile`)
  const first = firstNonSpace(bytes)
  if (first === 0x7b || name.endsWith('.geojson') || name.endsWith('.json')) return 'geojson'
  return 'csv'
}

/**
 * The archive's entries that `want` selects, inflated. Sizes are checked against the central directory before
 * anything inflates, and fflate inflates into a buffer of the declared size, so a lying header cannot grow it.
 */
export function inflateZip(bytes: Uint8Array, want: (name: string) => boolean): Record<string, Uint8Array> {
  let total = 0
  let entries = 0
  const check = (file: UnzipFileInfo) => {
    entries += 1
    total += file.originalSize
    const ratio = file.originalSize / Math.max(file.size, 1)
    if (entries > MAX_ENTRIES || total > MAX_INFLATED_BYTES || (file.originalSize > 1024 * 1024 && ratio > MAX_RATIO)) {
      throw new AppError(413, 'zip_bomb', `the archive would inflate to more than its contents warrant (${file.name}: ${Math.round(ratio)}×); nothing was imported`)
    }
    return want(file.name)
  }
  try {
    return unzipSync(bytes, { filter: check })
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError(400, 'corrupt_archive', 'the zip archive is damaged or uses an unsupported compression')
  }
}

/** Text in the encoding asked for, or detected: UTF-8 when the bytes are valid UTF-8, else GB18030 (a superset of GBK). */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): { text: string; encoding: 'utf-8' | 'gb18030' } {
  const utf8 = tryUtf8(bytes)
  if (encoding === 'utf-8' && utf8 === null) {
    throw new AppError(422, 'encoding_mismatch', 'the file is not valid UTF-8: it looks like GBK/GB18030 — choose that encoding')
  }
  if (encoding === 'gb18030' && utf8 !== null && /[^\x00-\x7f]/.test(utf8)) {
    throw new AppError(422, 'encoding_mismatch', 'the file is UTF-8, not GBK/GB18030: read as GBK its Chinese text would be garbled')
  }
  if (utf8 !== null && encoding !== 'gb18030') return { text: utf8.replace(/^\uFEFF/, ''), encoding: 'utf-8' }
  return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' }
}

function tryUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    return null
  }
}

/** NUL bytes or other control characters in the first 4 kB mean a binary file, in any text encoding we read. */
function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 4096)
  return head.some((b) => b === 0 || (b < 0x09) || (b > 0x0d && b < 0x20 && b !== 0x1b))
}

function firstNonSpace(bytes: Uint8Array): number | undefined {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  while (i < bytes.length && (bytes[i] === 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0d))) i += 1
  return bytes[i]
}
