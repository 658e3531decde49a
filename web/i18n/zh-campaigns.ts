/** 简体中文 for 专项行动 (the campaigns tab of 专项治理, the wall's campaign card, the small-works checklist). */
export const zhCampaigns = {
  campaigns: {
    boosted: '节假日加权 ×{{multiplier}}',
    list: '专项行动', new: '新建专项行动', total: '共 {{count}} 项', none: '暂无专项行动', back: '返回列表',
    anyStatus: '全部状态', anyKind: '全部类型',
    kind: {
      comprehensive: '综合大检查', dust_covert: '扬尘明查暗访', crane_special: '起重机械专项', testing_institution: '检测机构检查',
      hazardous_chemicals: '危化品专项治理', scaffold: '盘扣专项', holiday: '节假日/重大活动',
    },
    status: { planned: '未开始', running: '进行中', finished: '已结束' },
    scope: { city: '全市', districts: '指定辖区', area: '划定区域' },
    col: {
      name: '名称', kind: '类型', period: '时间', scope: '范围', status: '状态', targets: '检查对象', inspectedSites: '已检查',
      district: '辖区', planned: '计划检查', inspected: '已检查', inspections: '检查次数', findings: '发现隐患', majorFindings: '重大隐患',
      hazardsOpen: '未整改', hazardsClosed: '已整改', penalties: '行政处罚', followedThrough: '“四个一律”落实', share: '进度',
    },
    form: {
      name: '名称', kind: '类型', startsOn: '开始日期', endsOn: '结束日期', scope: '范围', districts: '辖区', targets: '检查对象',
      targetsNone: '不指定（范围内均可检查）', targetsDrawn: '双随机抽取', targetsListed: '指定项目', count: '抽取数量', seed: '随机种子（留空自动生成）',
      siteIds: '项目 ID（逗号分隔）', checklist: '检查表及分值', points: '分值', addItem: '增加一项', removeItem: '删除',
      boost: '节假日风险加权', boostFactors: '加权因子', multiplier: '倍数（1–3）', submit: '创建', sheetTotal: '合计 {{total}} 分',
    },
    detail: {
      sampling: '双随机抽取：种子 {{seed}}，从 {{candidates}} 个在建项目中抽取 {{drawn}} 个', createdBy: '创建人', checklist: '检查表',
      progress: '各辖区进展', map: '进展地图', boost: '风险加权：{{factors}} ×{{multiplier}}', legend: '颜色：已检查/计划检查比例',
      rename: '修改', save: '保存', endsOn: '结束日期',
    },
    inspect: { campaign: '专项行动', noCampaign: '不属于专项行动', sheet: '专项检查表（{{score}}/{{max}} 分）' },
    smallWorks: {
      hoarding: '围挡', edge_protection: '临边防护', temporary_power: '临时用电', machinery: '机械设备', fire_safety: '消防',
      dust_control: '扬尘防治', certified_workers: '作业人员持证',
    },
    wall: { title: '专项行动进行中', progress: '已查 {{inspected}}/{{planned}}', findings: '隐患 {{findings}}（已改 {{closed}}）', penalties: '处罚 {{count}}', until: '至 {{day}}' },
  },
}
