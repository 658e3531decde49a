import { useTranslation } from 'react-i18next'
import { ImportParties } from './ImportParties.tsx'
import type { ImportProgress, ImportReport } from './import-stream.ts'

/* What an import preview or run says: its progress while it runs, then the totals and the rows, each with its reasons. */

export function ProgressBar({ progress }: { progress: ImportProgress | 'uploading' }) {
  const { t } = useTranslation()
  const label = progress === 'uploading' ? t('imports.uploading') : `${t(`imports.phase.${progress.phase}`)} ${progress.done.toLocaleString()} / ${progress.total.toLocaleString()}`
  const value = progress === 'uploading' ? undefined : progress.done / Math.max(progress.total, 1)
  return (
    <div className="import-progress" data-testid="import-progress">
      <progress value={value} max={1} aria-label={label} /> <span>{label}</span>
    </div>
  )
}

export function ReportSummary({ report }: { report: ImportReport }) {
  const { t } = useTranslation()
  return (
    <div className="import-report" data-testid="import-report">
      {report.committed && <p className="notice" data-testid="import-done">{t('imports.done', report.totals)}</p>}
      <p>
        {t('imports.crsUsed', { crs: t(`imports.crsNames.${report.crs.used}`) })} · {t('imports.crsGuess', { reason: report.crs.guessed.reason })}
        {!report.crs.guessed.certain && <strong> · {t('imports.crsUncertain')}</strong>}
        {report.encoding && ` · ${t('imports.encoding')}：${report.encoding.toUpperCase()}`}
        {report.headerRow !== null && ` · ${t('imports.headerRow', { line: report.headerRow })}`}
      </p>
      {report.skippedLines.length > 0 && <p className="muted">{t('imports.skippedTotals', { lines: report.skippedLines.map((s) => s.line).join('、') })}</p>}
      {report.swappedRows > 0 && <p className="form-error">{t('imports.swappedHint', { count: report.swappedRows })}</p>}
      <ul className="import-totals" data-testid="import-totals">
        {(['rows', 'create', 'update', 'skip', 'reject', 'warnings'] as const).map((k) => (
          <li key={k} className={`total-${k}`}><b data-testid={`import-total-${k}`}>{report.totals[k].toLocaleString()}</b> {t(`imports.totals.${k}`)}</li>
        ))}
      </ul>
      {!report.judged && <p className="form-error" data-testid="import-not-judged">{t('imports.notJudged')}</p>}
      {report.parties && <ImportParties parties={report.parties} />}
    </div>
  )
}

export function ReportRows({ report }: { report: ImportReport }) {
  const { t } = useTranslation()
  const issueText = (i: { code: string; column?: string; value?: string }) =>
    [t(`imports.issue.${i.code}`, { defaultValue: i.code }), i.column && `「${i.column}」`, i.value && `(${i.value})`].filter(Boolean).join(' ')
  if (report.rows.length === 0) return null
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
