import {
  checkBbox, checkGeometry, checkInstant, COMPARISONS, type Cql2, CqlError, DAY, type Geometry, type Instant, MAX_DEPTH, MAX_NODES, type Operand,
  SPATIAL, TEMPORAL, TOO_LARGE,
} from './cql2.ts'

/*
 * A CQL2-JSON filter (`filter-lang=cql2-json`) checked into the same tree the text parser builds: every operator,
 * its number of arguments and each argument's form, with the same bounds on size.
 */

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const GEOMETRY_TYPES = ['Point', 'LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon']

function scalar(v: unknown): Operand {
  if (typeof v === 'string' || typeof v === 'boolean') return v
  if (typeof v === 'number' && Number.isFinite(v)) return v
  if (isObject(v) && Object.keys(v).length === 1) {
    if (typeof v.property === 'string' && v.property) return { property: v.property }
    if (typeof v.date === 'string') return checkInstant({ date: v.date })
    if (typeof v.timestamp === 'string') return checkInstant({ timestamp: v.timestamp })
  }
  throw new CqlError(`${JSON.stringify(v)?.slice(0, 80)} is not a property, a literal, a date or a timestamp`)
}

function intervalEnd(v: unknown): Instant | '..' {
  if (v === '..') return v
  if (typeof v === 'string') return checkInstant(DAY.test(v) ? { date: v } : { timestamp: v })
  const instant = scalar(v)
  if (isObject(instant) && ('date' in instant || 'timestamp' in instant)) return instant as Instant
  throw new CqlError('an interval end is a date, a timestamp or ".."')
}

function temporal(v: unknown): Operand {
  if (isObject(v) && Array.isArray(v.interval)) {
    if (v.interval.length !== 2) throw new CqlError('an interval has two ends')
    return { interval: v.interval.map(intervalEnd) }
  }
  return scalar(v)
}

function spatial(v: unknown): Operand {
  if (isObject(v) && Array.isArray(v.bbox)) return checkBbox(v.bbox as number[])
  if (isObject(v) && typeof v.type === 'string' && GEOMETRY_TYPES.includes(v.type)) return checkGeometry(v as Geometry)
  return scalar(v)
}

export function checkCql2Json(value: unknown): Cql2 {
  let nodes = 0
  const expr = (v: unknown, depth: number): Cql2 => {
    if (typeof v === 'boolean') return v
    if (!isObject(v) || typeof v.op !== 'string' || !Array.isArray(v.args)) throw new CqlError('expected an expression {"op": …, "args": […]}')
    if (++nodes > MAX_NODES || depth > MAX_DEPTH) throw new CqlError(TOO_LARGE)
    const { op, args } = v as { op: string; args: unknown[] }
    const arity = (n: number) => { if (args.length !== n) throw new CqlError(`${op} takes ${n} arguments`) }
    if (op === 'and' || op === 'or') {
      if (args.length < 2) throw new CqlError(`${op} takes at least 2 arguments`)
      return { op, args: args.map((a) => expr(a, depth + 1)) }
    }
    if (op === 'not') return (arity(1), { op, args: [expr(args[0], depth + 1)] })
    if (COMPARISONS.includes(op) || op === 'like') return (arity(2), { op, args: args.map(scalar) })
    if (op === 'between') return (arity(3), { op, args: args.map(scalar) })
    if (op === 'isNull') return (arity(1), { op, args: [scalar(args[0])] })
    if (op === 'in') {
      arity(2)
      if (!Array.isArray(args[1]) || args[1].length === 0) throw new CqlError('in takes a value and a non-empty list')
      return { op, args: [scalar(args[0]), args[1].map(scalar)] }
    }
    if (SPATIAL.includes(op)) return (arity(2), { op, args: args.map(spatial) })
    if (TEMPORAL.includes(op)) return (arity(2), { op, args: args.map(temporal) })
    throw new CqlError(`unknown operator ${op}`)
  }
  return expr(value, 0)
}
