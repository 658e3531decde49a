import { useTranslation } from 'react-i18next'
import type { WallKpis } from './wall-types.ts'

/** The lowest-credit firms at work in the city: who to watch, with their grade, score and active sites. */
export function CreditWatch({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  return (
    <section className="wall-card credit-watch" data-testid="wall-credit-watch">
      <h2>{t('credit.wall.title')}</h2>
      <ol>
        {kpis.lowestCredit.map((f) => (
          <li key={f.id} className={f.grade === 'B' || f.grade === 'C' ? 'alarm' : ''}>
            <span>{f.name}</span><small>{f.kinds.map((k) => t(`credit.kind.${k}`)).join('、')}</small>
            <b>{f.grade}</b><em>{f.score.toFixed(1)}</em><small>{f.activeSites}</small>
          </li>
        ))}
      </ol>
    </section>
  )
}
