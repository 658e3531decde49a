import type { zhDevices } from './zh-devices.ts'

export const enDevices: typeof zhDevices = {
  liveDevices: {
    title: 'Field devices ({{count}})', none: 'No device on this site', kind: { dust_monitor: 'Dust monitor', crane_monitor: 'Crane monitor', camera: 'Camera' },
    health: { online: 'Online', late: 'Late', silent: 'Silent', never: 'Never reported', maintenance: 'Maintenance', decommissioned: 'Decommissioned' },
    lastSeen: 'Last report {{at}}', neverSeen: 'No report yet',
    factor: {
      pm10: 'PM10', pm25: 'PM2.5', tsp: 'TSP', noise: 'Noise', windSpeed: 'Wind', windDirection: 'Wind dir.', temperature: 'Temp.', humidity: 'Humidity',
      momentPct: 'Moment', loadT: 'Load', ratedLoadT: 'Rated', windMs: 'Wind', heightM: 'Height', slewDeg: 'Slew',
    },
    flag: { F: 'Stopped', M: 'Maintenance', S: 'Manual value', D: 'Fault', C: 'Calibrating', T: 'Over range', B: 'Comms fault' },
    alarm: { overload: 'Overload', moment: 'Moment over limit', wind: 'Wind over limit', collision: 'Collision alarm', limit: 'Limit switch' },
    operatorUnverified: 'Operator not verified', cameraOnline: 'Video online', cameraOffline: 'Video offline',
    trend: 'Last 24 h', noTrend: 'No normal readings in 24 h',
    legendDust: 'Large dot: dust monitor', legendZoom: 'Shown from street zoom (14)',
  },
}
