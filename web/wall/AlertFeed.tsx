import { useTranslation } from 'react-i18next'
import type { WallEvent } from './wall-types.ts'

const ALARMING = new Set(['hazard_opened', 'pm10_exceedance', 'camera_offline'])

/** The newest events first: what opened, what closed, which PM10 reading and which camera; names shown as text. */
export function AlertFeed({ events }: { events: WallEvent[] }) {
  const { t } = useTranslation()
  return (
    <section className="wall-card grow feed">
      <h2>{t('wall.alerts')}</h2>
      <ul data-testid="wall-alerts">
        {events.map((e) => (
          <li key={e.id} className={ALARMING.has(e.kind) ? 'alarm' : 'ok'}>
            <time>{e.at.slice(5, 16).replace('T', ' ')}</time>
            <b>{t(`wall.event.${e.kind}`, { value: e.value ?? '' })}</b>
            <span>{e.districtName} · {e.siteName}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
