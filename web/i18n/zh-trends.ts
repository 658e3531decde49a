/** 简体中文 for the KPI trends screen (web/trends) and a site's timeline (web/map/panels/SiteTimeline.tsx); KPI names are the catalogue's (server/domain/kpi-series.ts). */
export const zhTrends = {
  trends: {
    nav: '趋势分析', title: '指标趋势', kpi: '指标', range: '时间范围', last30: '近30天', last90: '近90天', custom: '自定义',
    from: '起', to: '止', area: '范围', city: '全市', byDistrict: '各区对比', empty: '所选时间内没有留存的历史数据',
    rangeProblem: { incomplete: '请选择起止日期', reversed: '止日期早于起日期', too_long: '时间范围最多 {{max}} 天' },
    compare: {
      title: '两期对比', against: '对比', previous: '上一周期', lastYear: '去年同期',
      periodA: '对比期 A（{{from}} 至 {{to}}）', periodB: '本期 B（{{from}} 至 {{to}}）',
      kpi: '指标', change: '变化', relative: '变化率', how: '取值', end: '期末值', mean: '日均值',
      better: '向好', worse: '变差', same: '持平', neutral: '变化',
    },
    timeline: {
      title: '风险时间线', empty: '该时段没有留存的风险记录', events: '事件', moved: '主要变化：{{factor}} {{change}} 分',
      kind: { inspection: '检查', hazard_opened: '发现隐患', hazard_closed: '隐患闭环', pm10_episode: 'PM10超标', notice: '三单' },
    },
  },
}
