import { type ColumnProfile, type MatchVia, matchColumns, type TargetSpec } from '../../domain/import-columns.ts'
import { isKnownValue, suggestValue, type ValueVia } from '../../domain/import-vocabulary.ts'
import { AppError } from '../../errors.ts'
import { COORDINATE_ALIASES, type EntityDef } from './entities.ts'
import type { Cell, SourceTable } from './readers.ts'

/*
 * What each column of a file is, and what each odd value in a coded column means. Three voices decide, the first
 * that speaks winning: the user (a mapping sent with the request), the office's template for this shape of sheet,
 * then the importer's own matching (aliases, similar headers, the values themselves) and the curated synonyms.
 * Only the first two count as confirmed: a guess is applied in the preview so the user sees what it would do, but
 * an import does not run on a guess.
 */

/** A mapping as the user or a template gives it: column → target (null: ignore), and field → raw value → code (null: blank). */
export interface MappingInput { columns?: Record<string, string | null>; values?: Record<string, Record<string, string | null>> }
export type Decided = 'template' | 'user'
export interface ColumnSource {
  name: string; samples: string[]; hidden: boolean; target: string | null
  via: MatchVia | Decided | null; confidence: number; confirmed: boolean
}
export interface ValueChoice { field: string; column: string; value: string; rows: number; target: string | null; via: ValueVia | Decided | null; confirmed: boolean }
export interface ColumnMapping {
  fields: Record<string, string>
  lon?: string; lat?: string; lonlat?: string; wkt?: string
  ignored: string[]
  sources: ColumnSource[]
  /** Required targets no column fills; `blocking` when rows cannot even be judged without them. */
  missing: string[]
  blocking: boolean
  /** Per coded field, the raw values (trimmed) given a meaning: code, or null for blank. */
  valueMap: Record<string, Map<string, string | null>>
  values: ValueChoice[]
}

const POINT_TARGETS = ['lon', 'lat', 'lonlat', 'wkt'] as const
const SAMPLE_VALUES = 200

/** The targets a column of this entity may be mapped to, in the order a form shows them. */
export function targetsOf(def: EntityDef): { target: string; required: boolean; codes: string[] }[] {
  const fields = Object.entries(def.fields).map(([target, f]) => ({ target, required: Boolean(f.required), codes: Object.keys(f.vocabulary?.labels ?? {}) }))
  const geometry = def.geometry?.kind === 'point' ? POINT_TARGETS : def.geometry ? ['wkt'] : []
  return [...fields, ...geometry.map((target) => ({ target, required: false, codes: [] }))]
}

function targetSpecs(def: EntityDef): TargetSpec[] {
  const coordinate: Record<string, TargetSpec> = {
    lon: { target: 'lon', aliases: COORDINATE_ALIASES.lon }, lat: { target: 'lat', aliases: COORDINATE_ALIASES.lat },
    lonlat: { target: 'lonlat', aliases: COORDINATE_ALIASES.lonlat, pair: true }, wkt: { target: 'wkt', aliases: COORDINATE_ALIASES.geometry },
  }
  return targetsOf(def).map(({ target }) => coordinate[target] ?? { target, aliases: def.fields[target].aliases, vocabulary: def.fields[target].vocabulary })
}

const text = (cell: Cell | undefined) => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim())

export function mapColumns(def: EntityDef, table: SourceTable, user: MappingInput, template: MappingInput | null): ColumnMapping {
  const known = new Set(targetsOf(def).map((t) => t.target))
  checkMapping(def, user, table.columns)
  const decided = new Map<string, { target: string | null; via: Decided }>()
  const taken = new Set<string>()
  for (const [via, columns] of [['user', user.columns ?? {}], ['template', template?.columns ?? {}]] as const) {
    for (const [column, target] of Object.entries(columns)) {
      // A template names columns of the sheet it was made from; here only those this file has, on targets still free.
      if (decided.has(column) || !table.columns.includes(column) || (target !== null && (taken.has(target) || !known.has(target)))) continue
      decided.set(column, { target, via })
      if (target !== null) taken.add(target)
    }
  }
  const hidden = new Set(table.hidden)
  const profiles: ColumnProfile[] = table.columns.filter((c) => !decided.has(c)).map((name) => ({
    name, hidden: hidden.has(name),
    values: table.rows.map((r) => text(r.cells[name])).filter((v) => v !== '').slice(0, SAMPLE_VALUES),
  }))
  const guesses = new Map(matchColumns(profiles, targetSpecs(def).filter((t) => !taken.has(t.target))).map((m) => [m.column, m]))
  const sources: ColumnSource[] = table.columns.map((name) => {
    const samples = [...new Set(table.rows.map((r) => text(r.cells[name])).filter((v) => v !== ''))].slice(0, 5)
    const decision = decided.get(name)
    if (decision) return { name, samples, hidden: hidden.has(name), target: decision.target, via: decision.via, confidence: 1, confirmed: true }
    const guess = guesses.get(name)
    const target = guess?.target ?? null
    return { name, samples, hidden: hidden.has(name), target, via: target ? guess?.via ?? null : null, confidence: target ? guess?.confidence ?? 0 : 0, confirmed: target === null || guess?.via === 'alias' }
  })
  const mapping: ColumnMapping = { fields: {}, ignored: [], sources, missing: [], blocking: false, valueMap: {}, values: [] }
  for (const source of sources) {
    if (source.target === null) mapping.ignored.push(source.name)
    else if ((POINT_TARGETS as readonly string[]).includes(source.target)) mapping[source.target as (typeof POINT_TARGETS)[number]] = source.name
    else mapping.fields[source.target] = source.name
  }
  findMissing(def, table, mapping)
  mapValues(def, table, mapping, user, template)
  return mapping
}

