import type { TFunction } from 'i18next'
import type { AlarmKind } from '../../server/domain/alarm-rules.ts'

/**
 * An alarm's reading in its kind's unit (PM10 in µg/m³, wind in m/s …), for the zone's tasks and the wall's feed.
 * Values are stored as float4, so 13.9 can come back as 13.899999618: one decimal is all a reading carries.
 */
export function alarmValue(t: TFunction, kind: AlarmKind, value: number | null): string {
  if (value === null || kind === 'camera_offline' || kind === 'device_silent') return ''
  return t(`alarms.value.${kind}`, { value: Math.round(value * 10) / 10 })
}
