import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { alarmValue } from '../ui/alarm-value.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { Section } from '../ui/Panel.tsx'
import type { LiveStatus } from '../ui/use-live-events.ts'
import { AlarmSteps } from './AlarmSteps.tsx'
import type { ZoneAlarm } from './MyZonePanel.tsx'

interface Props {
  api: ApiClient; alarms: ZoneAlarm[]; canAnswer: boolean; onSite(id: number): void
  /** Whether the list is being kept current by the zone's alarm stream. */
  live: LiveStatus
}

/**
 * The zone's device alarms not yet closed, overdue first (the server's order). One opens at a time, with what
 * was done so far and its next step, so the list stays a list on a phone.
 */
export function AlarmTasks({ api, alarms, canAnswer, onSite, live }: Props) {
  const { t } = useTranslation()
  const [opened, setOpened] = useState<number | null>(null)
  return (
    <Section title={t('alarms.title', { count: alarms.length })} data-testid="alarm-tasks" data-live={live}>
      {alarms.length === 0 ? <p className="muted">{t('myZone.allClear')}</p> : (
        <ul className="records tasks" data-testid="task-alarms">
          {alarms.map((a) => {
            const peak = alarmValue(t, a.kind, a.peakValue)
            const late = a.overdue || a.escalation !== 'none'
            return (
              <li key={a.id} data-testid={`alarm-${a.id}`} data-status={a.status}>
                <button type="button" className="link task" aria-expanded={opened === a.id} onClick={() => setOpened(opened === a.id ? null : a.id)}>
                  <span className={`chip ${late ? 'red' : 'amber'}`}>{a.kindName}</span>
                  {a.siteName}{peak && ` · ${t('alarms.peak', { value: peak })}`}
                  <small>{t('alarms.openedAt', { at: beijingMinute(a.openedAt) })} · {a.clearedAt ? t('alarms.clearedAt', { at: beijingMinute(a.clearedAt) }) : t('alarms.stillActive')}</small>
                  <small className={late ? 'warn' : ''} data-testid="alarm-state">
                    {t(`alarms.status.${a.status}`)}
                    {a.status === 'open' && ` · ${a.overdue ? t('alarms.overdue') : t('alarms.respondBy', { at: beijingMinute(a.respondBy) })}`}
                    {a.escalation !== 'none' && ` · ${t(`escalation.${a.escalation}`)}`}
                  </small>
                </button>
                {opened === a.id && <AlarmSteps api={api} alarm={a} canAnswer={canAnswer} onSite={onSite} />}
              </li>
            )
          })}
        </ul>
      )}
    </Section>
  )
}