/** A mapping names real targets, each once, and real codes; and, given a file's columns, only columns it has. */
export function checkMapping(def: EntityDef, user: MappingInput, columns?: string[]) {
  const problem = (message: string, details: unknown) => new AppError(400, 'invalid_mapping', message, details)
  const known = new Set(targetsOf(def).map((t) => t.target))
  const seen = new Map<string, string>()
  for (const [column, target] of Object.entries(user.columns ?? {})) {
    if (columns && !columns.includes(column)) throw problem(`the file has no column “${column}”`, { column, columns })
    if (target === null) continue
    if (!known.has(target)) throw problem(`“${target}” is not something a ${def.table} column can be`, { column, target, targets: [...known] })
    if (seen.has(target)) throw problem(`“${seen.get(target)}” and “${column}” are both mapped to ${target}`, { target, columns: [seen.get(target), column] })
    seen.set(target, column)
  }
  for (const [field, values] of Object.entries(user.values ?? {})) {
    const vocabulary = def.fields[field]?.vocabulary
    if (!vocabulary) throw problem(`“${field}” is not a coded field: only coded fields take value mappings`, { field })
    for (const [value, code] of Object.entries(values)) {
      if (code !== null && !(code in vocabulary.labels)) throw problem(`“${code}” is not a code of ${field}`, { field, value, code, codes: Object.keys(vocabulary.labels) })
    }
  }
}

// The field a layer's records are matched by, which a file must therefore name.
export const keyField = (def: EntityDef) => (def.fields.code ? 'code' : def.fields.adcode ? 'adcode' : null)

function findMissing(def: EntityDef, table: SourceTable, mapping: ColumnMapping) {
  for (const [field, spec] of Object.entries(def.fields)) {
    if (!spec.required || mapping.fields[field]) continue
    mapping.missing.push(field)
    if (spec.lookup || field === keyField(def)) mapping.blocking = true
  }
  const hasGeometry = table.rows.some((r) => r.geometry) || mapping.wkt || mapping.lonlat || (mapping.lon && mapping.lat)
  if (def.geometry && !def.geometry.optional && !hasGeometry) {
    mapping.missing.push(def.geometry.kind === 'point' ? 'lon/lat' : 'wkt')
    mapping.blocking = true
  }
}

/** Each distinct value of a mapped coded column that is not a code or label, once, with what it is taken to mean. */
function mapValues(def: EntityDef, table: SourceTable, mapping: ColumnMapping, user: MappingInput, template: MappingInput | null) {
  for (const [field, column] of Object.entries(mapping.fields)) {
    const vocabulary = def.fields[field].vocabulary
    if (!vocabulary) continue
    const counts = new Map<string, number>()
    for (const row of table.rows) {
      const value = text(row.cells[column])
      if (value !== '' && !isKnownValue(vocabulary, value)) counts.set(value, (counts.get(value) ?? 0) + 1)
    }
    const meanings = new Map<string, string | null>()
    for (const [value, rows] of counts) {
      const userCode = user.values?.[field]?.[value]
      const templateCode = template?.values?.[field]?.[value]
      const templateUsable = templateCode === null || (templateCode !== undefined && templateCode in vocabulary.labels)
      const suggestion = suggestValue(vocabulary, value)
      const choice: ValueChoice = userCode !== undefined ? { field, column, value, rows, target: userCode, via: 'user', confirmed: true }
        : templateUsable ? { field, column, value, rows, target: templateCode ?? null, via: 'template', confirmed: true }
          : { field, column, value, rows, target: suggestion?.code ?? null, via: suggestion?.via ?? null, confirmed: suggestion === null }
      mapping.values.push(choice)
      if (choice.target !== null || choice.via === 'user' || choice.via === 'template') meanings.set(value, choice.target)
    }
    if (meanings.size > 0) mapping.valueMap[field] = meanings
  }
}

/** Unconfirmed guesses: column matches by similarity or by values, and suggested meanings of values. */
export function unconfirmed(mapping: ColumnMapping) {
  return {
    columns: mapping.sources.filter((s) => s.target !== null && !s.confirmed).map((s) => ({ column: s.name, target: s.target })),
    values: mapping.values.filter((v) => v.target !== null && !v.confirmed).map((v) => ({ field: v.field, value: v.value, target: v.target })),
  }
}

/** What a template keeps: every column's target, and the value meanings the user or a template confirmed. */
export function templateMapping(mapping: ColumnMapping): Required<MappingInput> {
  const values: Record<string, Record<string, string | null>> = {}
  for (const v of mapping.values) if (v.via === 'user' || v.via === 'template') (values[v.field] ??= {})[v.value] = v.target
  return { columns: Object.fromEntries(mapping.sources.map((s) => [s.name, s.target])), values }
}
