/** English for the registry's testing tab, the site panel's reports and the campaign map layer. */
export const enTesting = {
  testing: {
    institutions: 'Testing institutions', reports: 'Test reports', back: 'Back to the institutions',
    origin: { all: 'All', local: 'Local', out_of_province: 'From outside Jiangsu' },
    col: {
      name: 'Institution', origin: 'Registered', scope: 'Qualification scope', capability: 'Latest proficiency test', flightCheck: 'Latest unannounced check',
      reports: 'Reports', nonConforming: 'Non-conforming', reportNo: 'Report no.', institution: 'Institution', site: 'Site', material: 'Material',
      item: 'Test item', required: 'Requirement', measured: 'Measured', verdict: 'Verdict', sampledOn: 'Sampled', issuedOn: 'Issued', hazard: 'Hazard',
    },
    material: {
      concrete: 'Concrete', rebar: 'Rebar', sand: 'Sand', cement: 'Cement', waterproofing: 'Waterproofing', masonry: 'Masonry',
      steel_structure: 'Steel structure', foundation: 'Foundation',
    },
    campaign: { sand: 'Illegal sea sand', rebar: 'Thinned rebar', concrete: 'Substandard concrete' },
    conforming: 'Conforming', nonConformingTag: 'Non-conforming', anyVerdict: 'Any verdict', anyMaterial: 'Any material',
    result: { satisfactory: 'Satisfactory', questionable: 'Questionable', unsatisfactory: 'Unsatisfactory' },
    outcome: { pass: 'Pass', rectify: 'Rectify', fail: 'Fail' },
    record: {
      title: 'Institution record', creditCode: 'Credit code', registeredPlace: 'Registered place', enteredOn: 'Entered Jiangsu', contact: 'Contact',
      qualifications: 'Qualifications', category: 'Category', grade: 'Grade', certificateNo: 'Certificate no.', validUntil: 'Valid until', expired: 'Expired',
      capability: 'Proficiency tests', scheme: 'Scheme', heldOn: 'Date', flightChecks: 'Unannounced checks', inspectedAt: 'Checked at', findings: 'Findings',
      inspector: 'Inspector', none: 'None recorded',
    },
    form: {
      newReport: 'Record a test report', siteId: 'Site ID', chooseInstitution: 'Choose an institution', verdictAuto: 'Judged from the values: {{verdict}}',
      verdictManual: 'The values are not numbers: choose the verdict', submit: 'Save', saved: 'Saved report {{no}}', hazardOpened: 'Opened a {{category}} hazard',
      newCapability: 'Record a proficiency test result', newFlightCheck: 'Record an unannounced check', savedRecord: 'Saved',
    },
    site: { title: 'Material tests', none: 'No test reports', count: '{{count}} reports, {{bad}} non-conforming' },
    layer: { reports: '{{count}} non-conforming reports' },
    total: '{{count}} in all',
    error: {
      duplicate_report_no: 'This report number is already recorded', outside_qualification_scope: 'The institution has no valid qualification covering this material',
      not_a_testing_institution: 'The chosen firm is not a testing institution', conformity_mismatch: 'The verdict contradicts the values', not_found: 'No such site in your zone',
    },
  },
}
