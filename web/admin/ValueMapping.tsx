import { useTranslation } from 'react-i18next'
import { useTargetLabel } from './ColumnMapping.tsx'
import { type ImportMapping, valueDecided, valueTarget, withValue } from './import-mapping.ts'
import type { ImportReport } from './import-stream.ts'

// The select's value for 视为空值: no code is spelt like this.
const BLANK = '(blank)'

/**
 * 值映射: each value of a coded column that is not one of its codes or labels, once, with how many rows have it and
 * what it is taken to mean. A suggestion from the synonym table is applied but highlighted until confirmed.
 */
export function ValueMapping({ report, mapping, onChange }: { report: ImportReport; mapping: ImportMapping; onChange: (m: ImportMapping) => void }) {
  const { t } = useTranslation()
  const label = useTargetLabel(report.entity)
  if (report.values.length === 0) return null
  return (
    <section className="import-mapping" data-testid="value-mapping">
      <h3>{t('imports.values.title')}</h3>
      <p className="hint">{t('imports.values.hint')}</p>
      <table className="grid-table mapping-table">
        <thead>
          <tr>
            <th>{t('imports.values.field')}</th><th>{t('imports.values.value')}</th><th>{t('imports.values.rows')}</th>
            <th>{t('imports.values.target')}</th><th>{t('imports.values.via')}</th><th />
          </tr>
        </thead>
        <tbody>
          {report.values.map((value) => {
            const decided = valueDecided(mapping, value)
            const code = valueTarget(mapping, value)
            // A null meaning is 视为空值 when someone said so; from nobody it is a value still without a meaning.
            const blank = code === null && (decided || value.via === 'template' || value.via === 'user')
            const pending = !decided && !value.confirmed && value.target !== null
            const via = decided ? 'user' : value.via
            const set = (next: string | null) => onChange(withValue(mapping, value.field, value.value, next))
            return (
              <tr key={`${value.field}\u0000${value.value}`} className={pending ? 'unconfirmed' : undefined} data-testid="mapping-value" data-value={value.value}>
                <td>{label(value.field)}</td>
                <td>{value.value}</td>
                <td>{value.rows.toLocaleString()}</td>
                <td>
                  <select value={code ?? (blank ? BLANK : '')} aria-label={value.value} data-testid="value-target"
                    onChange={(e) => set(e.target.value === BLANK ? null : e.target.value)}>
                    {code === null && !blank && <option value="" disabled>{t('imports.values.choose')}</option>}
                    {(report.columns.targets.find((t) => t.target === value.field)?.codes ?? []).map((c) => (
                      <option key={c} value={c}>{t(`imports.codes.${report.entity}.${value.field}.${c}`, { defaultValue: c })}</option>
                    ))}
                    <option value={BLANK}>{t('imports.values.blank')}</option>
                  </select>
                </td>
                <td>{via ? t(`imports.values.viaName.${via}`) : '–'}</td>
                <td>{pending && <button type="button" data-testid="confirm-value" onClick={() => set(value.target)}>{t('imports.values.confirm')}</button>}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </section>
  )
}
