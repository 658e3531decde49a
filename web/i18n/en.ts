import type { Translation } from './zh.ts'

import { enAccount } from './en-account.ts'
import { enAuditExports } from './en-audit-exports.ts'
import { enAlarms } from './en-alarms.ts'
import { enDeviceAdmin } from './en-device-admin.ts'
import { enDevices } from './en-devices.ts'
import { enImports } from './en-imports.ts'
import { enPlanning } from './en-planning.ts'
import { enSupervision } from './en-supervision.ts'
import { enTwoFactor } from './en-two-factor.ts'
import { enRegistry } from './en-registry.ts'
import { enEnterprises } from './en-enterprises.ts'
import { enPeople } from './en-people.ts'
import { enCranes } from './en-cranes.ts'
import { enTesting } from './en-testing.ts'
import { enCredit } from './en-credit.ts'
import { enCampaignsScreen } from './en-campaigns-screen.ts'
import { enCampaigns } from './en-campaigns.ts'
import { enChemicals } from './en-chemicals.ts'
import { enScaffold } from './en-scaffold.ts'
import { enComplaints } from './en-complaints.ts'
import { enPatrol } from './en-patrol.ts'
import { enAccountability } from './en-accountability.ts'
import { enPlayback } from './en-playback.ts'
import { enTrends } from './en-trends.ts'
import { enReports } from './en-reports.ts'

