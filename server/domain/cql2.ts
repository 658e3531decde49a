/*
 * CQL2 (OGC 21-065) as the OGC API's filter: the text encoding parsed into the JSON encoding's own tree, and a JSON
 * filter checked into the same tree, so that one compiler turns either into SQL. What is offered: comparison, AND/OR/
 * NOT, IS NULL, LIKE, BETWEEN, IN, S_INTERSECTS with a WKT geometry or BBOX, and the temporal T_AFTER, T_BEFORE,
 * T_DURING, T_EQUALS, T_INTERSECTS, T_DISJOINT over DATE, TIMESTAMP and INTERVAL. No npm package implements CQL2
 * (cql2-wasm is a release candidate), so this is a small grammar, tested against the standard's examples and by
 * fast-check round trips. Keywords are case-insensitive; a failure names where it happened.
 */

export type Geometry = { type: 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon'; coordinates: unknown }
export type Instant = { date: string } | { timestamp: string }
export type Operand = string | number | boolean | { property: string } | Instant | { interval: (Instant | '..')[] } | { bbox: number[] } | Geometry
export type Cql2 = boolean | { op: string; args: (Cql2 | Operand | Operand[])[] }

export class CqlError extends Error {}

/** Bounds on what one filter may ask of the database. */
export const MAX_NODES = 300
export const MAX_DEPTH = 24
export const TOO_LARGE = `the filter is too large (at most ${MAX_NODES} terms, ${MAX_DEPTH} levels)`
export const COMPARISONS = ['=', '<>', '<', '<=', '>', '>=']
export const SPATIAL = ['s_intersects']
export const TEMPORAL = ['t_after', 't_before', 't_during', 't_equals', 't_intersects', 't_disjoint']
export const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const STAMP = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i

type Token = { kind: 'word' | 'quoted' | 'string' | 'number' | 'punct'; text: string; at: number }

function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  const pattern = /\s+|([A-Za-z_][A-Za-z0-9_:.]*)|"((?:[^"]|"")*)"|'((?:[^']|'')*)'|(-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)|(<>|<=|>=|[=<>(),])/y
  let at = 0
  while (at < text.length) {
    pattern.lastIndex = at
    const m = pattern.exec(text)
    if (!m) throw new CqlError(`unexpected character ${JSON.stringify(text[at])} at ${at}`)
    if (m[1] !== undefined) tokens.push({ kind: 'word', text: m[1], at })
    else if (m[2] !== undefined) tokens.push({ kind: 'quoted', text: m[2].replace(/""/g, '"'), at })
    else if (m[3] !== undefined) tokens.push({ kind: 'string', text: m[3].replace(/''/g, "'"), at })
    else if (m[4] !== undefined) tokens.push({ kind: 'number', text: m[4], at })
    else if (m[5] !== undefined) tokens.push({ kind: 'punct', text: m[5], at })
    at = pattern.lastIndex
  }
  return tokens
}

