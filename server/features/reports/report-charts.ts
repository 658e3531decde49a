import { BarChart, LineChart, PieChart } from 'echarts/charts'
import { GridComponent, LegendComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'
import type { ReportChart } from '../../domain/report-document.ts'

/*
 * A report section's chart as SVG, drawn on the server by ECharts' SSR renderer (no DOM, no canvas) so the PDF
 * embeds vector graphics. Sizes are in PDF points: the caller places the SVG 1 unit = 1 pt.
 */

echarts.use([BarChart, LineChart, PieChart, GridComponent, LegendComponent, SVGRenderer])

/** The font family the SVG names; report-pdf maps it to the embedded Noto Sans SC. */
export const CHART_FONT = 'NotoSansSC'

// Print-friendly, distinguishable in greyscale: dark blue first (the report's accent), then warm and neutral tones.
const PALETTE = ['#2f5597', '#c55a11', '#548235', '#7f6000', '#7030a0', '#2e75b6', '#a5a5a5', '#bf9000', '#843c0c', '#255e91']
const INK = '#333333'
const NUMBER = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 })

/** 4278 → 4,278; 0.1234 → 0.12: how the report prints every number, in tables and chart labels alike. */
export const formatNumber = (n: number) => NUMBER.format(n)
const RULE = '#bfbfbf'

export function renderChartSvg(chart: ReportChart, width: number, height: number): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height })
  try {
    instance.setOption({
      animation: false,
      color: PALETTE,
      textStyle: { fontFamily: CHART_FONT, fontSize: 9, color: INK },
      ...(chart.kind === 'pie' ? pieOption(chart) : axisOption(chart)),
    })
    return instance.renderToSVGString()
  } finally {
    instance.dispose()
  }
}

function axisOption(chart: ReportChart): echarts.EChartsCoreOption {
  const legend = chart.series.length > 1
  // A value above each bar only while they stay legible: one series and few categories.
  const labelled = chart.kind === 'bar' && chart.series.length === 1 && chart.categories.length <= 16
  return {
    legend: legend ? { top: 0, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 9, color: INK } } : undefined,
    grid: { left: 4, right: 12, top: legend ? 30 : 16, bottom: 4 },
    xAxis: {
      type: 'category',
      data: chart.categories,
      boundaryGap: chart.kind === 'bar',
      axisLine: { lineStyle: { color: '#7f7f7f' } },
      axisTick: { alignWithLabel: true },
      axisLabel: { fontSize: 8, color: INK, hideOverlap: true },
    },
    yAxis: {
      type: 'value',
      // A trend line is read for its change, so its axis starts near the data; bars are read for size, from zero.
      scale: chart.kind === 'line',
      axisLabel: { fontSize: 8, color: INK, formatter: formatNumber },
      splitLine: { lineStyle: { color: RULE, type: 'dashed', width: 0.5 } },
    },
    series: chart.series.map((s) => chart.kind === 'bar'
      ? { type: 'bar', name: s.name, data: s.data, barMaxWidth: 22, label: { show: labelled, position: 'top', fontSize: 8, color: INK } }
      : { type: 'line', name: s.name, data: s.data, symbol: 'circle', symbolSize: 4, lineStyle: { width: 1.5 } }),
  }
}

function pieOption(chart: ReportChart): echarts.EChartsCoreOption {
  // A pie has one set of slices: the first series. Empty slices are dropped so their labels do not pile up.
  const values = chart.series[0]?.data ?? []
  const data = chart.categories
    .map((name, i) => ({ name, value: values[i] ?? 0 }))
    .filter((d) => d.value > 0)
  return {
    series: [{
      type: 'pie',
      name: chart.series[0]?.name,
      radius: ['36%', '66%'],
      center: ['50%', '52%'],
      data,
      itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
      label: { fontSize: 8, color: INK, formatter: (p: { name: string; value: number; percent: number }) => `${p.name}  ${formatNumber(p.value)}（${p.percent}%）` },
      labelLine: { length: 8, length2: 10, lineStyle: { color: '#7f7f7f' } },
    }],
  }
}
