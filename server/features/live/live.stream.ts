import type { Context } from 'hono'
import { type SSEStreamingApi, streamSSE } from 'hono/streaming'
import type { Kysely } from 'kysely'
import type { DB } from '../../../db/types.ts'
import type { LiveHub } from './live.hub.ts'
import { eventsAfter, type LiveEvent, newestEventId } from './live.repo.ts'

// A comment line this often keeps proxies from closing an idle stream and lets the browser notice a dead one.
const HEARTBEAT_MS = 15_000

/** Narrows a batch of events (oldest first) to what this stream's reader may see. */
export type LiveEventFilter = (events: LiveEvent[]) => LiveEvent[] | Promise<LiveEvent[]>

const everything: LiveEventFilter = (events) => events

/** Streams opened and closed, for GET /api/metrics. */
export interface LiveStreamCounter { opened(): void; closed(): void }
export interface LiveStreamOptions {
  db: Kysely<DB>; live: LiveHub; streams: LiveStreamCounter
  /**
   * Whether the reader's session (or display token) still stands. Asked before each batch and at each heartbeat:
   * a session ended by its user or an admin, or a revoked token, ends the stream too, with an `ended` event.
   */
  stillAllowed: () => Promise<boolean>
}

/**
 * The live events as Server-Sent Events, for the wall and for signed-in screens alike: a `ready` event once
 * subscribed, then each visible event as `live` with its id, and a heartbeat when nothing happens. A browser
 * resumes after the id it last saw (EventSource's Last-Event-ID on its own reconnect, or `after=`), so a
 * reconnect replays what it missed; without either it starts from now.
 */
export function streamLiveEvents(c: Context, { db, live, streams, stillAllowed }: LiveStreamOptions, visible: LiveEventFilter = everything) {
  return streamSSE(c, async (stream) => {
    streams.opened()
    // However the stream ends (the reader leaves, a write fails, the server stops), it is counted closed once.
    try { await serve(stream) } finally { streams.closed() }
  })

  async function serve(stream: SSEStreamingApi) {
    const resumeFrom = Number(c.req.header('last-event-id') ?? c.req.query('after'))
    const start = Number.isSafeInteger(resumeFrom) && resumeFrom >= 0 ? resumeFrom : await newestEventId(db)
    // Every event up to here has been looked at, sent or filtered out.
    let lastSeen = start
    const pending: LiveEvent[] = []
    let wake = () => {}
    const unsubscribe = await live.subscribe((events) => { pending.push(...events); wake() })
    stream.onAbort(() => { unsubscribe(); wake() })
    pending.push(...(await eventsAfter(db, start)))
    await stream.writeSSE({ event: 'ready', data: JSON.stringify({ lastEventId: start }), retry: 3_000 })
    while (!stream.aborted) {
      // Live events that arrived while the replay was read come first in `pending`: sorted, none is skipped.
      const batch: LiveEvent[] = []
      for (const event of pending.splice(0).sort((a, b) => a.id - b.id)) {
        if (event.id <= lastSeen) continue // the replay and the live feed may overlap
        batch.push(event)
        lastSeen = event.id
      }
      if (!(await stillAllowed())) {
        unsubscribe()
        return void (await stream.writeSSE({ event: 'ended', data: '{}' }))
      }
      for (const event of batch.length > 0 ? await visible(batch) : []) {
        await stream.writeSSE({ id: String(event.id), event: 'live', data: JSON.stringify(event) })
      }
      // Events that came while this batch was written are sent at once, not after the next heartbeat.
      if (pending.length > 0 || stream.aborted) continue
      await Promise.race([new Promise<void>((resolve) => { wake = resolve }), stream.sleep(HEARTBEAT_MS)])
      if (pending.length === 0 && !stream.aborted) await stream.write(': heartbeat\n\n')
    }
  }
}
