import { useMemo } from 'react'
import { EChart } from '../../ui/EChart.tsx'

interface Props { readings: { at: string; pm10: number }[]; limit: number; limitLabel: string; theme: 'dark' | 'light' }

/** Hourly PM10 with the dust limit as a dashed line, so a spike over it reads at a glance. */
export function Pm10Chart({ readings, limit, limitLabel, theme }: Props) {
  const option = useMemo(() => ({
    grid: { left: 36, right: 12, top: 16, bottom: 24 },
    tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${v} µg/m³` },
    xAxis: { type: 'time', axisLabel: { hideOverlap: true, formatter: '{MM}-{dd} {HH}:00' } },
    // Always show the limit line, even on a clean day when every reading is far below it.
    yAxis: { type: 'value', name: 'µg/m³', nameTextStyle: { align: 'left' }, max: (v: { max: number }) => Math.ceil(Math.max(v.max, limit * 1.1) / 10) * 10 },
    series: [{
      type: 'line', showSymbol: false,
      data: readings.map((r) => [r.at, r.pm10]),
      lineStyle: { width: 1.5 }, itemStyle: { color: '#58a6ff' },
      markLine: { symbol: 'none', silent: true, lineStyle: { color: '#e63737', type: 'dashed' },
        label: { formatter: limitLabel, position: 'insideEndTop' }, data: [{ yAxis: limit }] },
    }],
  }), [readings, limit, limitLabel])
  return <EChart option={option} theme={theme} className="pm10-chart" testId="pm10-chart" />
}