export const en: Translation = {
  ...enSupervision,
  ...enPlanning,
  ...enImports,
  ...enDevices,
  ...enDeviceAdmin,
  ...enAlarms,
  ...enAccount,
  ...enAuditExports,
  ...enTwoFactor,
  ...enRegistry,
  ...enEnterprises,
  ...enPeople,
  ...enCranes,
  ...enTesting,
  ...enCredit,
  ...enCampaignsScreen,
  ...enCampaigns,
  ...enChemicals,
  ...enScaffold,
  ...enComplaints,
  ...enPatrol,
  ...enAccountability,
  ...enPlayback,
  ...enTrends,
  ...enReports,
  title: 'Suzhou Construction Quality & Safety Smart Supervision',
  sites: 'Sites', districts: 'Districts', grids: 'Grids', keyProjects: 'Key dust-control projects', cameras: 'Cameras',
  tilesMode: '{{count}} sites in this zone, drawn from vector tiles (one by one from zoom 14); the risk heatmap is summed from the tiles, and filters and coverage halos are available in zones under 200,000 sites',
  engine: 'Engine', language: '中文', loading: 'Loading…', loadFailed: 'Failed to load: {{message}}', close: 'Close',
  theme: { dark: 'Dark', light: 'Light', toggle: 'Switch theme' },
  kind: { housing: 'Housing', municipal: 'Municipal', rail_transit: 'Rail transit', small_temporary: 'Small / temporary' },
  basemapNote: 'Boundaries illustrative, not an authoritative map',
  basemapOnline: 'Online basemap ({{crs}})',
  legend: {
    measures: '{{n}} of 3 measures done', online: 'Online', offline: 'Offline', lowToHigh: 'Risk low → high', gridHint: 'Hover to highlight, click for details',
    boundary: 'Boundary', cluster: 'Cluster: colour = mean risk, ▲ = major-risk sites', noCamera: 'No camera', offlineCamera: 'Camera offline',
    coverage: 'Coverage 0 → 100%', keyRing: 'White ring: key dust-control project', footprint: 'Zoom in for site boundaries',
  },
  stage: { earthworks: 'Earthworks/foundation', main_structure: 'Main structure', finishing: 'Finishing', completed: 'Completed' },
  filters: {
    all: 'all', district: 'District', kind: 'Kind', stage: 'Stage', grade: 'Risk', coverageBelow: 'Camera coverage',
    below: 'below {{pct}}%', beyondScale: 'Has beyond-scale works', key: 'Key project', clear: 'Clear filters',
  },
  grade: { red: 'Major risk', orange: 'Significant risk', yellow: 'General risk', blue: 'Low risk' },
  layers: {
    title: 'Layers', opacity: 'Opacity', download: 'Download', colourBy: 'Colour by', byRisk: 'Risk grade', byKind: 'Kind', byCoverage: 'Camera coverage',
    sites: 'Project sites', heatmap: 'Risk heatmap', cameras: 'Camera coverage', devices: 'Field devices', grids: 'Grid zones', keyProjects: 'Key dust-control areas & projects', testingCampaigns: 'Failed material tests (campaigns)',
    demoZone: 'Green-smart demonstration zone', districts: 'Districts',
  },
  search: { placeholder: 'Search project name or code', none: 'No matching project', label: 'Project search' },
  tooltip: { cluster: '{{count}} sites, click to zoom in', supervisors: 'Supervisors', siteCount: '{{count}} sites' },
  site: {
    basics: 'Basics', code: 'Code', stage: 'Stage', district: 'District', grid: 'Grid', address: 'Address', period: 'Period', dateUnknown: 'date unknown', periodUnknown: 'unknown (the ledger gave no dates)',
    floorArea: 'Floor area', contractValue: 'Contract value', parties: 'Parties', owner: 'Owner', surveyor: 'Surveyor',
    designer: 'Designer', contractor: 'Contractor', supervisor: 'Supervising engineer', credit: 'Credit',
    standardization: 'Standardization', keyProject: 'Key dust-control project (#{{rank}})',
    measures: { enclosure: 'Hoarding', dustNet: 'Dust nets', spraying: 'Spraying', due: 'due {{date}}', pending: 'pending' },
    risk: 'Risk score', riskFactors: 'Contribution of each factor', noRisk: 'Not scored yet',
    dangerousWorks: 'Dangerous sub-projects', beyondScale: 'Beyond scale', none: 'None',
    cranes: 'Cranes', monitored: 'monitored', unmonitored: 'not monitored', lastInspected: 'inspected {{date}}',
    cameras: 'Cameras', coverage: 'Coverage {{pct}}%', camerasOnline: '{{online}}/{{total}} online', noCamera: 'No camera',
    inspections: 'Inspections', score: '{{score}} pts', hazards: 'Open hazards', ageDays: '{{days}} d', overdue: 'overdue',
    pm10: 'PM10, last 72 hours', pm10Own: 'Site monitor', pm10Station: 'Nearest station: {{name}} ({{km}} km)', pm10Limit: 'Limit {{limit}}',
    pm10Empty: 'No readings', unit: { m2: 'm²', wan: '×10k CNY' },
  },
  zone: {
    grid: 'Grid', demoZone: 'Demonstration zone', supervisors: 'Supervisors', area: '{{km2}} km²', sites: '{{count}} sites',
    keyProjects: 'Key projects', beyondScale: 'With beyond-scale works', openHazards: 'Open hazards', overdue: 'Overdue hazards', noCamera: 'No camera',
    offline: 'Camera offline', meanCoverage: 'Mean coverage', meanStandardization: 'Mean standardization', list: 'Sites, riskiest first',
    byGrade: 'Risk grades', township: 'Township',
  },
  dangerous: {
    deep_excavation: 'Deep excavation', high_formwork: 'High formwork', lifting: 'Lifting', scaffolding: 'Scaffolding', demolition: 'Demolition',
    shield_tunnelling: 'Shield tunnelling', cross_passage: 'Cross passage',
  },
  workStatus: { planned: 'Planned', in_progress: 'In progress', completed: 'Completed' },
  crane: { tower_crane: 'Tower crane', hoist: 'Hoist', gantry_crane: 'Gantry crane' },
  inspection: {
    routine: 'Routine', comprehensive: 'Comprehensive', unannounced: 'Random spot check', dust_open: 'Dust (announced)', dust_covert: 'Dust (covert)',
    crane_special: 'Crane special', testing_institution: 'Testing institution',
    hazardous_chemicals: 'Hazardous chemicals', scaffold: 'Ring-lock scaffold', holiday: 'Holiday check', small_works: 'Small and temporary works',
  },
  severity: { major: 'Major hazard', general: 'General hazard' },
  hazardStatus: { open: 'Open', rectifying: 'Rectifying', submitted: 'Awaiting review', closed: 'Closed' },
  factor: {
    beyondScaleWorks: 'Beyond-scale works', dangerousWorks: 'Dangerous works', earthworksStage: 'Earthworks stage', demolition: 'Demolition',
    pm10ExceedanceDays7: 'PM10 exceedances (7 d)', pm10ExceedanceDays30: 'PM10 exceedances (30 d)', openHazards: 'Open hazards',
    overdueHazards: 'Overdue hazards', majorOpenHazards: 'Major hazards', rectificationNotices90: 'Rectification notices (90 d)',
    stopWorkNotices90: 'Stop-work notices (90 d)', penalties365: 'Penalties (1 y)', noCamera: 'No camera', coverageGap: 'Coverage gap',
    offlineCameras: 'Offline cameras', towerCranes: 'Tower cranes', unmonitoredCranes: 'Unmonitored cranes', notEvaluated: 'Not evaluated',
    lowStandardization: 'Low standardization', certificateGap: 'Certificate gap', contractorCredit: 'Contractor credit', craneFirmCredit: 'Crane firms\' credit', sensitiveReceptors: 'Sensitive receptors nearby', foundedComplaints90: 'Founded complaints (90 days)',
  },
  wall: {
    threeAccurate: 'Three accurate, one coverage', supervisedToday: 'Sites supervised today', noticesToday: 'Notices today', beyondScaleNow: 'Sites with beyond-scale works',
    standardizationCoverage: 'Standardization coverage', hazardsAndDust: 'Hazards and dust', openHazards: 'Open hazards', overdueHazards: 'Overdue hazards',
    majorHazards: 'Major hazards', pm10Sites24h: 'Sites over the PM10 limit, 24 h', targets: 'The four 100 % targets',
    target: { certificateRate: 'Certified workers', videoInstallationRate: 'Video installed', craneMonitoringRate: 'Cranes monitored', standardizationCoverage: 'Standardization evaluated' },
    keyProjects: 'The 150 key dust-control projects (due {{deadline}})',
    measure: { highEnclosure: 'High hoarding', dustNet: 'Dust nets', spraying: 'Spraying', allThree: 'All three done' },
    ranking: 'District ranking (open / overdue hazards)', alerts: 'Live alerts',
    event: { hazard_opened: 'Hazard opened', hazard_closed: 'Hazard closed', pm10_exceedance: 'PM10 over limit {{value}}', camera_offline: 'Camera offline', camera_online: 'Camera back online',
      alarm_opened: '{{kind}} {{value}}', alarm_cleared: '{{kind}}: cleared', alarm_escalated: '{{kind}}: escalated', alarm_closed: '{{kind}}: closed' },
    liveAsOf: 'Live · updated {{time}}', staleAsOf: 'Connection lost · data as of {{time}}', noToken: 'A wall needs a display token: open the link an admin created (/wall?token=…)',
  },
}
