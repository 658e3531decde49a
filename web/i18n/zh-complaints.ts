/** 简体中文 for complaints (投诉): the 12345 work orders, their matching and closing, night-work permits and the analysis page. */
export const zhComplaints = {
  complaints: {
    title: '投诉处置', tab: { list: '投诉工单', analysis: '投诉分析', permits: '夜间施工许可' },
    category: { dust: '扬尘', noise_night: '噪声/夜间施工', muck: '渣土', quality: '质量', safety: '安全', other: '其他' },
    channel: { '12345': '12345热线', mayor_mailbox: '市长信箱', phone: '来电', web: '网上投诉', other: '其他' },
    status: { received: '待派单', dispatched: '已派单', closed: '已办结' },
    method: { coordinates: '坐标', address: '地址', name: '项目名称', manual: '人工' },
    anyStatus: '全部状态', anyCategory: '全部类别', pending: '待确认项目', overdue: '超期', total: '共 {{count}} 件',
    col: {
      ticket: '工单编号', receivedAt: '受理时间', category: '类别', content: '诉求内容', site: '匹配项目', match: '匹配', status: '状态',
      respondBy: '答复时限', complainant: '投诉人', phone: '联系电话', address: '地址', dispatchedTo: '承办人', reply: '答复意见', founded: '是否属实',
    },
    suggested: '建议（待确认）', confirmed: '已确认', noSite: '未匹配', overdueTag: '已超期', confidence: '置信度 {{value}}',
    confirm: { title: '确认项目并派单', siteId: '项目 ID', submit: '确认并派单', useSuggestion: '使用建议项目' },
    close: {
      title: '办结', reply: '答复意见', evidence: '核查情况/证据', founded: '投诉属实', hazard: '同时登记隐患', severity: '隐患等级',
      description: '隐患描述', deadline: '整改期限', submit: '办结', major: '重大隐患', general: '一般隐患',
    },
    hazardLink: '隐患 #{{id}}', yes: '属实', no: '不属实',
    analysis: {
      from: '开始日期', to: '结束日期', heatmap: '投诉热力图', trend: '每日投诉趋势', repeats: '重复投诉项目', byDistrict: '各区投诉类别',
      night: '夜间施工投诉与许可时段', permitted: '许可时段内', unpermitted: '无许可时段', noSite: '未匹配项目', export: '导出分析（XLSX）',
      complaints: '投诉次数', founded: '属实', last: '最近投诉', permits: '许可数', district: '区', unlocated: '未定位',
    },
    permits: {
      new: '登记夜间施工许可', siteId: '项目 ID', permitNo: '许可证号', validFrom: '有效期自', validTo: '有效期至', startsAt: '开始时间',
      endsAt: '结束时间', reason: '事由', submit: '登记', overMidnight: '结束早于开始表示跨越午夜', site: '项目', hours: '许可时段', dates: '有效期',
    },
  },
}
