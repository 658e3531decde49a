import { type RawBuilder, sql } from 'kysely'
import { COMPARISONS, type Cql2, CqlError, type Geometry, type Instant, type Operand } from '../../domain/cql2.ts'
import type { SiteScope } from '../../domain/roles.ts'
import type { Bbox, Property, Source } from './ogc.collections.repo.ts'
import { isQueryable } from './ogc.queryables.ts'
import { compareSpans, daySpan, instantSpan, type Span, temporalFunction } from './ogc.time-spans.ts'
import { eastNorth, type OgcCrs, withinCrs } from './ogc.crs.ts'

/*
 * A CQL2 tree (domain/cql2.ts) as a SQL condition on a collection. Every property is looked up among the
 * collection's queryables and every literal is a bound parameter with an explicit cast, after its type has been
 * checked against the property's: no text of the filter reaches the SQL, and no comparison can fail in PostgreSQL.
 */

type Kind = 'number' | 'string' | 'boolean' | 'date' | 'date-time'
interface Typed { sql: RawBuilder<unknown>; kind: Kind }
/** The CRS of the filter's geometries (filter-crs): its SRID, whether its first axis is north, and its bounds (east/north). */
export type FilterCrs = Pick<OgcCrs, 'srid' | 'northFirst' | 'bounds'>

// Through box2d rather than ST_MakeEnvelope: a box of zero width or height becomes a line or a point, which
// intersects what it touches, where a degenerate envelope polygon intersects nothing. A box in metres has its edges
// cut every kilometre (at most 256 pieces) before it is taken to WGS-84, so that they bend as the projection's
// straight lines do.
function boxIn({ minX, minY, maxX, maxY, srid }: Bbox): RawBuilder<unknown> {
  const box = sql`ST_SetSRID(ST_MakeBox2D(ST_Point(${minX}, ${minY}), ST_Point(${maxX}, ${maxY}))::geometry, ${sql.lit(srid)})`
  const piece = Math.max(1000, (2 * (maxX - minX + maxY - minY)) / 256)
  return srid === 4326 ? box : sql`ST_Transform(ST_Segmentize(${box}, ${piece}::float8), 4326)`
}
export const intersects = (geometry: RawBuilder<unknown>, b: Bbox) => sql`ST_Intersects(${geometry}, ${boxIn(b)})`

const KIND_OF: Record<Exclude<Property['type'], 'array'>, Kind> = { string: 'string', integer: 'number', number: 'number', boolean: 'boolean', date: 'date', 'date-time': 'date-time' }
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const temporalKind = (k: Kind) => k === 'date' || k === 'date-time'

