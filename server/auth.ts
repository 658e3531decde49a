import { createHash, timingSafeEqual } from 'node:crypto'
import type { MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.ts'
import type { Config } from './config.ts'
import { AppError } from './errors.ts'
import { findActiveDisplayToken } from './features/display-tokens/display-tokens.repo.ts'

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

/** `Authorization: Bearer …`, or `?token=` for the clients that cannot set headers (EventSource, a wall's URL). */
function presentedToken(authorization: string | undefined, query: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  return bearer ?? query ?? null
}

/** The admin API: the configured ADMIN_TOKEN, compared in constant time. */
export function requireAdmin(config: Config): MiddlewareHandler {
  return async (c, next) => {
    if (!config.ADMIN_TOKEN) throw new AppError(403, 'admin_disabled', 'the admin API is disabled: set ADMIN_TOKEN')
    const token = presentedToken(c.req.header('authorization'), undefined)
    const [given, expected] = [Buffer.from(sha256(token ?? '')), Buffer.from(sha256(config.ADMIN_TOKEN))]
    if (!token || !timingSafeEqual(given, expected)) throw new AppError(401, 'unauthorized', 'admin token required')
    await next()
  }
}

/** The wall's data: a display token that exists and has not been revoked. */
export function requireDisplayToken(db: Kysely<DB>): MiddlewareHandler {
  return async (c, next) => {
    const token = presentedToken(c.req.header('authorization'), c.req.query('token'))
    if (!token || token.length > 200) throw new AppError(401, 'unauthorized', 'a display token is required')
    if (!(await findActiveDisplayToken(db, sha256(token)))) throw new AppError(401, 'unauthorized', 'this display token is unknown or revoked')
    await next()
  }
}
