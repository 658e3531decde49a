import { useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ReportDocument } from '../../server/domain/report-document.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { saveDownload } from '../ui/download.ts'
import { navigate } from '../ui/router.ts'
import { ReportSections } from './report-sections.tsx'

/** One issued report as a printable page: its number, title, issuer and period, every section, and its files. */
export function ReportPage({ api, id }: { api: ApiClient; id: number }) {
  const { t } = useTranslation()
  const [error, setError] = useState<string | null>(null)
  const param = { id: String(id) }
  const report = useQuery({ queryKey: ['report', id], queryFn: () => unwrap(api.api.reports[':id'].$get({ param })) })
  const download = (format: 'xlsx' | 'pdf') => {
    setError(null)
    const request = format === 'xlsx' ? api.api.reports[':id'].xlsx.$get({ param }) : api.api.reports[':id'].pdf.$get({ param })
    saveDownload(request, `${report.data?.code ?? 'report'}.${format}`).catch((e: Error) => setError(e.message))
  }
  const doc = report.data?.document as ReportDocument | undefined
  return (
    <div className="report" data-testid="report-page">
      <div className="report-actions no-print">
        <button type="button" onClick={() => navigate('/reports')}>{t('reports.back')}</button>
        <button type="button" data-testid="report-xlsx" onClick={() => download('xlsx')}>XLSX</button>
        <button type="button" data-testid="report-pdf" onClick={() => download('pdf')}>PDF</button>
        <button type="button" onClick={() => window.print()}>{t('reports.print')}</button>
      </div>
      {(report.error || error) && <p role="alert" className="form-error">{error ?? (report.error as Error).message}</p>}
      {doc && report.data && <>
        <p className="report-code" data-testid="report-code">{doc.code}</p>
        <h1>{doc.title}</h1>
        <p className="report-meta">{doc.periodLine}</p>
        <p className="report-meta">{doc.issuedLine}</p>
        {report.data.supersedes !== null && <p className="report-meta no-print">{t('reports.version', { version: report.data.version })}
          {' '}<a href={`/reports/${report.data.supersedes}`} onClick={(e) => { e.preventDefault(); navigate(`/reports/${report.data.supersedes}`) }}>{t('reports.previousVersion')}</a></p>}
        <ReportSections document={doc} />
      </>}
    </div>
  )
}
