/** 简体中文: the portal's first language. The English file has exactly these keys (its type is this object's). */
import { GRADE_ZH, INSPECTION_ZH, KIND_ZH, STAGE_ZH } from '../../server/domain/labels-zh.ts'
import { zhAccount } from './zh-account.ts'
import { zhAuditExports } from './zh-audit-exports.ts'
import { zhAlarms } from './zh-alarms.ts'
import { zhDeviceAdmin } from './zh-device-admin.ts'
import { zhDevices } from './zh-devices.ts'
import { zhImports } from './zh-imports.ts'
import { zhPlanning } from './zh-planning.ts'
import { zhSupervision } from './zh-supervision.ts'
import { zhTwoFactor } from './zh-two-factor.ts'
import { zhRegistry } from './zh-registry.ts'
import { zhEnterprises } from './zh-enterprises.ts'
import { zhPeople } from './zh-people.ts'
import { zhCranes } from './zh-cranes.ts'
import { zhTesting } from './zh-testing.ts'
import { zhCredit } from './zh-credit.ts'
import { zhCampaignsScreen } from './zh-campaigns-screen.ts'
import { zhCampaigns } from './zh-campaigns.ts'
import { zhChemicals } from './zh-chemicals.ts'
import { zhScaffold } from './zh-scaffold.ts'
import { zhComplaints } from './zh-complaints.ts'
import { zhPatrol } from './zh-patrol.ts'
import { zhAccountability } from './zh-accountability.ts'
import { zhPlayback } from './zh-playback.ts'
import { zhTrends } from './zh-trends.ts'
import { zhReports } from './zh-reports.ts'

