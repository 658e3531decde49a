import { useQuery } from '@tanstack/react-query'
import { useTranslation } from 'react-i18next'
import { type ApiClient, unwrap } from '../api.ts'
import { EChart } from '../ui/EChart.tsx'
import { ExportButtons } from '../ui/ExportButtons.tsx'
import { savedTheme } from '../ui/theme.ts'

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`
const CHARTED = 10

/** Manufacturers across the city, worst first: a bar of the ten worst failure rates and the full table. */
export function ManufacturerRanking({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const ranking = useQuery({ queryKey: ['scaffold', 'manufacturers'], queryFn: () => unwrap(api.api.scaffold.manufacturers.$get({ query: { limit: '200' } })) })
  const items = ranking.data?.items ?? []
  const charted = items.slice(0, CHARTED).reverse()
  return (
    <section data-testid="scaffold-manufacturers">
      <div className="inline-form">
        <span className="muted">{t('scaffold.rankingNote')}</span>
        <ExportButtons formats={['csv', 'xlsx']} fileName={t('scaffold.manufacturers')} request={(format) => api.api.scaffold.manufacturers.export.$get({ query: { format } })} />
      </div>
      {ranking.error && <p role="alert" className="form-error">{(ranking.error as Error).message}</p>}
      {charted.length > 0 && (
        <EChart theme={savedTheme(localStorage)} className="scaffold-chart" testId="scaffold-rate-chart" option={{
          grid: { left: 200, right: 40, top: 10, bottom: 30 }, tooltip: { trigger: 'axis' },
          xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
          yAxis: { type: 'category', data: charted.map((m) => m.manufacturerName) },
          series: [{ type: 'bar', name: t('scaffold.col.rate'), data: charted.map((m) => Math.round(m.rate * 1000) / 10) }],
        }} />
      )}
      <table className="grid-table">
        <thead><tr>
          <th>{t('scaffold.col.rank')}</th><th>{t('scaffold.col.manufacturer')}</th><th>{t('scaffold.col.samplings')}</th><th>{t('scaffold.col.failed')}</th>
          <th>{t('scaffold.col.rate')}</th><th>{t('scaffold.col.samples')}</th><th>{t('scaffold.col.failedSamples')}</th><th>{t('scaffold.col.lastFailureOn')}</th><th>{t('scaffold.col.districts')}</th>
        </tr></thead>
        <tbody>
          {items.map((m, i) => (
            <tr key={`${m.manufacturerId ?? ''}:${m.manufacturerName}`} className={m.failed > 0 ? 'selected' : ''} data-testid={`manufacturer-${i + 1}`}>
              <td>{i + 1}</td><td>{m.manufacturerName}</td><td>{m.samplings}</td><td>{m.failed}</td><td>{percent(m.rate)}</td>
              <td>{m.samples}</td><td>{m.failedSamples}</td><td>{m.lastFailureOn ?? '–'}</td><td>{m.districts}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
