import { useEffect, useRef, useState } from 'react'
import type { WallEvent } from './wall-types.ts'
import { retryDelayMs } from './wall-settings.ts'

export type LiveStatus = 'connecting' | 'live' | 'offline'

/**
 * The wall's Server-Sent Events, reconnecting with back-off after the server or network goes away, and resuming
 * after the last event seen so nothing is missed. EventSource's own retry is fixed-interval and gives up on some
 * errors, so the hook drives reconnects itself.
 */
export function useLiveEvents(url: string | null, onEvent: (event: WallEvent) => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const latest = useRef(onEvent)
  latest.current = onEvent

  useEffect(() => {
    if (!url) return
    let source: EventSource | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let lastId: number | null = null
    let closed = false
    const connect = () => {
      source = new EventSource(lastId === null ? url : `${url}&after=${lastId}`)
      source.addEventListener('ready', () => { attempt = 0; setStatus('live') })
      source.addEventListener('live', (message) => {
        const event = JSON.parse((message as MessageEvent<string>).data) as WallEvent
        lastId = event.id
        latest.current(event)
      })
      source.onerror = () => {
        source?.close()
        if (closed) return
        setStatus('offline')
        timer = setTimeout(connect, retryDelayMs(attempt++))
      }
    }
    connect()
    return () => { closed = true; clearTimeout(timer); source?.close() }
  }, [url])

  return status
}
