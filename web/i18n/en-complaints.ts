/** English for complaints: the 12345 work orders, their matching and closing, night-work permits and the analysis page. */
export const enComplaints = {
  complaints: {
    title: 'Complaints', tab: { list: 'Work orders', analysis: 'Analysis', permits: 'Night-work permits' },
    category: { dust: 'Dust', noise_night: 'Noise / night work', muck: 'Muck', quality: 'Quality', safety: 'Safety', other: 'Other' },
    channel: { '12345': '12345 hotline', mayor_mailbox: 'Mayor\'s mailbox', phone: 'Phone', web: 'Web', other: 'Other' },
    status: { received: 'To dispatch', dispatched: 'Dispatched', closed: 'Closed' },
    method: { coordinates: 'Coordinates', address: 'Address', name: 'Site name', manual: 'Manual' },
    anyStatus: 'Any status', anyCategory: 'Any category', pending: 'Site to confirm', overdue: 'Overdue', total: '{{count}} complaints',
    col: {
      ticket: 'Ticket', receivedAt: 'Received', category: 'Category', content: 'Complaint', site: 'Matched site', match: 'Match', status: 'Status',
      respondBy: 'Reply by', complainant: 'Complainant', phone: 'Phone', address: 'Address', dispatchedTo: 'Handled by', reply: 'Reply', founded: 'Founded',
    },
    suggested: 'Suggested (to confirm)', confirmed: 'Confirmed', noSite: 'No site', overdueTag: 'Overdue', confidence: 'confidence {{value}}',
    confirm: { title: 'Confirm the site and dispatch', siteId: 'Site ID', submit: 'Confirm and dispatch', useSuggestion: 'Use the suggested site' },
    close: {
      title: 'Close', reply: 'Reply', evidence: 'Findings / evidence', founded: 'Complaint founded', hazard: 'Also record a hazard', severity: 'Severity',
      description: 'Hazard description', deadline: 'Deadline', submit: 'Close', major: 'Major hazard', general: 'General hazard',
    },
    hazardLink: 'Hazard #{{id}}', yes: 'Founded', no: 'Unfounded',
    analysis: {
      from: 'From', to: 'To', heatmap: 'Complaint heatmap', trend: 'Complaints per day', repeats: 'Repeat complaints per site', byDistrict: 'Categories by district',
      night: 'Night-work complaints against permitted hours', permitted: 'Within permitted hours', unpermitted: 'Outside any permit', noSite: 'No site matched', export: 'Export analysis (XLSX)',
      complaints: 'Complaints', founded: 'Founded', last: 'Latest', permits: 'Permits', district: 'District', unlocated: 'Not located',
    },
    permits: {
      new: 'Record a night-work permit', siteId: 'Site ID', permitNo: 'Permit no.', validFrom: 'Valid from', validTo: 'Valid to', startsAt: 'Starts at',
      endsAt: 'Ends at', reason: 'Reason', submit: 'Record', overMidnight: 'An end before the start runs past midnight', site: 'Site', hours: 'Hours', dates: 'Valid',
    },
  },
}
