import { type RawBuilder, sql } from 'kysely'

/*
 * Times in a CQL2 filter as the spans they cover, so that a day and an instant compare as people mean: a date is its
 * whole Beijing day, [midnight, next midnight); a timestamp is an instant; an interval runs from its start's
 * beginning to its end's end, an open end ('..') running forever. `lastSeenAt = DATE('2026-01-01')` is then "on that
 * day", and T_AFTER(lastSeenAt, DATE(d)) is from the next midnight on.
 */

export interface Span { from: RawBuilder<unknown> | null; to: RawBuilder<unknown> | null; toOpen: boolean }

const midnight = (day: RawBuilder<unknown>) => sql`((${day})::timestamp AT TIME ZONE 'Asia/Shanghai')`
export const daySpan = (day: RawBuilder<unknown>): Span => ({ from: midnight(day), to: midnight(sql`(${day}) + 1`), toOpen: true })
export const instantSpan = (at: RawBuilder<unknown>): Span => ({ from: at, to: at, toOpen: false })

/** `a` is over before `b` begins; what never ends, or follows what never began, is never before. */
function endsBefore(a: Span, b: Span): RawBuilder<unknown> {
  if (!a.to || !b.from) return sql`false`
  return a.toOpen ? sql`(${a.to} <= ${b.from})` : sql`(${a.to} < ${b.from})`
}
const overlaps = (a: Span, b: Span) => sql`(NOT ${endsBefore(a, b)} AND NOT ${endsBefore(b, a)})`

/** `a op b` for a comparison operator, on spans. */
export function compareSpans(op: string, a: Span, b: Span): RawBuilder<unknown> {
  const byOp: Record<string, () => RawBuilder<unknown>> = {
    '=': () => overlaps(a, b), '<>': () => sql`NOT ${overlaps(a, b)}`, '<': () => endsBefore(a, b), '>': () => endsBefore(b, a),
    '<=': () => sql`NOT ${endsBefore(b, a)}`, '>=': () => sql`NOT ${endsBefore(a, b)}`,
  }
  return byOp[op]()
}

/** A CQL2 temporal function on spans. */
export function temporalFunction(op: string, a: Span, b: Span): RawBuilder<unknown> | undefined {
  const same = (x: RawBuilder<unknown> | null, y: RawBuilder<unknown> | null) => (x && y ? sql`(${x} = ${y})` : sql`${!x && !y}`)
  switch (op) {
    case 't_after': return endsBefore(b, a)
    case 't_before': return endsBefore(a, b)
    case 't_intersects': return overlaps(a, b)
    case 't_disjoint': return sql`NOT ${overlaps(a, b)}`
    case 't_equals': return sql`(${same(a.from, b.from)} AND ${same(a.to, b.to)} AND ${a.toOpen === b.toOpen})`
    // Strictly inside: begins after b begins and is over before b is.
    case 't_during': {
      const starts = !b.from ? sql`true` : a.from ? sql`(${a.from} > ${b.from})` : sql`false`
      const ends = !b.to ? sql`true` : !a.to ? sql`false` : a.toOpen && !b.toOpen ? sql`(${a.to} <= ${b.to})` : sql`(${a.to} < ${b.to})`
      return sql`(${starts} AND ${ends})`
    }
    default: return undefined
  }
}
