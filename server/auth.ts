import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import type { DB } from '../db/types.ts'
import { AppError } from './errors.ts'
import { findActiveDisplayToken } from './features/display-tokens/display-tokens.repo.ts'
import { sha256 } from './features/auth/session.ts'

/** `Authorization: Bearer …`, or `?token=` for the clients that cannot set headers (EventSource, a wall's URL). */
function presentedToken(authorization: string | undefined, query: string | undefined): string | null {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1]
  return bearer ?? query ?? null
}

/** For the wall's event stream: whether the token it was opened with is still not revoked. */
export function displayTokenStillStands(c: Context, db: Kysely<DB>): () => Promise<boolean> {
  const token = presentedToken(c.req.header('authorization'), c.req.query('token')) ?? ''
  return async () => Boolean(await findActiveDisplayToken(db, sha256(token)))
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
