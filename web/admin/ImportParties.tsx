import { useTranslation } from 'react-i18next'
import type { ImportReport } from './import-stream.ts'

/** A site import's party names: which the registry knows (and how they matched) and which stay unmatched. */
export function ImportParties({ parties }: { parties: NonNullable<ImportReport['parties']> }) {
  const { t } = useTranslation()
  return (
    <details className="import-parties" data-testid="import-parties" open={parties.unmatched.length > 0}>
      <summary>
        {t('imports.parties.title')}: {t('imports.parties.matched', { count: parties.matched.length })} · {t('imports.parties.unmatched', { count: parties.unmatched.length })}
      </summary>
      <ul>
        {parties.unmatched.map((p) => (
          <li key={`u-${p.role}-${p.name}`} className="form-error">{t(`site.${p.role}`)}：{p.name} · {t('imports.parties.rows', { count: p.rows })}</li>
        ))}
        {parties.matched.map((p) => (
          <li key={`m-${p.role}-${p.name}`}>
            {t(`site.${p.role}`)}：{p.name} → {p.enterpriseName} ({t(p.via === 'credit_code' ? 'imports.parties.viaCode' : 'imports.parties.viaName')}) · {t('imports.parties.rows', { count: p.rows })}
          </li>
        ))}
      </ul>
    </details>
  )
}
