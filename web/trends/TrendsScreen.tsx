import { keepPreviousData, useQuery } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { KPI_SERIES, type KpiKey, kpiSeriesDef, MAX_RANGE_DAYS, type PeriodChange, rangeDays, rangeProblem } from '../../server/domain/kpi-series.ts'
import { shiftDay } from '../../server/domain/time.ts'
import { type ApiClient, type SessionUser, unwrap } from '../api.ts'
import { CompareTable } from './CompareTable.tsx'
import { PALETTE, TrendChart } from './TrendChart.tsx'
import './trends.css'

type Range = { preset: '30' | '90' } | { preset: 'custom'; from: string; to: string }
type Against = 'previous' | 'lastYear'

/** Roles whose zone is the whole city: they choose the area; a district's or grid's supervisor sees their district. */
const CITY_ROLES = ['admin', 'city_command', 'planner']


/** Period A for a shown range B: the as-long period just before it, or the same days a year before. */
function periodA(b: { from: string; to: string }, against: Against) {
  if (against === 'lastYear') return { from: shiftDay(b.from, -365), to: shiftDay(b.to, -365) }
  const n = rangeDays(b.from, b.to)
  return { from: shiftDay(b.from, -n), to: shiftDay(b.from, -1) }
}

/**
 * 指标趋势: any KPI per day from the kept history, for the city, a district or every district side by side, and
 * every KPI over the shown range against the period before it (or a year before).
 */
export function TrendsScreen({ api, user, theme, header }: { api: ApiClient; user: SessionUser; theme: 'dark' | 'light'; header: React.ReactNode }) {
  const { t, i18n } = useTranslation()
  const cityWide = CITY_ROLES.includes(user.role)
  const [metric, setMetric] = useState<KpiKey>('openHazards')
  const [range, setRange] = useState<Range>({ preset: '30' })
  const [area, setArea] = useState<string>(cityWide ? 'city' : 'own')
  const [against, setAgainst] = useState<Against>('previous')
  const districts = useQuery({ queryKey: ['layer-districts'], queryFn: () => unwrap(api.api.layers.districts.$get()), enabled: cityWide })

  const query = {
    metric, ...(range.preset === 'custom' ? { from: range.from, to: range.to } : { days: range.preset }),
    ...(area === 'by' ? { by: 'district' as const } : /^\d+$/.test(area) ? { district: area } : {}),
  }
  // A custom range is asked for only once both dates are whole and in order; till then the last chart stays.
  const problem = range.preset === 'custom' ? rangeProblem(range.from, range.to) : null
  const series = useQuery({
    queryKey: ['trend-series', query], placeholderData: keepPreviousData, enabled: problem === null,
    queryFn: () => unwrap(api.api.history.series.$get({ query })),
  })
  const b = series.data ? { from: series.data.from, to: series.data.to } : null
  const a = b ? periodA(b, against) : null
  const compare = useQuery({
    queryKey: ['trend-compare', a, b, area], enabled: a !== null && area !== 'by', placeholderData: keepPreviousData,
    queryFn: () => unwrap(api.api.history.compare.$get({ query: {
      aFrom: a!.from, aTo: a!.to, bFrom: b!.from, bTo: b!.to, ...(/^\d+$/.test(area) ? { district: area } : {}),
    } })),
  })
  const def = kpiSeriesDef(metric)
  const name = (d: { zh: string; en: string }) => (i18n.language === 'zh' ? d.zh : d.en)
  const lines = (series.data?.series ?? []).map((s) => ({ name: s.name ?? t('trends.city'), values: s.values }))
  const custom = range.preset === 'custom' ? range : null

  return (
    <div className="app admin trends" data-testid="trends-screen">
      <header className="topbar"><h1>{t('title')}</h1>{header}</header>
      <div className="filters" data-testid="trends-filters">
        <label>{t('trends.kpi')}
          <select data-testid="trend-kpi" value={metric} onChange={(e) => setMetric(e.target.value as KpiKey)}>
            {KPI_SERIES.map((d) => <option key={d.key} value={d.key}>{name(d)}</option>)}
          </select>
        </label>
        <label>{t('trends.range')}
          <select data-testid="trend-range" value={range.preset} onChange={(e) => {
            const preset = e.target.value as Range['preset']
            setRange(preset === 'custom' ? { preset, from: b?.from ?? '', to: b?.to ?? '' } : { preset })
          }}>
            <option value="30">{t('trends.last30')}</option><option value="90">{t('trends.last90')}</option><option value="custom">{t('trends.custom')}</option>
          </select>
        </label>
        {custom && <>
          <label>{t('trends.from')}<input type="date" data-testid="trend-from" value={custom.from} onChange={(e) => setRange({ ...custom, from: e.target.value })} /></label>
          <label>{t('trends.to')}<input type="date" data-testid="trend-to" value={custom.to} onChange={(e) => setRange({ ...custom, to: e.target.value })} /></label>
          {problem && <span className="form-error" role="status" data-testid="trend-range-problem">{t(`trends.rangeProblem.${problem}`, { max: MAX_RANGE_DAYS })}</span>}
        </>}
        {cityWide && (
          <label>{t('trends.area')}
            <select data-testid="trend-area" value={area} onChange={(e) => setArea(e.target.value)}>
              <option value="city">{t('trends.city')}</option><option value="by">{t('trends.byDistrict')}</option>
              {(districts.data?.features ?? []).map((d) => <option key={d.id} value={String(d.id)}>{String(d.properties.name)}</option>)}
            </select>
          </label>
        )}
      </div>
      <main className="admin-body">
        <h2>{name(def)}{series.data && <small className="muted"> {series.data.from} — {series.data.to}</small>}</h2>
        {series.error && <p role="alert" className="form-error">{(series.error as Error).message}</p>}
        {series.data && (series.data.days.length === 0
          ? <p className="muted" data-testid="trend-empty">{t('trends.empty')}</p>
          : <>
            <TrendChart key={`${area}-${metric}`} days={series.data.days} lines={lines} unit={def.unit} theme={theme} />
            {lines.length > 1 && (
              <ul className="trend-legend">
                {lines.map((l, i) => <li key={l.name}><i style={{ background: PALETTE[i % PALETTE.length] }} />{l.name}</li>)}
              </ul>
            )}
          </>)}
        {area !== 'by' && a && b && (
          <section className="trend-compare">
            <h2>{t('trends.compare.title')}
              <label className="muted"> {t('trends.compare.against')}
                <select data-testid="trend-against" value={against} onChange={(e) => setAgainst(e.target.value as Against)}>
                  <option value="previous">{t('trends.compare.previous')}</option><option value="lastYear">{t('trends.compare.lastYear')}</option>
                </select>
              </label>
            </h2>
            {compare.error && <p role="alert" className="form-error">{(compare.error as Error).message}</p>}
            {compare.data && <CompareTable a={a} b={b} kpis={compare.data.kpis as PeriodChange[]} selected={metric} onSelect={setMetric} />}
          </section>
        )}
      </main>
    </div>
  )
}