/** CQL2 text → the CQL2-JSON tree. */
export function parseCql2Text(text: string): Cql2 {
  const tokens = tokenize(text)
  let i = 0
  let nodes = 0
  const peek = () => tokens[i]
  const where = () => (peek() ? `at ${peek().at}` : 'at the end')
  const isWord = (word: string, t = peek()) => t?.kind === 'word' && t.text.toUpperCase() === word
  const accept = (word: string) => (isWord(word) ? (i++, true) : false)
  const punct = (p: string) => (peek()?.kind === 'punct' && peek().text === p ? (i++, true) : false)
  const expect = (p: string) => { if (!punct(p)) throw new CqlError(`expected ${p} ${where()}`) }
  const node = (op: string, args: (Cql2 | Operand | Operand[])[]): Cql2 => {
    if (++nodes > MAX_NODES) throw new CqlError(TOO_LARGE)
    return { op, args }
  }

  const or = (depth: number): Cql2 => {
    const terms = [and(depth + 1)]
    while (accept('OR')) terms.push(and(depth + 1))
    return terms.length === 1 ? terms[0] : node('or', terms)
  }
  const and = (depth: number): Cql2 => {
    const terms = [not(depth + 1)]
    while (accept('AND')) terms.push(not(depth + 1))
    return terms.length === 1 ? terms[0] : node('and', terms)
  }
  // `depth` counts the grammar's calls, up to four for each level of the tree (or, and, not, a bracket), and every
  // cycle of the grammar passes through here: a guard against a stack overflow on "((((…" or "NOT NOT …", not the
  // limit, which the finished tree is held to as the JSON check holds it.
  const not = (depth: number): Cql2 => {
    if (depth > GRAMMAR_DEPTH) throw new CqlError(TOO_LARGE)
    return accept('NOT') ? node('not', [not(depth + 1)]) : primary(depth + 1)
  }
  const primary = (depth: number): Cql2 => {
    if (punct('(')) {
      const inner = or(depth + 1)
      expect(')')
      return inner
    }
    const fn = peek()?.kind === 'word' ? peek().text.toLowerCase() : ''
    if ((SPATIAL.includes(fn) || TEMPORAL.includes(fn)) && tokens[i + 1]?.text === '(') {
      i += 2
      const spatial = SPATIAL.includes(fn)
      const a = spatial ? geometryOperand() : temporalOperand()
      expect(',')
      const b = spatial ? geometryOperand() : temporalOperand()
      expect(')')
      return node(fn, [a, b])
    }
    if ((isWord('TRUE') || isWord('FALSE')) && !isComparisonNext(1)) return (i++, tokens[i - 1].text.toUpperCase() === 'TRUE')
    const left = scalar()
    if (accept('IS')) {
      const negated = accept('NOT')
      if (!accept('NULL')) throw new CqlError(`expected NULL ${where()}`)
      const isNull = node('isNull', [left])
      return negated ? node('not', [isNull]) : isNull
    }
    const negated = accept('NOT')
    let predicate: Cql2
    if (accept('LIKE')) predicate = node('like', [left, scalar()])
    else if (accept('BETWEEN')) {
      const low = scalar()
      if (!accept('AND')) throw new CqlError(`expected AND in BETWEEN ${where()}`)
      predicate = node('between', [left, low, scalar()])
    } else if (accept('IN')) {
      expect('(')
      const list = [scalar()]
      while (punct(',')) list.push(scalar())
      expect(')')
      predicate = node('in', [left, list])
    } else if (!negated && peek()?.kind === 'punct' && COMPARISONS.includes(peek().text)) {
      const op = tokens[i++].text
      return node(op, [left, scalar()])
    } else throw new CqlError(`expected a comparison, LIKE, BETWEEN, IN or IS NULL ${where()}`)
    return negated ? node('not', [predicate]) : predicate
  }
  const isComparisonNext = (offset: number) => {
    const t = tokens[i + offset]
    return (t?.kind === 'punct' && COMPARISONS.includes(t.text)) || ['LIKE', 'BETWEEN', 'IN', 'IS', 'NOT'].some((w) => isWord(w, t))
  }
  const stringToken = (what: string) => {
    const t = tokens[i++]
    if (t?.kind !== 'string') throw new CqlError(`expected ${what} as a quoted string ${t ? `at ${t.at}` : 'at the end'}`)
    return t.text
  }
  const instant = (): Instant | null => {
    for (const [word, key] of [['DATE', 'date'], ['TIMESTAMP', 'timestamp']] as const) {
      if (isWord(word) && tokens[i + 1]?.text === '(') {
        i += 2
        const value = stringToken(key)
        expect(')')
        return checkInstant({ [key]: value } as Instant)
      }
    }
    return null
  }
  const scalar = (): Operand => {
    const t = peek()
    if (!t) throw new CqlError('unexpected end of the filter')
    const time = instant()
    if (time) return time
    i++
    if (t.kind === 'string') return t.text
    if (t.kind === 'number') return Number(t.text)
    if (t.kind === 'quoted') return { property: t.text }
    if (t.kind === 'word' && ['TRUE', 'FALSE'].includes(t.text.toUpperCase())) return t.text.toUpperCase() === 'TRUE'
    if (t.kind === 'word') return { property: t.text }
    throw new CqlError(`unexpected ${t.text} at ${t.at}`)
  }
  const temporalOperand = (): Operand => {
    if (isWord('INTERVAL') && tokens[i + 1]?.text === '(') {
      i += 2
      const end = (): Instant | '..' => instant() ?? (() => {
        const text = stringToken('an interval end')
        if (text === '..') return '..' as const
        return checkInstant(DAY.test(text) ? { date: text } : { timestamp: text })
      })()
      const from = end()
      expect(',')
      const to = end()
      expect(')')
      return { interval: [from, to] }
    }
    return scalar()
  }
  const geometryOperand = (): Operand => {
    const t = peek()
    if (isWord('BBOX') && tokens[i + 1]?.text === '(') {
      i += 2
      const numbers = [number()]
      while (punct(',')) numbers.push(number())
      expect(')')
      return checkBbox(numbers)
    }
    const type = WKT[t?.text.toUpperCase() ?? '']
    if (t?.kind === 'word' && type) {
      i++
      const coordinates = type === 'Point' ? (expect('('), ((p) => (expect(')'), p))(position())) : nested(WKT_DEPTH[type])
      // A MULTIPOINT's points may come parenthesised, (1 2), as one-position lists: each is its position.
      const points = type === 'MultiPoint' ? (coordinates as unknown[][]).map((p) => (p.length === 1 && Array.isArray(p[0]) ? p[0] : p)) : coordinates
      return checkGeometry({ type, coordinates: points })
    }
    if (t?.kind === 'word' || t?.kind === 'quoted') return (i++, { property: t.text })
    throw new CqlError(`expected a geometry (WKT or BBOX) or a property ${where()}`)
  }
  const number = () => {
    const t = tokens[i++]
    if (t?.kind !== 'number') throw new CqlError(`expected a number ${t ? `at ${t.at}` : 'at the end'}`)
    return Number(t.text)
  }
  const position = () => {
    const p = [number(), number()]
    while (peek()?.kind === 'number') p.push(number())
    return p
  }
  /** Parenthesised lists `depth` deep, positions at the bottom; a MULTIPOINT's points may go without their parentheses. */
  const nested = (depth: number): unknown[] => {
    expect('(')
    const items: unknown[] = []
    do items.push(depth === 1 ? position() : (depth === 2 && peek()?.kind === 'number' ? position() : nested(depth - 1)))
    while (punct(','))
    expect(')')
    return items
  }

  const tree = or(0)
  if (i < tokens.length) throw new CqlError(`unexpected ${tokens[i].text} at ${tokens[i].at}`)
  if (deepest(tree, 0) > MAX_DEPTH) throw new CqlError(TOO_LARGE)
  return tree
}

