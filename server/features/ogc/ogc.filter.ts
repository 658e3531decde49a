import { type RawBuilder, sql } from 'kysely'
import { COMPARISONS, type Cql2, CqlError, type Geometry, type Instant, type Operand } from '../../domain/cql2.ts'
import type { SiteScope } from '../../domain/roles.ts'
import type { Bbox, Property, Source } from './ogc.collections.repo.ts'
import { isQueryable } from './ogc.queryables.ts'

/*
 * A CQL2 tree (domain/cql2.ts) as a SQL condition on a collection. Every property is looked up among the
 * collection's queryables and every literal is a bound parameter with an explicit cast, after its type has been
 * checked against the property's: no text of the filter reaches the SQL, and no comparison can fail in PostgreSQL.
 */

type Kind = 'number' | 'string' | 'boolean' | 'date' | 'date-time'
interface Typed { sql: RawBuilder<unknown>; kind: Kind; literal: boolean }
/** The CRS of the filter's geometries (filter-crs): its SRID and whether its first axis is north. */
export interface FilterCrs { srid: number; northFirst: boolean }

// Through box2d rather than ST_MakeEnvelope: a box of zero width or height becomes a line or a point, which
// intersects what it touches, where a degenerate envelope polygon intersects nothing. A box in metres has its edges
// cut every kilometre before it is taken to WGS-84, so that they bend as the projection's straight lines do.
export function intersects(geometry: RawBuilder<unknown>, b: Bbox) {
  const box = sql`ST_SetSRID(ST_MakeBox2D(ST_Point(${b.minX}, ${b.minY}), ST_Point(${b.maxX}, ${b.maxY}))::geometry, ${sql.lit(b.srid)})`
  return sql`ST_Intersects(${geometry}, ${b.srid === 4326 ? box : sql`ST_Transform(ST_Segmentize(${box}, 1000), 4326)`})`
}

const KIND_OF: Record<Exclude<Property['type'], 'array'>, Kind> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', date: 'date', 'date-time': 'date-time' }
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const temporalKind = (k: Kind) => k === 'date' || k === 'date-time'

