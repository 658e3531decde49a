import { useTranslation } from 'react-i18next'
import type { ReportChart, ReportDocument } from '../../server/domain/report-document.ts'
import { type ChartOption, EChart } from '../ui/EChart.tsx'

/** ECharts' own first colours, named here so that the legend under a chart matches its bars. */
const COLORS = ['#5470c6', '#91cc75', '#fac858']

/** A chart of the document as ECharts draws it: bars (or lines) per series over the categories. */
function optionOf(chart: ReportChart): ChartOption {
  return {
    animation: false, color: COLORS, tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 12, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: chart.categories, axisLabel: { interval: 0, rotate: chart.categories.length > 4 ? 30 : 0, fontSize: 10 } },
    yAxis: { type: 'value' },
    series: chart.series.map((s) => ({ name: s.name, type: chart.kind === 'line' ? 'line' : 'bar', data: s.data })),
  }
}

const shown = (cell: string | number | null) => (cell === null ? '—' : String(cell))

/**
 * Every section of a report: its summary, its table and its chart, printable. The report is black on white
 * whatever the portal's theme (global.css .report), so its charts are drawn light.
 */
export function ReportSections({ document }: { document: ReportDocument }) {
  const { t } = useTranslation()
  return (
    <div className="report-sections">
      {document.sections.map((section) => (
        <section key={section.key} className="report-section" data-testid="report-section">
          <h2>{section.key.replace(/^(\d+) /, '$1. ')}</h2>
          {section.summary && <p className="report-summary">{section.summary}</p>}
          <table className="report-table">
            <thead><tr>{section.table.columns.map((c) => <th key={c}>{c}</th>)}</tr></thead>
            <tbody>{section.table.rows.map((row, i) => <tr key={i}>{row.map((cell, j) => <td key={j} className={j > 0 ? 'num' : ''}>{shown(cell)}</td>)}</tr>)}</tbody>
          </table>
          {section.chart && section.chart.categories.length > 0 && (
            <figure className="report-figure">
              <EChart option={optionOf(section.chart)} theme="light" className="report-chart" testId="report-chart" />
              <figcaption>{section.chart.series.map((s, i) => <span key={s.name}><i style={{ background: COLORS[i % COLORS.length] }} />{s.name}</span>)}</figcaption>
            </figure>
          )}
          {!section.chart && section.table.rows.length === 0 && <p className="muted">{t('reports.empty')}</p>}
        </section>
      ))}
    </div>
  )
}
