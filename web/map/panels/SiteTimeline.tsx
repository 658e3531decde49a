import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../../api.ts'
import { EChart } from '../../ui/EChart.tsx'
import { Section } from '../../ui/Panel.tsx'
import './site-timeline.css'

const GRADE_COLOURS: Record<string, string> = { red: '#e63737', orange: '#f0883e', yellow: '#d29922', blue: '#58a6ff' }
const EVENT_COLOURS = { inspection: '#3fb950', hazard_opened: '#e63737', hazard_closed: '#58a6ff', pm10_episode: '#a371f7', notice: '#d29922' } as const

/**
 * The site's risk over the last 90 kept days, with the records that moved it as markers on the line (a vertical mark
 * on the event's day) and listed below, newest first.
 */
export function SiteTimeline({ api, siteId, theme }: { api: ApiClient; siteId: number; theme: 'dark' | 'light' }) {
  const { t } = useTranslation()
  const timeline = useQuery({
    queryKey: ['site-timeline', siteId],
    queryFn: () => unwrap(api.api.history.sites[':id'].timeline.$get({ param: { id: String(siteId) }, query: { days: '90' } })),
  })
  const data = timeline.data
  const option = useMemo(() => data && ({
    grid: { left: 32, right: 8, top: 12, bottom: 22 },
    tooltip: {
      trigger: 'axis',
      formatter: (points: { dataIndex: number }[]) => {
        const day = data.days[points[0]?.dataIndex ?? 0]
        if (!day) return ''
        const moved = day.moved ? `<br/>${t('trends.timeline.moved', { factor: t(`factor.${day.moved.factor}`), change: day.moved.change > 0 ? `+${day.moved.change}` : day.moved.change })}` : ''
        const events = data.events.filter((e) => e.at.slice(0, 10) === day.date).map((e) => `<br/>${t(`trends.timeline.kind.${e.kind}`)}`).join('')
        return `${day.date} · ${day.score ?? '—'}${moved}${events}`
      },
    },
    xAxis: { type: 'category', data: data.days.map((d) => d.date), axisLabel: { hideOverlap: true, formatter: (d: string) => d.slice(5) } },
    yAxis: { type: 'value', min: 0, max: 100, splitNumber: 2 },
    series: [{
      type: 'line', showSymbol: false, lineStyle: { width: 1.5, color: '#8b949e' },
      data: data.days.map((d) => ({ value: d.score, itemStyle: { color: GRADE_COLOURS[d.grade ?? ''] ?? '#8b949e' } })),
      // One mark per day with events, coloured by the first event of that day.
      markLine: {
        symbol: 'none', silent: true, label: { show: false },
        data: [...new Map(data.events.map((e) => [e.at.slice(0, 10), e])).values()]
          .filter((e) => data.days.some((d) => d.date === e.at.slice(0, 10)))
          .map((e) => ({ xAxis: e.at.slice(0, 10), lineStyle: { color: EVENT_COLOURS[e.kind], type: 'dashed', width: 1 } })),
      },
    }],
  }), [data, t])

  return (
    <Section title={t('trends.timeline.title')}>
      <div className="site-timeline" data-testid="site-timeline">
        {timeline.error && <p role="alert" className="form-error">{(timeline.error as Error).message}</p>}
        {data && (data.days.length === 0
          ? <p className="muted">{t('trends.timeline.empty')}</p>
          : option && <EChart option={option} theme={theme} className="timeline-chart" testId="timeline-chart" />)}
        {data && data.events.length > 0 && (
          <ul className="timeline-events" aria-label={t('trends.timeline.events')}>
            {[...data.events].reverse().map((e) => (
              <li key={`${e.kind}-${e.refId ?? e.at}`} data-kind={e.kind}>
                <time>{e.at.slice(0, 10)}{e.until && e.until !== e.at.slice(0, 10) ? ` — ${e.until}` : ''}</time>
                <b style={{ color: EVENT_COLOURS[e.kind] }}>{t(`trends.timeline.kind.${e.kind}`)}</b>{e.title}
              </li>
            ))}
          </ul>
        )}
      </div>
    </Section>
  )
}
