import type { zhCredit } from './zh-credit.ts'

export const enCredit: typeof zhCredit = {
  credit: {
    ranking: 'Enterprise credit ranking', total: '{{count}} firms', unrated: 'Not rated (counts as A)', back: 'Back to the ranking',
    order: { asc: 'Lowest first', desc: 'Highest first' }, activeOnly: 'Only firms on active sites', allKinds: 'All kinds',
    kind: {
      owner: 'Owner', surveyor: 'Surveyor', designer: 'Designer', contractor: 'Contractor', supervisor: 'Supervisor',
      crane_owner: 'Crane owner', crane_installer: 'Crane installer', crane_maintainer: 'Crane maintainer', testing: 'Testing institution',
    },
    col: { rank: 'Rank', name: 'Enterprise', kinds: 'Kinds', grade: 'Grade', score: 'Score', activeSites: 'Active sites', periodEnd: 'Period end' },
    factor: {
      generalHazards: 'General hazards', majorHazards: 'Major hazards', overdueHazards: 'Overdue hazards', rectificationNotices: 'Rectification notices',
      stopWorkNotices: 'Stop-work notices', penalties: 'Administrative penalties', generalAccidents: 'General accidents', largerAccidents: 'Larger accidents',
      majorAccidents: 'Major accidents or worse', expiredCertificates: 'Staff working with expired certificates', nonConformingTests: 'Non-conforming test results', foundedComplaints: 'Founded complaints', accidentPenalties: 'Penalties for accidents',
      craneHazards: 'Crane hazards', capabilityQuestionable: 'Capability verification questionable', capabilityUnsatisfactory: 'Capability verification unsatisfactory',
      flightCheckRectify: 'Unannounced check: rectify', flightCheckFail: 'Unannounced check: failed',
      nationalAwards: 'National awards', provincialAwards: 'Provincial awards (Yangzi Cup…)', municipalAwards: 'Municipal awards (Gusu Cup…)',
    },
    role: {
      contractor: 'Contractor', supervisor: 'Supervisor', crane_owner: 'Crane owner', crane_installer: 'Crane installer', testing: 'Testing institution',
      employer: 'Employer', awardee: 'Awardee',
    },
    model: {
      title: 'Scoring table', summary: 'Base score {{base}} over a rolling {{months}}-month period; bonuses add at most {{bonusCap}}.',
      grades: 'Grades: AAA ≥ {{AAA}}, AA ≥ {{AA}}, A ≥ {{A}}, B ≥ {{B}}, otherwise C.',
      deductions: 'Deductions', bonuses: 'Bonuses', factor: 'Record', role: 'Charged to', perUnit: 'Points each', cap: 'Cap',
    },
    history: { title: 'Credit record', chart: 'Month-end score', breakdown: 'This period, factor by factor', none: 'Not rated yet', units: 'Count', points: 'Points', base: 'Base score' },
    wall: { title: 'Lowest-credit firms' },
  },
}
