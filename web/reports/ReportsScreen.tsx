import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient, SessionUser } from '../api.ts'
import { unwrap } from '../api.ts'
import { navigate, usePath } from '../ui/router.ts'
import { ReportForm } from './report-form.tsx'
import { ReportPage } from './report-page.tsx'
import './reports.css'

/**
 * 定期报送 and 年度报告: the issued reports, newest period first, with a form to preview or issue a period's report
 * for the city or a district; /reports/<id> is one report, printable, with its XLSX and PDF.
 */
export function ReportsScreen({ api, user, header }: { api: ApiClient; user: SessionUser; header: React.ReactNode }) {
  const { t } = useTranslation()
  const path = usePath()
  const id = Number(path.split('/')[2])
  const [kind, setKind] = useState<'' | 'month' | 'quarter' | 'year'>('')
  const reports = useQuery({
    queryKey: ['reports', kind],
    queryFn: () => unwrap(api.api.reports.$get({ query: kind ? { period: kind } : {} })),
  })
  if (id > 0) return <div className="app reports-app"><header className="topbar no-print"><h1>{t('title')}</h1>{header}</header><ReportPage api={api} id={id} /></div>
  return (
    <div className="app admin reports-app">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <main className="admin-body">
        <h2>{t('reports.title')}</h2>
        <ReportForm api={api} user={user} />
        <section data-testid="report-list">
          <h3>{t('reports.issued')}
            <select aria-label={t('reports.period')} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)} data-testid="report-kind-filter">
              <option value="">{t('reports.allPeriods')}</option>
              {(['month', 'quarter', 'year'] as const).map((k) => <option key={k} value={k}>{t(`reports.kind.${k}`)}</option>)}
            </select>
          </h3>
          {reports.error && <p role="alert" className="form-error">{(reports.error as Error).message}</p>}
          <table className="grid-table">
            <thead><tr>
              <th>{t('reports.col.code')}</th><th>{t('reports.col.period')}</th><th>{t('reports.col.area')}</th><th>{t('reports.col.version')}</th>
              <th>{t('reports.col.issuedBy')}</th><th>{t('reports.col.issuedAt')}</th>
            </tr></thead>
            <tbody>
              {(reports.data?.reports ?? []).map((r) => (
                <tr key={r.id} data-testid={`report-row-${r.id}`}>
                  <td><a href={`/reports/${r.id}`} onClick={(e) => { e.preventDefault(); navigate(`/reports/${r.id}`) }}>{r.code}</a></td>
                  <td>{r.label}</td><td>{r.areaName}</td>
                  <td>{r.version}{r.supersedes !== null && <span className="muted"> · {t('reports.supersedes')}</span>}</td>
                  <td>{r.issuedBy?.name ?? t('reports.schedule')}</td><td>{r.issuedAt.replace('T', ' ').slice(0, 16)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {reports.data?.reports.length === 0 && <p className="muted">{t('reports.none')}</p>}
        </section>
      </main>
    </div>
  )
}
