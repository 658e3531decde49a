import type { zhChemicals } from './zh-chemicals.ts'

/** English for the hazardous-chemicals campaign tab: inventory, risk identification, dangers, map. */
export const enChemicals: typeof zhChemicals = {
  chemicals: {
    nav: { inventory: 'Inventory', surveys: 'Risk identification', dangers: 'Hidden dangers', map: 'Map' },
    kpi: {
      surveyed: 'Risk identified on {{surveyed}} of {{total}} sites', openDangers: '{{count}} open chemical dangers',
      age: '{{band}} days: {{open}} ({{major}} major)',
    },
    hazardClass: {
      '1': 'Explosives', '2.1': 'Flammable gases', '2.2': 'Non-flammable, non-toxic gases', '2.3': 'Toxic gases', '3': 'Flammable liquids',
      '4.1': 'Flammable solids', '4.2': 'Liable to spontaneous combustion', '4.3': 'Dangerous when wet', '5.1': 'Oxidizing substances',
      '5.2': 'Organic peroxides', '6.1': 'Toxic substances', '6.2': 'Infectious substances', '7': 'Radioactive material', '8': 'Corrosive substances',
      '9': 'Miscellaneous dangerous goods',
    },
    risk: { fire: 'Fire', explosion: 'Explosion', poisoning: 'Poisoning', leak: 'Leak', corrosion: 'Corrosion', asphyxiation: 'Asphyxiation', burn: 'Burns', other: 'Other' },
    level: { major: 'Major risk', high: 'High risk', moderate: 'Moderate risk', low: 'Low risk' },
    receptor: { school: 'School', kindergarten: 'Kindergarten', hospital: 'Hospital', elderly_home: 'Care home' },
    col: {
      site: 'Site', name: 'Name', casNo: 'CAS No.', unNo: 'UN No.', hazardClass: 'Class', quantity: 'Max quantity', location: 'Storage point',
      storageNote: 'Storage note', responsible: 'Responsible party', lastSurveyed: 'Last identified', actions: 'Actions', surveyedAt: 'Identified at',
      surveyor: 'By', campaign: 'Campaign', risks: 'Risks', conclusion: 'Conclusion', chemical: 'Chemical', risk: 'Risk', level: 'Level',
      measure: 'Control measure', danger: 'Danger', hazard: 'Hazard', severity: 'Severity', description: 'Description', status: 'Status',
      foundAt: 'Found', deadline: 'Deadline', age: 'Age (days)', overdue: 'Days overdue', receptors: 'Sensitive receptors nearby', chemicals: 'Chemicals',
    },
    filter: { anyClass: 'All classes', status: { open: 'Open', closed: 'Closed', all: 'All' }, radius: 'Receptor radius' },
    total: '{{count}} in all', none: 'Nothing recorded', remove: 'Remove', removeConfirm: 'Confirm the chemical has left the site?',
    form: {
      newChemical: 'Record a chemical', siteId: 'Site ID', suggestion: 'Common chemicals (fill in CAS/UN/class)', lon: 'Storage longitude', lat: 'Storage latitude',
      responsibleName: 'Responsible party (name)', responsibleEnterpriseId: 'or registry ID', unit: 'Unit', submit: 'Save', saved: 'Recorded: {{name}}',
      casInvalid: 'The CAS check digit is wrong', newSurvey: 'Record a risk identification', loadChemicals: 'Load the site\'s chemicals', noChemicals: 'The site stores no chemicals',
      campaignId: 'Campaign ID (optional)', surveyedAt: 'Identified at', dangerHint: 'Fill in when something must be rectified: it opens a hazard',
      surveySaved: 'Risk identification saved, {{count}} hazards opened', include: 'Include', conclusion: 'Conclusion',
    },
    map: { legend: 'Coloured by class; red rings are sensitive receptors within the radius', sites: '{{count}} sites store chemicals', near: '{{count}} sites have receptors nearby', distance: '{{name}} ({{kind}}, {{m}} m)' },
    error: {
      storage_off_site: 'The storage point is not on the site', unknown_enterprise: 'No such enterprise in the registry', chemical_not_on_site: 'That chemical is not on the site\'s inventory',
      no_chemicals: 'The site has no chemical inventory: record it first', not_a_chemicals_campaign: 'That campaign is not a hazardous-chemicals campaign',
      campaign_not_running: 'The campaign is not running on that day', site_outside_campaign: 'The site is outside the campaign\'s scope', removed: 'The chemical was removed',
    },
  },
}
