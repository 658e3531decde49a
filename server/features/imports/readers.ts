import ExcelJS from 'exceljs'
import type { Feature, FeatureCollection, Geometry } from 'geojson'
import Papa from 'papaparse'
import { getShapefile } from 'shpjs'
import { findHeaderRow, isTotalsRow } from '../../domain/import-columns.ts'
import { crsFromDeclaration, type ImportCrs } from '../../domain/import-crs.ts'
import { AppError } from '../../errors.ts'
import { decodeText, type ImportFormat, inflateZip, type TextEncoding } from './intake.ts'

/*
 * Every format becomes the same table: named columns, one row per record with the line (or feature number) the
 * user will look for in their own file, its geometry when the format carries one, and the cells that held a
 * formula. A spreadsheet's header is found where the office put it (below a title, on line 3), and its totals row
 * is left out. Nothing is interpreted here; that is rows.ts's work.
 */

export type Cell = string | number | boolean | Date | null
export interface SourceRow { line: number; cells: Record<string, Cell>; geometry?: Geometry | null; formulas: string[]; problems: string[] }
export interface SourceTable {
  columns: string[]
  /** Columns hidden in the workbook: read, but never matched to a field unless the user says so. */
  hidden: string[]
  rows: SourceRow[]
  encoding: string | null
  /** A CRS the file itself declares (GeoJSON `crs`, a shapefile's .prj), with where it was read. */
  declaredCrs: { crs: ImportCrs; source: string } | null
  /** The sheet's line that holds the header (CSV and XLSX), 1-based; title rows above it are not data. */
  headerRow: number | null
  /** Rows below the header that are not records: a ledger's totals row. */
  skippedLines: { line: number; reason: 'totals' }[]
}
/** Where the header is: a line the user named, or the aliases a header row would hold. */
export interface HeaderHint { aliases: string[]; line?: number }

export const MAX_IMPORT_ROWS = 200_000

export async function readTable(format: ImportFormat, bytes: Uint8Array, encoding: TextEncoding, header: HeaderHint): Promise<SourceTable> {
  const table = format === 'csv' ? gridTable(readCsv(bytes, encoding), header)
    : format === 'xlsx' ? gridTable(await readXlsx(bytes), header)
      : format === 'geojson' ? readGeoJson(bytes, encoding) : await readShapefile(bytes)
  if (table.rows.length === 0) throw new AppError(400, 'no_rows', 'the file has a header but no rows to import')
  if (table.rows.length > MAX_IMPORT_ROWS) throw new AppError(413, 'too_many_rows', `at most ${MAX_IMPORT_ROWS} rows per file; split it`)
  return table
}

/** A spreadsheet before its header is known: every non-blank line with its number as the office's program shows it. */
interface Grid {
  lines: { line: number; cells: Cell[]; formulas: Set<number>; problems: string[] }[]
  hidden: Set<number>
  encoding: string | null
}

const HEADER_SEARCH_LINES = 20
const cellText = (cell: Cell) => (cell === null ? null : cell instanceof Date ? cell.toISOString() : String(cell).trim() || null)

/** The grid as a table: the header found (or named), the columns it names, and the records below it. */
function gridTable(grid: Grid, header: HeaderHint): SourceTable {
  const head = header.line === undefined
    ? findHeaderRow(grid.lines.slice(0, HEADER_SEARCH_LINES).map((l) => l.cells.map(cellText)), header.aliases)
    : grid.lines.findIndex((l) => l.line === header.line)
  if (head < 0 || head >= grid.lines.length) throw new AppError(400, 'invalid_mapping', `line ${header.line} of the file is blank or past its end: it cannot be the header`)
  const columns: { index: number; name: string }[] = []
  const seen = new Map<string, number>()
  grid.lines[head].cells.forEach((cell, index) => {
    const text = cellText(cell)
    if (!text) return
    // Two columns with one name would overwrite each other's cells: the second is told apart, as Excel's own import does.
    const count = (seen.get(text) ?? 0) + 1
    seen.set(text, count)
    columns.push({ index, name: count === 1 ? text : `${text} (${count})` })
  })
  const width = grid.lines[head].cells.length
  const rows: SourceRow[] = []
  const skippedLines: SourceTable['skippedLines'] = []
  for (const { line, cells, formulas, problems } of grid.lines.slice(head + 1)) {
    if (isTotalsRow(cells.map(cellText))) { skippedLines.push({ line, reason: 'totals' }); continue }
    const record: Record<string, Cell> = {}
    for (const { index, name } of columns) record[name] = cells[index] ?? null
    const surplus = cells.slice(width).some((c) => cellText(c) !== null)
    rows.push({
      line, cells: record, formulas: columns.filter((c) => formulas.has(c.index)).map((c) => c.name),
      problems: surplus ? [...problems, 'the row has more columns than the header'] : problems,
    })
  }
  return {
    columns: columns.map((c) => c.name), hidden: columns.filter((c) => grid.hidden.has(c.index)).map((c) => c.name),
    rows, encoding: grid.encoding, declaredCrs: null, headerRow: grid.lines[head].line, skippedLines,
  }
}

function readCsv(bytes: Uint8Array, encoding: TextEncoding): Grid {
  const decoded = decodeText(bytes, encoding)
  // No header mode and no skipping: the header may be on any line, and line numbers must stay the file's own.
  const parsed = Papa.parse<string[]>(decoded.text, { header: false, skipEmptyLines: false })
  const lines = parsed.data.map((cells, i) => ({ line: i + 1, cells, formulas: new Set<number>(), problems: [] as string[] }))
  return { lines: lines.filter((l) => l.cells.some((c) => c.trim() !== '')), hidden: new Set(), encoding: decoded.encoding }
}

async function readXlsx(bytes: Uint8Array): Promise<Grid> {
  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  } catch {
    throw new AppError(400, 'corrupt_spreadsheet', 'the spreadsheet could not be read: is it a real .xlsx (not .xls renamed)?')
  }
  const sheet = workbook.worksheets.find((s) => s.actualRowCount > 0)
  if (!sheet) throw new AppError(400, 'no_rows', 'the workbook has no sheet with data')
  const lines: Grid['lines'] = []
  sheet.eachRow({ includeEmpty: false }, (row, line) => {
    const cells: Cell[] = []
    const formulas = new Set<number>()
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      if (cell.type === ExcelJS.ValueType.Formula) formulas.add(column - 1)
      cells[column - 1] = cellValue(cell.value)
    })
    const filled = Array.from(cells, (c) => c ?? null)
    if (filled.some((v) => v !== null && v !== '')) lines.push({ line, cells: filled, formulas, problems: [] })
  })
  const hidden = new Set<number>()
  for (let column = 1; column <= sheet.columnCount; column += 1) if (sheet.getColumn(column).hidden) hidden.add(column - 1)
  return { lines, hidden, encoding: null }
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

function featureTable(features: Feature[]): Omit<SourceTable, 'encoding' | 'declaredCrs'> {
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
  return { columns: [...columns], hidden: [], rows, headerRow: null, skippedLines: [] }
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
