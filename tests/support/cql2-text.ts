import type { Cql2, Operand } from '../../server/domain/cql2.ts'

/* CQL2 trees written back as CQL2 text, for the parser's round-trip property tests. */

function operand(v: Operand | Operand[]): string {
  if (Array.isArray(v)) return `(${v.map(operand).join(', ')})`
  if (typeof v === 'string') return `'${v.replace(/'/g, "''")}'`
  if (typeof v === 'number' || typeof v === 'boolean') return String(v).toUpperCase()
  if ('property' in v) return `"${v.property.replace(/"/g, '""')}"`
  if ('date' in v) return `DATE('${v.date}')`
  if ('timestamp' in v) return `TIMESTAMP('${v.timestamp}')`
  if ('interval' in v) return `INTERVAL(${v.interval.map((e) => (e === '..' ? "'..'" : operand(e))).join(', ')})`
  if ('bbox' in v) return `BBOX(${v.bbox.join(', ')})`
  const wkt = (c: unknown): string => (Array.isArray(c) && typeof c[0] === 'number' ? c.join(' ') : `(${(c as unknown[]).map(wkt).join(', ')})`)
  return `${v.type.toUpperCase()}${v.type === 'Point' ? `(${wkt(v.coordinates)})` : wkt(v.coordinates)}`
}

export function cql2Text(e: Cql2): string {
  if (typeof e === 'boolean') return e ? 'TRUE' : 'FALSE'
  const a = e.args as (Cql2 & Operand)[]
  switch (e.op) {
    case 'and': case 'or': return `(${a.map(cql2Text).join(` ${e.op.toUpperCase()} `)})`
    case 'not': return `NOT (${cql2Text(a[0])})`
    case 'isNull': return `${operand(a[0])} IS NULL`
    case 'like': return `${operand(a[0])} LIKE ${operand(a[1])}`
    case 'between': return `${operand(a[0])} BETWEEN ${operand(a[1])} AND ${operand(a[2])}`
    case 'in': return `${operand(a[0])} IN ${operand(a[1] as unknown as Operand[])}`
    default:
      if (/^[st]_/.test(e.op)) return `${e.op.toUpperCase()}(${operand(a[0])}, ${operand(a[1])})`
      return `${operand(a[0])} ${e.op} ${operand(a[1])}`
  }
}
