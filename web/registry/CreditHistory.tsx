import { useQuery } from '@tanstack/react-query'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { EChart } from '../ui/EChart.tsx'
import { savedTheme } from '../ui/theme.ts'

/** A firm's credit over time (month-end scores) and this period's score explained factor by factor. */
export function CreditHistory({ api, enterpriseId }: { api: ApiClient; enterpriseId: number }) {
  const { t } = useTranslation()
  const param = { id: String(enterpriseId) }
  const credit = useQuery({ queryKey: ['credit', enterpriseId], queryFn: () => unwrap(api.api.credit.enterprises[':id'].$get({ param })) })
  const option = useMemo(() => ({
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: (credit.data?.history ?? []).map((h) => h.periodEnd.slice(0, 7)) },
    yAxis: { type: 'value', min: 0, max: 120 },
    series: [{ type: 'line', name: t('credit.history.chart'), data: (credit.data?.history ?? []).map((h) => h.score), symbolSize: 6 }],
  }), [credit.data, t])
  if (credit.error) return <p role="alert" className="form-error">{(credit.error as Error).message}</p>
  if (!credit.data) return <p className="muted">{t('loading')}</p>
  const { current } = credit.data
  // The breakdown sums to score − base: the base is what the explanation starts from.
  const base = current ? Math.round((current.score - current.breakdown.reduce((sum, c) => sum + c.points, 0)) * 10) / 10 : 0
  return (
    <section data-testid="credit-history">
      <h3>{t('credit.history.title')}</h3>
      {!current && <p className="muted">{t('credit.history.none')}</p>}
      {current && (
        <>
          <p><b data-testid="credit-grade">{current.grade}</b> · <span data-testid="credit-score">{current.score.toFixed(1)}</span> · {t('credit.col.periodEnd')} {current.periodEnd}</p>
          <EChart option={option} theme={savedTheme(localStorage)} className="credit-chart" testId="credit-chart" />
          <h4>{t('credit.history.breakdown')}</h4>
          <table className="grid-table" data-testid="credit-breakdown">
            <thead><tr><th>{t('credit.model.factor')}</th><th>{t('credit.model.role')}</th><th>{t('credit.history.units')}</th><th>{t('credit.history.points')}</th></tr></thead>
            <tbody>
              <tr><td>{t('credit.history.base')}</td><td /><td /><td>{base}</td></tr>
              {current.breakdown.map((c) => (
                <tr key={`${c.factor}/${c.role}`}>
                  <td>{t(`credit.factor.${c.factor}`)}</td><td>{t(`credit.role.${c.role}`)}</td><td>{c.units}</td>
                  <td className={c.points < 0 ? 'warn' : ''}>{c.points > 0 ? `+${c.points}` : c.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  )
}