const GRAMMAR_DEPTH = 4 * (MAX_DEPTH + 1)
const LOGICAL = ['and', 'or', 'not']

/** The deepest level of an expression, counted as checkCql2Json counts it: the root 0, and/or/not's arguments one down. */
function deepest(e: Cql2, depth: number): number {
  if (typeof e === 'boolean') return -1
  return LOGICAL.includes(e.op) ? Math.max(depth, ...(e.args as Cql2[]).map((a) => deepest(a, depth + 1))) : depth
}

const WKT: Record<string, Geometry['type']> = {
  POINT: 'Point', LINESTRING: 'LineString', POLYGON: 'Polygon', MULTIPOINT: 'MultiPoint', MULTILINESTRING: 'MultiLineString', MULTIPOLYGON: 'MultiPolygon',
}
const WKT_DEPTH: Record<Geometry['type'], number> = { Point: 0, LineString: 1, Polygon: 2, MultiPoint: 2, MultiLineString: 2, MultiPolygon: 3 }

/** A day that exists (no 30 February) in a year PostgreSQL has (from 1). */
function realDay(text: string): boolean {
  const [y, m, d] = text.slice(0, 10).split('-').map(Number)
  return y >= 1 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d
}

export function checkInstant(t: Instant): Instant {
  const text = 'date' in t ? t.date : t.timestamp
  if (!('date' in t ? DAY : STAMP).test(text) || !realDay(text)) {
    throw new CqlError(`${JSON.stringify(t)} is not an RFC 3339 ${'date' in t ? 'date' : 'timestamp with a zone'}`)
  }
  return t
}

export function checkBbox(numbers: number[]): Operand {
  const [a, b, c, d] = numbers.length === 6 ? [numbers[0], numbers[1], numbers[3], numbers[4]] : numbers
  if ((numbers.length !== 4 && numbers.length !== 6) || !numbers.every(Number.isFinite) || a > c || b > d) {
    throw new CqlError('BBOX takes 4 (or 6) numbers, min before max')
  }
  return { bbox: numbers }
}

const isPosition = (p: unknown) => Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === 'number' && Number.isFinite(n))
const ring = (r: unknown) => Array.isArray(r) && r.length >= 4 && r.every(isPosition) && (r[0] as number[]).every((n, k) => n === (r.at(-1) as number[])[k])
const list = (v: unknown, each: (x: unknown) => boolean, min = 1) => Array.isArray(v) && v.length >= min && v.every(each)
const VALID: Record<Geometry['type'], (c: unknown) => boolean> = {
  Point: isPosition,
  LineString: (c) => list(c, isPosition, 2),
  Polygon: (c) => list(c, ring),
  MultiPoint: (c) => list(c, isPosition),
  MultiLineString: (c) => list(c, (l) => list(l, isPosition, 2)),
  MultiPolygon: (c) => list(c, (p) => list(p, ring)),
}

export function checkGeometry(g: Geometry): Geometry {
  if (!VALID[g.type](g.coordinates)) throw new CqlError(`${g.type} has malformed coordinates (polygon rings must close and hold 4 positions)`)
  return { type: g.type, coordinates: g.coordinates }
}
