import { useTranslation } from 'react-i18next'
import { useTargetLabel } from './ColumnMapping.tsx'
import type { ImportReport } from './import-stream.ts'

export interface SaveChoice { checked: boolean; name: string }

/**
 * 确认导入, with what it needs: skipping the rejected rows, saving the mapping as a template, and, while it cannot
 * run, the reason in words (a disabled button alone does not say what to do).
 */
export function ImportCommit({ report, busy, skipRejected, onSkip, save, onSave, onCommit }: {
  report: ImportReport; busy: boolean; skipRejected: boolean; onSkip: (skip: boolean) => void
  save: SaveChoice; onSave: (save: SaveChoice) => void; onCommit: () => void
}) {
  const { t } = useTranslation()
  const label = useTargetLabel(report.entity)
  const { totals } = report
  const blocked = !report.judged ? t('imports.blocked.missing', { targets: report.columns.missing.map(label).join('、') })
    : report.needsConfirmation > 0 ? t('imports.blocked.confirm', { count: report.needsConfirmation })
      : totals.reject > 0 && !skipRejected ? t('imports.blocked.rejected', { count: totals.reject })
        : totals.create + totals.update === 0 ? t('imports.blocked.nothing') : null
  return (
    <div className="import-commit">
      {totals.reject > 0 && (
        <label className="check"><input type="checkbox" checked={skipRejected} data-testid="import-skip" onChange={(e) => onSkip(e.target.checked)} />{t('imports.skipRejected')}</label>
      )}
      <label className="check">
        <input type="checkbox" checked={save.checked} data-testid="import-save-template" onChange={(e) => onSave({ ...save, checked: e.target.checked })} />
        {t('imports.templates.save')}
      </label>
      <input value={save.name} maxLength={100} disabled={!save.checked} aria-label={t('imports.templates.name')} data-testid="import-template-name"
        onChange={(e) => onSave({ ...save, name: e.target.value })} />
      <button type="button" className="primary" data-testid="import-commit" onClick={onCommit}
        disabled={blocked !== null || busy || (save.checked && !save.name.trim())}>
        {t('imports.commit')}
      </button>
      {blocked && <span className="warn" data-testid="import-blocked">{blocked}</span>}
    </div>
  )
}
