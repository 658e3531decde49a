/** 简体中文 for 盘扣抽查抽测 (the scaffold tab of 专项治理). */
export const zhScaffold = {
  scaffold: {
    samplings: '抽查抽测记录', manufacturers: '生产厂家不合格率',
    component: {
      standard: '立杆', ledger: '水平杆', diagonal: '斜杆', adjustable_base: '可调底座', adjustable_head: '可调托撑', rosette: '连接盘', wedge_pin: '插销',
    },
    property: {
      yield_strength: '屈服强度', tensile_strength: '抗拉强度', elongation: '断后伸长率', outer_diameter: '外径', wall_thickness: '壁厚', plate_thickness: '厚度',
    },
    verdict: { pass: '合格', fail: '不合格' },
    col: {
      sampledOn: '抽样日期', site: '项目', component: '构件', batchNo: '批次号', manufacturer: '生产厂家', sampleCount: '抽样数量', lab: '检测机构',
      verdict: '结论', failedSamples: '不合格件数', hazard: '隐患', campaign: '专项行动', property: '检测项目', values: '实测值', limit: '标准要求',
      rank: '排名', samplings: '抽检批次', failed: '不合格批次', rate: '批次不合格率', samples: '抽样件数', lastFailureOn: '最近不合格', districts: '涉及区县',
    },
    anyComponent: '全部构件', anyVerdict: '全部结论', total: '共 {{count}} 条', none: '暂无记录', details: '实测值',
    form: {
      title: '录入抽查抽测结果', siteId: '项目 ID', campaignId: '盘扣专项 ID（可选）', chooseLab: '选择检测机构',
      valuesHint: '每件一个值，用空格或逗号分隔', preview: '按标准判定：', failedOf: '{{count}} 件不合格', submit: '保存',
      saved: '已保存：批次 {{batch}}，{{verdict}}', hazardOpened: '已生成重大隐患 #{{id}}，限期停用并复检', noValues: '请至少填写一项实测值',
    },
    rankingNote: '按全市抽检批次的不合格率排序；同名厂家按统一名称合并',
    error: {
      not_a_testing_institution: '该单位不是企业库中的检测机构',
      outside_qualification_scope: '该检测机构在抽样日没有覆盖建筑材料及构配件的有效资质',
      not_a_scaffold_campaign: '该编号不是盘扣专项行动',
      campaign_not_running: '抽样日不在该专项行动期间',
      date_in_future: '抽样日期不能晚于今天',
      not_found: '您的辖区内没有该项目',
    },
  },
}
