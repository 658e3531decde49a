import { useMemo } from 'react'
import { formatKpi, type KpiUnit } from '../../server/domain/kpi-series.ts'
import { EChart } from '../ui/EChart.tsx'

export interface Line { name: string; values: (number | null)[] }

/** Enough distinct hues for every district of the city, in the legend's order. */
export const PALETTE = ['#58a6ff', '#f0883e', '#3fb950', '#db61a2', '#d29922', '#a371f7', '#39c5cf', '#f85149', '#8b949e', '#7ee787', '#ffa198', '#79c0ff']

interface Props { days: string[]; lines: Line[]; unit: KpiUnit; theme: 'dark' | 'light' }

/** One KPI per day, a line per area; gaps where a day was not kept, ratios as percentages. */
export function TrendChart({ days, lines, unit, theme }: Props) {
  const option = useMemo(() => ({
    color: PALETTE,
    // A new range or KPI redraws quickly rather than morphing the old line over a second.
    animationDurationUpdate: 250,
    grid: { left: 48, right: 16, top: 16, bottom: 28 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatKpi(typeof v === 'number' ? v : null, unit) },
    xAxis: { type: 'category', data: days, axisLabel: { hideOverlap: true, formatter: (d: string) => d.slice(5) } },
    yAxis: { type: 'value', scale: unit !== 'ratio', ...(unit === 'ratio' ? { max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : {}) },
    series: lines.map((l) => ({ type: 'line', name: l.name, data: l.values, showSymbol: days.length <= 31, connectNulls: false, lineStyle: { width: 2 } })),
  }), [days, lines, unit])
  return <EChart option={option} theme={theme} className="trend-chart" testId="trend-chart" />
}
