/** English for campaigns (the campaigns tab, the wall's campaign card, the small-works checklist); keys as zh-campaigns.ts. */
export const enCampaigns = {
  campaigns: {
    boosted: 'holiday weight ×{{multiplier}}',
    list: 'Campaigns', new: 'New campaign', total: '{{count}} campaigns', none: 'No campaigns', back: 'Back to the list',
    anyStatus: 'Any status', anyKind: 'Any kind',
    kind: {
      comprehensive: 'Comprehensive inspection', dust_covert: 'Dust (open and covert)', crane_special: 'Lifting machinery', testing_institution: 'Testing institutions',
      hazardous_chemicals: 'Hazardous chemicals', scaffold: 'Ring-lock scaffold', holiday: 'Holiday / major event',
    },
    status: { planned: 'Planned', running: 'Running', finished: 'Finished' },
    scope: { city: 'City', districts: 'Districts', area: 'Drawn area' },
    col: {
      name: 'Name', kind: 'Kind', period: 'Period', scope: 'Scope', status: 'Status', targets: 'Targets', inspectedSites: 'Inspected',
      district: 'District', planned: 'Planned', inspected: 'Inspected', inspections: 'Inspections', findings: 'Findings', majorFindings: 'Major',
      hazardsOpen: 'Open', hazardsClosed: 'Closed', penalties: 'Penalties', followedThrough: '“Four musts” done', share: 'Progress',
    },
    form: {
      name: 'Name', kind: 'Kind', startsOn: 'Starts on', endsOn: 'Ends on', scope: 'Scope', districts: 'Districts', targets: 'Targets',
      targetsNone: 'None (any site in scope)', targetsDrawn: 'Random draw', targetsListed: 'Listed sites', count: 'Sites to draw', seed: 'Seed (blank: chosen for you)',
      siteIds: 'Site ids (comma-separated)', checklist: 'Checklist and points', points: 'Points', addItem: 'Add a line', removeItem: 'Remove',
      boost: 'Holiday risk weighting', boostFactors: 'Factors', multiplier: 'Multiplier (1–3)', submit: 'Create', sheetTotal: '{{total}} points in all',
    },
    detail: {
      sampling: 'Random draw: seed {{seed}}, {{drawn}} of {{candidates}} active sites', createdBy: 'Created by', checklist: 'Checklist',
      progress: 'Progress by district', map: 'Progress map', boost: 'Risk weighting: {{factors}} ×{{multiplier}}', legend: 'Colour: share of planned targets inspected',
      rename: 'Edit', save: 'Save', endsOn: 'Ends on',
    },
    inspect: { campaign: 'Campaign', noCampaign: 'Not part of a campaign', sheet: 'Campaign sheet ({{score}}/{{max}})' },
    smallWorks: {
      hoarding: 'Hoarding', edge_protection: 'Edge protection', temporary_power: 'Temporary power', machinery: 'Machinery', fire_safety: 'Fire safety',
      dust_control: 'Dust control', certified_workers: 'Certified workers',
    },
    wall: { title: 'Campaigns running', progress: 'Inspected {{inspected}}/{{planned}}', findings: 'Findings {{findings}} ({{closed}} closed)', penalties: 'Penalties {{count}}', until: 'until {{day}}' },
  },
}
