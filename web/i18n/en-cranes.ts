import type { zhCranes } from './zh-cranes.ts'

export const enCranes: typeof zhCranes = {
  cranes: {
    back: 'Back to the cranes',
    search: 'Search by record no. or use registration no.',
    anyStage: 'Any stage',
    total: '{{count}} machines',
    stage: {
      install_notified: 'Installation notified', inspected: 'Inspected', in_use: 'In use', dismantle_notified: 'Dismantling notified', dismantled: 'Dismantled',
      yard: 'In the yard (not installed)', scrapped: 'Scrapped',
    },
    step: {
      filing: 'Filing', install_notice: 'Installation notice', inspection: 'Inspection', use_registration: 'Use registration', maintenance: 'Maintenance',
      dismantle_notice: 'Dismantling notice', dismantled: 'Dismantled',
    },
    flag: {
      inspection_invalid_in_use: 'In use without a valid inspection', inspection_due_soon: 'Inspection due soon', maintenance_overdue: 'Maintenance overdue',
    },
    col: {
      recordNo: 'Record no.', kind: 'Kind', stage: 'Stage', site: 'Site', owner: 'Owner', inspection: 'Inspection valid until',
      registrationNo: 'Use registration no.', installer: 'Installer', installedOn: 'Notified on', dismantledOn: 'Dismantled on', devices: 'Safety monitors',
    },
    maker: 'Maker', model: 'Model', madeYear: 'Year made', filedOn: 'Filed on', scrappedOn: 'Scrapped on',
    installations: 'Installations (across sites)',
    timeline: 'Lifecycle',
    passed: 'Passed', failed: 'Failed', validUntil: 'valid until {{date}}', recordedBy: 'recorded by {{who}}',
    openAlarms: '{{count}} open alarms',
    form: {
      title: 'Record the next step', noStep: 'No step can be recorded for this machine now', step: 'Step', date: 'Date', siteId: 'Site (ID)',
      firm: { install_notice: 'Installer', inspection: 'Inspection agency', use_registration: 'Registering firm (owner or user)', maintenance: 'Maintenance firm', dismantle_notice: 'Dismantling firm', dismantled: 'Dismantling firm' },
      chooseFirm: 'Choose a firm', people: 'Workers', result: 'Result', expiresOn: 'Valid until', documentNo: 'Document no.', registrationNo: 'Use registration no.',
      note: 'Note', submit: 'Record', saved: 'Recorded: {{step}}',
    },
    file: {
      title: 'File a machine', chooseOwner: 'Choose the owner', submit: 'File',
    },
    refusal: {
      already_filed: 'The machine is already filed', not_filed: 'The machine is not filed yet', scrapped: 'The machine is scrapped: nothing more can be recorded',
      date_in_future: 'The date cannot be after today', date_before_last_step: 'The date is before the machine\'s last step', date_before_filing: 'The date is before the filing',
      already_installed: 'The machine is installed on another site: dismantle it first', not_installed: 'The machine is not installed on any site', wrong_stage: 'This step cannot be taken at the machine\'s stage (no skipping)',
      enterprise_required: 'Choose the firm', site_required: 'Name the site', result_required: 'Give the inspection result', expiry_required: 'A passed inspection needs its expiry',
      expiry_not_after_inspection: 'The expiry must be after the inspection', no_passed_inspection: 'No passed inspection: the crane cannot be registered for use', inspection_expired: 'The inspection has expired: the crane cannot be registered for use',
      registration_no_required: 'Give the use registration number',
    },
    enterprise: { title: 'Cranes' },
  },
}
