/** 简体中文 for the third-party patrol tab (第三方巡查): contracts, tasks, reports, findings and the firm's performance. */
export const zhPatrol = {
  patrol: {
    accountContract: '所属巡查合同', contracts: '巡查合同', newContract: '新建合同', contractNo: '合同编号', firm: '巡查单位（监理）', district: '采购监督站', period: '服务期',
    startsOn: '开始日期', endsOn: '结束日期', required: '合同巡查次数', reportWithin: '报告时限（天）', area: '巡查范围', areaDefault: '默认为所在辖区全域',
    areaKm2: '{{km2}} 平方公里', accounts: '巡查账号', save: '保存', none: '暂无', select: '选择', selected: '当前合同',
    performance: '履约情况', done: '已完成巡查', doneToDate: '按进度应完成 {{n}} 次，完成率 {{share}}', doneFull: '占合同总数 {{share}}',
    confirmedShare: '问题确认率', onTimeShare: '按时报告率', overdue: '逾期未报 {{count}} 项', na: '—',
    assign: '派发巡查任务', site: '工地', sites: '选择工地（可多选）', search: '搜索工地名称或编号', dueOn: '报告期限', note: '任务说明',
    assignButton: '派发', lastPatrolled: '上次巡查 {{day}}', hasOpenTask: '已有待办任务',
    tasks: '巡查任务', status: '状态', assignedAt: '派发时间', reportedAt: '报告时间', score: '得分', findingsCol: '发现问题', onTime: '按时', late: '逾期',
    taskStatus: { assigned: '待巡查', reported: '已报告', cancelled: '已取消' },
    cancel: '取消任务', cancelNote: '取消原因',
    findings: '待确认问题', allFindings: '巡查发现问题', severity: '等级', category: '类别', description: '问题描述', proposedDeadline: '建议整改期限',
    patrolledAt: '巡查时间', reporter: '巡查员', reviewer: '审核人', reviewNote: '审核意见',
    findingStatus: { pending: '待确认', confirmed: '已确认（转隐患）', rejected: '已驳回' },
    confirm: '确认为隐患', reject: '驳回', rejectNote: '驳回理由（必填）', deadline: '整改期限', hazard: '隐患 #{{id}}',
    my: { title: '我的巡查任务', contract: '{{no}} · {{firm}}', open: '待巡查任务', history: '巡查记录', report: '填写巡查报告', noOpen: '暂无待巡查任务' },
    report: {
      title: '巡查报告', at: '巡查时间', notes: '巡查情况', findings: '发现问题', add: '添加问题', remove: '移除', submit: '提交报告', finding: '问题 {{n}}',
    },
  },
}