export function cqlCondition(tree: Cql2, source: Source, scope: SiteScope, crs: FilterCrs): RawBuilder<unknown> {
  const property = (name: string): Typed => {
    const p = source.properties.find((q) => q.name === name && isQueryable(q.type))
    if (!p) throw new CqlError(`no queryable ${name}: the queryables are ${source.properties.filter((q) => isQueryable(q.type)).map((q) => q.name).join(', ')}, geometry`)
    return { sql: p.value, kind: KIND_OF[p.type as keyof typeof KIND_OF] }
  }
  const operand = (v: Operand): Typed => {
    // A NUL cannot be stored or compared in PostgreSQL text: refused here rather than failing there.
    if (typeof v === 'string' && v.includes('\u0000')) throw new CqlError('text in a filter may not hold a NUL character')
    if (typeof v === 'string') return { sql: sql`${v}::text`, kind: 'string' }
    if (typeof v === 'number') return { sql: sql`${v}::float8`, kind: 'number' }
    if (typeof v === 'boolean') return { sql: sql`${v}::boolean`, kind: 'boolean' }
    if ('property' in v) return property(v.property)
    if ('date' in v) return { sql: sql`${v.date}::date`, kind: 'date' }
    if ('timestamp' in v) return { sql: sql`${v.timestamp}::timestamptz`, kind: 'date-time' }
    throw new CqlError('a geometry, bbox or interval is only an argument of a spatial or temporal function')
  }
  /** Operands of one kind, compared as values; a day with an instant is compared as the spans they cover. */
  const mixedTimes = (typed: Typed[]) => new Set(typed.map((t) => t.kind)).size > 1 && typed.every((t) => temporalKind(t.kind))
  const comparable = (op: string, ...typed: Typed[]): RawBuilder<unknown>[] => {
    if (new Set(typed.map((t) => t.kind)).size === 1) return typed.map((t) => t.sql)
    throw new CqlError(`${op} compares ${typed.map((t) => t.kind).join(' with ')}: ${typed.some((t) => t.kind === 'string') ? 'quote text as \'…\', and give dates as DATE(\'…\')' : 'give values of the property’s type'}`)
  }
  const pair = (typed: Typed[], i: number, j: number): [Span, Span] => [spanOf(typed[i]), spanOf(typed[j])]
  const spanOf = (t: Typed): Span => (t.kind === 'date' ? daySpan(t.sql) : instantSpan(t.sql))
  const timeSpan = (v: Instant | Operand | '..'): Span => {
    if (isObject(v) && 'interval' in v) {
      const [from, to] = v.interval.map((end) => (end === '..' ? null : timeSpan(end)))
      return { from: from?.from ?? null, to: to?.to ?? null, toOpen: to?.toOpen ?? false }
    }
    const t = operand(v as Operand)
    if (!temporalKind(t.kind)) throw new CqlError('a temporal function takes dates, timestamps, intervals and date or time properties')
    return spanOf(t)
  }
  const checkPositions = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      if (!withinCrs(crs, ...eastNorth(crs, c[0], c[1]))) throw new CqlError(`a position (${c.join(' ')}) is outside ${crs.bounds.join(', ')} (east/north) in filter-crs`)
    } else if (Array.isArray(c)) c.forEach(checkPositions)
  }

  const geometry = (v: Operand): RawBuilder<unknown> => {
    if (isObject(v) && 'property' in v) {
      if (v.property !== 'geometry') throw new CqlError(`${String(v.property)} is not a geometry: the geometry is called geometry`)
      return source.geometry(scope)
    }
    if (isObject(v) && 'bbox' in v) {
      const n = v.bbox.length === 6 ? [v.bbox[0], v.bbox[1], v.bbox[3], v.bbox[4]] : v.bbox
      const [minX, minY] = eastNorth(crs, n[0], n[1])
      const [maxX, maxY] = eastNorth(crs, n[2], n[3])
      if (!withinCrs(crs, minX, minY) || !withinCrs(crs, maxX, maxY)) throw new CqlError(`BBOX is outside ${crs.bounds.join(', ')} (east/north) in filter-crs`)
      return boxIn({ minX, minY, maxX, maxY, srid: crs.srid })
    }
    if (isObject(v) && 'type' in v && 'coordinates' in v) {
      checkPositions((v as Geometry).coordinates)
      const read = sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify({ type: (v as Geometry).type, coordinates: (v as Geometry).coordinates })}), ${sql.lit(crs.srid)})`
      return sql`ST_Transform(${crs.northFirst ? sql`ST_FlipCoordinates(${read})` : read}, 4326)`
    }
    throw new CqlError('S_INTERSECTS takes the geometry property and a WKT geometry or BBOX')
  }

  const temporal = (op: string, [a, b]: Operand[]): RawBuilder<unknown> => {
    const condition = temporalFunction(op, timeSpan(a), timeSpan(b))
    if (!condition) throw new CqlError(`unknown temporal function ${op}`)
    return condition
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
        // \\ escapes % and _; a pattern may not end in a lone one, which PostgreSQL refuses.
        if (typeof args[1] === 'string' && /(^|[^\\])(\\\\)*\\$/.test(args[1])) throw new CqlError('a LIKE pattern may not end in an unescaped \\')
        return sql`(${value.sql} LIKE ${pattern.sql})`
      }
      case 'between': {
        const typed = args.map((a) => operand(a as Operand))
        if (mixedTimes(typed)) return sql`(${compareSpans('>=', ...pair(typed, 0, 1))} AND ${compareSpans('<=', ...pair(typed, 0, 2))})`
        const [value, low, high] = comparable('BETWEEN', ...typed)
        return sql`(${value} BETWEEN ${low} AND ${high})`
      }
      case 'in': {
        const typed = [operand(args[0] as Operand), ...(args[1] as Operand[]).map(operand)]
        if (mixedTimes(typed)) return sql`(${sql.join(typed.slice(1).map((_, i) => compareSpans('=', ...pair(typed, 0, i + 1))), sql` OR `)})`
        const [value, ...list] = comparable('IN', ...typed)
        return sql`(${value} IN (${sql.join(list)}))`
      }
      case 's_intersects': return sql`ST_Intersects(${geometry(args[0] as Operand)}, ${geometry(args[1] as Operand)})`
      default:
        if (e.op.startsWith('t_')) return temporal(e.op, args as Operand[])
        if (!COMPARISONS.includes(e.op)) throw new CqlError(`unknown operator ${e.op}`)
        {
          const typed = args.map((a) => operand(a as Operand))
          if (mixedTimes(typed)) return compareSpans(e.op, ...pair(typed, 0, 1))
          // The operator is one of COMPARISONS, checked above: the only text of a filter written into the SQL.
          const [left, right] = comparable(e.op, ...typed)
          return sql`(${left} ${sql.raw(e.op)} ${right})`
        }
    }
  }
  return condition(tree)
}
