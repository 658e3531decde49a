import type { zhAccountability } from './zh-accountability.ts'

export const enAccountability: typeof zhAccountability = {
  accountability: {
    title: 'Accountability',
    tab: { actions: 'Letters, talks, notices', accidents: 'Accident investigations', districts: 'District safety ranking' },
    kind: { supervision_letter: 'Supervision letter', formal_talk: 'Formal talk', public_notice: 'Public notice' },
    state: { pending: 'Awaiting reply', overdue: 'Reply overdue', on_time: 'Replied on time', late: 'Replied late' },
    reason: { accidents: 'Accidents', deaths: 'Deaths', overdue_hazards: 'Overdue hazards', red_sites: 'Red-risk sites', low_scores: 'Low scores' },
    col: {
      code: 'Number', kind: 'Kind', district: 'District', reason: 'Reason', issuedAt: 'Issued', deadline: 'Reply due', state: 'Reply',
      reply: 'Reply', repliedAt: 'Replied', issuedBy: 'Issued by', accident: 'Accident',
    },
    stat: {
      title: 'District figures when issued', asOf: 'As of', activeSites: 'Active sites', accidents12m: 'Accidents (12 months)', deaths12m: 'Deaths (12 months)',
      openHazards: 'Open hazards', overdueHazards: 'Overdue hazards', redSites: 'Red-risk sites', meanInspectionScore: 'Mean inspection score (90 days)', concern: 'Concern',
    },
    filter: { allKinds: 'All kinds', allStates: 'All states', allDistricts: 'All districts' },
    issue: { title: 'Issue a letter, talk or notice', district: 'District', kind: 'Kind', reason: 'Reason', deadline: 'Reply due (default: 15 days for a letter, 30 for a talk or notice)', accident: 'Accident id (optional)', submit: 'Issue', done: 'Issued {{code}}' },
    replyForm: { title: 'District\'s reply', text: 'What was done', submit: 'Send reply' },
    back: 'Back to the list', none: 'Nothing recorded', total: '{{count}} records',
    accident: {
      col: { occurredAt: 'Occurred', site: 'Site', district: 'District', grade: 'Grade', casualties: 'Casualties', investigation: 'Investigation', penalties: 'Penalties', fines: 'Fines (yuan)', double: 'Both investigations' },
      grade: { general: 'General', larger: 'Larger', major: 'Major', especially_major: 'Especially major' },
      casualties: '{{deaths}} dead / {{injuries}} injured', open: 'Under way', closed: 'Closed {{day}}', onlyOpen: 'Under way only',
      double: { complete: 'Done', incomplete: 'Not done', detail: 'Responsible parties {{responsible}}, officials {{officials}}' },
      description: 'What happened', investigation: 'Investigation report', closedOn: 'Closed on (empty while under way)', saveInvestigation: 'Save investigation',
      penalties: 'Penalties (one case, two investigations)', actions: 'Actions citing it',
      penalty: {
        partyKind: 'Party', partyName: 'Name', partyRole: 'Role', penalty: 'Penalty', amount: 'Fine (yuan)', top: 'Top of the range', decidedOn: 'Decided on',
        documentNo: 'Decision number', enterpriseId: 'Enterprise id (registry, optional)', personId: 'Person id (registry, optional)', add: 'Add penalty', remove: 'Withdraw',
      },
      problem: { penalty_not_for_party: 'This penalty does not apply to this party', fine_needs_amount: 'A fine needs its amount', amount_only_for_fine: 'Only a fine has an amount', top_of_range_not_ranged: 'Top of the range applies to a fine or a suspension only' },
      partyKind: { enterprise: 'Enterprise', person: 'Person', official: 'Official' },
      penaltyKind: {
        fine: 'Fine', suspension: 'Suspension', qualification_downgrade: 'Qualification downgraded', license_revocation: 'Licence revoked', credit_record: 'Bad credit record',
        warning: 'Warning', criminal_referral: 'Referred to prosecutors', demerit: 'Demerit', dismissal: 'Dismissal',
      },
    },
    districts: {
      title: 'District safety ranking and suggested actions', hint: 'Districts with a concern of 30 or more are candidates; escalate letter → talk → public notice',
      col: { rank: 'Rank', district: 'District', concern: 'Concern', reasons: 'Main problems', openActions: 'Unanswered', suggested: 'Suggested' },
      candidate: 'Candidate', issue: 'Issue',
    },
    wall: { title: 'Accountability and accidents', openActions: '{{count}} unanswered', overdue: '{{count}} overdue', actions: 'Recent letters, talks, notices', accidents: 'Recent accidents' },
  },
}
