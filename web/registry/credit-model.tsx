import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import type { CreditCharges, CreditConfig } from '../../server/domain/credit-config.ts'

/** The scoring table in force, read-only, as GET /api/credit/model serves it. */
export function CreditModel({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const model = useQuery({ queryKey: ['credit-model'], queryFn: async () => (await unwrap(api.api.credit.model.$get())) as unknown as CreditConfig })
  if (!model.data) return null
  const m = model.data
  const rows = (items: Record<string, CreditCharges>) => Object.entries(items).flatMap(([factor, charges]) =>
    Object.entries(charges).map(([role, w]) => (
      <tr key={`${factor}/${role}`}><td>{t(`credit.factor.${factor}`)}</td><td>{t(`credit.role.${role}`)}</td><td>{w.points}</td><td>{w.cap}</td></tr>
    )))
  const head = <tr><th>{t('credit.model.factor')}</th><th>{t('credit.model.role')}</th><th>{t('credit.model.perUnit')}</th><th>{t('credit.model.cap')}</th></tr>
  return (
    <details data-testid="credit-model">
      <summary>{t('credit.model.title')}</summary>
      <p>{t('credit.model.summary', { base: m.base, months: m.periodMonths, bonusCap: m.bonusCap })}</p>
      <p>{t('credit.model.grades', m.grades)}</p>
      <h4>{t('credit.model.deductions')}</h4>
      <table className="grid-table"><thead>{head}</thead><tbody>{rows(m.deductions)}</tbody></table>
      <h4>{t('credit.model.bonuses')}</h4>
      <table className="grid-table"><thead>{head}</thead><tbody>{rows(m.bonuses)}</tbody></table>
    </details>
  )
}
