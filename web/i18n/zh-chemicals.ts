import { HAZARD_CLASS_ZH } from '../../server/domain/chemicals.ts'
import { RECEPTOR_ZH } from '../../server/domain/labels-zh.ts'

/** 简体中文 for the hazardous-chemicals campaign tab (危化品专项治理): inventory, risk identification, dangers, map. */
export const zhChemicals = {
  chemicals: {
    nav: { inventory: '危化品台账', surveys: '风险辨识', dangers: '隐患清单', map: '分布地图' },
    kpi: {
      surveyed: '已开展风险辨识 {{surveyed}}/{{total}} 个项目', openDangers: '未闭环危化品隐患 {{count}} 项',
      age: '{{band}} 天：{{open}} 项（重大 {{major}}）',
    },
    hazardClass: HAZARD_CLASS_ZH,
    risk: { fire: '火灾', explosion: '爆炸', poisoning: '中毒', leak: '泄漏', corrosion: '腐蚀', asphyxiation: '窒息', burn: '灼烫', other: '其他' },
    level: { major: '重大风险', high: '较大风险', moderate: '一般风险', low: '低风险' },
    receptor: RECEPTOR_ZH,
    col: {
      site: '工程项目', name: '名称', casNo: 'CAS号', unNo: 'UN编号', hazardClass: '危险类别', quantity: '最大存量', location: '存放点',
      storageNote: '存放说明', responsible: '责任单位', lastSurveyed: '最近辨识', actions: '操作', surveyedAt: '辨识时间', surveyor: '辨识人',
      campaign: '专项行动', risks: '辨识风险', conclusion: '结论', chemical: '危化品', risk: '风险类型', level: '风险等级', measure: '管控措施',
      danger: '隐患', hazard: '隐患编号', severity: '隐患等级', description: '隐患描述', status: '状态', foundAt: '发现时间', deadline: '整改期限',
      age: '持续天数', overdue: '超期天数', receptors: '周边敏感目标', chemicals: '危化品数',
    },
    filter: { anyClass: '全部类别', status: { open: '未闭环', closed: '已闭环', all: '全部' }, radius: '敏感目标半径' },
    total: '共 {{count}} 条', none: '暂无记录', remove: '清退', removeConfirm: '确认该危化品已清退出场？',
    form: {
      newChemical: '登记危化品', siteId: '项目ID', suggestion: '常用危化品（自动填入 CAS/UN/类别）', lon: '存放点经度', lat: '存放点纬度',
      responsibleName: '责任单位（名称）', responsibleEnterpriseId: '或企业库ID', unit: '单位', submit: '保存', saved: '已登记：{{name}}',
      casInvalid: 'CAS号校验位不正确', newSurvey: '录入风险辨识', loadChemicals: '读取该项目危化品', noChemicals: '该项目暂无在存危化品',
      campaignId: '专项行动ID（可选）', surveyedAt: '辨识时间', dangerHint: '存在需整改的问题时填写，将生成隐患', surveySaved: '已保存风险辨识，生成隐患 {{count}} 项',
      include: '纳入', conclusion: '结论',
    },
    map: { legend: '按危险类别着色；红圈为半径内的敏感目标', sites: '{{count}} 个存放危化品的项目', near: '{{count}} 个项目周边有敏感目标', distance: '{{name}}（{{kind}}，{{m}} 米）' },
    error: {
      storage_off_site: '存放点不在项目红线范围内', unknown_enterprise: '企业库中无此企业', chemical_not_on_site: '所选危化品不在该项目台账中',
      no_chemicals: '该项目尚无危化品台账，请先登记', not_a_chemicals_campaign: '该专项行动不是危化品专项治理', campaign_not_running: '辨识日期不在专项行动期间',
      site_outside_campaign: '该项目不在专项行动范围内', removed: '该危化品已清退',
    },
  },
}
