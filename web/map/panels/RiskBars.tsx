import { useTranslation } from 'react-i18next'
import type { SiteDetail } from '../../api.ts'
import { GRADE_COLORS, rgb } from '../layers/colors.ts'


/** The score, its grade, and what each factor added: the points add up to the score, so nothing is hidden. */
export function RiskBars({ risk }: { risk: SiteDetail['risk'] }) {
  const { t } = useTranslation()
  if (!risk) return <p className="muted">{t('site.noRisk')}</p>
  const max = Math.max(...risk.breakdown.map((c) => c.points), 1)
  return (
    <div className="risk" data-testid="risk-breakdown">
      <div className="risk-score">
        <b style={{ color: rgb(GRADE_COLORS[risk.grade]) }}>{risk.score}</b>
        <span className="grade-chip" style={{ background: rgb(GRADE_COLORS[risk.grade]) }}>{t(`grade.${risk.grade}`)}</span>
      </div>
      {risk.breakdown.length > 0 && (
        <>
          <h4>{t('site.riskFactors')}</h4>
          <ul className="bars">
            {risk.breakdown.map((c) => (
              <li key={c.factor}>
                <span className="bar-label">{t(`factor.${c.factor}`)}</span>
                <span className="bar"><i style={{ width: `${(c.points / max) * 100}%` }} /></span>
                <span className="bar-value">+{c.points}</span>
                {/* A running holiday period (campaigns) weighs this factor more: say so beside its points. */}
                {(c as { boosted?: number }).boosted && <small className="boosted" data-testid="risk-boosted">{t('campaigns.boosted', { multiplier: (c as { boosted?: number }).boosted })}</small>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
