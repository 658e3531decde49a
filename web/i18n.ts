import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'

const resources = {
  zh: {
    translation: {
      title: '苏州市建设工程质量安全智慧监管平台',
      sites: '在建项目', districts: '行政区', grids: '网格', keyProjects: '扬尘重点项目', cameras: '视频监控',
      engine: '数据引擎', language: 'English', loading: '加载中…', loadFailed: '数据加载失败：{{message}}',
      kind: { housing: '房屋建筑', municipal: '市政', rail_transit: '轨道交通', small_temporary: '小型临时工程' },
      legend: '图例', basemapNote: '边界示意，非权威地图',
    },
  },
  en: {
    translation: {
      title: 'Suzhou Construction Quality & Safety Smart Supervision',
      sites: 'Sites', districts: 'Districts', grids: 'Grids', keyProjects: 'Key dust-control projects', cameras: 'Cameras',
      engine: 'Engine', language: '中文', loading: 'Loading…', loadFailed: 'Failed to load: {{message}}',
      kind: { housing: 'Housing', municipal: 'Municipal', rail_transit: 'Rail transit', small_temporary: 'Small / temporary' },
      legend: 'Legend', basemapNote: 'Boundaries illustrative, not an authoritative map',
    },
  },
}

/** One i18n instance per app mount (no module singleton): zh-CN first, English second. */
export function createI18n(language = 'zh') {
  const instance = i18next.createInstance()
  void instance.use(initReactI18next).init({ resources, lng: language, fallbackLng: 'zh', interpolation: { escapeValue: false } })
  return instance
}
