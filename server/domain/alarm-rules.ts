import type { DeviceKind, DeviceReading } from './device-readings.ts'

/*
 * When a reading raises or ends an alarm. An alarm is an incident: it opens on the first reading that meets its
 * condition, is updated by later ones, and clears on the first that does not. The two time-based kinds (a camera
 * offline for more than 10 minutes, a device silent for more than twice its interval) are found by a sweep.
 */

export const ALARM_KINDS = ['pm10_exceedance', 'crane_overload', 'crane_moment', 'crane_wind', 'camera_offline', 'device_silent'] as const
export type AlarmKind = (typeof ALARM_KINDS)[number]
export const ALARM_STATUSES = ['open', 'acknowledged', 'disposed', 'closed'] as const
export type AlarmStatus = (typeof ALARM_STATUSES)[number]

/** Lifting stops above force 6 (13.8 m/s), as GB 5144 and the tower-crane operating rules require. */
export const CRANE_WIND_LIMIT_MS = 13.8
export const CAMERA_OFFLINE_ALARM_MS = 10 * 60_000
/** A device is silent once it has missed two reports in a row; within that, it is online. */
export const SILENT_AFTER_INTERVALS = 2

export interface AlarmCondition { kind: AlarmKind; active: boolean; value: number | null }

/** What one reading says about each alarm it can raise or end. */
export function readingConditions(kind: DeviceKind, reading: DeviceReading, pm10LimitUgM3: number): AlarmCondition[] {
  const v = reading.values
  const conditions: AlarmCondition[] = [{ kind: 'device_silent', active: false, value: null }]
  // A day's mean (2031) is not held to an hourly limit; real-time, minute and hourly values are.
  if (kind === 'dust_monitor' && reading.command !== '2031' && typeof v.pm10 === 'number' && reading.flags?.pm10 === 'N') {
    conditions.push({ kind: 'pm10_exceedance', active: v.pm10 > pm10LimitUgM3, value: v.pm10 })
  }
  if (kind === 'crane_monitor') {
    const num = (key: string) => (typeof v[key] === 'number' ? (v[key] as number) : 0)
    conditions.push(
      { kind: 'crane_overload', active: v.alarm_overload === true || num('loadT') > num('ratedLoadT'), value: num('loadT') },
      { kind: 'crane_moment', active: v.alarm_moment === true || num('momentPct') >= 100, value: num('momentPct') },
      { kind: 'crane_wind', active: v.alarm_wind === true || num('windMs') > CRANE_WIND_LIMIT_MS, value: num('windMs') },
    )
  }
  // Going offline opens nothing yet (the sweep waits 10 minutes); coming back online ends the incident.
  if (kind === 'camera' && v.online === true) conditions.push({ kind: 'camera_offline', active: false, value: null })
  return conditions
}

export type AlarmEscalation = 'none' | 'district' | 'city'

/**
 * Alarms escalate as hazards do, from the grid to the district station and then to city command: unacknowledged
 * past its response deadline, to the district; a further response window later, to the city.
 */
export function alarmEscalation(respondBy: Date, respondMinutes: number, acknowledged: boolean, now: Date): AlarmEscalation {
  if (acknowledged) return 'none'
  const late = now.getTime() - respondBy.getTime()
  if (late < 0) return 'none'
  return late >= respondMinutes * 60_000 ? 'city' : 'district'
}

const NEXT: Record<AlarmStatus, AlarmStatus | null> = { open: 'acknowledged', acknowledged: 'disposed', disposed: 'closed', closed: null }

/** The supervisor's steps: acknowledge, then dispose (with a note and a photo), then close; none may be skipped. */
export function nextAlarmStatus(status: AlarmStatus): AlarmStatus | null {
  return NEXT[status]
}