export const zh = {
  ...zhSupervision,
  ...zhPlanning,
  ...zhImports,
  ...zhDevices,
  ...zhDeviceAdmin,
  ...zhAlarms,
  ...zhAccount,
  ...zhAuditExports,
  ...zhTwoFactor,
  ...zhRegistry,
  ...zhEnterprises,
  ...zhPeople,
  ...zhCranes,
  ...zhTesting,
  ...zhCredit,
  ...zhCampaignsScreen,
  ...zhCampaigns,
  ...zhChemicals,
  ...zhScaffold,
  ...zhComplaints,
  ...zhPatrol,
  ...zhAccountability,
  ...zhPlayback,
  ...zhTrends,
  ...zhReports,
  title: '苏州市建设工程质量安全智慧监管平台',
  sites: '在建项目', districts: '行政区', grids: '网格', keyProjects: '扬尘重点项目', cameras: '视频监控',
  tilesMode: '本范围共 {{count}} 个项目，以矢量瓦片显示（14 级起逐个显示）；风险热力按瓦片汇总，筛选与覆盖率在 20 万个项目以下的范围可用',
  engine: '数据引擎', language: 'English', loading: '加载中…', loadFailed: '数据加载失败：{{message}}', close: '关闭',
  theme: { dark: '深色', light: '浅色', toggle: '切换主题' },
  kind: KIND_ZH,
  basemapNote: '边界示意，非权威地图',
  basemapOnline: '在线底图（{{crs}}）',
  legend: {
    measures: '已完成 {{n}}/3 项措施', online: '在线', offline: '离线', lowToHigh: '风险低 → 高', gridHint: '悬停高亮，点击查看',
    boundary: '区界', cluster: '聚合：颜色为平均风险，▲ 为重大风险项目数', noCamera: '无摄像头', offlineCamera: '有离线摄像头',
    coverage: '覆盖率 0 → 100%', keyRing: '白圈：扬尘重点项目', footprint: '放大后显示项目红线范围',
  },
  stage: STAGE_ZH,
  filters: {
    all: '全部', district: '行政区', kind: '类别', stage: '阶段', grade: '风险等级', coverageBelow: '视频覆盖率',
    below: '低于 {{pct}}%', beyondScale: '有超危大工程', key: '扬尘重点项目', clear: '清除筛选',
  },
  grade: GRADE_ZH,
  layers: {
    title: '图层', opacity: '透明度', download: '下载', colourBy: '着色方式', byRisk: '按风险等级', byKind: '按工程类别', byCoverage: '按视频覆盖率',
    sites: '工程项目', heatmap: '风险热力图', cameras: '视频监控覆盖', devices: '现场设备', grids: '网格责任区', keyProjects: '扬尘重点区域与项目', testingCampaigns: '材料检测不合格（专项整治）',
    demoZone: '绿色智慧示范片区', districts: '行政区划',
  },
  search: { placeholder: '搜索项目名称或编号', none: '无匹配项目', label: '项目搜索' },
  tooltip: { cluster: '{{count}} 个项目，点击放大', supervisors: '网格员', siteCount: '{{count}} 个项目' },
  site: {
    basics: '基本信息', code: '项目编号', stage: '施工阶段', district: '所属区', grid: '所属网格', address: '地址', period: '工期', dateUnknown: '日期未知', periodUnknown: '工期未知（台账未填开竣工日期）',
    floorArea: '建筑面积', contractValue: '合同价', parties: '参建单位', owner: '建设单位', surveyor: '勘察单位',
    designer: '设计单位', contractor: '施工单位', supervisor: '监理单位', credit: '信用等级',
    standardization: '标准化考评', keyProject: '扬尘重点项目（第 {{rank}} 名）',
    measures: { enclosure: '围挡', dustNet: '防尘网', spraying: '喷淋', due: '期限 {{date}}', pending: '未完成' },
    risk: '风险评分', riskFactors: '各因素贡献', noRisk: '尚未评分',
    dangerousWorks: '危大工程', beyondScale: '超危大', none: '无',
    cranes: '起重机械', monitored: '已接入监控', unmonitored: '未接入监控', lastInspected: '最近检验 {{date}}',
    cameras: '视频监控', coverage: '覆盖率 {{pct}}%', camerasOnline: '{{online}}/{{total}} 台在线', noCamera: '无摄像头',
    inspections: '检查记录', score: '{{score}} 分', hazards: '未闭环隐患', ageDays: '{{days}} 天', overdue: '已超期',
    pm10: 'PM10 近 72 小时', pm10Own: '项目监测点', pm10Station: '最近国控/省控站：{{name}}（{{km}} km）', pm10Limit: '限值 {{limit}}',
    pm10Empty: '暂无监测数据', unit: { m2: '㎡', wan: '万元' },
  },
  zone: {
    grid: '网格', demoZone: '示范片区', supervisors: '网格员', area: '面积 {{km2}} km²', sites: '项目 {{count}} 个',
    keyProjects: '重点项目', beyondScale: '有超危大', openHazards: '未闭环隐患', overdue: '超期隐患', noCamera: '无摄像头',
    offline: '有离线摄像头', meanCoverage: '平均覆盖率', meanStandardization: '平均标准化得分', list: '项目（按风险排序）',
    byGrade: '风险分布', township: '镇/街道',
  },
  dangerous: {
    deep_excavation: '深基坑', high_formwork: '高大模板', lifting: '起重吊装', scaffolding: '脚手架', demolition: '拆除',
    shield_tunnelling: '盾构掘进', cross_passage: '联络通道',
  },
  workStatus: { planned: '计划', in_progress: '实施中', completed: '已完成' },
  crane: { tower_crane: '塔式起重机', hoist: '施工升降机', gantry_crane: '门式起重机' },
  inspection: INSPECTION_ZH,
  severity: { major: '重大隐患', general: '一般隐患' },
  hazardStatus: { open: '待整改', rectifying: '整改中', submitted: '待复查', closed: '已闭环' },
  factor: {
    beyondScaleWorks: '超危大工程', dangerousWorks: '危大工程', earthworksStage: '土方/基础阶段', demolition: '拆除作业',
    pm10ExceedanceDays7: '近 7 日扬尘超标', pm10ExceedanceDays30: '近 30 日扬尘超标', openHazards: '未闭环隐患',
    overdueHazards: '超期隐患', majorOpenHazards: '重大隐患', rectificationNotices90: '整改通知（90 日）',
    stopWorkNotices90: '停工整改（90 日）', penalties365: '行政处罚（一年）', noCamera: '无视频监控', coverageGap: '覆盖率不足',
    offlineCameras: '摄像头离线', towerCranes: '塔吊', unmonitoredCranes: '起重机械未接入监控', notEvaluated: '未开展标准化考评',
    lowStandardization: '标准化得分偏低', certificateGap: '持证率不足', contractorCredit: '施工单位信用', craneFirmCredit: '起重机械单位信用', sensitiveReceptors: '周边敏感目标', foundedComplaints90: '属实投诉（90 日）',
  },
  wall: {
    threeAccurate: '三准确、一覆盖', supervisedToday: '今日监管项目', noticesToday: '今日文书', beyondScaleNow: '在施超危大项目',
    standardizationCoverage: '标准化考评覆盖', hazardsAndDust: '隐患与扬尘', openHazards: '未闭环隐患', overdueHazards: '超期隐患',
    majorHazards: '重大隐患', pm10Sites24h: '24 小时扬尘超标项目', targets: '四个 100% 目标',
    target: { certificateRate: '持证上岗率', videoInstallationRate: '视频监控安装率', craneMonitoringRate: '起重机械监控率', standardizationCoverage: '标准化考评覆盖率' },
    keyProjects: '150 个扬尘重点项目（期限 {{deadline}}）',
    measure: { highEnclosure: '高标准围挡', dustNet: '防尘网', spraying: '喷淋', allThree: '三项全部完成' },
    ranking: '各区排名（未闭环 / 超期隐患）', alerts: '实时告警',
    event: { hazard_opened: '新增隐患', hazard_closed: '隐患闭环', pm10_exceedance: 'PM10 超标 {{value}}', camera_offline: '摄像头离线', camera_online: '摄像头恢复',
      alarm_opened: '{{kind}} {{value}}', alarm_cleared: '{{kind}}已恢复', alarm_escalated: '{{kind}}超时升级', alarm_closed: '{{kind}}已关闭' },
    liveAsOf: '实时 · 数据更新于 {{time}}', staleAsOf: '连接中断 · 数据截至 {{time}}', noToken: '大屏需要显示令牌：请使用管理员生成的链接（/wall?token=…）',
  },
}

export type Translation = typeof zh
