/** 简体中文 for 督办约谈通报 and 事故调查处理 (web/accountability, the wall's card). */
export const zhAccountability = {
  accountability: {
    title: '督办约谈通报',
    tab: { actions: '督办约谈通报', accidents: '事故调查处理', districts: '辖区安全排名' },
    kind: { supervision_letter: '督办函', formal_talk: '约谈告诫', public_notice: '通报批评' },
    state: { pending: '待回复', overdue: '逾期未回复', on_time: '按期回复', late: '逾期回复' },
    reason: { accidents: '事故', deaths: '死亡', overdue_hazards: '逾期隐患', red_sites: '红色风险', low_scores: '检查得分低' },
    col: {
      code: '文号', kind: '类型', district: '辖区', reason: '事由', issuedAt: '下发时间', deadline: '回复期限', state: '回复状态',
      reply: '回复', repliedAt: '回复时间', issuedBy: '下发人', accident: '关联事故',
    },
    stat: {
      title: '下发时的辖区统计', asOf: '统计日期', activeSites: '在建工地', accidents12m: '近12个月事故', deaths12m: '近12个月死亡',
      openHazards: '未闭合隐患', overdueHazards: '逾期隐患', redSites: '红色风险工地', meanInspectionScore: '近90天平均检查得分', concern: '关注分',
    },
    filter: { allKinds: '全部类型', allStates: '全部状态', allDistricts: '全部辖区' },
    issue: { title: '下发督办/约谈/通报', district: '辖区', kind: '类型', reason: '事由', deadline: '回复期限（默认：督办函15天，约谈/通报30天）', accident: '关联事故编号（可选）', submit: '下发', done: '已下发 {{code}}' },
    replyForm: { title: '辖区回复', text: '整改落实情况', submit: '提交回复' },
    back: '返回列表', none: '暂无记录', total: '共 {{count}} 条',
    accident: {
      col: { occurredAt: '发生时间', site: '项目', district: '辖区', grade: '等级', casualties: '伤亡', investigation: '调查', penalties: '处罚', fines: '罚款合计（元）', double: '一案双查' },
      grade: { general: '一般事故', larger: '较大事故', major: '重大事故', especially_major: '特别重大事故' },
      casualties: '死亡 {{deaths}} / 受伤 {{injuries}}', open: '调查中', closed: '已结案 {{day}}', onlyOpen: '仅调查中',
      double: { complete: '已完成', incomplete: '未完成', detail: '责任单位/人员 {{responsible}}，监管人员 {{officials}}' },
      description: '事故经过', investigation: '调查报告', closedOn: '结案日期（留空表示调查中）', saveInvestigation: '保存调查',
      penalties: '处罚（一案双查）', actions: '关联督办约谈通报',
      penalty: {
        partyKind: '对象类别', partyName: '对象名称', partyRole: '身份', penalty: '处罚', amount: '罚款（元）', top: '顶格处罚', decidedOn: '决定日期',
        documentNo: '处罚文号', enterpriseId: '企业编号（企业库，可选）', personId: '人员编号（人员库，可选）', add: '添加处罚', remove: '撤销',
      },
      problem: { penalty_not_for_party: '该处罚不适用于此类对象', fine_needs_amount: '罚款须填写金额', amount_only_for_fine: '只有罚款有金额', top_of_range_not_ranged: '顶格处罚仅适用于罚款或停业整顿/暂停执业' },
      partyKind: { enterprise: '企业', person: '个人', official: '监管人员' },
      penaltyKind: {
        fine: '罚款', suspension: '停业整顿/暂停执业', qualification_downgrade: '降低资质等级', license_revocation: '吊销资质/执业资格', credit_record: '不良信用记录',
        warning: '警告', criminal_referral: '移送司法机关', demerit: '记过', dismissal: '撤职',
      },
    },
    districts: {
      title: '辖区安全排名与督办建议', hint: '关注分 ≥ 30 的辖区为督办候选，建议按 督办函 → 约谈告诫 → 通报批评 逐级升级',
      col: { rank: '排名', district: '辖区', concern: '关注分', reasons: '主要问题', openActions: '未回复', suggested: '建议' },
      candidate: '候选', issue: '下发',
    },
    wall: { title: '督办与事故', openActions: '未回复 {{count}}', overdue: '逾期 {{count}}', actions: '近期督办约谈通报', accidents: '近期事故' },
  },
}
