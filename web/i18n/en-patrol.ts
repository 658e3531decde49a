/** English for the third-party patrol tab: contracts, tasks, reports, findings and the firm's performance. */
export const enPatrol = {
  patrol: {
    accountContract: 'Patrol contract', contracts: 'Patrol contracts', newContract: 'New contract', contractNo: 'Contract no.', firm: 'Patrol firm (supervision)', district: 'Buying station', period: 'Period',
    startsOn: 'Starts on', endsOn: 'Ends on', required: 'Patrols required', reportWithin: 'Report within (days)', area: 'Area', areaDefault: 'The whole district by default',
    areaKm2: '{{km2}} km²', accounts: 'Patrol accounts', save: 'Save', none: 'None yet', select: 'Select', selected: 'Selected contract',
    performance: 'Performance', done: 'Patrols done', doneToDate: '{{n}} due by now, {{share}} done', doneFull: '{{share}} of the contract',
    confirmedShare: 'Findings confirmed', onTimeShare: 'Reports on time', overdue: '{{count}} overdue', na: '—',
    assign: 'Assign patrol tasks', site: 'Site', sites: 'Sites (choose one or more)', search: 'Search sites by name or code', dueOn: 'Report by', note: 'Instructions',
    assignButton: 'Assign', lastPatrolled: 'last patrolled {{day}}', hasOpenTask: 'task open',
    tasks: 'Patrol tasks', status: 'Status', assignedAt: 'Assigned', reportedAt: 'Reported', score: 'Score', findingsCol: 'Findings', onTime: 'on time', late: 'late',
    taskStatus: { assigned: 'To patrol', reported: 'Reported', cancelled: 'Cancelled' },
    cancel: 'Cancel task', cancelNote: 'Reason for cancelling',
    findings: 'Findings to confirm', allFindings: 'Patrol findings', severity: 'Severity', category: 'Category', description: 'Description', proposedDeadline: 'Proposed deadline',
    patrolledAt: 'Patrolled', reporter: 'Patroller', reviewer: 'Reviewed by', reviewNote: 'Review note',
    findingStatus: { pending: 'Pending', confirmed: 'Confirmed (hazard)', rejected: 'Rejected' },
    confirm: 'Confirm as hazard', reject: 'Reject', rejectNote: 'Why rejected (required)', deadline: 'Rectification deadline', hazard: 'Hazard #{{id}}',
    my: { title: 'My patrol tasks', contract: '{{no}} · {{firm}}', open: 'Tasks to patrol', history: 'Patrol history', report: 'Write the report', noOpen: 'No tasks to patrol' },
    report: {
      title: 'Patrol report', at: 'Patrolled at', notes: 'What was seen', findings: 'Findings', add: 'Add a finding', remove: 'Remove', submit: 'Submit the report', finding: 'Finding {{n}}',
    },
  },
}
