import { type Kysely, sql } from 'kysely'
import { jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { type CellInput, type CellResult, isBlank, readCode, readDate, readEnum, readNumber, readText } from '../../domain/import-cells.ts'
import {
  componentZh, judgeSampling, labCoversScaffold, type Measurement, parseSampleValues, resultsProblem, SCAFFOLD_COMPONENTS, SCAFFOLD_PROPERTIES, type ScaffoldComponent, type ScaffoldProperty,
} from '../../domain/scaffold.ts'
import { beijingDay } from '../../domain/time.ts'
import { matchManufacturer } from '../scaffold/scaffold.repo.ts'
import { openFailedBatchHazard } from '../scaffold/scaffold.service.ts'
import type { EntityDef, Field } from './entities.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * A lab's or an office's ledger of scaffold spot checks (盘扣构配件抽检台账): one batch per row, keyed by site, component,
 * batch and sampling day, so that importing the same sheet twice adds nothing. Each measured property is a column
 * with one value per sample (`3.2/3.18/3.22`); the verdict is judged as the API judges it, the lab must be a testing
 * institution (by credit code or exact name) qualified for building components on the sampling day, and each failed
 * batch opens its major hazard in the import's transaction.
 */

const COMPONENT_LABELS = Object.fromEntries(SCAFFOLD_COMPONENTS.map((c) => [c, componentZh(c)])) as Record<ScaffoldComponent, string>
const PROPERTY_ALIASES: Record<ScaffoldProperty, string[]> = {
  yield_strength: ['yieldstrength', '屈服强度', '下屈服强度'], tensile_strength: ['tensilestrength', '抗拉强度'], elongation: ['elongation', '断后伸长率', '伸长率'],
  outer_diameter: ['outerdiameter', '外径', '钢管外径'], wall_thickness: ['wallthickness', '壁厚', '钢管壁厚'], plate_thickness: ['platethickness', '厚度', '连接盘厚度', '插销厚度'],
}
const values = (cell: CellInput): CellResult<number[]> => {
  if (isBlank(cell)) return { value: null }
  const parsed = parseSampleValues(String(cell))
  return parsed ? { value: parsed } : { issue: 'invalid_number' }
}
const sampleCount = (cell: CellInput): CellResult<number> => {
  const result = readNumber(cell, 1, 100)
  return 'value' in result && result.value !== null && !Number.isInteger(result.value) ? { issue: 'invalid_number' } : result
}
const measured = Object.fromEntries(SCAFFOLD_PROPERTIES.map((p): [string, Field] => [p, { aliases: PROPERTY_ALIASES[p], read: values, type: 'text', lookup: true }]))

export const SCAFFOLD_IMPORT: EntityDef = {
  table: 'scaffold_samplings', geometry: null,
  fields: {
    site_code: { aliases: ['sitecode', '项目编号', '工程编号', '监督编号'], read: (cell) => readCode(cell, 64), type: 'text', required: true, lookup: true },
    sampled_on: { aliases: ['sampledon', '抽样日期', '取样日期', '抽检日期'], read: readDate, type: 'date', required: true },
    component: { aliases: ['component', '构件', '构配件', '构件名称', '构配件名称'], read: (cell) => readEnum(cell, COMPONENT_LABELS), vocabulary: { labels: COMPONENT_LABELS, synonyms: {} }, type: 'text', required: true },
    batch_no: { aliases: ['batchno', '批次号', '批号', '生产批号'], read: (cell) => readText(cell, 64), type: 'text', required: true },
    manufacturer_name: { aliases: ['manufacturer', 'manufacturername', '生产厂家', '生产单位', '制造商'], read: (cell) => readText(cell, 200, 2), type: 'text', required: true },
    sample_count: { aliases: ['samplecount', '抽样数量', '样品数量', '抽样件数'], read: sampleCount, type: 'int4', required: true },
    lab: { aliases: ['lab', '检测机构', '检测单位'], read: (cell) => readText(cell, 200), type: 'text', required: true, lookup: true },
    ...measured,
  },
  key: (r) => (r.site_code && r.component && r.batch_no && r.sampled_on ? `${r.site_code}|${r.component}|${r.batch_no}|${r.sampled_on}` : null),
  match: [], resolved: { site_id: 'int4', lab_id: 'int4', manufacturer_id: 'int4', results: 'jsonb', verdict: 'text', failed_samples: 'int4' }, canCreate: true,
}

/** Labs by credit code or exact name, with their qualifications' validity; results judged; manufacturers linked. */
export async function checkScaffoldRows(db: Kysely<DB>, mapping: ColumnMapping, rows: CandidateRow[]): Promise<void> {
  const column = (field: string) => mapping.fields[field] ?? field
  const wanted = [...new Set(rows.map((r) => r.record.lab).filter((l): l is string => typeof l === 'string'))]
  const { rows: quals } = wanted.length === 0 ? { rows: [] } : await sql<{ id: number; credit_code: string; name: string; text: string; valid_until: string }>`
    SELECT e.id, e.credit_code, e.name, q.category || ' ' || q.scope AS text, q.valid_until::text AS valid_until
    FROM enterprises e JOIN enterprise_qualifications q ON q.enterprise_id = e.id WHERE 'testing' = ANY(e.kinds)
      AND (e.credit_code IN (SELECT jsonb_array_elements_text(${jsonb(wanted)})) OR e.name IN (SELECT jsonb_array_elements_text(${jsonb(wanted)})))`.execute(db)
  const manufacturers = new Map<string, number | null>()
  for (const row of rows) {
    const r = row.record
    if (typeof r.lab === 'string') {
      const held = quals.filter((q) => q.credit_code === r.lab || q.name === r.lab)
      const valid = held.filter((q) => typeof r.sampled_on === 'string' && q.valid_until >= r.sampled_on)
      if (held.length === 0) row.reasons.push({ code: 'unknown_lab', column: column('lab'), value: r.lab })
      else if (!labCoversScaffold(valid.map((q) => q.text))) row.reasons.push({ code: 'lab_not_qualified', column: column('lab'), value: r.lab })
      else r.lab_id = valid[0].id
    }
    const results: Measurement[] = SCAFFOLD_PROPERTIES.filter((p) => Array.isArray(r[p])).map((property) => ({ property, values: r[property] as number[] }))
    if (typeof r.component !== 'string' || typeof r.sample_count !== 'number') continue
    const component = r.component as ScaffoldComponent
    const problem = resultsProblem(component, r.sample_count, results)
    if (problem) { row.reasons.push({ code: 'invalid_results', value: problem }); continue }
    if (typeof r.sampled_on === 'string' && r.sampled_on > beijingDay(new Date())) row.reasons.push({ code: 'date_in_future', column: column('sampled_on') })
    const judgment = judgeSampling(component, results)
    Object.assign(r, { results, verdict: judgment.verdict, failed_samples: judgment.failedSamples })
    if (typeof r.manufacturer_name === 'string') {
      if (!manufacturers.has(r.manufacturer_name)) manufacturers.set(r.manufacturer_name, await matchManufacturer(db, r.manufacturer_name))
      r.manufacturer_id = manufacturers.get(r.manufacturer_name)
    }
  }
}

/** After the write: each failed batch's major hazard, linked back to its sampling (the import's audit entry covers them). */
export async function raiseImportedScaffoldHazards(trx: Kysely<DB>, written: CandidateRow[]): Promise<void> {
  for (const { record: r } of written.filter((row) => row.record.verdict === 'fail')) {
    const sampling = await trx.selectFrom('scaffold_samplings').select('id').where('site_id', '=', r.site_id as number).where('component', '=', r.component as string)
      .where('batch_no', '=', r.batch_no as string).where(sql<boolean>`sampled_on = ${r.sampled_on as string}::date`).where('hazard_id', 'is', null).executeTakeFirst()
    if (!sampling) continue
    const component = r.component as ScaffoldComponent
    await openFailedBatchHazard(trx, sampling.id, {
      siteId: r.site_id as number, component, batchNo: r.batch_no as string, manufacturerName: r.manufacturer_name as string, sampleCount: r.sample_count as number,
    }, judgeSampling(component, r.results as Measurement[]))
  }
}
