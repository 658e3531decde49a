import { keepPreviousData, type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { indexFrame, type DayFrame } from './day-frame.ts'
import { dateFromSearch, searchWithDate, type Speed, stepDate } from './playback-url.ts'

/** A day's KPI report as captured (/api/history/kpis, /api/wall/history/snapshot). */
export interface DayKpis { date: string; asOf: string; kpis: unknown }

/** Where a screen's history comes from: the map asks /api/history, the wall its token-guarded twin. */
export interface PlaybackSource {
  /** Query-key prefix, so that the map's and the wall's caches stay apart. */
  scope: string
  /** The captured (ended) days, oldest first. */
  days(): Promise<{ days: string[] }>
  frame(date: string): Promise<DayFrame>
  /** The day's KPI panels, fetched with its frame so that panels and map change together; absent where none are shown. */
  kpis?(date: string): Promise<DayKpis>
}

// A captured day never changes (capturing it again gives the same figures); today is live, never a frame.
const frameQuery = (source: PlaybackSource, date: string) =>
  ({ queryKey: [source.scope, 'frame', date], queryFn: () => source.frame(date), staleTime: Infinity })
const kpisQuery = (source: PlaybackSource, date: string) =>
  ({ queryKey: [source.scope, 'kpis', date], queryFn: () => source.kpis!(date), staleTime: Infinity })

/** Fetched, or failed (so that a day that cannot be had is shown as such and playback moves on). */
function settled(client: QueryClient, source: PlaybackSource, date: string) {
  const done = (key: unknown[]) => { const s = client.getQueryState(key)?.status; return s === 'success' || s === 'error' }
  return done(frameQuery(source, date).queryKey) && (!source.kpis || done(kpisQuery(source, date).queryKey))
}

/**
 * The day shown (null: live), play/pause and speed, and that day's frame. While playing, the next days are fetched
 * as soon as a day is shown, and a tick moves on only to a day already fetched: each frame is a fetch ahead, and a
 * slow answer holds the current day rather than blanking the map.
 */
export function usePlayback(source: PlaybackSource, enabled = true) {
  const client = useQueryClient()
  const [date, setDate] = useState<string | null>(() => dateFromSearch(window.location.search))
  const [playing, setPlaying] = useState(false)
  const [speed, setSpeed] = useState<Speed>(1)
  const days = useQuery({ queryKey: [source.scope, 'days'], queryFn: () => source.days(), staleTime: 10 * 60_000, enabled })
  const stops = useMemo(() => days.data?.days ?? [], [days.data])
  // The previous day stays on screen until the next has arrived; live has no frame at all.
  const frame = useQuery({ ...frameQuery(source, date ?? ''), enabled: date !== null, placeholderData: keepPreviousData })
  const kpis = useQuery({ ...kpisQuery(source, date ?? ''), enabled: date !== null && Boolean(source.kpis), placeholderData: keepPreviousData })

  useEffect(() => {
    // The day is part of the address, so a link (or a reload) opens it; other parameters and the map view are kept.
    const { pathname, search, hash } = window.location
    window.history.replaceState(null, '', `${pathname}${searchWithDate(search, date)}${hash}`)
  }, [date])

  // Two days ahead: a tick that finds the next day still loading holds the current one, so the one after has a
  // whole tick more to arrive (at 4 days/s a busy page delays the effect that asks for it by as much as a tick).
  const ahead = playing ? [stepDate(stops, date, 1), stepDate(stops, date, 2)].filter((d) => d !== null).join() : ''
  useEffect(() => {
    for (const day of ahead ? ahead.split(',') : []) {
      void client.prefetchQuery(frameQuery(source, day))
      if (source.kpis) void client.prefetchQuery(kpisQuery(source, day))
    }
  }, [client, source, ahead])

  const shown = useRef(date)
  shown.current = date
  useEffect(() => {
    if (!playing) return
    const timer = setInterval(() => {
      const upcoming = stepDate(stops, shown.current, 1)
      if (upcoming === null) {
        setDate(null) // played up to today: back to live, and stop
        setPlaying(false)
      } else if (settled(client, source, upcoming)) setDate(upcoming)
    }, 1000 / speed)
    return () => clearInterval(timer)
  }, [client, source, playing, speed, stops])

  /** Plays from `from`, or on from the day shown; from live it starts over at the first captured day. */
  const play = useCallback((on: boolean, from?: string) => {
    const start = on ? from ?? (shown.current === null ? stops[0] : undefined) : undefined
    if (start !== undefined) setDate(start)
    setPlaying(on)
  }, [stops])
  const day = useMemo(() => (date !== null && frame.data ? indexFrame(frame.data) : null), [date, frame.data])
  return {
    stops, date, setDate, playing, play, speed, setSpeed,
    /** The frame on screen (null when live) and its rows by site id. */
    frame: date === null ? null : frame.data ?? null,
    day,
    kpis: date === null ? null : kpis.data ?? null,
    // Live needs no history: a failure to list the days only hides the slider.
    error: date === null ? null : days.error ?? frame.error ?? kpis.error,
  }
}

export type Playback = ReturnType<typeof usePlayback>
