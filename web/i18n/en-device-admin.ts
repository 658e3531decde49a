import type { zhDeviceAdmin } from './zh-device-admin.ts'

export const enDeviceAdmin: typeof zhDeviceAdmin = {
  deviceAdmin: {
    search: 'Search device code, identity or site name', allKinds: 'All kinds', allStatuses: 'All states', register: 'Register device',
    total: '{{count}} devices', prev: 'Previous', next: 'Next',
    code: 'Device code', kind: 'Kind', site: 'Site', identity: 'Identity', protocol: 'Protocol', health: 'State',
    lastSeen: 'Last report (Beijing time)', lastValues: 'Latest values', interval: 'Reporting interval (s)', status: 'Status',
    protocols: { hj212: 'HJ 212', mqtt: 'MQTT', http: 'HTTP' }, statuses: { active: 'Active', maintenance: 'Maintenance', decommissioned: 'Decommissioned' },
    identityHint: 'Dust monitors: the HJ 212 data logger\'s MN; crane monitors and cameras: the vendor platform\'s device id',
    siteSearch: 'Type a site name or code', crane: 'Crane', camera: 'Camera', choose: 'Choose…', noCrane: 'This site has no crane', noCamera: 'This site has no camera',
    save: 'Save', close: 'Close', saved: 'Saved',
    secretTitle: 'Device secret', secretWarning: 'The secret is shown only this once and cannot be viewed again: configure it on the device now (HJ 212 PW or MQTT password) and keep it safe. If it is lost, issue a new one.',
    copy: 'Copy', copied: 'Copied', dismiss: 'I have saved it, close',
    rotate: 'Issue a new secret', rotateConfirm: 'Issue a new secret for {{code}}? The old one stops working at once, and the device\'s data is refused until it is reconfigured.',
    platforms: 'Vendor data platforms', platformsHint: 'Vendor platforms push crane and camera readings in batches to POST /api/ingest/{kind} with their key.',
    platformName: 'Platform name', createPlatform: 'Create platform key', created: 'Created', revoke: 'Revoke', revoked: 'Revoked ({{at}})',
    revokeConfirm: 'Revoke the key of {{name}}? The platform can no longer push data.', keyTitle: 'Platform key',
    keyWarning: 'The platform key is shown only this once and cannot be viewed again: hand it to the vendor now and keep it safe. If it is lost, revoke it and create a new one.',
    importedSecrets: '{{count}} devices imported with new secrets. The secrets are given only now: download them and keep them safe; they cannot be fetched again after you leave this page.',
    downloadSecrets: 'Download device secrets (CSV)', secretsFile: 'device-secrets', secretColumns: { code: 'Device code', identity: 'Identity', secret: 'Secret' },
  },
}
