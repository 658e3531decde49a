import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'

type Status = 'open' | 'closed' | 'all'

/**
 * 隐患清单: the hazards chemical surveys raised, open ones first and oldest first. Each links to the hazard on the
 * map, where it moves through the same closed loop (整改 → 复查 → 闭环) as every other hazard.
 */
export function ChemicalDangers({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [status, setStatus] = useState<Status>('open')
  const list = useQuery({
    queryKey: ['chemicals', 'dangers', status], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.chemicals.dangers.$get({ query: { status, limit: '500' } })),
  })
  return (
    <section data-testid="chemical-dangers">
      <div className="inline-form">
        <select value={status} onChange={(e) => setStatus(e.target.value as Status)} aria-label={t('chemicals.col.status')} data-testid="danger-status-filter">
          {(['open', 'closed', 'all'] as const).map((s) => <option key={s} value={s}>{t(`chemicals.filter.status.${s}`)}</option>)}
        </select>
        {list.data && <span className="muted" data-testid="danger-total">{t('chemicals.total', { count: list.data.total })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName="危化品隐患清单" request={(format) => api.api.chemicals.dangers.export.$get({ query: { status, format } })} />
      </div>
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('chemicals.col.hazard')}</th><th>{t('chemicals.col.site')}</th><th>{t('chemicals.col.severity')}</th><th>{t('chemicals.col.description')}</th>
          <th>{t('chemicals.col.status')}</th><th>{t('chemicals.col.foundAt')}</th><th>{t('chemicals.col.deadline')}</th><th>{t('chemicals.col.age')}</th><th>{t('chemicals.col.overdue')}</th>
        </tr></thead>
        <tbody>
          {(list.data?.items ?? []).map((d) => (
            <tr key={d.hazardId} className={d.daysOverdue > 0 ? 'selected' : ''} data-testid={`danger-${d.hazardId}`}>
              <td><a href={`/?sel=hazard:${d.hazardId}`}>#{d.hazardId}</a></td>
              <td><a href={`/?sel=site:${d.siteId}`}>{d.siteCode} {d.siteName}</a></td>
              <td>{d.severity === 'major' ? <strong className="warn">{t('severity.major')}</strong> : t('severity.general')}</td>
              <td>{d.description}</td><td>{t(`hazardStatus.${d.status}`)}</td><td>{d.foundAt.slice(0, 10)}</td><td>{d.deadline}</td>
              <td>{d.ageDays}</td><td>{d.daysOverdue > 0 ? <strong className="warn">{d.daysOverdue}</strong> : '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data?.total === 0 && <p className="muted">{t('chemicals.none')}</p>}
    </section>
  )
}
