import type { PropertyType, Source } from './ogc.collections.repo.ts'

/*
 * A collection's queryables (OGC API – Features Part 3): the properties it can be filtered and sorted by, as a JSON
 * Schema. Lists are carried in features but are not queryable: CQL2's array functions are not offered.
 */

const SCHEMA_TYPES: Record<Exclude<PropertyType, 'array'>, { type: string; format?: string }> = {
  string: { type: 'string' }, integer: { type: 'integer' }, number: { type: 'number' }, boolean: { type: 'boolean' },
  date: { type: 'string', format: 'date' }, 'date-time': { type: 'string', format: 'date-time' },
}

export const isQueryable = (type: PropertyType): type is Exclude<PropertyType, 'array'> => type !== 'array'

export function queryablesOf($id: string, source: Source) {
  const properties: Record<string, Record<string, string>> = {
    geometry: { title: 'geometry', format: `geometry-${source.geometryType}`, 'x-ogc-role': 'primary-geometry' },
  }
  for (const p of source.properties) if (isQueryable(p.type)) properties[p.name] = { title: p.name, ...SCHEMA_TYPES[p.type] }
  return { $schema: 'https://json-schema.org/draft/2019-09/schema', $id, type: 'object', title: source.title, properties, additionalProperties: false }
}
