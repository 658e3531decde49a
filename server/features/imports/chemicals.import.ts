import { type Kysely, sql } from 'kysely'
import { jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { casProblem, FOOTPRINT_TOLERANCE_M, HAZARD_CLASSES, type HazardClass, POINT_TOLERANCE_M, QUANTITY_UNITS, unProblem } from '../../domain/chemicals.ts'
import { type CellInput, type CellResult, isBlank, readCode, readEnum, readNumber, readText } from '../../domain/import-cells.ts'
import type { EntityDef } from './entities.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * The sites' chemical ledgers (危化品台账): one chemical per row, on a site by its code, with its storage point as
 * coordinates. A chemical the site already stores under the same name is left as it is (an import adds, the tab
 * edits); CAS check digits and storage points off the site are refused on the row.
 */

const text = (max: number) => (cell: CellInput) => readText(cell, max)

/** A class as offices write it: 2.1, 第2.1类, 3类, “2.1 易燃气体”. */
function readHazardClass(cell: CellInput): CellResult<HazardClass> {
  if (isBlank(cell)) return { value: null }
  const match = /(\d(?:\.\d)?)/.exec(String(cell).replace(/[．。]/g, '.'))
  const found = HAZARD_CLASSES.find((c) => c === match?.[1])
  return found ? { value: found } : { issue: 'unknown_value' }
}

const UNITS: Record<(typeof QUANTITY_UNITS)[number], string> = { kg: '千克', t: '吨', L: '升', m3: '立方米' }

export const CHEMICAL_IMPORT: EntityDef = {
  table: 'site_chemicals', geometry: { column: 'storage_location', kind: 'point' },
  fields: {
    site_code: { aliases: ['sitecode', '项目编号', '工程编号', '所属项目'], read: (cell) => readCode(cell, 64), type: 'text', required: true, lookup: true },
    name: { aliases: ['name', '危化品名称', '化学品名称', '品名', '名称'], read: text(100), type: 'text', required: true },
    cas_no: { aliases: ['casno', 'cas', 'cas号', 'cas编号', 'cas登记号'], read: (cell) => readCode(cell, 12), type: 'text' },
    un_no: { aliases: ['unno', 'un', 'un号', 'un编号', '联合国编号'], read: (cell) => readCode(cell, 6), type: 'text' },
    hazard_class: { aliases: ['hazardclass', 'class', '危险类别', '危险性类别', '类别'], read: readHazardClass, type: 'text', required: true },
    max_quantity: { aliases: ['maxquantity', 'quantity', '最大存量', '最大储存量', '存量'], read: (cell) => readNumber(cell, 0.001, 1e7), type: 'float8', required: true },
    unit: { aliases: ['unit', '单位', '计量单位'], read: (cell) => readEnum(cell, UNITS), type: 'text', required: true },
    storage_note: { aliases: ['storagenote', '存放说明', '存放位置', '储存地点'], read: text(500), type: 'text', fallback: '' },
    responsible_name: { aliases: ['responsiblename', 'responsible', '责任单位', '责任主体', '使用单位'], read: text(200), type: 'text', required: true },
  },
  key: (r) => (r.site_code && r.name ? `${r.site_code}|${r.name}` : null), match: [], resolved: { site_id: 'int4' }, canCreate: true,
  rowIssue: (r) => (typeof r.cas_no === 'string' && casProblem(r.cas_no) ? 'invalid_cas' : typeof r.un_no === 'string' && unProblem(r.un_no) ? 'invalid_un' : null),
}

/** Storage points on their sites (inside the footprint, or near the point of a site without one), as the API checks them. */
export async function checkChemicalRows(db: Kysely<DB>, mapping: ColumnMapping, rows: CandidateRow[]): Promise<void> {
  const placed = rows.filter((r) => typeof r.record.site_id === 'number' && r.geometry && r.reasons.length === 0)
  if (placed.length === 0) return
  const points = placed.map((r, i) => ({ i, site: r.record.site_id, point: r.geometry }))
  const { rows: off } = await sql<{ i: number }>`
    SELECT v.i FROM jsonb_to_recordset(${jsonb(points)}) AS v(i int, site int, point jsonb) JOIN sites s ON s.id = v.site
    CROSS JOIN LATERAL (SELECT ST_SetSRID(ST_GeomFromGeoJSON(v.point::text), 4326)::geography AS g) p
    WHERE NOT CASE WHEN s.footprint IS NOT NULL THEN ST_DWithin(s.footprint::geography, p.g, ${FOOTPRINT_TOLERANCE_M}::float8)
      ELSE ST_DWithin(s.location::geography, p.g, ${POINT_TOLERANCE_M}::float8) END`.execute(db)
  const column = mapping.lonlat ?? mapping.lon ?? mapping.wkt ?? undefined
  for (const { i } of off) placed[i].reasons.push({ code: 'storage_off_site', column, value: String(placed[i].record.site_code) })
}
