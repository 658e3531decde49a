import type { zhSupervision } from './zh-supervision.ts'

export const enSupervision: typeof zhSupervision = {
  nav: { map: 'City map', zone: 'My zone', tasks: 'Today\'s tasks', registry: 'Registry', campaigns: 'Campaigns', complaints: '12345 complaints', accountability: 'Accountability', patrol: 'Patrol tasks', planner: 'Dust-control planning', admin: 'Administration', signOut: 'Sign out' },
  role: { admin: 'Administrator', city_command: 'City command', planner: 'Dust-control planner', district_supervisor: 'District station', grid_supervisor: 'Grid supervisor', auditor: 'Security auditor', patrol: 'Third-party patrol' },
  login: {
    title: 'Sign in', username: 'Username', password: 'Password', submit: 'Sign in',
    error: {
      invalid_credentials: 'Wrong username or password', account_locked: 'Too many failed sign-ins: the account is locked for 15 minutes',
      too_many_attempts: 'Too many attempts; try again later', invalid_request: 'Enter a username and a password', network: 'Cannot reach the server',
    },
  },
  myZone: {
    title: 'Today\'s tasks', gridCount: '{{count}} grids', overdue: 'Overdue hazards ({{count}})', reinspections: 'Re-inspections due ({{count}})', keyMissing: 'Key projects missing measures ({{count}})',
    pm10: 'PM10 over the limit, 24 h ({{count}})', sites: 'Sites by risk ({{count}})', allClear: 'None', daysOverdue: '{{days}} days overdue',
    verify: 'Rectification submitted, to verify: {{what}}', revisit: '{{grade}} site, last inspected {{since}}', never: 'never', open: '{{count}} hazards',
    pm10Detail: 'max {{max}} µg/m³ · {{windows}} windows · latest {{at}}',
    measure: { enclosure: 'hoarding', dust_net: 'dust nets', spraying: 'spraying' },
  },
  escalation: { none: '', grid: 'With the grid', district: 'Escalated to the district station', city: 'Escalated to city command' },
  inspect: {
    record: 'Record inspection', title: 'Record an inspection', basics: 'Inspection', kind: 'Type', at: 'When (Beijing time)', checklist: 'Dust control: the six 100 % measures',
    check: { enclosure: 'Site hoarding', stockpile_cover: 'Stockpiles covered', road_hardening: 'Gates and roads paved', vehicle_washing: 'Vehicles washed',
      wet_operation: 'Wet earthworks', closed_transport: 'Muck trucks closed' },
    sheet: 'Score sheet (total {{score}})',
    part: { safety_management: 'Safety management', site_safety: 'Site safety', dust_control: 'Dust control', civilised_construction: 'Civilised construction' },
    findings: 'Findings', evidence: 'Photos and location', useLocation: 'Use my location', locating: 'Locating…', noGeolocation: 'This device cannot locate',
    locationDenied: 'No location: {{reason}}', noLocation: 'No location recorded', location: 'At {{lon}}, {{lat}} (±{{m}} m)',
    hazards: 'Hazards found ({{count}})', hazardN: 'Hazard {{n}}', severity: 'Severity', category: 'Category', description: 'Description', deadline: 'Deadline',
    notice: 'Notice', noNotice: 'None', addHazard: 'Add a hazard', removeHazard: 'Remove this hazard', save: 'Save inspection',
  },
  notice: { rectification: 'Rectification notice', stop_work_rectification: 'Stop-work rectification notice', penalty: 'Penalty decision', supervision_letter: 'Supervision letter' },
  hazard: {
    basics: 'Hazard', site: 'Site', description: 'Description', found: 'Found', deadline: 'Deadline', status: 'Status', steps: 'Closed loop',
    notices: 'Notices', nextStep: 'Next step', note: 'Note', evidence: 'Evidence', reject: 'Verification failed: back to rectifying',
    to: { rectifying: 'Start rectifying', submitted: 'Submit rectification', closed: 'Verified: close' },
  },
  photos: { add: 'Add photos', uploading: 'Uploading…', remove: 'Remove photo', alt: 'Site photo {{id}}', tooLarge: '{{name}} is larger than 5 MB' },
  admin: {
    tab: { users: 'Users and grids', audit: 'Audit log', signIns: 'Sign-ins', auditExports: 'Audit exports', tokens: 'Wall tokens', imports: 'Data import', devices: 'Devices' },
    at: 'When', who: 'Who', ip: 'From address', action: 'Action', entity: 'Record', change: 'Change', search: 'Search username or name', newUser: 'New user',
    username: 'Username', name: 'Name', role: 'Role', scope: 'Responsible for', state: 'State', city: 'Whole city', active: 'Active', inactive: 'Deactivated',
    noPassword: 'No password', district: 'District', grids: 'Grids (grid codes, comma-separated)', password: 'Initial password', newPassword: 'New password (blank keeps it)',
    save: 'Save', unknownGrids: 'Unknown grid codes: {{codes}}', tokenName: 'Wall name', createToken: 'Create wall link', created: 'Created',
    lastUsed: 'Last used', revoke: 'Revoke', revoked: 'Revoked', onceOnly: 'This link is shown only once:', noEntries: 'No entries yet',
  },
}
