import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiClient } from '../api.ts'
import { ImportedSecrets } from './SecretOnce.tsx'
import { type ImportEntity, type ImportOptions, type ImportProgress, type ImportReport, runImport } from './import-stream.ts'

const ENTITIES: ImportEntity[] = ['sites', 'grids', 'cameras', 'receptors', 'inspections', 'districts', 'devices']
const CRS = ['wgs84', 'cgcs2000', 'gcj02', 'bd09', 'cgcs2000_gk120'] as const

/**
 * 数据导入: choose a layer and a file, preview what would be created, updated and rejected (and why, row by row),
 * then import it in one go. Changing any choice throws the preview away, so what is imported is what was seen.
 */
export function ImportPanel({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [options, setOptions] = useState<Omit<ImportOptions, 'mode' | 'file'> & { file: File | null }>(
    { entity: 'sites', file: null, encoding: 'auto', crs: 'auto', swapLonLat: false, skipRejected: false })
  const [progress, setProgress] = useState<ImportProgress | 'uploading' | null>(null)
  const run = useMutation({
    mutationFn: (mode: 'preview' | 'commit') => {
      setProgress('uploading')
      return runImport(api, { ...options, file: options.file as File, mode }, setProgress)
    },
    onSettled: () => setProgress(null),
    onSuccess: (report) => { if (report.committed) void queryClient.invalidateQueries() },
  })
  const change = (patch: Partial<typeof options>) => { run.reset(); setOptions((o) => ({ ...o, ...patch })) }
  const report = run.data
  const canCommit = report && !report.committed && (report.totals.reject === 0 || options.skipRejected) && report.totals.create + report.totals.update > 0
  return (
    <section className="import-panel" data-testid="import-panel">
      <form className="import-form" onSubmit={(e) => { e.preventDefault(); run.mutate('preview') }}>
        <label>{t('imports.layer')}
          <select value={options.entity} data-testid="import-entity" onChange={(e) => change({ entity: e.target.value as ImportEntity })}>
            {ENTITIES.map((id) => <option key={id} value={id}>{t(`imports.entity.${id}`)}</option>)}
          </select>
        </label>
        <label>{t('imports.file')}
          <input type="file" accept=".csv,.txt,.xlsx,.geojson,.json,.zip" data-testid="import-file" onChange={(e) => change({ file: e.target.files?.[0] ?? null })} />
        </label>
        <label>{t('imports.encoding')}
          <select value={options.encoding} onChange={(e) => change({ encoding: e.target.value as ImportOptions['encoding'] })}>
            {(['auto', 'utf-8', 'gb18030'] as const).map((id) => <option key={id} value={id}>{t(`imports.encodings.${id}`)}</option>)}
          </select>
        </label>
        <label>{t('imports.crs')}
          <select value={options.crs} data-testid="import-crs" onChange={(e) => change({ crs: e.target.value })}>
            <option value="auto">{t('imports.crsAuto')}</option>
            {CRS.map((id) => <option key={id} value={id}>{t(`imports.crsNames.${id}`)}</option>)}
          </select>
        </label>
        <label className="check"><input type="checkbox" checked={options.swapLonLat} onChange={(e) => change({ swapLonLat: e.target.checked })} />{t('imports.swap')}</label>
        <button type="submit" disabled={!options.file || run.isPending} data-testid="import-preview">{t('imports.preview')}</button>
      </form>
      {progress && <ProgressBar progress={progress} />}
      {run.error && <p className="form-error" role="alert" data-testid="import-error">{(run.error as Error).message}</p>}
      {report && <ReportSummary report={report} />}
      {report?.secrets && <ImportedSecrets secrets={report.secrets} />}
      {report && !report.committed && (
        <div className="import-commit">
          {report.totals.reject > 0 && (
            <label className="check"><input type="checkbox" checked={options.skipRejected} data-testid="import-skip" onChange={(e) => setOptions((o) => ({ ...o, skipRejected: e.target.checked }))} />{t('imports.skipRejected')}</label>
          )}
          <button type="button" className="primary" disabled={!canCommit || run.isPending} data-testid="import-commit" onClick={() => run.mutate('commit')}>{t('imports.commit')}</button>
        </div>
      )}
      {report && <ReportRows report={report} />}
    </section>
  )
}

function ProgressBar({ progress }: { progress: ImportProgress | 'uploading' }) {
  const { t } = useTranslation()
  const label = progress === 'uploading' ? t('imports.uploading') : `${t(`imports.phase.${progress.phase}`)} ${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}`
  const value = progress === 'uploading' ? undefined : progress.done / Math.max(progress.total, 1)
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress value={value} max={1} aria-label={label} /> <span>{label}</span>
    </div>
  )
}

function ReportSummary({ report }: { report: ImportReport }) {
  const { t } = useTranslation()
  return (
    <div className="import-report" data-testid="import-report">
      {report.committed && <p className="notice" data-testid="import-done">{t('imports.done', report.totals)}</p>}
      <p>
        {t('imports.crsUsed', { crs: t(`imports.crsNames.${report.crs.used}`) })} · {t('imports.crsGuess', { reason: report.crs.guessed.reason })}
        {!report.crs.guessed.certain && <strong> · {t('imports.crsUncertain')}</strong>}
        {report.encoding && ` · ${t('imports.encoding')}：${report.encoding.toUpperCase()}`}
      </p>
      {report.swappedRows > 0 && <p className="form-error">{t('imports.swappedHint', { count: report.swappedRows })}</p>}
      <ul className="import-totals" data-testid="import-totals">
        {(['rows', 'create', 'update', 'skip', 'reject', 'warnings'] as const).map((k) => (
          <li key={k} className={`total-${k}`}><b data-testid={`import-total-${k}`}>{report.totals[k].toLocaleString()}</b> {t(`imports.totals.${k}`)}</li>
        ))}
      </ul>
      <p className="muted">{t('imports.mapped', { columns: Object.values(report.columns.mapped).concat([report.columns.lon, report.columns.lat, report.columns.wkt].filter((c): c is string => !!c)).join('、') })}</p>
      {report.columns.ignored.length > 0 && <p className="muted">{t('imports.ignored', { columns: report.columns.ignored.join('、') })}</p>}
    </div>
  )
}

function ReportRows({ report }: { report: ImportReport }) {
  const { t } = useTranslation()
  const issueText = (i: { code: string; column?: string; value?: string }) =>
    [t(`imports.issue.${i.code}`, { defaultValue: i.code }), i.column && `「${i.column}」`, i.value && `(${i.value})`].filter(Boolean).join(' ')
  return (
    <>
      <table className="grid-table import-rows">
        <thead><tr><th>{t('imports.line')}</th><th>{t('imports.key')}</th><th>{t('imports.action')}</th><th>{t('imports.issues')}</th></tr></thead>
        <tbody>
          {report.rows.map((r) => (
            <tr key={r.line} className={`action-${r.action}`} data-testid="import-row">
              <td>{r.line}</td><td>{r.key ?? '–'}</td><td>{t(`imports.actionName.${r.action}`)}</td>
              <td>{[...r.reasons.map(issueText), ...r.warnings.map((w) => `⚠ ${issueText(w)}`)].join('；')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {report.rowsTruncated && <p className="muted">{t('imports.truncated')}</p>}
    </>
  )
}
