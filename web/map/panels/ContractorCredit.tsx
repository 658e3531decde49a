import { useTranslation } from 'react-i18next'
import { navigate } from '../../ui/router.ts'

export interface SiteContractorCredit { enterpriseId: number; score: number; grade: string }

/** The contractor's computed credit, linking to its history; unmatched or unrated contractors count as neutral. */
export function ContractorCredit({ credit }: { credit: SiteContractorCredit | null }) {
  const { t } = useTranslation()
  if (!credit) return <span className="muted">{t('credit.unrated')}</span>
  const href = `/registry/credit/${credit.enterpriseId}`
  return (
    <a href={href} data-testid="site-contractor-credit" onClick={(e) => { e.preventDefault(); navigate(href) }}>
      {credit.grade} · {credit.score.toFixed(1)}
    </a>
  )
}
