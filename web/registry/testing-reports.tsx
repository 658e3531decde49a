import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { InferResponseType } from 'hono/client'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { MATERIALS, type Material } from '../../server/domain/testing.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { navigate } from '../ui/router.ts'

export type TestingReport = InferResponseType<ApiClient['api']['testing']['reports']['$get'], 200>['items'][number]
export interface ReportFilter { siteId?: number; institutionId?: number }

/** The reports of a site or an institution (or all in the zone), newest first, filtered by material and verdict. */
export function useReports(api: ApiClient, filter: ReportFilter & { material?: Material; conforming?: boolean }, limit = 100) {
  const query = {
    ...(filter.siteId ? { siteId: String(filter.siteId) } : {}), ...(filter.institutionId ? { institutionId: String(filter.institutionId) } : {}),
    ...(filter.material ? { material: filter.material } : {}), ...(filter.conforming !== undefined ? { conforming: String(filter.conforming) as 'true' | 'false' } : {}),
    limit: String(limit),
  }
  return useQuery({ queryKey: ['testing-reports', query], queryFn: () => unwrap(api.api.testing.reports.$get({ query })), placeholderData: keepPreviousData })
}

/** A verdict as a tag: a non-conforming result stands out, with its campaign when it has one. */
export function Verdict({ report }: { report: Pick<TestingReport, 'conforming' | 'material'> }) {
  const { t } = useTranslation()
  if (report.conforming) return <span className="muted">{t('testing.conforming')}</span>
  const campaign = ['sand', 'rebar', 'concrete'].includes(report.material) ? ` · ${t(`testing.campaign.${report.material}`)}` : ''
  return <strong className="warn" data-testid="non-conforming">{t('testing.nonConformingTag')}{campaign}</strong>
}

/** Reports with filters; rows of non-conforming results are highlighted and link to their hazard. */
export function ReportsTable({ api, filter, columns }: { api: ApiClient; filter: ReportFilter; columns: ('site' | 'institution')[] }) {
  const { t } = useTranslation()
  const [material, setMaterial] = useState<Material | ''>('')
  const [verdict, setVerdict] = useState<'' | 'true' | 'false'>('')
  const reports = useReports(api, { ...filter, material: material || undefined, conforming: verdict === '' ? undefined : verdict === 'true' })
  const open = (path: string) => (e: React.MouseEvent) => { e.preventDefault(); navigate(path) }
  return (
    <section data-testid="testing-reports">
      <div className="inline-form">
        <select value={material} onChange={(e) => setMaterial(e.target.value as Material | '')} aria-label={t('testing.col.material')} data-testid="report-material-filter">
          <option value="">{t('testing.anyMaterial')}</option>
          {MATERIALS.map((m) => <option key={m} value={m}>{t(`testing.material.${m}`)}</option>)}
        </select>
        <select value={verdict} onChange={(e) => setVerdict(e.target.value as '' | 'true' | 'false')} aria-label={t('testing.col.verdict')} data-testid="report-verdict-filter">
          <option value="">{t('testing.anyVerdict')}</option>
          <option value="true">{t('testing.conforming')}</option>
          <option value="false">{t('testing.nonConformingTag')}</option>
        </select>
        {reports.data && <span className="muted">{t('testing.total', { count: reports.data.total })}</span>}
      </div>
      {reports.error && <p role="alert" className="form-error">{(reports.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('testing.col.reportNo')}</th>
          {columns.includes('site') && <th>{t('testing.col.site')}</th>}
          {columns.includes('institution') && <th>{t('testing.col.institution')}</th>}
          <th>{t('testing.col.material')}</th><th>{t('testing.col.item')}</th><th>{t('testing.col.required')}</th><th>{t('testing.col.measured')}</th>
          <th>{t('testing.col.verdict')}</th><th>{t('testing.col.issuedOn')}</th>
        </tr></thead>
        <tbody>
          {(reports.data?.items ?? []).map((r) => (
            <tr key={r.id} className={r.conforming ? '' : 'selected'} data-testid={`report-${r.reportNo}`}>
              <td>{r.reportNo}</td>
              {columns.includes('site') && <td><a href={`/?sel=site:${r.siteId}`}>{r.siteCode} {r.siteName}</a></td>}
              {columns.includes('institution') && <td><a href={`/registry/testing/${r.institutionId}`} onClick={open(`/registry/testing/${r.institutionId}`)}>{r.institution}</a></td>}
              <td>{t(`testing.material.${r.material}`)}</td><td>{r.item}</td><td>{r.requiredValue || '–'}</td><td>{r.measuredValue || '–'}</td>
              <td><Verdict report={r} />{r.hazardId !== null && <> · <a href={`/?sel=hazard:${r.hazardId}`}>{t('testing.col.hazard')} #{r.hazardId}</a></>}</td>
              <td>{r.issuedOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
