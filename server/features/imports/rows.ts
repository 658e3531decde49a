import { wktToGeoJSON } from '@terraformer/wkt'
import type { Geometry } from 'geojson'
import type { LonLat } from '../../domain/datum.ts'
import { type CellResult, isBlank, readCoordinate, readCoordinatePair } from '../../domain/import-cells.ts'
import { type ImportCrs, positionProblem, toWgs84 } from '../../domain/import-crs.ts'
import { allPositions, normalizePolygons, PointGeometry, PolygonalGeometry } from '../../domain/import-geometry.ts'
import type { EntityDef } from './entities.ts'
import type { ColumnMapping } from './mapping.ts'
import type { Cell, SourceRow, SourceTable } from './readers.ts'

/*
 * From a file's rows to the records we would write: columns matched to fields, every cell read, coordinates moved
 * into WGS-84, and every problem recorded against its line. A row with a reason is rejected; a warning is kept.
 */

export interface Issue { code: string; column?: string; value?: string }
export interface CandidateRow {
  line: number
  record: Record<string, unknown>
  /** GeoJSON in WGS-84: a Point, or a MultiPolygon. */
  geometry: Geometry | null
  key: string | null
  /** The row gives no position or shape at all: fine for an update, not for a new record. */
  geometryBlank: boolean
  reasons: Issue[]
  warnings: Issue[]
}
export function readRow(def: EntityDef, mapping: ColumnMapping, row: SourceRow, crs: ImportCrs, swap: boolean): CandidateRow {
  const candidate: CandidateRow = { line: row.line, record: {}, geometry: null, key: null, geometryBlank: false, reasons: [], warnings: [] }
  for (const problem of row.problems) candidate.reasons.push({ code: 'malformed_row', value: problem })
  for (const column of row.formulas) candidate.reasons.push({ code: 'formula', column })
  for (const [field, column] of Object.entries(mapping.fields)) {
    const result = readField(def, mapping, field, row.cells[column])
    if ('issue' in result) candidate.reasons.push({ code: result.issue, column, value: shown(row.cells[column]) })
    else if (result.value !== null) candidate.record[field] = result.value
  }
  if (def.geometry) readGeometry(def.geometry.kind, mapping, row, crs, swap, candidate)
  const across = def.rowIssue?.(candidate.record)
  if (across) candidate.reasons.push({ code: across })
  candidate.key = def.key(candidate.record)
  return candidate
}

/** A cell through its field's reader, after the value mapping: an office's own word for a code is read as that code. */
function readField(def: EntityDef, mapping: ColumnMapping, field: string, cell: Cell | undefined): CellResult<unknown> {
  const meaning = mapping.valueMap[field]?.get(String(cell ?? '').trim())
  if (meaning !== undefined) return { value: meaning }
  return def.fields[field].read(cell)
}

function readGeometry(kind: 'point' | 'polygon', mapping: ColumnMapping, row: SourceRow, crs: ImportCrs, swap: boolean, out: CandidateRow) {
  const source = sourceGeometry(mapping, row, swap, out)
  if (source === undefined) return
  if (source === null) return void (out.geometryBlank = true)
  if (kind === 'point') readPoint(source, crs, out)
  else readPolygon(source, crs, out)
}

/** The row's geometry in the file's own CRS: from lon/lat columns, a WKT column, or the feature. Undefined on error. */
function sourceGeometry(mapping: ColumnMapping, row: SourceRow, swap: boolean, out: CandidateRow): Geometry | null | undefined {
  const point = (lon: number, lat: number): Geometry => ({ type: 'Point', coordinates: swap ? [lat, lon] : [lon, lat] })
  if (mapping.lonlat && !isBlank(row.cells[mapping.lonlat])) {
    const pair = readCoordinatePair(row.cells[mapping.lonlat])
    if (!('value' in pair)) return void out.reasons.push({ code: 'not_a_number', column: mapping.lonlat, value: shown(row.cells[mapping.lonlat]) })
    return pair.value === null ? null : point(pair.value[0], pair.value[1])
  }
  if (mapping.lon && mapping.lat && !(isBlank(row.cells[mapping.lon]) && isBlank(row.cells[mapping.lat]) && (row.geometry || mapping.wkt))) {
    const lon = readCoordinate(row.cells[mapping.lon])
    const lat = readCoordinate(row.cells[mapping.lat])
    if (!('value' in lon) || !('value' in lat)) return void out.reasons.push({ code: 'not_a_number', column: `${mapping.lon}/${mapping.lat}` })
    if (lon.value === null || lat.value === null) return null
    return point(lon.value, lat.value)
  }
  if (mapping.wkt && !isBlank(row.cells[mapping.wkt])) {
    try {
      return wktToGeoJSON(String(row.cells[mapping.wkt])) as Geometry
    } catch {
      return void out.reasons.push({ code: 'invalid_wkt', column: mapping.wkt, value: shown(row.cells[mapping.wkt]) })
    }
  }
  return row.geometry ?? null
}

