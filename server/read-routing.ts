import type { MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { replicaReads } from '../db/replica-routing.ts'
import { SESSION_COOKIE } from './features/auth/session.ts'

/*
 * Which requests may read from a replica (when DATABASE_REPLICA_URLS is set; otherwise this changes nothing):
 * GETs, unless the same session wrote in the last few seconds — replication lags by milliseconds to seconds, and
 * a supervisor who has just recorded an inspection must see it on the next screen.
 */

const STICKY_MS = 5_000
const ISSUED = new RegExp(`${SESSION_COOKIE}=([^;]+)`)

export function readRouting(): MiddlewareHandler {
  const lastWrite = new Map<string, number>()
  const forget = (now: number) => { for (const [who, at] of lastWrite) if (now - at > STICKY_MS) lastWrite.delete(who) }
  return async (c, next) => {
    const who = getCookie(c, SESSION_COOKIE) ?? c.req.header('authorization') ?? c.req.header('x-forwarded-for') ?? ''
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      try { await next() } finally {
        const now = Date.now()
        if (lastWrite.size > 10_000) forget(now)
        lastWrite.set(who, now)
        // Signing in writes a session under a cookie the request did not carry: its first reads are the primary's too.
        const issued = ISSUED.exec(c.res.headers.get('set-cookie') ?? '')?.[1]
        if (issued) lastWrite.set(issued, now)
      }
      return
    }
    if (Date.now() - (lastWrite.get(who) ?? 0) < STICKY_MS) return next()
    return replicaReads(() => next())
  }
}
