import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { COMPLAINT_CATEGORIES, COMPLAINT_STATUSES, type ComplaintCategory, type ComplaintStatus } from '../../server/domain/complaint.ts'
import type { Role } from '../../server/domain/roles.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { beijingMinute } from '../ui/beijing-time.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { ComplaintDetail } from './complaint-detail.tsx'

export type Complaint = InferResponseType<ApiClient['api']['complaints'][':id']['$get'], 200>

/** The work orders of the zone, newest first, with the filters a dispatcher and a supervisor work by; a row opens its detail. */
export function ComplaintList({ api, role }: { api: ApiClient; role: Role }) {
  const { t } = useTranslation()
  const [status, setStatus] = useState<ComplaintStatus | ''>('')
  const [category, setCategory] = useState<ComplaintCategory | ''>('')
  const [flag, setFlag] = useState<'' | 'pending' | 'overdue'>('')
  const [selected, setSelected] = useState<number | null>(null)
  const filter = { ...(status ? { status } : {}), ...(category ? { category } : {}), ...(flag ? { [flag]: 'true' as const } : {}) }
  const list = useQuery({
    queryKey: ['complaints', filter], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.complaints.$get({ query: { ...filter, limit: '200' } })),
  })
  return (
    <section data-testid="complaint-list">
      <div className="inline-form">
        <select value={status} onChange={(e) => setStatus(e.target.value as ComplaintStatus | '')} aria-label={t('complaints.col.status')} data-testid="complaint-status-filter">
          <option value="">{t('complaints.anyStatus')}</option>
          {COMPLAINT_STATUSES.map((s) => <option key={s} value={s}>{t(`complaints.status.${s}`)}</option>)}
        </select>
        <select value={category} onChange={(e) => setCategory(e.target.value as ComplaintCategory | '')} aria-label={t('complaints.col.category')}>
          <option value="">{t('complaints.anyCategory')}</option>
          {COMPLAINT_CATEGORIES.map((c) => <option key={c} value={c}>{t(`complaints.category.${c}`)}</option>)}
        </select>
        <label><input type="checkbox" checked={flag === 'pending'} onChange={(e) => setFlag(e.target.checked ? 'pending' : '')} data-testid="complaint-pending" />{t('complaints.pending')}</label>
        <label><input type="checkbox" checked={flag === 'overdue'} onChange={(e) => setFlag(e.target.checked ? 'overdue' : '')} />{t('complaints.overdue')}</label>
        {list.data && <span className="muted" data-testid="complaint-total">{t('complaints.total', { count: list.data.total })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('complaints.tab.list')}
          request={(format) => api.api.complaints.export.$get({ query: { ...filter, format } })} />
      </div>
      {list.error && <p role="alert" className="form-error">{(list.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('complaints.col.ticket')}</th><th>{t('complaints.col.receivedAt')}</th><th>{t('complaints.col.category')}</th><th>{t('complaints.col.content')}</th>
          <th>{t('complaints.col.site')}</th><th>{t('complaints.col.status')}</th><th>{t('complaints.col.respondBy')}</th><th>{t('complaints.col.phone')}</th>
        </tr></thead>
        <tbody>
          {(list.data?.complaints ?? []).map((c) => (
            <tr key={c.id} className={selected === c.id ? 'selected' : ''} data-testid={`complaint-${c.ticketNo}`} onClick={() => setSelected(c.id)} style={{ cursor: 'pointer' }}>
              <td>{c.ticketNo}</td><td>{beijingMinute(c.receivedAt)}</td><td>{t(`complaints.category.${c.category}`)}</td>
              <td>{c.content.length > 40 ? `${c.content.slice(0, 40)}…` : c.content}</td>
              <td>{c.siteId === null ? <span className="muted">{t('complaints.noSite')}</span>
                : <>{c.siteName}{!c.matchConfirmed && <small className="warn"> {t('complaints.suggested')}</small>}</>}</td>
              <td>{t(`complaints.status.${c.status}`)}</td>
              <td>{c.respondBy ? beijingMinute(c.respondBy) : '–'}{c.overdue && <strong className="warn"> {t('complaints.overdueTag')}</strong>}</td>
              <td>{c.complainantPhone ?? '–'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {selected !== null && <ComplaintDetail api={api} role={role} id={selected} onClose={() => setSelected(null)} />}
    </section>
  )
}