function readPoint(source: Geometry, crs: ImportCrs, out: CandidateRow) {
  const point = PointGeometry.safeParse(source)
  if (!point.success) return void out.reasons.push({ code: 'wrong_geometry_type', value: source.type })
  const [x, y] = point.data.coordinates
  // Survey offices write Gauss–Krüger as X = northing, Y = easting; without a zone number an easting is below
  // 1,000 km and Suzhou's northings are above 3,000 km, so the order is never in doubt.
  const surveyAxes = crs === 'cgcs2000_gk120' && x >= 1e6 && y < 1e6
  const raw: LonLat = surveyAxes ? [y, x] : [x, y]
  if (surveyAxes) out.warnings.push({ code: 'survey_axes' })
  const problem = crs === 'cgcs2000_gk120' ? positionProblem(toWgs84(raw, crs)) : positionProblem(raw)
  if (problem === 'swapped') return void out.reasons.push({ code: 'swapped_lon_lat', value: raw.join(',') })
  if (problem && problem !== 'outside_city') return void out.reasons.push({ code: problem, value: raw.join(',') })
  const position = toWgs84(raw, crs).map((v) => Math.round(v * 1e7) / 1e7) as LonLat
  if (problem === 'outside_city') out.warnings.push({ code: 'outside_city', value: position.join(',') })
  out.geometry = { type: 'Point', coordinates: position }
}

function readPolygon(source: Geometry, crs: ImportCrs, out: CandidateRow) {
  const parsed = PolygonalGeometry.safeParse(source)
  if (!parsed.success) {
    const nan = JSON.stringify(source ?? null).includes('null')
    return void out.reasons.push({ code: nan ? 'not_a_number' : 'wrong_geometry_type', value: source?.type })
  }
  if (parsed.data.coordinates.length === 0) return void out.reasons.push({ code: 'empty_geometry' })
  const raw = parsed.data.type === 'Polygon' ? [parsed.data.coordinates] : parsed.data.coordinates
  const bad = raw.flat(2).find((p) => { const problem = positionProblem([p[0], p[1]]); return crs !== 'cgcs2000_gk120' && problem !== null })
  if (bad) {
    const problem = positionProblem([bad[0], bad[1]])
    return void out.reasons.push({ code: problem === 'swapped' ? 'swapped_lon_lat' : problem ?? 'out_of_range', value: bad.join(',') })
  }
  const repair = normalizePolygons(parsed.data, (p) => toWgs84(p, crs))
  if (repair.degenerate) return void out.reasons.push({ code: 'degenerate_polygon' })
  if (allPositions(repair.coordinates).some((p) => positionProblem(p) !== null)) return void out.reasons.push({ code: 'outside_city' })
  if (repair.closed) out.warnings.push({ code: 'ring_closed' })
  if (repair.rewound) out.warnings.push({ code: 'rewound' })
  out.geometry = { type: 'MultiPolygon', coordinates: repair.coordinates }
}

/** A cell as the report quotes it back: short, and text (the screen shows it as text, never as markup). */
function shown(cell: Cell | undefined): string {
  if (cell instanceof Date) return cell.toISOString()
  return String(cell ?? '').slice(0, 80)
}

/** Rows sharing a key are all rejected: which of them is right is the office's call, not ours. */
export function rejectDuplicateKeys(rows: CandidateRow[], showKey: (key: string) => string = (key) => key) {
  const lines = new Map<string, number[]>()
  for (const row of rows) if (row.key !== null) lines.set(row.key, [...(lines.get(row.key) ?? []), row.line])
  for (const row of rows) {
    const same = row.key === null ? undefined : lines.get(row.key)
    if (same && same.length > 1) row.reasons.push({ code: 'duplicate_in_file', value: `${showKey(row.key!)} @ ${same.slice(0, 5).join(', ')}` })
  }
}

/** The coordinates a CRS guess looks at: the first rows' lon/lat, or their geometry's first position. */
export function sampleCoordinates(mapping: ColumnMapping, table: SourceTable): LonLat[] {
  const number = (result: CellResult<number>) => ('value' in result && result.value !== null ? result.value : NaN)
  return table.rows.slice(0, 200).flatMap((row) => {
    if (mapping.lonlat) {
      const pair = readCoordinatePair(row.cells[mapping.lonlat])
      return 'value' in pair && pair.value ? [pair.value as LonLat] : []
    }
    if (mapping.lon && mapping.lat) return [[number(readCoordinate(row.cells[mapping.lon])), number(readCoordinate(row.cells[mapping.lat]))] as LonLat]
    const first = row.geometry ? JSON.stringify(row.geometry).match(/-?\d+(\.\d+)?,\s*-?\d+(\.\d+)?/) : null
    return first ? [first[0].split(',').map(Number) as LonLat] : []
  })
}
