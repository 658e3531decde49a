import type { zhTrends } from './zh-trends.ts'

/** English for the KPI trends screen and a site's timeline; the keys are the Chinese file's. */
export const enTrends: typeof zhTrends = {
  trends: {
    nav: 'Trends', title: 'KPI trends', kpi: 'KPI', range: 'Range', last30: 'Last 30 days', last90: 'Last 90 days', custom: 'Custom',
    from: 'From', to: 'To', area: 'Area', city: 'City', byDistrict: 'Districts side by side', empty: 'No history kept for this range',
    rangeProblem: { incomplete: 'Choose both dates', reversed: 'The end is before the start', too_long: 'At most {{max}} days' },
    compare: {
      title: 'Two periods', against: 'Against', previous: 'the previous period', lastYear: 'the same period last year',
      periodA: 'Period A ({{from}} to {{to}})', periodB: 'Period B ({{from}} to {{to}})',
      kpi: 'KPI', change: 'Change', relative: 'Change %', how: 'Value', end: 'At period end', mean: 'Daily mean',
      better: 'better', worse: 'worse', same: 'unchanged', neutral: 'changed',
    },
    timeline: {
      title: 'Risk timeline', empty: 'No risk kept for this range', events: 'Events', moved: 'Main change: {{factor}} {{change}} points',
      kind: { inspection: 'Inspection', hazard_opened: 'Hazard found', hazard_closed: 'Hazard closed', pm10_episode: 'PM10 over the limit', notice: 'Notice' },
    },
  },
}
