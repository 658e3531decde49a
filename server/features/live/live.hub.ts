import type { Database } from '../../../db/engine.ts'
import { eventsAfter, type LiveEvent, newestEventId } from './live.repo.ts'

export const LIVE_CHANNEL = 'sitegrid_live'

export type LiveListener = (events: LiveEvent[]) => void

export interface LiveHub {
  /** Adds a listener for events newer than now; listening starts with the first one. */
  subscribe(listener: LiveListener): Promise<() => void>
  stop(): Promise<void>
}

/**
 * One LISTEN per server, however many walls are connected: a NOTIFY carries only the newest event id, the hub
 * reads everything after the last id it delivered, once, and hands the same rows to every listener.
 */
export function createLiveHub(database: Pick<Database, 'db' | 'listen'>): LiveHub {
  const listeners = new Set<LiveListener>()
  let started: Promise<() => Promise<void>> | null = null
  let delivered = 0
  let reading: Promise<void> = Promise.resolve()

  // Reads run one after another, so two quick NOTIFYs never deliver the same event twice.
  const deliver = () => {
    reading = reading.then(async () => {
      const events = await eventsAfter(database.db, delivered)
      if (events.length === 0) return
      delivered = events[events.length - 1].id
      for (const listener of listeners) listener(events)
      if (events.length === 200) deliver() // a burst larger than one read: keep going
    }).catch((error) => console.error('live events: read failed', error))
  }

  const start = async () => {
    delivered = await newestEventId(database.db)
    return database.listen(LIVE_CHANNEL, deliver)
  }

  return {
    async subscribe(listener) {
      started ??= start()
      await started
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    async stop() {
      listeners.clear()
      if (started) await (await started)()
    },
  }
}
