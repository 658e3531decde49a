import { useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { CraneStatus } from './crane-list.tsx'

export type MachinePage = InferResponseType<ApiClient['api']['cranes'][':id']['$get'], 200>
type CraneEvent = MachinePage['events'][number]

export function useMachine(api: ApiClient, id: number) {
  return useQuery({ queryKey: ['crane-machine', id], queryFn: () => unwrap(api.api.cranes[':id'].$get({ param: { id: String(id) } })) })
}

const firmLink = (id: number | null, name: string | null) => (id ? <a href={`/registry/enterprises/${id}`}>{name}</a> : name ?? '–')

/** The machine's identity and where it stands now. */
export function MachineFacts({ machine }: { machine: MachinePage }) {
  const { t } = useTranslation()
  return (
    <section data-testid="crane-machine">
      <h2>{machine.recordNo} · {t(`crane.${machine.kind}`)}</h2>
      <dl className="facts">
        <dt>{t('cranes.col.stage')}</dt><dd data-testid="crane-stage"><CraneStatus machine={machine} /></dd>
        <dt>{t('cranes.col.site')}</dt><dd>{machine.siteId ? <a href={`/?sel=site:${machine.siteId}`}>{machine.siteCode} {machine.siteName}</a> : '–'}</dd>
        <dt>{t('cranes.col.owner')}</dt><dd>{firmLink(machine.ownerId, machine.ownerName)}</dd>
        <dt>{t('cranes.maker')}</dt><dd>{machine.maker || '–'} {machine.model}</dd>
        <dt>{t('cranes.madeYear')}</dt><dd>{machine.madeYear ?? '–'}</dd>
        <dt>{t('cranes.filedOn')}</dt><dd>{machine.filedOn ?? '–'}</dd>
        {machine.scrappedOn && <><dt>{t('cranes.scrappedOn')}</dt><dd>{machine.scrappedOn}</dd></>}
        <dt>{t('cranes.col.registrationNo')}</dt><dd>{machine.registrationNo ?? '–'}</dd>
        <dt>{t('cranes.col.inspection')}</dt><dd>{machine.inspection?.expiresOn ?? '–'}</dd>
      </dl>
    </section>
  )
}

/** Every site the machine stood on, with the monitors fitted there and their open alarms. */
export function MachineInstallations({ machine }: { machine: MachinePage }) {
  const { t } = useTranslation()
  return (
    <section>
      <h3>{t('cranes.installations')}</h3>
      <table className="grid-table" data-testid="crane-installations">
        <thead><tr>
          <th>{t('cranes.col.site')}</th><th>{t('cranes.col.stage')}</th><th>{t('cranes.col.installedOn')}</th><th>{t('cranes.col.dismantledOn')}</th>
          <th>{t('cranes.col.registrationNo')}</th><th>{t('cranes.col.installer')}</th><th>{t('cranes.col.devices')}</th>
        </tr></thead>
        <tbody>
          {machine.installations.map((i) => (
            <tr key={i.id}>
              <td><a href={`/?sel=site:${i.siteId}`}>{i.siteCode} {i.siteName}</a></td>
              <td>{t(`cranes.stage.${i.stage}`)}</td><td>{i.installedOn}</td><td>{i.dismantledOn ?? '–'}</td><td>{i.registrationNo ?? '–'}</td>
              <td>{firmLink(i.installerId, i.installerName)}</td>
              <td>{i.devices.length === 0 ? '–' : i.devices.map((d) => (
                <span key={d.id}>{d.code} ({t(`liveDevices.health.${d.health}`)}){d.openAlarms > 0 && <b className="warn"> {t('cranes.openAlarms', { count: d.openAlarms })}</b>} </span>
              ))}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function EventLine({ event }: { event: CraneEvent }) {
  const { t } = useTranslation()
  return (
    <li data-testid={`crane-event-${event.step}`}>
      <time>{event.occurredOn}</time> <strong>{t(`cranes.step.${event.step}`)}</strong>
      {event.enterpriseId && <> · {firmLink(event.enterpriseId, event.enterpriseName)}</>}
      {event.people.length > 0 && <> · {event.people.map((p) => p.name).join('、')}</>}
      {event.step === 'inspection' && event.passed !== null && (
        <> · <span className={event.passed ? '' : 'warn'}>{t(event.passed ? 'cranes.passed' : 'cranes.failed')}</span>
          {event.expiresOn && ` ${t('cranes.validUntil', { date: event.expiresOn })}`}</>
      )}
      {event.documentNo && <> · {event.documentNo}</>}
      {event.note && <> · {event.note}</>}
      {event.recordedBy && <small className="muted"> {t('cranes.recordedBy', { who: event.recordedBy })}</small>}
    </li>
  )
}

/** The lifecycle as it happened, grouped by the site each step was taken on (filing belongs to no site). */
export function MachineTimeline({ machine }: { machine: MachinePage }) {
  const { t } = useTranslation()
  const groups: { key: string; title: string; events: CraneEvent[] }[] = []
  for (const event of machine.events) {
    const key = String(event.craneId ?? 'machine')
    if (groups.at(-1)?.key !== key) groups.push({ key, title: event.siteName ?? machine.recordNo, events: [] })
    groups.at(-1)!.events.push(event)
  }
  return (
    <section data-testid="crane-timeline">
      <h3>{t('cranes.timeline')}</h3>
      {groups.map((g, k) => (
        <div key={`${g.key}-${k}`} className="timeline-group">
          <h4>{g.title}</h4>
          <ol className="records">{g.events.map((e) => <EventLine key={e.id} event={e} />)}</ol>
        </div>
      ))}
    </section>
  )
}
