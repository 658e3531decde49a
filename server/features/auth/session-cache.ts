import type { Database } from '../../../db/engine.ts'
import type { Principal } from '../../domain/roles.ts'

/*
 * Sessions the database has just vouched for, kept in this server process for a few seconds, so that a signed-in
 * request (a map panning through cached tiles) costs no database round trip. What ends or changes a session never
 * waits for an entry to lapse:
 * - every account write (sign-out, a password, two factors, an admin's change to a user or to their sessions)
 *   forgets them all in this process before it answers, and NOTIFYs the other server processes, which forget theirs
 *   on receipt (session.ts, forgetSessionsOnAccountWrites); until this process LISTENs, nothing is kept;
 * - a lookup under way while they were forgotten is not kept: it may have read the row before the write committed;
 * - an entry lapses at its session's absolute expiry or idle deadline when that comes before HOLD_MS.
 * HOLD_MS bounds what a change made outside the portal (SQL by hand) or a notification lost in a reconnect can leave.
 */

export const SESSIONS_CHANNEL = 'sitegrid_sessions'
const HOLD_MS = 5_000
// Far more signed-in people than one process serves at once; the oldest entry goes first past it.
const MAX_ENTRIES = 20_000

/** What a request needs of its session (session.ts). */
export interface ValidSession { principal: Principal; csrfToken: string; passwordChangedAt: Date | null; totpEnabled: boolean }

export interface SessionCache {
  get(tokenSha256: string): ValidSession | undefined
  /** Counts the times everything was forgotten: a lookup started under an older count is not kept. */
  generation(): number
  /** Keeps a session the database found, for at most `liveMs` (until its expiry or idle deadline). */
  set(tokenSha256: string, session: ValidSession, liveMs: number, lookedUpAt: number): void
  forgetAll(): void
  /** Starts listening (once); until then nothing is kept, so no other process's change can go unseen. */
  ready(): Promise<boolean>
  stop(): Promise<void>
}

export function createSessionCache(database: Pick<Database, 'listen'>): SessionCache {
  const entries = new Map<string, { session: ValidSession; until: number }>()
  let listening: Promise<() => Promise<void>> | null = null
  let live = false
  let forgotten = 0
  const cache: SessionCache = {
    get(tokenSha256) {
      const entry = entries.get(tokenSha256)
      if (!entry) return undefined
      if (entry.until > performance.now()) return entry.session
      entries.delete(tokenSha256)
      return undefined
    },
    generation: () => forgotten,
    set(tokenSha256, session, liveMs, lookedUpAt) {
      if (!live || lookedUpAt !== forgotten) return
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string)
      entries.set(tokenSha256, { session, until: performance.now() + Math.min(HOLD_MS, liveMs) })
    },
    forgetAll() {
      forgotten += 1
      entries.clear()
    },
    async ready() {
      listening ??= database.listen(SESSIONS_CHANNEL, () => cache.forgetAll()).then((stop) => { live = true; return stop })
      await listening.catch(() => null)
      return live
    },
    async stop() {
      live = false
      entries.clear()
      if (listening) await (await listening.catch(() => async () => {}))()
    },
  }
  return cache
}
