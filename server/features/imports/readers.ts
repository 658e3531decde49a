import ExcelJS from 'exceljs'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import Papa from 'papaparse'
import { getShapefile } from 'shpjs'
import { crsFromDeclaration, type ImportCrs } from '../../domain/import-crs.ts'
import { AppError } from '../../errors.ts'
import { decodeText, type ImportFormat, inflateZip, type TextEncoding } from './intake.ts'

/*
 * Every format becomes the same table: named columns, one row per record with the line (or feature number) the
 * user will look for in their own file, its geometry when the format carries one, and the cells that held a
 * formula. Nothing is interpreted here; that is rows.ts's work.
 */

export type Cell = string | number | boolean | Date | null
export interface SourceRow { line: number; cells: Record<string, Cell>; geometry?: Geometry | null; formulas: string[]; problems: string[] }
export interface SourceTable {
  columns: string[]
  rows: SourceRow[]
  encoding: string | null
  /** A CRS the file itself declares (GeoJSON `crs`, a shapefile's .prj), with where it was read. */
  declaredCrs: { crs: ImportCrs; source: string } | null
}

export const MAX_IMPORT_ROWS = 200_000

export async function readTable(format: ImportFormat, bytes: Uint8Array, encoding: TextEncoding): Promise<SourceTable> {
  const table = await READERS[format](bytes, encoding)
  if (table.rows.length === 0) throw new AppError(400, 'no_rows', 'the file has a header but no rows to import')
  if (table.rows.length > MAX_IMPORT_ROWS) throw new AppError(413, 'too_many_rows', `at most ${MAX_IMPORT_ROWS} rows per file; split it`)
  return table
}

const READERS: Record<ImportFormat, (bytes: Uint8Array, encoding: TextEncoding) => Promise<SourceTable>> = {
  csv: async (bytes, encoding) => readCsv(bytes, encoding),
  xlsx: readXlsx,
  geojson: async (bytes, encoding) => readGeoJson(bytes, encoding),
  shapefile: readShapefile,
}

function readCsv(bytes: Uint8Array, encoding: TextEncoding): SourceTable {
  const decoded = decodeText(bytes, encoding)
  const parsed = Papa.parse<Record<string, string>>(decoded.text, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() })
  const problems = new Map<number, string[]>()
  for (const error of parsed.errors) {
    if (error.row === undefined) continue
    problems.set(error.row, [...(problems.get(error.row) ?? []), error.code === 'TooFewFields' || error.code === 'TooManyFields' ? 'the row has a different number of columns from the header' : error.message])
  }
  const columns = (parsed.meta.fields ?? []).filter((f) => f !== '')
  const rows = parsed.data.map((cells, i) => ({ line: i + 2, cells: omitExtra(cells), formulas: [], problems: problems.get(i) ?? [] }))
  return { columns, rows, encoding: decoded.encoding, declaredCrs: null }
}

// Papa Parse puts surplus fields under `__parsed_extra`; the row already carries a problem for them.
function omitExtra(cells: Record<string, unknown>): Record<string, Cell> {
  const { __parsed_extra: _extra, ...rest } = cells
  return rest as Record<string, Cell>
}

async function readXlsx(bytes: Uint8Array): Promise<SourceTable> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(400, 'corrupt_spreadsheet', 'the spreadsheet could not be read: is it a real .xlsx (not .xls renamed)?')
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0)
  if (!sheet) throw new AppError(400, 'no_rows', 'the workbook has no sheet with data')
  const header = sheet.getRow(1)
  const columns: { index: number; name: string }[] = []
  header.eachCell((cell, index) => { const name = String(cellValue(cell.value) ?? '').trim(); if (name) columns.push({ index, name }) })
  const rows: SourceRow[] = []
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    if (line === 1) return
    const cells: Record<string, Cell> = {}
    const formulas: string[] = []
    for (const { index, name } of columns) {
      const cell = row.getCell(index)
      if (cell.type === ExcelJS.ValueType.Formula) formulas.push(name)
      cells[name] = cellValue(cell.value)
    }
    if (Object.values(cells).some((v) => v !== null && v !== '')) rows.push({ line, cells, formulas, problems: [] })
  })
  return { columns: columns.map((c) => c.name), rows, encoding: null, declaredCrs: null }
}

function cellValue(value: ExcelJS.CellValue): Cell {
  if (value === null || value === undefined) return null
  if (typeof value !== 'object' || value instanceof Date) return value
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('hyperlink' in value) return value.text
  if ('error' in value) return value.error
  if ('result' in value) return value.result === undefined ? null : cellValue(value.result as ExcelJS.CellValue)
  return null
}

