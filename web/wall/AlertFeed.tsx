import { useTranslation } from 'react-i18next'
import { alarmValue } from '../ui/alarm-value.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import type { WallEvent } from './wall-types.ts'

const ALARMING = new Set(['hazard_opened', 'pm10_exceedance', 'camera_offline', 'alarm_opened', 'alarm_escalated'])

/**
 * The newest events first: what opened, what closed, which PM10 reading, which camera and which device alarm
 * (named by its kind, with its reading); names shown as text.
 */
export function AlertFeed({ events }: { events: WallEvent[] }) {
  const { t } = useTranslation()
  return (
    <section className="wall-card grow feed">
      <h2>{t('wall.alerts')}</h2>
      <ul data-testid="wall-alerts">
        {events.map((e) => (
          <li key={e.id} className={ALARMING.has(e.kind) ? 'alarm' : 'ok'}>
            <time>{beijingMinute(e.at)}</time>
            <b>{t(`wall.event.${e.kind}`, { value: e.alarmKind ? alarmValue(t, e.alarmKind, e.value) : e.value ?? '', kind: e.alarmName ?? '' })}</b>
            <span>{e.districtName} · {e.siteName}</span>
          </li>
        ))}
      </ul>
    </section>
  )
}
