import { useTranslation } from 'react-i18next'
import type { WallKpis } from './wall-types.ts'
import './campaign-watch.css'

/** The campaigns running now, with how far each has got; the card is not shown while none runs. */
export function CampaignWatch({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  const running = kpis.campaigns ?? []
  if (running.length === 0) return null
  return (
    <section className="wall-card campaign-watch" data-testid="wall-campaign-watch">
      <h2>{t('campaigns.wall.title')}</h2>
      <ol>
        {running.map((c) => (
          <li key={c.id}>
            <span title={c.name}>{c.name}</span>
            <b>{t('campaigns.wall.progress', { inspected: c.inspected, planned: c.planned })}</b>
            <small>{t(`campaigns.kind.${c.kind}`)} · {t('campaigns.wall.until', { day: c.endsOn })}</small>
            <small>{t('campaigns.wall.findings', { findings: c.findings, closed: c.closed })} · {t('campaigns.wall.penalties', { count: c.penalties })}</small>
          </li>
        ))}
      </ol>
    </section>
  )
}
