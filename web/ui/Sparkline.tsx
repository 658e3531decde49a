interface Props {
  /** [time in ms, value] pairs, oldest first. */
  points: [number, number][]
  /** The time axis; a gap in the points shows as a gap in time, not a squeezed line. */
  from: number
  to: number
  label: string
  testId?: string
}

const [W, H] = [200, 28]

/**
 * A trend as one SVG polyline: a panel with a dozen devices draws a dozen of these, where as many ECharts
 * instances would each hold a canvas and their listeners.
 */
export function Sparkline({ points, from, to, label, testId }: Props) {
  const values = points.map(([, v]) => v)
  const [lo, hi] = [Math.min(...values), Math.max(...values)]
  const x = (t: number) => ((t - from) / Math.max(1, to - from)) * W
  // A flat series sits in the middle rather than on the bottom edge.
  const y = (v: number) => (hi === lo ? H / 2 : H - 2 - ((v - lo) / (hi - lo)) * (H - 4))
  const line = points.map(([t, v]) => `${x(t).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  return (
    <svg className="sparkline" viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" role="img" aria-label={label} data-testid={testId}>
      <title>{label}</title>
      <polyline points={line} fill="none" stroke="currentColor" strokeWidth={1.5} vectorEffect="non-scaling-stroke" />
    </svg>
  )
}
