import type { zhAlarms } from './zh-alarms.ts'

export const enAlarms: typeof zhAlarms = {
  alarms: {
    title: 'Device alarms ({{count}})',
    status: { open: 'To acknowledge', acknowledged: 'Acknowledged · to dispose', disposed: 'Disposed · to close', closed: 'Closed' },
    value: { pm10_exceedance: '{{value}} µg/m³', crane_overload: '{{value}} t', crane_moment: '{{value}}%', crane_wind: '{{value}} m/s' },
    openedAt: 'Since {{at}}', peak: 'Peak {{value}}', respondBy: 'Acknowledge by {{at}}', overdue: 'Not acknowledged in time', clearedAt: 'Back to normal {{at}}', stillActive: 'Still alarming',
    device: 'Device {{code}}', acknowledgedBy: 'Acknowledged by {{by}} {{at}}', disposedBy: 'Disposed by {{by}} {{at}}: {{note}}',
    note: 'Note (optional)', disposalNote: 'What was done (required)', disposalPhoto: 'Photo of the site (required, one)', needNoteAndPhoto: 'Say what was done and add one photo of the site',
    acknowledge: 'Acknowledge', dispose: 'Dispose', close: 'Close',
  },
}
