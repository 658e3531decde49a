/** 简体中文 for 审计导出: the audit trail's months, their exports, and when they may be dropped. */
export const zhAuditExports = {
  auditExports: {
    rule: '审计日志与登录日志按月保存，至少保留 {{days}} 天（《网络安全法》第二十一条）。某月全部超过保留期且经审计员导出后，系统方可整月清理；其他任何人无法修改或删除日志。',
    unpartitioned: '未归入月份分区的记录（长期保留，不清理）：{{rows}}',
    log: { audit_log: '审计日志', login_attempts: '登录日志' },
    logName: '日志', month: '月份', rows: '条数', lastExport: '最近导出（时间 · 导出人 · 条数）', status: '状态',
    csv: '导出 CSV', manifest: '校验清单',
    keptUntil: '保留中，{{date}} 起可清理（需先导出）', awaitingExport: '已过保留期，待导出',
    exported: '已导出，{{date}} 起可清理', grown: '导出后有新增记录，需重新导出', droppable: '已导出且过保留期，将自动清理',
  },
}
