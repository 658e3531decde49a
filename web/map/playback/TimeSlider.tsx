import { useTranslation } from 'react-i18next'
import { type Playback } from './use-playback.ts'
import { SPEEDS, type Speed, stepDate, stopIndex } from './playback-url.ts'
import './time-slider.css'

interface Props {
  playback: Playback
  /** The day's headline counts (red sites, open and overdue hazards), when a day is shown. */
  summary?: { red: number; open: number; overdue: number } | null
  className?: string
}

/**
 * The captured days on a slider, live at its right end, with play/pause, a step either way and the speed. The
 * range input is the keyboard's: arrows step a day, Home/End go to the first day and to live, and Space plays or
 * pauses.
 */
export function TimeSlider({ playback, summary, className = '' }: Props) {
  const { t } = useTranslation()
  const { stops, date, setDate, playing, play, speed, setSpeed } = playback
  if (!stops.length) return null
  const index = stopIndex(stops, date)
  const label = date ?? t('playback.live')
  const step = (by: number) => setDate(stepDate(stops, date, by))
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key !== ' ' || (e.target as HTMLElement).tagName !== 'INPUT') return // buttons and the speed list keep their own Space
    e.preventDefault()
    play(!playing)
  }
  return (
    <section className={`time-slider ${className}`} aria-label={t('playback.title')} data-testid="time-slider" onKeyDown={onKey}>
      <button type="button" onClick={() => play(!playing)} data-testid="playback-play" aria-pressed={playing}
        aria-label={t(playing ? 'playback.pause' : 'playback.play')} title={t(playing ? 'playback.pause' : 'playback.play')}>{playing ? '❚❚' : '▶'}</button>
      <button type="button" onClick={() => step(-1)} disabled={index === 0} data-testid="playback-back" aria-label={t('playback.back')} title={t('playback.back')}>‹</button>
      <button type="button" onClick={() => step(1)} disabled={date === null} data-testid="playback-forward" aria-label={t('playback.forward')} title={t('playback.forward')}>›</button>
      <input type="range" min={0} max={stops.length} step={1} value={index} data-testid="playback-range"
        aria-label={t('playback.day')} aria-valuetext={label} onChange={(e) => setDate(stops[Number(e.target.value)] ?? null)} />
      <output className={`time-slider-date${date ? ' past' : ''}`} data-testid="playback-date" aria-live="polite">{label}</output>
      {summary && (
        <span className="time-slider-summary" data-testid="playback-summary">
          {t('playback.red')}<b data-testid="playback-red">{summary.red}</b>
          {t('playback.open')}<b data-testid="playback-open">{summary.open}</b>
          {t('playback.overdue')}<b>{summary.overdue}</b>
        </span>
      )}
      <select value={speed} onChange={(e) => setSpeed(Number(e.target.value) as Speed)} aria-label={t('playback.speed')} data-testid="playback-speed">
        {SPEEDS.map((s) => <option key={s} value={s}>{t('playback.perSecond', { n: s })}</option>)}
      </select>
      <button type="button" onClick={() => { play(false); setDate(null) }} disabled={date === null} data-testid="playback-live">{t('playback.backToLive')}</button>
    </section>
  )
}
