import { OpenAPIHono, z } from '@hono/zod-openapi'
import type { Env } from 'hono'
import { AppError } from './errors.ts'
import { isCalendarDay } from './domain/time.ts'

/** Every feature router rejects invalid input the same way: 400 with the zod issues as details. */
export function featureRouter<E extends Env>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) {
        const details = result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
        throw new AppError(400, 'invalid_request', 'request validation failed', details)
      }
    },
  })
}

/** A database id as it arrives in a path or query string. */
export const PositiveId = z.string().regex(/^[1-9][0-9]{0,8}$/, 'must be a positive integer').transform(Number)

export const IdParam = z.object({
  id: PositiveId.openapi({ param: { name: 'id', in: 'path' }, example: '42' }),
})

/** `minLon,minLat,maxLon,maxLat` in WGS-84 degrees. */
export const Bbox = z
  .string()
  .max(120)
  .transform((text, ctx) => {
    const parts = text.split(',').map((p) => (p.trim() === '' ? Number.NaN : Number(p)))
    const [minLon, minLat, maxLon, maxLat] = parts
    const valid = parts.length === 4 && parts.every(Number.isFinite) && minLon >= -180 && maxLon <= 180 &&
      minLat >= -90 && maxLat <= 90 && minLon < maxLon && minLat < maxLat
    if (!valid) {
      ctx.addIssue({ code: 'custom', message: 'bbox must be minLon,minLat,maxLon,maxLat with min < max, in degrees' })
      return z.NEVER
    }
    return { minLon, minLat, maxLon, maxLat }
  })
  .openapi({ example: '120.55,31.25,120.7,31.35' })

/** A comma-separated list of allowed values, e.g. `kind=housing,municipal`. */
export function enumList<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .string()
    .max(200)
    .transform((text) => text.split(',').map((v) => v.trim()))
    .pipe(z.array(z.enum(values)).min(1))
    .openapi({ example: values[0] })
}

export const ErrorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional(), requestId: z.string().optional().openapi({ description: 'The X-Request-Id of this request, to find its log lines by' }) }),
}).openapi('Error')

/** One JSON response of a route, for its `responses`. */
export const jsonResponse = <T extends z.ZodType>(description: string, schema: T) =>
  ({ description, content: { 'application/json': { schema } } })

/** An error response of a route, in the one error shape. */
export const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } })

export const authErrorResponses = {
  401: { description: 'Missing or invalid token', content: { 'application/json': { schema: ErrorSchema } } },
  403: { description: 'Not allowed', content: { 'application/json': { schema: ErrorSchema } } },
} as const

export const errorResponses = {
  400: { description: 'Invalid request', content: { 'application/json': { schema: ErrorSchema } } },
  404: { description: 'Not found', content: { 'application/json': { schema: ErrorSchema } } },
} as const

const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

/** Text without control characters (a NUL would otherwise reach PostgreSQL, which refuses it). */
export const NoControlText = (max: number) => z.string().trim().max(max)
  .refine((text) => !CONTROL_CHARACTERS.test(text), 'control characters are not allowed')

/** What a user types into a search box or filter. */
export const SearchText = NoControlText(100).pipe(z.string().min(1))

/**
 * Free text from a user (findings, notes): trimmed, without control characters and without markup. Records of
 * supervision have no use for HTML, so a tag is refused outright rather than stored; the web app shows all text
 * as text anyway. A lone `<` ("间距<5m") is fine.
 */
export const PlainText = (max: number) => NoControlText(max)
  .refine((text) => !/<\/?[a-z!][^>]*>/i.test(text), 'markup is not allowed: write plain text')

/**
 * A calendar day as YYYY-MM-DD (a Beijing day), between 1900 and 2099: a real date (no 02-30) that PostgreSQL takes,
 * so that a bad day is a 400 here rather than an error from the database.
 */
export const CalendarDay = z.string().regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD, 1900–2099')
  .refine(isCalendarDay, 'not a calendar date')
  .openapi({ example: '2026-11-24' })
