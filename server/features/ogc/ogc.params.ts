import { z } from '@hono/zod-openapi'
import type { TimeFilter } from './ogc.collections.repo.ts'

/*
 * The query parameters of OGC API – Features items as the standard defines them (Part 1, Core), parsed with zod so
 * that a bad value is a 400 in the one error shape.
 */

export const DEFAULT_LIMIT = 1_000
export const MAX_LIMIT = 10_000
/**
 * A next link asks for at least this many: GDAL (3.6) pages at 10 unless told otherwise, does not read the page size
 * from the API definition, and follows next links, so its first small page is a preview and the rest come at full size.
 * A page that follows holds the features right after the last one returned, as the standard's next link requires.
 */
export const NEXT_PAGE_MIN_LIMIT = DEFAULT_LIMIT

const DAY = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)$/

/** An RFC 3339 date-time, or a date (a day in Beijing, the portal's calendar), as an ISO instant; null if invalid. */
function instantOf(text: string): string | null {
  const [day, time, ...rest] = text.split(/[Tt]/)
  const ymd = DAY.exec(day)
  if (!ymd || rest.length || (time !== undefined && !TIME.test(time))) return null
  const [y, m, d] = ymd.slice(1).map(Number)
  // A day that exists, in a year PostgreSQL has (Date.UTC reads years below 100 as 1900 and on).
  if (y < 1 || new Date(Date.UTC(y, m - 1, d)).getUTCDate() !== d) return null
  return new Date(time === undefined ? `${day}T00:00:00+08:00` : text).toISOString()
}

/** An instant, or an interval `start/end` whose open end is `..` or empty. */
function timeFilterOf(text: string): TimeFilter | null {
  const ends = text.split('/')
  if (ends.length > 2) return null
  const instants = ends.map((end) => (ends.length === 2 && (end === '' || end === '..') ? undefined : instantOf(end)))
  if (instants.includes(null)) return null
  const [from, to] = (ends.length === 1 ? [instants[0], instants[0]] : instants) as (string | undefined)[]
  return from && to && from > to ? null : { from, to }
}

export const OgcDatetime = z.string().max(100)
  .transform((text, ctx): TimeFilter => {
    const filter = timeFilterOf(text)
    if (!filter) {
      ctx.addIssue({ code: 'custom', message: 'datetime must be an RFC 3339 date-time or date, or an interval start/end with .. for an open end' })
      return z.NEVER
    }
    return filter
  })
  .openapi({ example: '2026-01-01/..', description: 'Sites whose planned construction period meets this instant or interval; grids have no time and are not filtered' })

export const OgcLimit = z.string().regex(/^\d{1,12}$/, 'limit must be a positive integer').transform(Number)
  .refine((n) => n >= 1, 'limit must be at least 1')
  // The standard asks for a limit above the maximum to be lowered to it rather than refused.
  .transform((n) => Math.min(n, MAX_LIMIT))
  .openapi({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, param: { style: 'form', explode: false } })

export const OgcOffset = z.string().regex(/^\d{1,9}$/, 'offset must be a non-negative integer').transform(Number)
  .openapi({ type: 'integer', minimum: 0, default: 0, description: 'How many matching features to skip; the next link carries it' })

/**
 * The `limit` parameter as a component: QGIS reads `components.parameters.limit.schema` (maximum, default) to size
 * its pages, and does not follow a `$ref` there.
 */
export const LIMIT_PARAMETER = {
  name: 'limit', in: 'query', required: false, style: 'form', explode: false,
  description: `At most this many features per page; above ${MAX_LIMIT} is lowered to ${MAX_LIMIT}`,
  schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
} as const

const NAME = '[A-Za-z][A-Za-z0-9]{0,39}'

/**
 * `sortby=-riskGrade,+name` (OGC API – Features Part 8, Sorting): properties, each ascending unless prefixed with
 * `-`. A `+` arrives as a space when the client did not percent-encode it, and counts as one.
 */
export const OgcSortby = z.string().max(500)
  .regex(new RegExp(`^[ +-]?${NAME}(,[ +-]?${NAME})*$`), 'sortby must be property names separated by commas, each optionally prefixed with + or -')
  .transform((text) => text.split(',').map((key) => ({ property: key.replace(/^[ +-]/, ''), descending: key.startsWith('-') })))
  .openapi({ example: '-riskGrade,+name', description: 'Sort by these properties, ascending unless prefixed with -; ties by id' })

/** `properties=code,name` (Part 6, Property selection): only these properties in each feature; empty for none. */
export const OgcProperties = z.string().max(1000)
  .regex(new RegExp(`^(${NAME}(,${NAME})*)?$`), 'properties must be property names separated by commas')
  .transform((text) => (text === '' ? [] : text.split(',')))
  .openapi({ example: 'code,name,riskGrade', description: 'Only these properties in each feature (the queryables list them)' })
