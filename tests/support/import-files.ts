import ExcelJS from 'exceljs'
import type { FeatureCollection } from 'geojson'
import { zipSync } from 'fflate'
import iconv from 'iconv-lite'
import Papa from 'papaparse'
import { createRequire } from 'node:module'
import type { ApiSession } from './session.ts'

/*
 * Files as the offices send them, built by real writers: CSV in UTF-8 or GBK (iconv-lite), XLSX (ExcelJS, with
 * formula cells when asked), zipped shapefiles (shp-write's .shp/.shx, a dBase III table in GBK or UTF-8), and
 * the malicious ones (a zip bomb).
 */

export type Rows = Record<string, string | number | null>[]

export function csvFile(rows: Rows, encoding: 'utf-8' | 'gbk' = 'utf-8', name = 'import.csv'): File {
  const text = Papa.unparse(rows)
  return new File([encoding === 'gbk' ? new Uint8Array(iconv.encode(text, 'gbk')) : new TextEncoder().encode(text)], name, { type: 'text/csv' })
}

/** A workbook with `rows` on its first sheet; cells listed in `formulas` (row index → column) hold a formula. */
export async function xlsxFile(rows: Rows, formulas: Record<number, string> = {}, name = 'import.xlsx'): Promise<File> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('导入')
  const columns = Object.keys(rows[0])
  sheet.addRow(columns)
  rows.forEach((row, i) => {
    const added = sheet.addRow(columns.map((c) => row[c]))
    const column = formulas[i]
    if (column) added.getCell(columns.indexOf(column) + 1).value = { formula: 'HYPERLINK("http://evil.example","x")', result: 'x' }
  })
  return new File([await workbook.xlsx.writeBuffer()], name)
}

export function geojsonFile(collection: FeatureCollection | object, name = 'import.geojson'): File {
  return new File([JSON.stringify(collection)], name, { type: 'application/geo+json' })
}

const require = createRequire(import.meta.url)
const shpWrite = require('@mapbox/shp-write/src/write.js') as (
  rows: object[], type: string, geometries: unknown[], done: (err: unknown, files: { shp: DataView; shx: DataView }) => void) => void

/** A zipped shapefile of points: .shp/.shx by shp-write, the .dbf in `encoding`, a .cpg only when given. */
export function pointShapefile(points: { lon: number; lat: number; props: Record<string, string | number> }[], options: { encoding: 'gbk' | 'utf-8'; cpg?: string; prj?: string }): File {
  let files: { shp: DataView; shx: DataView } | undefined
  shpWrite(points.map((p) => p.props), 'POINT', points.map((p) => [p.lon, p.lat]), (_err, written) => { files = written })
  if (!files) throw new Error('shp-write did not write')
  const entries: Record<string, Uint8Array> = {
    'layer.shp': new Uint8Array(files.shp.buffer), 'layer.shx': new Uint8Array(files.shx.buffer),
    'layer.dbf': dbf(points.map((p) => p.props), options.encoding),
  }
  if (options.cpg) entries['layer.cpg'] = new TextEncoder().encode(options.cpg)
  if (options.prj) entries['layer.prj'] = new TextEncoder().encode(options.prj)
  return new File([zipSync(entries)], 'layer.zip', { type: 'application/zip' })
}

/** A dBase III table of character fields, text encoded as the office's GIS wrote it. */
function dbf(records: Record<string, string | number>[], encoding: 'gbk' | 'utf-8'): Uint8Array {
  const names = Object.keys(records[0])
  const encode = (text: string) => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8'))
  const width = 100
  const headerLength = 32 + names.length * 32 + 1
  const recordLength = 1 + names.length * width
  const out = Buffer.alloc(headerLength + records.length * recordLength + 1, 0x20)
  out.fill(0, 0, headerLength)
  out.writeUInt8(0x03, 0)
  out.writeUInt32LE(records.length, 4)
  out.writeUInt16LE(headerLength, 8)
  out.writeUInt16LE(recordLength, 10)
  names.forEach((name, i) => {
    Buffer.from(name, 'ascii').copy(out, 32 + i * 32)
    out.write('C', 32 + i * 32 + 11, 'ascii')
    out.writeUInt8(width, 32 + i * 32 + 16)
  })
  out.writeUInt8(0x0d, headerLength - 1)
  records.forEach((record, r) => {
    const start = headerLength + r * recordLength
    names.forEach((name, i) => encode(String(record[name])).copy(out, start + 1 + i * width, 0, width))
  })
  out.writeUInt8(0x1a, out.length - 1)
  return out
}

/** 20 MB of zeros in 20 kB (1,000×): the shape of a zip bomb, small enough to build in a test. */
export function zipBomb(name = 'bomb.xlsx'): File {
  return new File([zipSync({ 'xl/workbook.xml': new Uint8Array(20 * 1024 * 1024) }, { level: 9 })], name)
}

/** What a person confirms in the preview: a column's target (null: ignore it), an odd value's code, the header line. */
export interface ImportMapping { columns?: Record<string, string | null>; values?: Record<string, Record<string, string | null>>; headerRow?: number }

export interface ImportFields {
  mode?: 'preview' | 'commit'; encoding?: string; crs?: string; swapLonLat?: 'true' | 'false'; skipRejected?: 'true' | 'false'
  /** Sent as JSON text, as the web app does; a string goes as it is (so a test can send broken JSON). */
  mapping?: ImportMapping | string
  /** A template id, or 'none'. */
  template?: string
  saveTemplate?: string
}

export async function postImport(session: ApiSession, entity: string, file: File, fields: ImportFields = {}, accept = 'application/json') {
  const form = new FormData()
  form.set('file', file)
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) form.set(key, typeof value === 'string' ? value : JSON.stringify(value))
  }
  return session.request(`/api/imports/${entity}`, { method: 'POST', body: form, headers: { accept } })
}
