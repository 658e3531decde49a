/*
 * What the user decided about a file, kept apart from what the server guessed: `columns` gives a source column a
 * target (null: ignore it), `values` gives an odd value of a coded field a code (null: treat it as blank). All of it
 * counts as confirmed; whatever is not here the server decides (alias, similarity, the values, a template).
 * Headers and values are the file's text: any string, '__proto__' too, so keys are only read with Object.hasOwn
 * and only written as computed keys of new objects.
 */

export interface ImportMapping { columns: Record<string, string | null>; values: Record<string, Record<string, string | null>> }
interface Column { name: string; target: string | null }
interface Value { field: string; value: string; target: string | null }

export const NO_MAPPING: ImportMapping = { columns: {}, values: {} }

/** The `mapping` form field: sent with every preview and the commit, so what is imported is what was previewed. */
export const mappingField = (mapping: ImportMapping) => JSON.stringify(mapping)

/** Whether the user confirmed or changed anything (then saving it as a template is worth offering). */
export const hasDecisions = (mapping: ImportMapping) =>
  Object.keys(mapping.columns).length > 0 || Object.values(mapping.values).some((v) => Object.keys(v).length > 0)

/** The target a column goes to now: the user's choice, else the server's. */
export const columnTarget = (mapping: ImportMapping, column: Column) =>
  Object.hasOwn(mapping.columns, column.name) ? mapping.columns[column.name] : column.target

export const valueTarget = (mapping: ImportMapping, value: Value) => {
  const chosen = mapping.values[value.field] ?? {}
  return Object.hasOwn(chosen, value.value) ? chosen[value.value] : value.target
}

/** Whether the user has decided this value (including 视为空值, which is a null target too). */
export const valueDecided = (mapping: ImportMapping, value: Value) => Object.hasOwn(mapping.values[value.field] ?? {}, value.value)

/**
 * `column` goes to `target`. A target takes one column, so a column that held it until now is ignored from here on:
 * the user moved the target, and the server refuses one target on two columns.
 */
export function withColumn(mapping: ImportMapping, columns: Column[], name: string, target: string | null): ImportMapping {
  let next = { ...mapping.columns, [name]: target }
  if (target !== null) {
    for (const other of columns) if (other.name !== name && columnTarget(mapping, other) === target) next = { ...next, [other.name]: null }
  }
  return { ...mapping, columns: next }
}

export function withValue(mapping: ImportMapping, field: string, value: string, code: string | null): ImportMapping {
  return { ...mapping, values: { ...mapping.values, [field]: { ...mapping.values[field], [value]: code } } }
}

/** Targets every point or polygon layer has besides its fields; their labels are shared. */
const GEOMETRY_TARGETS = new Set(['lon', 'lat', 'lonlat', 'wkt'])

/** The i18n key of a target's name; a report's `missing` may join two ('lon/lat'). */
export const targetKeys = (entity: string, target: string) =>
  target.split('/').map((t) => (GEOMETRY_TARGETS.has(t) ? `imports.target.geometry.${t}` : `imports.target.${entity}.${t}`))

/** The name a new template gets: the layer and the file it came from (`在建项目·轨道交通台账`). */
export const defaultTemplateName = (entityLabel: string, fileName: string) => `${entityLabel}·${fileName.replace(/\.[^.]*$/, '')}`.slice(0, 100)
