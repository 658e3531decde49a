import { type Kysely, sql } from 'kysely'
import { jsonb } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { CERTIFICATE_KINDS } from '../../domain/certification.ts'
import { ID_NUMBER_PROBLEM_TEXT, idNumberProblem, maskIdNumber, normalizeIdNumber } from '../../domain/id-number.ts'
import { type CellInput, isBlank, readDate, readEnum, readText } from '../../domain/import-cells.ts'
import type { EntityDef } from './entities.ts'
import type { ColumnMapping } from './mapping.ts'
import type { CandidateRow } from './rows.ts'

/*
 * The offices' personnel ledgers (人员名册): one person per row, keyed by the 身份证号 (checked per GB 11643), the
 * employer found by its 统一社会信用代码 or exact name, and optionally one certificate per row (written after the
 * people, skipped when its kind and number are already registered).
 */

// The minimum is the database's own (a name of one character, a number of three, would fail the whole import).
const text = (max: number, min = 1) => (cell: CellInput) => readText(cell, max, min)
const KIND_ZH: Record<(typeof CERTIFICATE_KINDS)[number], string> = {
  safety_a: '安全生产考核合格证书A', safety_b: '安全生产考核合格证书B', safety_c: '安全生产考核合格证书C', special_work: '特种作业操作资格证', registered: '注册证书',
}
const CERTIFICATE = ['certificate_kind', 'certificate_no', 'certificate_issuer', 'certificate_issued_on', 'certificate_expires_on'] as const

export const PEOPLE_IMPORT: EntityDef = {
  table: 'people', geometry: null,
  fields: {
    id_number: { aliases: ['idnumber', '身份证号', '身份证号码', '公民身份号码', '证件号码'], read: (cell) => (isBlank(cell) ? { value: null } : { value: normalizeIdNumber(String(cell)) }), type: 'text', required: true },
    name: { aliases: ['name', '姓名'], read: text(50, 2), type: 'text', required: true },
    phone: { aliases: ['phone', '手机', '手机号', '联系电话'], read: text(20), type: 'text' },
    employer: { aliases: ['employer', '所在单位', '工作单位', '单位名称', '统一社会信用代码'], read: text(200), type: 'text', lookup: true },
    certificate_kind: { aliases: ['certificatekind', '证书类型', '证书类别'], read: (cell) => readEnum(cell, KIND_ZH), type: 'text', lookup: true },
    certificate_specialty: { aliases: ['certificatespecialty', '专业', '工种', '操作类别'], read: text(60), type: 'text', lookup: true },
    certificate_no: { aliases: ['certificateno', '证书编号'], read: text(60, 4), type: 'text', lookup: true },
    certificate_issuer: { aliases: ['certificateissuer', '发证机关'], read: text(100, 2), type: 'text', lookup: true },
    certificate_issued_on: { aliases: ['certificateissuedon', '发证日期'], read: readDate, type: 'date', lookup: true },
    certificate_expires_on: { aliases: ['certificateexpireson', '有效期至', '证书有效期'], read: readDate, type: 'date', lookup: true },
  },
  key: (r) => (r.id_number as string | undefined) ?? null, match: ['id_number'], resolved: { employer_id: 'int4' }, canCreate: true,
  // The report is read on screen and saved with the import's audit entry: ID numbers in it are masked, as in every listing.
  showKey: maskIdNumber,
  rowIssue: (r) => {
    const given = CERTIFICATE.filter((f) => r[f] !== undefined && r[f] !== null).length
    if (given > 0 && given < CERTIFICATE.length) return 'certificate_incomplete'
    return given > 0 && String(r.certificate_expires_on) <= String(r.certificate_issued_on) ? 'certificate_dates' : null
  },
}

/** ID numbers (GB 11643), and employers by credit code or exact name: an unknown employer is a warning, left empty. */
export async function checkPeopleRows(db: Kysely<DB>, mapping: ColumnMapping, rows: CandidateRow[]): Promise<void> {
  const column = (field: string) => mapping.fields[field] ?? field
  const wanted = [...new Set(rows.map((r) => r.record.employer).filter((e): e is string => typeof e === 'string'))]
  const { rows: firms } = wanted.length === 0 ? { rows: [] } : await sql<{ id: number; credit_code: string; name: string }>`
    SELECT id, credit_code, name FROM enterprises WHERE credit_code IN (SELECT jsonb_array_elements_text(${jsonb(wanted)}))
      OR name IN (SELECT jsonb_array_elements_text(${jsonb(wanted)}))`.execute(db)
  const employer = new Map(firms.flatMap((f) => [[f.credit_code, f.id], [f.name, f.id]] as [string, number][]))
  for (const row of rows) {
    const id = row.record.id_number
    const problem = typeof id === 'string' ? idNumberProblem(id) : null
    if (problem) row.reasons.push({ code: 'invalid_id_number', column: column('id_number'), value: `${maskIdNumber(id as string)}: ${ID_NUMBER_PROBLEM_TEXT[problem]}` })
    const given = row.record.employer
    if (typeof given !== 'string') continue
    if (employer.has(given)) row.record.employer_id = employer.get(given)
    else row.warnings.push({ code: 'unknown_employer', column: column('employer'), value: given })
  }
}

/**
 * The rows' certificates, after their people are written; one already registered (kind and number) is left as it is.
 * A newer one renews the person's latest of the same kind and specialty (kept as its history), and the sites the
 * person works on now are marked for the risk model, which reads their 持证上岗率.
 */
export async function writePeopleCertificates(trx: Kysely<DB>, rows: CandidateRow[]): Promise<void> {
  const given = rows.filter((r) => r.record.certificate_kind !== undefined && r.record.certificate_kind !== null).map((r) => ({
    id_number: r.record.id_number, kind: r.record.certificate_kind, specialty: r.record.certificate_specialty ?? '', number: r.record.certificate_no,
    issuer: r.record.certificate_issuer, issued_on: r.record.certificate_issued_on, expires_on: r.record.certificate_expires_on,
  }))
  if (given.length === 0) return
  await sql`
    WITH added AS (
      INSERT INTO certificates (person_id, kind, specialty, number, issuer, issued_on, expires_on, replaces_id)
      SELECT p.id, v.kind, v.specialty, v.number, v.issuer, v.issued_on, v.expires_on,
        (SELECT c.id FROM certificates c WHERE c.person_id = p.id AND c.kind = v.kind AND c.specialty = v.specialty AND c.issued_on < v.issued_on
           AND NOT EXISTS (SELECT 1 FROM certificates r WHERE r.replaces_id = c.id) ORDER BY c.issued_on DESC, c.id DESC LIMIT 1)
      FROM jsonb_to_recordset(${jsonb(given)}) AS v(id_number text, kind text, specialty text, number text, issuer text, issued_on date, expires_on date)
      JOIN people p ON p.id_number = v.id_number
      ON CONFLICT (kind, number) DO NOTHING
      RETURNING person_id)
    INSERT INTO risk_stale (site_id) SELECT DISTINCT site_id FROM site_staff WHERE to_date IS NULL AND person_id IN (SELECT person_id FROM added)
    ON CONFLICT (site_id) DO UPDATE SET marked_at = clock_timestamp()`.execute(trx)
}
