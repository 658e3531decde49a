import { BarChart, GaugeChart, LineChart } from 'echarts/charts'
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { useEffect, useRef } from 'react'

// Only the chart kinds the portal draws, so the bundle carries these rather than all of ECharts.
echarts.use([LineChart, BarChart, GaugeChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer])

export type ChartOption = echarts.EChartsCoreOption

interface Props { option: ChartOption; theme: 'dark' | 'light'; className?: string; testId?: string; maxPixelRatio?: number }

/**
 * One ECharts instance per mount, resized with its box and disposed with it (a wall runs for weeks: nothing may
 * leak). A new option replaces the old one; ECharts animates only what changed.
 */
export function EChart({ option, theme, className, testId, maxPixelRatio = 2 }: Props) {
  const container = useRef<HTMLDivElement>(null)
  const chart = useRef<echarts.ECharts | null>(null)

  useEffect(() => {
    const c = echarts.init(container.current!, theme === 'dark' ? 'dark' : undefined, {
      renderer: 'canvas', devicePixelRatio: Math.min(window.devicePixelRatio, maxPixelRatio),
    })
    chart.current = c
    const resize = new ResizeObserver(() => c.resize())
    resize.observe(container.current!)
    return () => { resize.disconnect(); c.dispose(); chart.current = null }
  }, [theme, maxPixelRatio])

  useEffect(() => {
    chart.current?.setOption({ backgroundColor: 'transparent', ...option }, { notMerge: false, lazyUpdate: true })
  }, [option, theme])

  return <div ref={container} className={className} data-testid={testId} />
}