function readGeoJson(bytes: Uint8Array, encoding: TextEncoding): SourceTable {
  const decoded = decodeText(bytes, encoding)
  let json: unknown
  try {
    json = JSON.parse(decoded.text)
  } catch {
    throw new AppError(400, 'invalid_geojson', 'the file is not valid JSON')
  }
  const collection = json as Partial<FeatureCollection> & { crs?: { properties?: { name?: string } } }
  const features = collection.type === 'FeatureCollection' && Array.isArray(collection.features) ? collection.features
    : (json as Feature).type === 'Feature' ? [json as Feature] : null
  if (!features) throw new AppError(400, 'invalid_geojson', 'expected a GeoJSON FeatureCollection or Feature')
  const declared = collection.crs?.properties?.name ? crsFromDeclaration(collection.crs.properties.name) : null
  return {
    ...featureTable(features),
    encoding: decoded.encoding,
    declaredCrs: declared ? { crs: declared, source: `GeoJSON crs ${collection.crs?.properties?.name}` } : null,
  }
}

function featureTable(features: Feature[]): Pick<SourceTable, 'columns' | 'rows'> {
  const columns = new Set<string>()
  const rows = features.map((feature, i) => {
    const properties = feature && typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}
    const cells: Record<string, Cell> = {}
    for (const [key, value] of Object.entries(properties)) {
      columns.add(key)
      cells[key] = value === null || ['string', 'number', 'boolean'].includes(typeof value) ? value as Cell : JSON.stringify(value)
    }
    const geometry = feature && typeof feature.geometry === 'object' ? feature.geometry : null
    return { line: i + 1, cells, geometry, formulas: [], problems: feature?.type === 'Feature' ? [] : ['not a GeoJSON Feature'] }
  })
  return { columns: [...columns], rows }
}

async function readShapefile(bytes: Uint8Array): Promise<SourceTable> {
  const files = inflateZip(bytes, (name) => /\.(shp|dbf|prj|cpg)$/i.test(name) && !name.startsWith('__MACOSX'))
  const layers = Object.keys(files).filter((n) => /\.shp$/i.test(n))
  if (layers.length !== 1) throw new AppError(400, 'ambiguous_shapefile', `the zip must hold exactly one .shp layer (found ${layers.length})`)
  const base = layers[0].slice(0, -4)
  const part = (ext: string) => files[Object.keys(files).find((n) => n.toLowerCase() === `${base}.${ext}`.toLowerCase()) ?? '']
  const dbf = part('dbf')
  if (!dbf) throw new AppError(400, 'incomplete_shapefile', 'the shapefile has no .dbf: its attributes (the codes) are missing')
  const prj = part('prj') ? new TextDecoder().decode(part('prj')) : undefined
  const encoding = dbfEncoding(dbf, part('cpg'))
  let collection: FeatureCollection
  try {
    collection = await getShapefile({ shp: part('shp'), dbf, cpg: encoding, prj }) as FeatureCollection
  } catch {
    throw new AppError(400, 'corrupt_shapefile', 'the shapefile could not be read, or its .prj names a projection we cannot convert')
  }
  // shpjs has already projected through the .prj (proj4), so coordinates are now geographic degrees.
  const declared = prj ? (crsFromDeclaration(prj) === 'wgs84' ? 'wgs84' : 'cgcs2000') : null
  return { ...featureTable(collection.features), encoding, declaredCrs: declared ? { crs: declared, source: '.prj' } : null }
}

/** The DBF's text encoding: its .cpg, else its language driver byte (0x4D = code page 936, GBK), else by its bytes. */
function dbfEncoding(dbf: Uint8Array, cpg: Uint8Array | undefined): string {
  const declared = cpg ? new TextDecoder().decode(cpg).trim() : ''
  if (/936|gbk|gb2312|gb18030/i.test(declared)) return 'gb18030'
  if (/utf-?8|65001/i.test(declared)) return 'utf-8'
  if (dbf[29] === 0x4d) return 'gb18030'
  try {
    // Only the records: the binary header (lengths, field widths such as 0xC9) is never UTF-8.
    new TextDecoder('utf-8', { fatal: true }).decode(dbf.subarray(dbf[8] | (dbf[9] << 8)))
    return 'utf-8'
  } catch {
    return 'gb18030'
  }
}
