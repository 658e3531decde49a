import { useQuery } from '@tanstack/react-query'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { COMPLAINT_CATEGORIES } from '../../server/domain/complaint.ts'
import { addDays, beijingDay } from '../../server/domain/time.ts'
import { type ApiClient, unwrap } from '../api.ts'
import { saveDownload } from '../ui/download.ts'
import { EChart } from '../ui/EChart.tsx'
import { savedTheme } from '../ui/theme.ts'
import { ComplaintHeatmap } from './complaint-heatmap.tsx'

/** 投诉分析 (item 13): heatmap, daily trend, repeat sites, categories by district, night work against permits; one workbook. */
export function ComplaintAnalysis({ api }: { api: ApiClient }) {
  const { t } = useTranslation()
  const [period, setPeriod] = useState({ from: beijingDay(addDays(new Date(), -29)), to: beijingDay(new Date()) })
  const [error, setError] = useState<string | null>(null)
  const analysis = useQuery({ queryKey: ['complaint-analysis', period], queryFn: () => unwrap(api.api.complaints.analysis.$get({ query: period })) })
  const a = analysis.data
  const trend = useMemo(() => {
    const days = [...new Set((a?.trend ?? []).map((d) => d.day))]
    return {
      tooltip: { trigger: 'axis' }, grid: { left: 40, right: 16, top: 16, bottom: 28 }, xAxis: { type: 'category', data: days.map((d) => d.slice(5)) }, yAxis: { type: 'value', minInterval: 1 },
      series: COMPLAINT_CATEGORIES.map((c) => ({ name: t(`complaints.category.${c}`), type: 'bar', stack: 'all', data: days.map((d) => a?.trend.find((x) => x.day === d && x.category === c)?.complaints ?? 0) })),
    }
  }, [a, t])
  const districts = [...new Set((a?.byDistrict ?? []).map((d) => d.district ?? t('complaints.analysis.unlocated')))]
  const inDistrict = (district: string, c: string) => a?.byDistrict.find((d) => (d.district ?? t('complaints.analysis.unlocated')) === district && d.category === c)?.complaints ?? 0
  return (
    <section data-testid="complaint-analysis">
      <div className="inline-form">
        <label>{t('complaints.analysis.from')}<input type="date" value={period.from} onChange={(e) => setPeriod({ ...period, from: e.target.value })} /></label>
        <label>{t('complaints.analysis.to')}<input type="date" value={period.to} onChange={(e) => setPeriod({ ...period, to: e.target.value })} /></label>
        <button type="button" data-testid="analysis-export" onClick={() => { setError(null); saveDownload(api.api.complaints.analysis.export.$get({ query: period }), `${t('complaints.tab.analysis')}.xlsx`).catch((e: Error) => setError(e.message)) }}>
          {t('complaints.analysis.export')}</button>
        {error && <span className="form-error" role="alert">{error}</span>}
      </div>
      {analysis.error && <p role="alert" className="form-error">{(analysis.error as Error).message}</p>}
      {a && (
        <>
          <h3>{t('complaints.analysis.heatmap')}</h3>
          <ComplaintHeatmap api={api} points={a.heat} />
          <h3>{t('complaints.analysis.trend')}</h3>
          <EChart option={trend} theme={savedTheme(window.localStorage)} className="complaint-trend" testId="complaint-trend" />
          <h3>{t('complaints.analysis.night')}</h3>
          <p data-testid="night-totals">{t('complaints.analysis.permitted')} {a.nightWork.totals.permitted} · {t('complaints.analysis.unpermitted')} <strong className="warn">{a.nightWork.totals.unpermitted}</strong> · {t('complaints.analysis.noSite')} {a.nightWork.totals.noSite}</p>
          <table className="grid-table" data-testid="night-sites">
            <thead><tr><th>{t('complaints.col.site')}</th><th>{t('complaints.analysis.permits')}</th><th>{t('complaints.analysis.permitted')}</th><th>{t('complaints.analysis.unpermitted')}</th></tr></thead>
            <tbody>{a.nightWork.sites.slice(0, 20).map((s) => <tr key={s.siteId}><td>{s.code} {s.name}</td><td>{s.permits}</td><td>{s.permitted}</td><td>{s.unpermitted}</td></tr>)}</tbody>
          </table>
          <h3>{t('complaints.analysis.repeats')}</h3>
          <table className="grid-table" data-testid="repeat-sites">
            <thead><tr><th>{t('complaints.col.site')}</th><th>{t('complaints.analysis.district')}</th><th>{t('complaints.analysis.complaints')}</th><th>{t('complaints.analysis.founded')}</th><th>{t('complaints.col.category')}</th><th>{t('complaints.analysis.last')}</th></tr></thead>
            <tbody>{a.repeats.slice(0, 30).map((r) => (
              <tr key={r.siteId}><td><a href={`/?sel=site:${r.siteId}`}>{r.code} {r.name}</a></td><td>{r.district}</td><td>{r.complaints}</td><td>{r.founded}</td>
                <td>{r.categories.map((c) => t(`complaints.category.${c}`)).join('、')}</td><td>{r.last.slice(0, 10)}</td></tr>))}</tbody>
          </table>
          <h3>{t('complaints.analysis.byDistrict')}</h3>
          <table className="grid-table" data-testid="district-categories">
            <thead><tr><th>{t('complaints.analysis.district')}</th>{COMPLAINT_CATEGORIES.map((c) => <th key={c}>{t(`complaints.category.${c}`)}</th>)}</tr></thead>
            <tbody>{districts.map((d) => <tr key={d}><td>{d}</td>{COMPLAINT_CATEGORIES.map((c) => <td key={c}>{inDistrict(d, c)}</td>)}</tr>)}</tbody>
          </table>
        </>
      )}
    </section>
  )
}
