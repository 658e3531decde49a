import { useTranslation } from 'react-i18next'
import { columnTarget, type ImportMapping, targetKeys, withColumn } from './import-mapping.ts'
import type { ImportReport } from './import-stream.ts'

/**
 * 列映射: every column of the file with a few of its values, the field it goes to and how sure the importer is.
 * A guess (a similar header, or values that look like a field's) is applied but highlighted until the user confirms
 * it or picks another field; what the file cannot fill at all is said first, before any row.
 */
export function ColumnMapping({ report, mapping, onChange }: { report: ImportReport; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  const { t } = useTranslation()
  const { sources, targets, missing } = report.columns
  const label = useTargetLabel(report.entity)
  // Which column holds each target now, so the list can say what choosing it would take away.
  const holder = new Map(sources.map((s) => [columnTarget(mapping, s), s.name]))
  return (
    <section className="import-mapping" data-testid="column-mapping">
      <h3>{t('imports.columns.title')}</h3>
      {missing.length > 0 && <p className="form-error" role="alert" data-testid="import-missing">{t('imports.columns.missing', { targets: missing.map(label).join('、') })}</p>}
      <table className="grid-table mapping-table">
        <thead>
          <tr>
            <th>{t('imports.columns.source')}</th><th>{t('imports.columns.samples')}</th><th>{t('imports.columns.target')}</th>
            <th>{t('imports.columns.via')}</th><th>{t('imports.columns.confidence')}</th><th />
          </tr>
        </thead>
        <tbody>
          {sources.map((source) => {
            const decided = Object.hasOwn(mapping.columns, source.name)
            const target = columnTarget(mapping, source)
            const pending = !decided && !source.confirmed
            const via = decided ? 'user' : source.via
            return (
              <tr key={source.name} className={pending ? 'unconfirmed' : undefined} data-testid="mapping-column" data-column={source.name}>
                <td>{source.name}{source.hidden && <span className="tag" data-testid="hidden-column">{t('imports.columns.hidden')}</span>}</td>
                <td className="samples">{source.samples.join('、')}</td>
                <td>
                  <select value={target ?? ''} aria-label={source.name} data-testid="column-target"
                    onChange={(e) => onChange(withColumn(mapping, sources, source.name, e.target.value || null))}>
                    <option value="">{t('imports.columns.ignore')}</option>
                    {targets.map((option) => {
                      const other = holder.get(option.target)
                      const text = [label(option.target), option.required && `（${t('imports.columns.required')}）`,
                        other && other !== source.name && ` ${t('imports.columns.takenBy', { column: other })}`].filter(Boolean).join('')
                      return <option key={option.target} value={option.target}>{text}</option>
                    })}
                  </select>
                </td>
                <td>{via ? t(`imports.columns.viaName.${via}`) : '–'}</td>
                <td>{target === null ? '–' : `${Math.round((decided ? 1 : source.confidence) * 100)}%`}</td>
                <td>
                  {pending && (
                    <button type="button" data-testid="confirm-column" onClick={() => onChange(withColumn(mapping, sources, source.name, source.target))}>
                      {t('imports.columns.confirm')}
                    </button>
                  )}
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}

/** A target's name in the user's language ('lon/lat' → 经度/纬度); a target this build has no name for shows as itself. */
export function useTargetLabel(entity: string) {
  const { t } = useTranslation()
  return (target: string) => targetKeys(entity, target).map((key, i) => t(key, { defaultValue: target.split('/')[i] })).join('/')
}
