/** 简体中文 for 定期报送 and 年度报告 (web/reports) and the header's notifications. */
export const zhReports = {
  reports: {
    nav: '定期报送', title: '定期报送与年度报告', issued: '已签发报告', none: '暂无已签发的报告。', empty: '本节无数据。',
    period: '报告周期', year: '年份', month: '月份', quarter: '季度', area: '范围', city: '全市', ownDistrict: '本区',
    allPeriods: '全部周期', kind: { month: '月报', quarter: '季报', year: '年报' },
    preview: '预览', issue: '签发', previewNote: '预览：按当前记录与快照生成，尚未签发、未编号。',
    col: { code: '文号', period: '周期', area: '范围', version: '版本', issuedBy: '签发人', issuedAt: '签发时间' },
    supersedes: '替代旧版', schedule: '定期自动生成', back: '返回列表', print: '打印',
    version: '第 {{version}} 版，', previousVersion: '查看上一版',
  },
  notifications: { title: '通知', none: '暂无通知。', readAll: '全部标为已读' },
}
