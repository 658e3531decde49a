import { useTranslation } from 'react-i18next'
import { formatKpi, type KpiKey, kpiSeriesDef, type PeriodChange } from '../../server/domain/kpi-series.ts'

interface Props {
  a: { from: string; to: string }; b: { from: string; to: string }; kpis: PeriodChange[]
  selected: KpiKey; onSelect(key: KpiKey): void
}

/** Every KPI over two periods, B against A: the arrow points the way the figure moved, its colour says whether that is good. */
export function CompareTable({ a, b, kpis, selected, onSelect }: Props) {
  const { t, i18n } = useTranslation()
  return (
    <table className="grid-table compare-table" data-testid="compare-table">
      <thead><tr>
        <th>{t('trends.compare.kpi')}</th><th>{t('trends.compare.how')}</th>
        <th>{t('trends.compare.periodA', a)}</th><th>{t('trends.compare.periodB', b)}</th>
        <th>{t('trends.compare.change')}</th><th>{t('trends.compare.relative')}</th>
      </tr></thead>
      <tbody>
        {kpis.map((k) => {
          const def = kpiSeriesDef(k.key)
          const up = k.change !== null && k.change > 0
          const arrow = k.trend === null ? '' : k.trend === 'same' ? '＝' : up ? '▲' : '▼'
          const change = k.change === null ? '—' : `${up ? '+' : ''}${def.unit === 'ratio' ? `${(k.change * 100).toFixed(1)} pt` : formatKpi(k.change, def.unit)}`
          return (
            <tr key={k.key} className={selected === k.key ? 'selected' : ''} data-testid={`compare-${k.key}`} data-trend={k.trend ?? ''} onClick={() => onSelect(k.key)}>
              <td>{i18n.language === 'zh' ? def.zh : def.en}</td>
              <td className="muted">{t(`trends.compare.${k.mode}`)}</td>
              <td>{formatKpi(k.a, def.unit)}</td><td>{formatKpi(k.b, def.unit)}</td>
              <td className={`trend-${k.trend ?? 'none'}`} title={k.trend ? t(`trends.compare.${k.trend}`) : undefined}>{arrow} {change}</td>
              <td className={`trend-${k.trend ?? 'none'}`}>{k.relative === null ? '—' : `${k.relative > 0 ? '+' : ''}${(k.relative * 100).toFixed(1)}%`}</td>
            </tr>
          )
        })}
      </tbody>
    </table>
  )
}
