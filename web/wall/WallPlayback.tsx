import { useEffect, useMemo, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import type { DayFrame } from '../map/playback/day-frame.ts'
import { tourDays, trendTourFromSearch } from '../map/playback/playback-url.ts'
import { TimeSlider } from '../map/playback/TimeSlider.tsx'
import { type Playback, type PlaybackSource, usePlayback } from '../map/playback/use-playback.ts'
import './wall-playback.css'

/**
 * The wall's playback, from its token-guarded history (/api/wall/history), and the 30-day trend tour
 * (`?tour=trend`): the last TOUR_DAYS captured days replayed one a second, map and KPI panels together, then live
 * for `every` seconds, and again. A date in the address (a reload mid-tour) resumes the tour from that day.
 */
export function useWallPlayback(api: ApiClient, token: string, pauseSeconds: number) {
  const source = useMemo((): PlaybackSource => ({
    scope: 'wall-history',
    days: () => unwrap(api.api.wall.history.days.$get({ query: { token } })),
    frame: async (date) => await unwrap(api.api.wall.history.playback.$get({ query: { token, date } })) as DayFrame,
    kpis: (date) => unwrap(api.api.wall.history.snapshot.$get({ query: { token, date } })),
  }), [api, token])
  const playback = usePlayback(source, token !== '')
  useTrendTour(playback, trendTourFromSearch(window.location.search), pauseSeconds)
  return playback
}

function useTrendTour({ stops, date, playing, play }: Playback, on: boolean, pauseSeconds: number) {
  const first = useRef(true)
  useEffect(() => {
    // Playing, or held on a day someone chose (after the first run): the tour waits for live.
    if (!on || playing || !stops.length || (date !== null && !first.current)) return
    const start = first.current && date !== null ? date : tourDays(stops)[0]
    const timer = setTimeout(() => { first.current = false; play(true, start) }, first.current ? 0 : pauseSeconds * 1000)
    return () => clearTimeout(timer)
  }, [on, playing, date, stops, play, pauseSeconds])
}

/** The day replayed, large over the map (read from across the room), and the slider at the map's foot. */
export function WallPlayback({ playback }: { playback: Playback }) {
  const { t } = useTranslation()
  const asOf = playback.kpis?.asOf
  return (
    <>
      {playback.date && (
        <div className="wall-playback-date" role="status">
          <b data-testid="wall-playback-date">{playback.date}</b>
          <span>{t(trendTourFromSearch(window.location.search) ? 'playback.tour' : 'playback.replay')}</span>
          {asOf && <small>{t('playback.capturedAt', { time: new Date(asOf).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }) })}</small>}
        </div>
      )}
      <TimeSlider playback={playback} className="wall-slider" />
    </>
  )
}
