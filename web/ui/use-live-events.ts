import { useEffect, useRef, useState } from 'react'

export type LiveStatus = 'connecting' | 'live' | 'offline'

/** 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter so that a room of screens does not reconnect in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt))
  return Math.round(base * (0.8 + random() * 0.4))
}

/**
 * A live-event stream (Server-Sent Events: the wall's, or a signed-in screen's), reconnecting with back-off
 * after the server or network goes away, and resuming after the last event seen so nothing is missed.
 * EventSource's own retry is fixed-interval and gives up on some errors, so the hook drives reconnects itself.
 * `onReady` runs on every (re)connect, once the server listens.
 */
export function useLiveEvents<E extends { id: number }>(url: string | null, onEvent: (event: E) => void, onReady?: () => void): LiveStatus {
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const latest = useRef({ onEvent, onReady })
  latest.current = { onEvent, onReady }

  useEffect(() => {
    if (!url) return
    let source: EventSource | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let attempt = 0
    let lastId: number | null = null
    let closed = false
    const connect = () => {
      source = new EventSource(lastId === null ? url : `${url}${url.includes('?') ? '&' : '?'}after=${lastId}`)
      source.addEventListener('ready', () => {
        attempt = 0
        setStatus('live')
        latest.current.onReady?.()
      })
      source.addEventListener('live', (message) => {
        const event = JSON.parse((message as MessageEvent<string>).data) as E
        lastId = event.id
        latest.current.onEvent(event)
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
