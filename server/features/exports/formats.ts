import ExcelJS from 'exceljs'
import type { Geometry } from 'geojson'
import Papa from 'papaparse'
import { AppError } from '../../errors.ts'
import { beijingDay } from '../../domain/time.ts'

/*
 * One table, three files. A table is rows of plain values under Chinese headers, each row with a WGS-84
 * geometry (a site's point, a grid's polygon); every export format is a pure function of it, so what a planner
 * downloads is what the screen listed.
 */

export type Cell = string | number | boolean | null
export interface ExportColumn {
  key: string
  header: string
  /** Only in CSV and XLSX: a polygon's WKT there is its geometry, which GeoJSON already carries as such. */
  tabularOnly?: boolean
}
export interface ExportTable { title: string; columns: ExportColumn[]; rows: Record<string, Cell>[]; geometries: Geometry[] }

export const EXPORT_FORMATS = ['csv', 'geojson', 'xlsx'] as const
export type ExportFormat = (typeof EXPORT_FORMATS)[number]

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}

const text = (value: Cell) => (value === null ? '' : typeof value === 'boolean' ? (value ? '是' : '否') : value)

/**
 * UTF-8 with a byte-order mark, which is what makes Excel read Chinese text as UTF-8 rather than GBK. Cells that
 * begin like a formula (=, +, -, @) are quoted with a leading apostrophe so that a site name cannot run in Excel.
 */
export function toCsv(table: ExportTable): string {
  return '\uFEFF' + Papa.unparse({ fields: table.columns.map((c) => c.header), data: table.rows.map((r) => table.columns.map((c) => text(r[c.key] ?? null))) },
    { escapeFormulae: true, newline: '\r\n' })
}

/** Features with the columns as properties under their English keys; coordinates are WGS-84 (RFC 7946). */
export function toGeoJson(table: ExportTable): string {
  const keys = table.columns.filter((c) => c.tabularOnly).map((c) => c.key)
  const properties = (row: Record<string, Cell>) => Object.fromEntries(Object.entries(row).filter(([key]) => !keys.includes(key)))
  return JSON.stringify({
    type: 'FeatureCollection', name: table.title,
    features: table.rows.map((row, i) => ({ type: 'Feature', geometry: table.geometries[i], properties: properties(row) })),
  })
}

/** A worksheet named after the table, with a bold frozen header and a filter on every column. Values are never formulas. */
export async function toXlsx(table: ExportTable): Promise<Buffer> {
  return toXlsxWorkbook([table])
}

/** Several tables as one workbook, a sheet each (an analysis page that is several tables at once). */
export async function toXlsxWorkbook(tables: ExportTable[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'SiteGrid'
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title), { views: [{ state: 'frozen', ySplit: 1 }] })
    sheet.columns = table.columns.map((c) => ({ header: c.header, key: c.key, width: Math.min(40, Math.max(8, c.header.length * 2 + 4)) }))
    sheet.getRow(1).font = { bold: true }
    for (const row of table.rows) sheet.addRow(Object.fromEntries(table.columns.map((c) => [c.key, xlsxText(row[c.key] ?? null)])))
    sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

/** Excel cuts a cell at 32,767 characters; a polygon that long is refused rather than saved broken. */
const EXCEL_MAX_CELL = 32_767
function xlsxText(value: Cell) {
  if (typeof value === 'string' && value.length > EXCEL_MAX_CELL) {
    throw new AppError(400, 'cell_too_long', `a value exceeds Excel's ${EXCEL_MAX_CELL} characters per cell: export CSV or GeoJSON instead`)
  }
  return text(value)
}

/** Excel refuses sheet names over 31 characters or with any of : \ / ? * [ ]. */
export function sheetName(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31) || 'Sheet1'
}

export async function render(table: ExportTable, format: ExportFormat): Promise<string | Buffer> {
  if (format === 'csv') return toCsv(table)
  if (format === 'geojson') return toGeoJson(table)
  return toXlsx(table)
}

/** `attachment` with an ASCII fallback name and the Chinese one in RFC 5987 form, which every current browser prefers. */
export function contentDisposition(title: string, format: ExportFormat): string {
  const day = beijingDay(new Date())
  return `attachment; filename="sitegrid-${day}.${format}"; filename*=UTF-8''${encodeURIComponent(`${title}-${day}.${format}`)}`
}
