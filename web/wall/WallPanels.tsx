import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { EChart } from '../ui/EChart.tsx'
import type { WallKpis } from './wall-types.ts'

// A wall's charts stay sharp at DPR 1.5; beyond that a 4K/8K wall only pays in frame time.
const WALL_MAX_DPR = 1.5
const pct = (ratio: number) => Math.round(ratio * 1000) / 10
// ECharts takes pixels, not vh: text sized to the wall's height, so it reads the same at 1080p and on an 8K wall.
const vh = (n: number) => Math.round((window.innerHeight * n) / 100)

function Figure({ label, value, unit, alarm, testId }: { label: string; value: number | string; unit?: string; alarm?: boolean; testId?: string }) {
  return <div className={`figure${alarm ? ' alarm' : ''}`}><b data-testid={testId}>{value}</b>{unit && <small>{unit}</small>}<span>{label}</span></div>
}

/** 三准确、一覆盖, open and overdue hazards, PM10 exceedances: the numbers read from across the room. */
export function HeadlineFigures({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  const k = kpis.threeAccurateOneCoverage
  return (
    <section className="wall-card figures">
      <h2>{t('wall.threeAccurate')}</h2>
      <Figure label={t('wall.supervisedToday')} value={k.supervisedProjectsToday} />
      <Figure label={t('wall.noticesToday')} value={k.noticesToday.total} />
      <Figure label={t('wall.beyondScaleNow')} value={k.beyondScaleProjectsNow} />
      <Figure label={t('wall.standardizationCoverage')} value={pct(k.standardizationCoverage)} unit="%" />
      <h2>{t('wall.hazardsAndDust')}</h2>
      <Figure label={t('wall.openHazards')} value={kpis.hazards.open} testId="wall-open-hazards" />
      <Figure label={t('wall.overdueHazards')} value={kpis.hazards.overdue} alarm={kpis.hazards.overdue > 0} />
      <Figure label={t('wall.majorHazards')} value={kpis.hazards.bySeverity.major} alarm={kpis.hazards.bySeverity.major > 0} />
      <Figure label={t('wall.pm10Sites24h')} value={kpis.pm10.sitesExceedingLast24h} alarm={kpis.pm10.sitesExceedingLast24h > 0} testId="wall-pm10-sites" />
    </section>
  )
}

/** The plan's 100 % targets as bars against the target line. */
export function TargetsChart({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  const option = useMemo(() => {
    const rows = [['certificateRate', kpis.targets.certificateRate], ['videoInstallationRate', kpis.targets.videoInstallationRate],
      ['craneMonitoringRate', kpis.targets.craneMonitoringRate], ['standardizationCoverage', kpis.targets.standardizationCoverage]] as const
    return {
      grid: { left: '34%', right: '12%', top: 8, bottom: 8 },
      xAxis: { type: 'value', max: 100, show: false },
      yAxis: { type: 'category', inverse: true, data: rows.map(([key]) => t(`wall.target.${key}`)), axisLabel: { fontSize: vh(1.4) } },
      series: [{
        type: 'bar', data: rows.map(([, v]) => pct(v)), barWidth: '55%', label: { show: true, position: 'right', formatter: '{c}%', fontSize: vh(1.4) },
        itemStyle: { color: (p: { value: number }) => (p.value >= 100 ? '#3fb950' : p.value >= 90 ? '#f0be32' : '#e63737') },
        markLine: { symbol: 'none', silent: true, data: [{ xAxis: 100 }], lineStyle: { color: '#9da7b3', type: 'dashed' }, label: { show: false } },
      }],
    }
  }, [kpis.targets, t])
  return <section className="wall-card"><h2>{t('wall.targets')}</h2><EChart option={option} theme="dark" className="wall-chart" maxPixelRatio={WALL_MAX_DPR} /></section>
}

/** The 150 key projects: how many have each measure, and all three, against the deadline. */
export function KeyProjectsChart({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  const k = kpis.keyProjects
  const option = useMemo(() => ({
    grid: { left: '30%', right: '14%', top: 8, bottom: 8 },
    xAxis: { type: 'value', max: k.total, show: false },
    yAxis: { type: 'category', inverse: true, data: ['highEnclosure', 'dustNet', 'spraying', 'allThree'].map((m) => t(`wall.measure.${m}`)), axisLabel: { fontSize: vh(1.4) } },
    series: [{ type: 'bar', barWidth: '55%', data: [k.highEnclosure, k.dustNet, k.spraying, k.allThree],
      label: { show: true, position: 'right', formatter: `{c}/${k.total}`, fontSize: vh(1.4) }, itemStyle: { color: '#58a6ff' } }],
  }), [k, t])
  return (
    <section className="wall-card">
      <h2>{t('wall.keyProjects', { deadline: k.deadline })}</h2>
      <EChart option={option} theme="dark" className="wall-chart" maxPixelRatio={WALL_MAX_DPR} />
    </section>
  )
}

/** Districts ranked as the KPI report ranks them, with their red sites and overdue hazards. */
export function DistrictRanking({ kpis }: { kpis: WallKpis }) {
  const { t } = useTranslation()
  const option = useMemo(() => {
    const rows = kpis.districtRanking.slice(0, 10)
    return {
      legend: { show: false },
      grid: { left: '26%', right: '6%', top: 8, bottom: 8 },
      xAxis: { type: 'value', show: false },
      yAxis: { type: 'category', inverse: true, data: rows.map((r) => `${r.rank}. ${r.name}`), axisLabel: { fontSize: vh(1.3), interval: 0 } },
      series: [
        { type: 'bar', stack: 'h', name: t('wall.overdueHazards'), data: rows.map((r) => r.overdueHazards), itemStyle: { color: '#e63737' } },
        { type: 'bar', stack: 'h', name: t('wall.openHazards'), data: rows.map((r) => r.openHazards - r.overdueHazards), itemStyle: { color: '#f58c28' },
          label: { show: true, position: 'right', formatter: (p: { dataIndex: number }) => String(rows[p.dataIndex].openHazards), fontSize: vh(1.3) } },
      ],
    }
  }, [kpis.districtRanking, t])
  return <section className="wall-card grow"><h2>{t('wall.ranking')}</h2><EChart option={option} theme="dark" className="wall-chart tall" maxPixelRatio={WALL_MAX_DPR} /></section>
}
