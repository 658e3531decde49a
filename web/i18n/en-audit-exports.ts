import type { zhAuditExports } from './zh-audit-exports.ts'

/** English for 审计导出, with exactly the Chinese file's keys. */
export const enAuditExports: typeof zhAuditExports = {
  auditExports: {
    rule: 'The audit and sign-in logs are kept by month, for at least {{days}} days (Cybersecurity Law, Art. 21). A month goes only once all of it is past retention and an auditor has exported it; nobody can change or delete entries otherwise.',
    unpartitioned: 'Entries outside any month’s partition (kept, never dropped): {{rows}}',
    log: { audit_log: 'Audit log', login_attempts: 'Sign-in log' },
    logName: 'Log', month: 'Month', rows: 'Entries', lastExport: 'Latest export (time · by · entries)', status: 'Status',
    csv: 'Export CSV', manifest: 'Manifest',
    keptUntil: 'Kept; may go from {{date}} (once exported)', awaitingExport: 'Past retention, awaiting export',
    exported: 'Exported; may go from {{date}}', grown: 'Entries added since the export: export again', droppable: 'Exported and past retention: will be dropped',
  },
}
