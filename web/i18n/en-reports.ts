import type { zhReports } from './zh-reports.ts'

/** English for the periodic and annual reports and the header's notifications; the keys are the Chinese file's. */
export const enReports: typeof zhReports = {
  reports: {
    nav: 'Reports', title: 'Periodic and annual reports', issued: 'Issued reports', none: 'No report has been issued yet.', empty: 'Nothing in this section.',
    period: 'Period', year: 'Year', month: 'Month', quarter: 'Quarter', area: 'Area', city: 'City', ownDistrict: 'Own district',
    allPeriods: 'All periods', kind: { month: 'Monthly', quarter: 'Quarterly', year: 'Annual' },
    preview: 'Preview', issue: 'Issue', previewNote: 'Preview: computed from the records and snapshots now; not issued, not numbered.',
    col: { code: 'Number', period: 'Period', area: 'Area', version: 'Version', issuedBy: 'Issued by', issuedAt: 'Issued at' },
    supersedes: 'supersedes an earlier one', schedule: 'Monthly schedule', back: 'Back to the list', print: 'Print',
    version: 'Version {{version}}; ', previousVersion: 'see the previous version',
  },
  notifications: { title: 'Notifications', none: 'No notifications.', readAll: 'Mark all read' },
}
