import { type Kysely, sql } from 'kysely'
import { jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { creditCodeProblem, describeCreditCodeProblem } from '../../domain/credit-code.ts'
import { ENTERPRISE_KIND_ZH, ENTERPRISE_ORIGIN_ZH, type EnterpriseKind, QUALIFICATION_GRADES } from '../../domain/enterprise.ts'
import { type CellInput, type CellResult, isBlank, readCode, readDate, readEnum, readText } from '../../domain/import-cells.ts'
import type { EntityDef } from './entities.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * The offices' enterprise ledgers (企业名录): one firm per row, keyed by its 统一社会信用代码 (checked with its check
 * character), with an optional qualification (资质) per row. A name another firm already holds is refused on the
 * row rather than failing the whole import on the database's UNIQUE.
 */

// The minimum is the database's own (a name of one character, a number of three, would fail the whole import).
const text = (max: number, min = 1) => (cell: CellInput) => readText(cell, max, min)

/** One or more kinds in a cell, as codes or Chinese labels, separated by 、，,;/ or spaces. */
function readKinds(cell: CellInput): CellResult<EnterpriseKind[]> {
  if (isBlank(cell)) return { value: null }
  const kinds: EnterpriseKind[] = []
  for (const part of String(cell).split(/[、，,;；/|\s]+/).filter(Boolean)) {
    const kind = readEnum(part, ENTERPRISE_KIND_ZH)
    if (!('value' in kind) || kind.value === null) return { issue: 'unknown_value' }
    if (!kinds.includes(kind.value)) kinds.push(kind.value)
  }
  return { value: kinds }
}

const GRADES = Object.fromEntries(QUALIFICATION_GRADES.map((g) => [g, g])) as Record<(typeof QUALIFICATION_GRADES)[number], string>
const QUALIFICATION = ['qualification_category', 'qualification_grade', 'qualification_no', 'qualification_valid_until'] as const

export const ENTERPRISE_IMPORT: EntityDef = {
  table: 'enterprises', geometry: null,
  fields: {
    credit_code: { aliases: ['creditcode', '统一社会信用代码', '社会信用代码', '信用代码'], read: (cell) => readCode(cell, 18), type: 'text', required: true },
    name: { aliases: ['name', '企业名称', '单位名称', '名称'], read: text(200, 2), type: 'text', required: true },
    kinds: { aliases: ['kinds', 'kind', '企业类型', '主体类型', '单位类型'], read: readKinds, type: 'text[]', required: true },
    origin: { aliases: ['origin', '属地', '本地外地', '企业属地'], read: (cell) => readEnum(cell, ENTERPRISE_ORIGIN_ZH), type: 'text', fallback: 'local' },
    registered_place: { aliases: ['registeredplace', '注册地', '注册所在地'], read: text(100, 2), type: 'text', required: true },
    entered_on: { aliases: ['enteredon', '进苏日期', '入苏日期', '进苏备案日期'], read: readDate, type: 'date' },
    legal_representative: { aliases: ['legalrepresentative', '法定代表人', '法人代表'], read: text(50), type: 'text' },
    contact_name: { aliases: ['contactname', '联系人'], read: text(50), type: 'text' },
    contact_phone: { aliases: ['contactphone', '联系电话', '电话'], read: text(30), type: 'text' },
    address: { aliases: ['address', '地址', '办公地址'], read: text(200), type: 'text' },
    qualification_category: { aliases: ['qualificationcategory', '资质类别', '资质名称'], read: text(100, 2), type: 'text', lookup: true },
    qualification_grade: { aliases: ['qualificationgrade', '资质等级'], read: (cell) => readEnum(cell, GRADES), type: 'text', lookup: true },
    qualification_no: { aliases: ['qualificationno', '资质证书编号', '资质证书号'], read: text(60), type: 'text', lookup: true },
    qualification_valid_until: { aliases: ['qualificationvaliduntil', '资质有效期', '资质有效期至'], read: readDate, type: 'date', lookup: true },
  },
  key: (r) => (r.credit_code as string | undefined) ?? null, match: ['credit_code'], resolved: {}, canCreate: true,
  rowIssue: (r) => {
    if (r.origin !== 'out_of_province' && r.entered_on) return 'entered_on_local'
    const given = QUALIFICATION.filter((f) => r[f] !== undefined).length
    return given > 0 && given < QUALIFICATION.length ? 'qualification_incomplete' : null
  },
}

/** Check characters, and names held by another firm (registered, or another row of the file). */
export async function checkEnterpriseRows(db: Kysely<DB>, mapping: ColumnMapping, rows: CandidateRow[]): Promise<void> {
  const column = (field: string) => mapping.fields[field] ?? field
  const names = [...new Set(rows.map((r) => r.record.name).filter((n): n is string => typeof n === 'string'))]
  const { rows: holders } = names.length === 0 ? { rows: [] } : await sql<{ name: string; credit_code: string }>`
    SELECT name, credit_code FROM enterprises WHERE name IN (SELECT jsonb_array_elements_text(${jsonb(names)}))`.execute(db)
  const holder = new Map(holders.map((h) => [h.name, h.credit_code]))
  const lines = new Map<string, number[]>()
  for (const row of rows) if (typeof row.record.name === 'string') lines.set(row.record.name, [...(lines.get(row.record.name) ?? []), row.line])
  for (const row of rows) {
    const code = row.record.credit_code
    const problem = typeof code === 'string' ? creditCodeProblem(code) : null
    if (problem) row.reasons.push({ code: 'invalid_credit_code', column: column('credit_code'), value: `${code}: ${describeCreditCodeProblem(problem)}` })
    const name = row.record.name as string | undefined
    if (name && holder.has(name) && holder.get(name) !== code) row.reasons.push({ code: 'name_taken', column: column('name'), value: `${name} → ${holder.get(name)}` })
    const same = name ? lines.get(name) ?? [] : []
    if (same.length > 1) row.reasons.push({ code: 'duplicate_in_file', column: column('name'), value: `${name} @ ${same.slice(0, 5).join(', ')}` })
  }
}

/** The rows' qualifications, after their firms are written: one per firm and category, replaced when given again. */
export async function writeQualifications(trx: Kysely<DB>, rows: CandidateRow[]): Promise<void> {
  const given = rows.filter((r) => r.record.qualification_category !== undefined).map((r) => ({
    credit_code: r.record.credit_code, category: r.record.qualification_category, grade: r.record.qualification_grade,
    certificate_no: r.record.qualification_no, valid_until: r.record.qualification_valid_until,
  }))
  if (given.length === 0) return
  await sql`
    INSERT INTO enterprise_qualifications (enterprise_id, category, grade, certificate_no, valid_until)
    SELECT e.id, v.category, v.grade, v.certificate_no, v.valid_until
    FROM jsonb_to_recordset(${jsonb(given)}) AS v(credit_code text, category text, grade text, certificate_no text, valid_until date)
    JOIN enterprises e ON e.credit_code = v.credit_code
    ON CONFLICT (enterprise_id, category) DO UPDATE SET grade = EXCLUDED.grade, certificate_no = EXCLUDED.certificate_no, valid_until = EXCLUDED.valid_until`.execute(trx)
}