export function cqlCondition(tree: Cql2, source: Source, scope: SiteScope, crs: FilterCrs): RawBuilder<unknown> {
  const property = (name: string): Typed => {
    const p = source.properties.find((q) => q.name === name && isQueryable(q.type))
    if (!p) throw new CqlError(`no queryable ${name}: the queryables are ${source.properties.filter((q) => isQueryable(q.type)).map((q) => q.name).join(', ')}, geometry`)
    return { sql: p.value, kind: KIND_OF[p.type as keyof typeof KIND_OF], literal: false }
  }
  const operand = (v: Operand): Typed => {
    if (typeof v === 'string') return { sql: sql`${v}::text`, kind: 'string', literal: true }
    if (typeof v === 'number') return { sql: sql`${v}::float8`, kind: 'number', literal: true }
    if (typeof v === 'boolean') return { sql: sql`${v}::boolean`, kind: 'boolean', literal: true }
    if ('property' in v) return property(v.property)
    if ('date' in v) return { sql: sql`${v.date}::date`, kind: 'date', literal: true }
    if ('timestamp' in v) return { sql: sql`${v.timestamp}::timestamptz`, kind: 'date-time', literal: true }
    throw new CqlError('a geometry, bbox or interval is only an argument of a spatial or temporal function')
  }
  /** Two operands that can be compared: the same kind, or a date with a time (the date as its Beijing midnight). */
  const comparable = (op: string, ...typed: Typed[]): RawBuilder<unknown>[] => {
    const kinds = new Set(typed.map((t) => t.kind))
    if (kinds.size === 1) return typed.map((t) => t.sql)
    if ([...kinds].every(temporalKind)) return typed.map(instant)
    throw new CqlError(`${op} compares ${typed.map((t) => t.kind).join(' with ')}: ${typed.some((t) => t.kind === 'string') ? 'quote text as \'…\', and give dates as DATE(\'…\')' : 'give values of the property’s type'}`)
  }
  const instant = (t: Typed) => (t.kind === 'date' ? sql`(${t.sql}::timestamp AT TIME ZONE 'Asia/Shanghai')` : t.sql)
  const timeOf = (v: Instant | Operand) => {
    const t = operand(v as Operand)
    if (!temporalKind(t.kind)) throw new CqlError('a temporal function takes dates, timestamps, intervals and date or time properties')
    return instant(t)
  }

  const geometry = (v: Operand): RawBuilder<unknown> => {
    if (isObject(v) && 'property' in v) {
      if (v.property !== 'geometry') throw new CqlError(`${String(v.property)} is not a geometry: the geometry is called geometry`)
      return source.geometry(scope)
    }
    if (isObject(v) && 'bbox' in v) {
      const n = v.bbox.length === 6 ? [v.bbox[0], v.bbox[1], v.bbox[3], v.bbox[4]] : v.bbox
      const [minX, minY, maxX, maxY] = crs.northFirst ? [n[1], n[0], n[3], n[2]] : n
      return sql`ST_Transform(ST_Segmentize(ST_SetSRID(ST_MakeBox2D(ST_Point(${minX}, ${minY}), ST_Point(${maxX}, ${maxY}))::geometry, ${sql.lit(crs.srid)}), 1000), 4326)`
    }
    if (isObject(v) && 'type' in v && 'coordinates' in v) {
      const read = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify({ type: (v as Geometry).type, coordinates: (v as Geometry).coordinates })}), ${sql.lit(crs.srid)})`
      return sql`ST_Transform(${crs.northFirst ? sql`ST_FlipCoordinates(${read})` : read}, 4326)`
    }
    throw new CqlError('S_INTERSECTS takes the geometry property and a WKT geometry or BBOX')
  }

  const temporal = (op: string, [a, b]: Operand[]): RawBuilder<unknown> => {
    const left = timeOf(a)
    if (isObject(b) && 'interval' in b) {
      const [from, to] = b.interval.map((end) => (end === '..' ? null : timeOf(end)))
      const within = sql.join([...(from ? [sql`${left} >= ${from}`] : []), ...(to ? [sql`${left} <= ${to}`] : [])], sql` AND `)
      const inside = from || to ? within : sql`true`
      if (op === 't_intersects') return sql`(${left} IS NOT NULL AND ${inside})`
      if (op === 't_disjoint') return sql`(${left} IS NOT NULL AND NOT (${inside}))`
      if (op === 't_during') return sql`(${left} IS NOT NULL AND ${sql.join([...(from ? [sql`${left} > ${from}`] : []), ...(to ? [sql`${left} < ${to}`] : [sql`true`])], sql` AND `)})`
      // After an interval is after its end; before it, before its start. An open end has nothing after or before it.
      if (op === 't_after') return to ? sql`${left} > ${to}` : sql`false`
      if (op === 't_before') return from ? sql`${left} < ${from}` : sql`false`
      throw new CqlError(`${op} compares two instants, not an instant with an interval`)
    }
    const right = timeOf(b)
    const ops: Record<string, RawBuilder<unknown>> = {
      t_after: sql`${left} > ${right}`, t_before: sql`${left} < ${right}`, t_equals: sql`${left} = ${right}`, t_intersects: sql`${left} = ${right}`,
      t_disjoint: sql`${left} <> ${right}`,
    }
    if (!ops[op]) throw new CqlError(`${op} takes an interval as its second argument`)
    return ops[op]
  }

  const condition = (e: Cql2): RawBuilder<unknown> => {
    if (typeof e === 'boolean') return e ? sql`true` : sql`false`
    const args = e.args
    switch (e.op) {
      case 'and': case 'or': return sql`(${sql.join(args.map((a) => condition(a as Cql2)), e.op === 'and' ? sql` AND ` : sql` OR `)})`
      case 'not': return sql`NOT (${condition(args[0] as Cql2)})`
      case 'isNull': return sql`(${operand(args[0] as Operand).sql} IS NULL)`
      case 'like': {
        const [value, pattern] = args.map((a) => operand(a as Operand))
        if (value.kind !== 'string' || pattern.kind !== 'string') throw new CqlError('LIKE matches text with a quoted pattern')
        return sql`(${value.sql} LIKE ${pattern.sql})`
      }
      case 'between': {
        const [value, low, high] = comparable('BETWEEN', ...args.map((a) => operand(a as Operand)))
        return sql`(${value} BETWEEN ${low} AND ${high})`
      }
      case 'in': {
        const [value, ...list] = comparable('IN', operand(args[0] as Operand), ...(args[1] as Operand[]).map(operand))
        return sql`(${value} IN (${sql.join(list)}))`
      }
      case 's_intersects': return sql`ST_Intersects(${geometry(args[0] as Operand)}, ${geometry(args[1] as Operand)})`
      default:
        if (e.op.startsWith('t_')) return temporal(e.op, args as Operand[])
        if (!COMPARISONS.includes(e.op)) throw new CqlError(`unknown operator ${e.op}`)
        {
          // The operator is one of COMPARISONS, checked above: the only text of a filter written into the SQL.
          const [left, right] = comparable(e.op, ...args.map((a) => operand(a as Operand)))
          return sql`(${left} ${sql.raw(e.op)} ${right})`
        }
    }
  }
  return condition(tree)
}
