/** 简体中文 for credit evaluation (信用评价): the ranking, a firm's history, the scoring table, the wall's watch list. */
export const zhCredit = {
  credit: {
    ranking: '企业信用排名', total: '共 {{count}} 家', unrated: '未评价（按A级计）', back: '返回排名',
    order: { asc: '由低到高', desc: '由高到低' }, activeOnly: '仅在建项目的企业', allKinds: '全部类型',
    kind: {
      owner: '建设单位', surveyor: '勘察单位', designer: '设计单位', contractor: '施工单位', supervisor: '监理单位',
      crane_owner: '起重机械产权单位', crane_installer: '起重机械安装单位', crane_maintainer: '起重机械维保单位', testing: '检测机构',
    },
    col: { rank: '排名', name: '企业名称', kinds: '企业类型', grade: '信用等级', score: '信用分', activeSites: '在建项目', periodEnd: '评价截止' },
    factor: {
      generalHazards: '一般隐患', majorHazards: '重大隐患', overdueHazards: '逾期未整改隐患', rectificationNotices: '整改通知书',
      stopWorkNotices: '停工整改通知书', penalties: '行政处罚', generalAccidents: '一般事故', largerAccidents: '较大事故',
      majorAccidents: '重大及以上事故', expiredCertificates: '人员证书过期仍在岗', nonConformingTests: '检测结果不合格', foundedComplaints: '投诉属实', accidentPenalties: '事故责任处罚',
      craneHazards: '起重机械隐患', capabilityQuestionable: '能力验证可疑', capabilityUnsatisfactory: '能力验证不满意',
      flightCheckRectify: '飞行检查责令整改', flightCheckFail: '飞行检查不合格',
      nationalAwards: '国家级奖项', provincialAwards: '省级奖项（扬子杯等）', municipalAwards: '市级奖项（姑苏杯等）',
    },
    role: {
      contractor: '施工单位', supervisor: '监理单位', crane_owner: '产权单位', crane_installer: '安装单位', testing: '检测机构',
      employer: '用人单位', awardee: '获奖单位',
    },
    model: {
      title: '计分标准', summary: '基本分 {{base}}，评价期滚动 {{months}} 个月；加分合计不超过 {{bonusCap}} 分。',
      grades: '等级：AAA ≥ {{AAA}}，AA ≥ {{AA}}，A ≥ {{A}}，B ≥ {{B}}，其余为 C。',
      deductions: '扣分项', bonuses: '加分项', factor: '事项', role: '计入', perUnit: '每次分值', cap: '上限',
    },
    history: { title: '信用记录', chart: '月末信用分', breakdown: '本期计分明细', none: '尚无评价', units: '次数', points: '分值', base: '基本分' },
    wall: { title: '信用最低企业' },
  },
}
