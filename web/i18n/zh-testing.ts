/** 简体中文 for the registry's testing tab (检测机构), the site panel's reports and the campaign map layer. */
export const zhTesting = {
  testing: {
    institutions: '检测机构', reports: '检测报告', back: '返回检测机构列表',
    origin: { all: '全部', local: '本地', out_of_province: '外地进苏' },
    col: {
      name: '机构名称', origin: '注册地', scope: '资质范围', capability: '最近能力验证', flightCheck: '最近飞行检查',
      reports: '报告数', nonConforming: '不合格率', reportNo: '报告编号', institution: '检测机构', site: '工程项目', material: '材料',
      item: '检测项目', required: '标准要求', measured: '实测值', verdict: '结论', sampledOn: '取样日期', issuedOn: '签发日期', hazard: '隐患',
    },
    material: {
      concrete: '混凝土', rebar: '钢筋', sand: '砂', cement: '水泥', waterproofing: '防水材料', masonry: '砌体材料',
      steel_structure: '钢结构', foundation: '地基基础',
    },
    campaign: { sand: '违规海砂', rebar: '瘦身钢筋', concrete: '劣质混凝土' },
    conforming: '合格', nonConformingTag: '不合格', anyVerdict: '全部结论', anyMaterial: '全部材料',
    result: { satisfactory: '满意', questionable: '有问题', unsatisfactory: '不满意' },
    outcome: { pass: '通过', rectify: '限期整改', fail: '不通过' },
    record: {
      title: '机构档案', creditCode: '统一社会信用代码', registeredPlace: '注册地', enteredOn: '进苏日期', contact: '联系人',
      qualifications: '检测资质', category: '资质类别', grade: '等级', certificateNo: '证书编号', validUntil: '有效期至', expired: '已过期',
      capability: '能力验证', scheme: '计划', heldOn: '日期', flightChecks: '飞行检查', inspectedAt: '检查时间', findings: '发现问题',
      inspector: '检查人', none: '无记录',
    },
    form: {
      newReport: '录入检测报告', siteId: '项目编号（ID）', chooseInstitution: '选择检测机构', verdictAuto: '按数值自动判定：{{verdict}}',
      verdictManual: '数值非数字，请选择结论', submit: '保存', saved: '已保存报告 {{no}}', hazardOpened: '已生成{{category}}隐患',
      newCapability: '录入能力验证结果', newFlightCheck: '录入飞行检查', savedRecord: '已保存',
    },
    site: { title: '材料检测', none: '暂无检测报告', count: '共 {{count}} 份，不合格 {{bad}} 份' },
    layer: { reports: '{{count}} 份不合格报告' },
    total: '共 {{count}} 条',
    error: {
      duplicate_report_no: '该报告编号已录入，不能重复录入', outside_qualification_scope: '该检测机构的有效资质不覆盖此材料，不能出具此报告',
      not_a_testing_institution: '所选单位不是检测机构', conformity_mismatch: '所选结论与实测值、标准要求不一致', not_found: '项目不存在或不在您的辖区内',
    },
  },
}
