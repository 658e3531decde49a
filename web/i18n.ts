import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

const resources = {
  zh: {
    translation: {
      title: '苏州市建设工程质量安全智慧监管平台',
      sites: '在建项目', districts: '行政区', grids: '网格', keyProjects: '扬尘重点项目', cameras: '视频监控',
      engine: '数据引擎', language: 'English', loading: '加载中…', loadFailed: '数据加载失败：{{message}}',
      kind: { housing: '房屋建筑', municipal: '市政', rail_transit: '轨道交通', small_temporary: '小型临时工程' },
      basemapNote: '边界示意，非权威地图',
      legend: { measures: '已完成 {{n}}/3 项措施', online: '在线', offline: '离线', lowToHigh: '风险低 → 高', gridHint: '悬停高亮', boundary: '区界' },
      stage: { earthworks: '土方/基础', main_structure: '主体结构', finishing: '装饰装修', completed: '已竣工' },
      filters: {
        all: '全部', district: '行政区', kind: '类别', stage: '阶段', grade: '风险等级', coverageBelow: '视频覆盖率',
        below: '低于 {{pct}}%', beyondScale: '有超危大工程', key: '扬尘重点项目', clear: '清除筛选',
      },
      grade: { red: '重大风险', orange: '较大风险', yellow: '一般风险', blue: '低风险' },
      layers: {
        title: '图层', opacity: '透明度', colourBy: '着色方式', byRisk: '按风险等级', byKind: '按工程类别',
        sites: '工程项目', heatmap: '风险热力图', cameras: '视频监控覆盖', grids: '网格责任区', keyProjects: '扬尘重点区域与项目',
        demoZone: '绿色智慧示范片区', districts: '行政区划',
      },
    },
  },
  en: {
    translation: {
      title: 'Suzhou Construction Quality & Safety Smart Supervision',
      sites: 'Sites', districts: 'Districts', grids: 'Grids', keyProjects: 'Key dust-control projects', cameras: 'Cameras',
      engine: 'Engine', language: '中文', loading: 'Loading…', loadFailed: 'Failed to load: {{message}}',
      kind: { housing: 'Housing', municipal: 'Municipal', rail_transit: 'Rail transit', small_temporary: 'Small / temporary' },
      basemapNote: 'Boundaries illustrative, not an authoritative map',
      legend: { measures: '{{n}} of 3 measures done', online: 'Online', offline: 'Offline', lowToHigh: 'Risk low → high', gridHint: 'Hover to highlight', boundary: 'Boundary' },
      stage: { earthworks: 'Earthworks/foundation', main_structure: 'Main structure', finishing: 'Finishing', completed: 'Completed' },
      filters: {
        all: 'all', district: 'District', kind: 'Kind', stage: 'Stage', grade: 'Risk', coverageBelow: 'Camera coverage',
        below: 'below {{pct}}%', beyondScale: 'Has beyond-scale works', key: 'Key project', clear: 'Clear filters',
      },
      grade: { red: 'Major risk', orange: 'Significant risk', yellow: 'General risk', blue: 'Low risk' },
      layers: {
        title: 'Layers', opacity: 'Opacity', colourBy: 'Colour by', byRisk: 'Risk grade', byKind: 'Kind',
        sites: 'Project sites', heatmap: 'Risk heatmap', cameras: 'Camera coverage', grids: 'Grid zones', keyProjects: 'Key dust-control areas & projects',
        demoZone: 'Green-smart demonstration zone', districts: 'Districts',
      },
    },
  },
}

/** One i18n instance per app mount (no module singleton): zh-CN first, English second. */
export function createI18n(language = 'zh') {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({ resources, lng: language, fallbackLng: 'zh', interpolation: { escapeValue: false } })
  return instance
}
