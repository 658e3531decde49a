import { useQueryClient } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { GRADE_COLORS, rgb } from '../map/layers/colors.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { Panel, Section } from '../ui/Panel.tsx'
import { useLiveEvents } from '../ui/use-live-events.ts'
import { AlarmTasks } from './AlarmTasks.tsx'

export type MyZone = InferResponseType<ApiClient['api']['my-zone']['$get'], 200>
export type ZoneAlarm = MyZone['alarms'][number]

interface Props {
  api: ApiClient; zone: MyZone | undefined; error: Error | null
  /** The signed-in role answers alarms (acknowledge, dispose, close); city command only reads them. */
  canAnswer: boolean
  onSite(id: number): void; onHazard(id: number): void; onClose(): void
}

/**
 * The supervisor's day: device alarms to answer, what is overdue, what waits for a re-check, which key projects
 * lack measures, where dust is high.
 */
export function MyZonePanel({ api, zone, error, canAnswer, onSite, onHazard, onClose }: Props) {
  const { t } = useTranslation()
  const live = useLiveAlarms(api, zone !== undefined)
  if (!zone) return <Panel title={error ? error.message : t('loading')} onClose={onClose} testId="my-zone" />
  const { tasks } = zone
  const task = (key: string, onClick: () => void, body: ReactNode) => (
    <li key={key}><button type="button" className="link task" onClick={onClick}>{body}</button></li>
  )
  return (
    <Panel title={t('myZone.title')} subtitle={zone.grids.length <= 6 ? zone.grids.map((g) => g.name).join('、') : t('myZone.gridCount', { count: zone.grids.length })}
      onClose={onClose} testId="my-zone">
      <AlarmTasks api={api} alarms={zone.alarms} canAnswer={canAnswer} onSite={onSite} live={live} />
      <TaskList title={t('myZone.overdue', { count: tasks.overdueHazards.length })} testId="task-overdue" empty={t('myZone.allClear')}>
        {tasks.overdueHazards.map((h) => task(`h${h.id}`, () => onHazard(h.id), (
          <>
            <span className={`chip ${h.severity === 'major' ? 'red' : 'amber'}`}>{t(`severity.${h.severity}`)}</span>
            {h.siteName} · {h.category}
            <small className="warn">{t('myZone.daysOverdue', { days: h.daysOverdue })} · {t(`hazardStatus.${h.status}`)}
              {h.escalation !== 'grid' && ` · ${t(`escalation.${h.escalation}`)}`}</small>
          </>
        )))}
      </TaskList>
      <TaskList title={t('myZone.reinspections', { count: tasks.reinspections.length })} testId="task-reinspect" empty={t('myZone.allClear')}>
        {tasks.reinspections.map((r) => task(`r${r.siteId}-${r.hazardId}`, () => (r.hazardId ? onHazard(r.hazardId) : onSite(r.siteId)), (
          <>{r.siteName}<small>{r.reason === 'verify_rectification' ? t('myZone.verify', { what: r.detail })
            : t('myZone.revisit', { grade: t(`grade.${r.detail}`), since: r.since ? beijingMinute(r.since) : t('myZone.never') })}</small></>
        )))}
      </TaskList>
      <TaskList title={t('myZone.keyMissing', { count: tasks.keyProjectsMissingMeasures.length })} testId="task-key" empty={t('myZone.allClear')}>
        {tasks.keyProjectsMissingMeasures.map((k) => task(`k${k.siteId}`, () => onSite(k.siteId), (
          <>{k.siteName}<small className={k.pastDeadline ? 'warn' : ''}>{k.missing.map((m) => t(`myZone.measure.${m}`)).join('、')} · {t('site.measures.due', { date: k.deadline })}</small></>
        )))}
      </TaskList>
      <TaskList title={t('myZone.pm10', { count: tasks.pm10Alerts.length })} testId="task-pm10" empty={t('myZone.allClear')}>
        {tasks.pm10Alerts.map((a) => task(`p${a.siteId}`, () => onSite(a.siteId), (
          <>{a.siteName}<small className="warn">{t('myZone.pm10Detail', { max: a.maxPm10, windows: a.windows, at: beijingMinute(a.latest) })}</small></>
        )))}
      </TaskList>
      <TaskList title={t('people.task.expiring', { count: tasks.expiringCertificates.length })} testId="task-certificates" empty={t('myZone.allClear')}>
        {tasks.expiringCertificates.map((c) => task(`c${c.certificateId}-${c.siteId}`, () => onSite(c.siteId), (
          <>{c.personName} · {c.siteName}<small className={c.daysLeft <= 7 ? 'warn' : ''}>
            {t('people.task.detail', { role: t(`people.role.${c.role}`), kind: c.specialty || t(`people.kind.${c.kind}`), days: c.daysLeft })}</small></>
        )))}
      </TaskList>
      <Section title={t('myZone.sites', { count: zone.sites.length })}>
        <ol className="site-list ranked" data-testid="zone-sites">
          {zone.sites.map((s) => (
            <li key={s.id}>
              <button type="button" className="link" onClick={() => onSite(s.id)}>
                <i style={{ background: s.riskGrade ? rgb(GRADE_COLORS[s.riskGrade as keyof typeof GRADE_COLORS]) : 'var(--muted)' }} />{s.name}
              </button>
              <span className="muted">{s.riskScore ?? '–'}{s.openHazards > 0 && ` · ${t('myZone.open', { count: s.openHazards })}`}</span>
            </li>
          ))}
        </ol>
      </Section>
    </Panel>
  )
}

/**
 * An alarm event reads the zone's open alarms again, one small query, and puts them in 今日任务 at once; the rest
 * of 今日任务 (sites, tasks, PM10) is fetched again behind it, as before. What is on screen when the stream
 * (re)connects may predate it (the panel was closed a while, the network was down): it is fetched again then too;
 * on the first load nothing is on screen yet.
 */
function useLiveAlarms(api: ApiClient, shown: boolean) {
  const queryClient = useQueryClient()
  const refetch = () => void queryClient.invalidateQueries({ queryKey: ['my-zone'] })
  const onAlarm = () => {
    void unwrap(api.api.alarms.$get({ query: { state: 'unclosed' } }))
      .then(({ alarms }) => queryClient.setQueryData<MyZone>(['my-zone'], (zone) => zone && { ...zone, alarms }))
      .catch(() => {}) // the full fetch below brings them anyway
      .finally(refetch)
  }
  return useLiveEvents('/api/alarms/events', onAlarm, () => { if (shown) refetch() })
}

function TaskList({ title, testId, empty, children }: { title: string; testId: string; empty: string; children: ReactNode[] }) {
  return (
    <Section title={title}>
      {children.length === 0 ? <p className="muted">{empty}</p> : <ul className="records tasks" data-testid={testId}>{children}</ul>}
    </Section>
  )
}
