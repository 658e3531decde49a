import { useTranslation } from 'react-i18next'
import { beijingDay } from '../../server/domain/time.ts'
import type { WallKpis } from './wall-types.ts'
import './accountability-watch.css'

/** How many of the latest actions and accidents the card lists: it shares its column with the district ranking. */
const SHOWN = 3

/** Districts held to account and the latest accidents: unanswered and overdue actions, then the latest of each. */
export function AccountabilityWatch({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  const a = kpis.accountability
  if (!a) return null
  const today = beijingDay(new Date())
  return (
    <section className="wall-card accountability-watch" data-testid="wall-accountability">
      <h2>{t('accountability.wall.title')}
        <small>{t('accountability.wall.openActions', { count: a.openActions })}</small>
        {a.overdueReplies > 0 && <small className="alarm">{t('accountability.wall.overdue', { count: a.overdueReplies })}</small>}
      </h2>
      <ul>
        {a.recentActions.slice(0, SHOWN).map((x) => (
          <li key={`a${x.id}`} className={!x.replied && x.deadline < today ? 'alarm' : ''}>
            <span>{x.district}</span><small>{t(`accountability.kind.${x.kind}`)}</small><em>{x.code}</em>
          </li>
        ))}
        {a.recentAccidents.slice(0, SHOWN).map((x) => (
          <li key={`c${x.id}`} className={x.deaths > 0 ? 'alarm' : ''}>
            <span>{x.site}</span><small>{x.district}</small>
            <em>{t('accountability.accident.casualties', { deaths: x.deaths, injuries: x.injuries })}</em>
          </li>
        ))}
      </ul>
    </section>
  )
}
