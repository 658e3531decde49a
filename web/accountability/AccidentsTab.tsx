import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { navigate } from '../ui/router.ts'
import { AccidentDetail } from './accident-detail.tsx'
import type { AccountabilityTabProps } from './AccountabilityScreen.tsx'

/** Accidents of the zone with their investigation and 一案双查 state; `/accountability/accidents/<id>` opens one. */
export function AccidentsTab({ api, role, rest }: AccountabilityTabProps) {
  const { t } = useTranslation()
  const id = Number(rest[0])
  const [onlyOpen, setOnlyOpen] = useState(false)
  const filters = onlyOpen ? { open: 'true' as const } : {}
  const list = useQuery({ queryKey: ['accountability-accidents', filters], queryFn: () => unwrap(api.api.accountability.accidents.$get({ query: filters })),
    enabled: !(Number.isInteger(id) && id > 0) })
  if (Number.isInteger(id) && id > 0) return <AccidentDetail api={api} role={role} id={id} />
  const accidents = list.data?.accidents ?? []
  return (
    <section data-testid="accountability-accidents">
      <h2>{t('accountability.tab.accidents')}</h2>
      <div className="inline-form">
        <label><input type="checkbox" checked={onlyOpen} onChange={(e) => setOnlyOpen(e.target.checked)} /> {t('accountability.accident.onlyOpen')}</label>
        {list.data && <span className="muted">{t('accountability.total', { count: accidents.length })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('accountability.tab.accidents')}
          request={(format) => api.api.accountability.accidents.export.$get({ query: { ...filters, format } })} />
      </div>
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>{(['occurredAt', 'site', 'district', 'grade', 'casualties', 'investigation', 'penalties', 'fines', 'double'] as const)
          .map((c) => <th key={c}>{t(`accountability.accident.col.${c}`)}</th>)}</tr></thead>
        <tbody>
          {accidents.map((a) => (
            <tr key={a.id} onClick={() => navigate(`/accountability/accidents/${a.id}`)} data-testid={`accident-${a.id}`}>
              <td>{beijingMinute(a.occurredAt)}</td>
              <td><a href={`/accountability/accidents/${a.id}`} onClick={(e) => e.preventDefault()}>{a.siteName}</a></td>
              <td>{a.district}</td><td>{t(`accountability.accident.grade.${a.grade}`)}</td>
              <td className={a.deaths > 0 ? 'warn' : ''}>{t('accountability.accident.casualties', { deaths: a.deaths, injuries: a.injuries })}</td>
              <td>{a.investigationClosedOn ? t('accountability.accident.closed', { day: a.investigationClosedOn }) : t('accountability.accident.open')}</td>
              <td>{a.penalties}</td><td>{a.finesYuan.toLocaleString()}</td>
              <td className={a.doubleInvestigation.complete ? '' : 'warn'}>{t(`accountability.accident.double.${a.doubleInvestigation.complete ? 'complete' : 'incomplete'}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && accidents.length === 0 && <p className="muted">{t('accountability.none')}</p>}
    </section>
  )
}
