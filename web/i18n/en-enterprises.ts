/** English for the registry's enterprises tab. */
export const enEnterprises = {
  enterprises: {
    search: 'Name or unified social credit code', allKinds: 'All kinds', allOrigins: 'Local and from outside', total: '{{count}} enterprises',
    kind: {
      owner: 'Owner', surveyor: 'Surveyor', designer: 'Designer', contractor: 'Contractor', supervisor: 'Supervisor',
      crane_owner: 'Crane owner', crane_installer: 'Crane installer', crane_maintainer: 'Crane maintainer', testing: 'Testing institution',
    },
    origin: { local: 'Local', out_of_province: 'From outside Jiangsu' },
    col: { name: 'Name', creditCode: 'Credit code', kinds: 'Kinds', origin: 'Origin', credit: 'Credit', activeSites: 'Active sites' },
    prev: 'Previous', next: 'Next', back: '← Enterprises', unrated: 'Not rated', unmatchedTag: '(not in the registry)',
    fields: {
      title: 'Details', registeredPlace: 'Registered in', enteredOn: 'Entered Jiangsu on', legalRepresentative: 'Legal representative', contact: 'Contact',
      address: 'Address', credit: 'Latest credit',
    },
    qualifications: {
      title: 'Qualifications', category: 'Category', grade: 'Grade', certificateNo: 'Certificate no.', validUntil: 'Valid until', none: 'No qualifications',
      status: { valid: 'Valid', expiring: 'Expiring soon', expired: 'Expired' }, add: 'Add qualification', remove: 'Remove',
    },
    sites: { title: 'Sites ({{count}})', role: 'Role', stage: 'Stage', none: 'No sites in your zone' },
    record: {
      title: 'Record', hazards: 'Hazards ({{count}})', notices: 'Notices ({{count}})', accidents: 'Accidents ({{count}})',
      inspections: 'Checks of the firm ({{count}})', none: 'None', inspectionKind: { flight_check: 'Unannounced check', qualification_review: 'Qualification review' },
      outcome: { pass: 'Pass', rectify: 'Rectify', fail: 'Fail' },
    },
    form: {
      create: 'New enterprise', edit: 'Edit', save: 'Save', cancel: 'Cancel', creditCode: 'Unified social credit code', name: 'Name', kinds: 'Kinds',
      origin: 'Origin', registeredPlace: 'Registered in', enteredOn: 'Entered Jiangsu on', legalRepresentative: 'Legal representative', contactName: 'Contact',
      contactPhone: 'Phone', address: 'Address', checkChar: 'The check character should be “{{expected}}”', badLength: 'Needs 18 characters (has {{length}})',
      badChar: 'Character {{position}} “{{char}}” is not allowed', saved: 'Saved',
    },
    unmatched: {
      title: 'Unmatched party names', hint: 'Names recorded on sites that the registry does not know: pick the firm, and every site with that name is linked.',
      name: 'Recorded name', roles: 'Roles', sites: 'Sites', match: 'Firm', choose: 'Choose…', resolve: 'Link', none: 'No unmatched names',
      resolved: '{{count}} sites linked',
    },
  },
}
