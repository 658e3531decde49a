import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { Fragment, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { limitsFor, type Measurement, PROPERTY_UNITS, SCAFFOLD_COMPONENTS, type ScaffoldComponent } from '../../server/domain/scaffold.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { limitText, VerdictTag } from './scaffold-form.tsx'

/** The zone's samplings, newest first, filtered by component and verdict; a row opens its measured values against the limits. */
export function SamplingsTable({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [component, setComponent] = useState<ScaffoldComponent | ''>('')
  const [verdict, setVerdict] = useState<'' | 'pass' | 'fail'>('')
  const [open, setOpen] = useState<number | null>(null)
  const filter = { ...(component ? { component } : {}), ...(verdict ? { verdict } : {}) }
  const samplings = useQuery({
    queryKey: ['scaffold', 'samplings', filter], placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.scaffold.samplings.$get({ query: { ...filter, limit: '200' } })),
  })
  return (
    <section data-testid="scaffold-samplings">
      <div className="inline-form">
        <select value={component} onChange={(e) => setComponent(e.target.value as ScaffoldComponent | '')} aria-label={t('scaffold.col.component')} data-testid="scaffold-component-filter">
          <option value="">{t('scaffold.anyComponent')}</option>
          {SCAFFOLD_COMPONENTS.map((c) => <option key={c} value={c}>{t(`scaffold.component.${c}`)}</option>)}
        </select>
        <select value={verdict} onChange={(e) => setVerdict(e.target.value as '' | 'pass' | 'fail')} aria-label={t('scaffold.col.verdict')} data-testid="scaffold-verdict-filter">
          <option value="">{t('scaffold.anyVerdict')}</option>
          <option value="pass">{t('scaffold.verdict.pass')}</option>
          <option value="fail">{t('scaffold.verdict.fail')}</option>
        </select>
        {samplings.data && <span className="muted" data-testid="scaffold-total">{t('scaffold.total', { count: samplings.data.total })}</span>}
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('scaffold.samplings')} request={(format) => api.api.scaffold.samplings.export.$get({ query: { ...filter, format } })} />
      </div>
      {samplings.error && <p role="alert" className="form-error">{(samplings.error as Error).message}</p>}
      <table className="grid-table">
        <thead><tr>
          <th>{t('scaffold.col.sampledOn')}</th><th>{t('scaffold.col.site')}</th><th>{t('scaffold.col.component')}</th><th>{t('scaffold.col.batchNo')}</th>
          <th>{t('scaffold.col.manufacturer')}</th><th>{t('scaffold.col.lab')}</th><th>{t('scaffold.col.verdict')}</th><th>{t('scaffold.col.campaign')}</th>
        </tr></thead>
        <tbody>
          {samplings.data?.items.length === 0 && <tr><td colSpan={8} className="muted">{t('scaffold.none')}</td></tr>}
          {(samplings.data?.items ?? []).map((s) => (
            <Fragment key={s.id}>
              <tr className={s.verdict === 'fail' ? 'selected' : ''} data-testid={`sampling-${s.batchNo}`} onClick={() => setOpen(open === s.id ? null : s.id)}>
                <td>{s.sampledOn}</td>
                <td><a href={`/?sel=site:${s.siteId}`} onClick={(e) => e.stopPropagation()}>{s.siteCode} {s.siteName}</a></td>
                <td>{t(`scaffold.component.${s.component}`)}</td><td>{s.batchNo}</td><td>{s.manufacturerName}</td><td>{s.lab}</td>
                <td>
                  <VerdictTag verdict={s.verdict} />
                  {s.failedSamples > 0 && <> {s.failedSamples}/{s.sampleCount}</>}
                  {s.hazardId !== null && <> · <a href={`/?sel=hazard:${s.hazardId}`} onClick={(e) => e.stopPropagation()}>{t('scaffold.col.hazard')} #{s.hazardId}</a></>}
                </td>
                <td>{s.campaignName ?? '–'}</td>
              </tr>
              {open === s.id && <tr data-testid="sampling-details"><td colSpan={8}><Measured component={s.component as ScaffoldComponent} results={s.results} /></td></tr>}
            </Fragment>
          ))}
        </tbody>
      </table>
    </section>
  )
}

function Measured({ component, results }: { component: ScaffoldComponent; results: Measurement[] }) {
  const { t } = useTranslation()
  const limits = limitsFor(component, results)
  return (
    <table className="grid-table">
      <thead><tr><th>{t('scaffold.col.property')}</th><th>{t('scaffold.col.values')}</th><th>{t('scaffold.col.limit')}</th></tr></thead>
      <tbody>
        {results.map((r) => (
          <tr key={r.property}>
            <td>{t(`scaffold.property.${r.property}`)}（{PROPERTY_UNITS[r.property]}）</td>
            <td>{r.values.map((v, i) => {
              const limit = limits[r.property]
              const bad = limit !== null && (v < limit.min || (limit.max !== undefined && v > limit.max))
              return <span key={i} className={bad ? 'warn' : undefined}>{i > 0 ? ' / ' : ''}{v}</span>
            })}</td>
            <td>{limitText(limits[r.property])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
