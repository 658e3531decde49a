import { describe, expect, it } from 'vitest'
import { alarmEscalation, nextAlarmStatus, readingConditions } from '../../server/domain/alarm-rules.ts'
import type { DeviceReading } from '../../server/domain/device-readings.ts'

const dust = (pm10: number, flag = 'N', command: DeviceReading['command'] = '2011'): DeviceReading =>
  ({ identity: 'M', command, dataTime: new Date(0), values: { pm10 }, flags: { pm10: flag }, normal: flag === 'N' })
const crane = (values: DeviceReading['values']): DeviceReading => ({ identity: 'C', command: 'status', dataTime: new Date(0), values, flags: null, normal: true })
const active = (conditions: ReturnType<typeof readingConditions>) => conditions.filter((c) => c.active).map((c) => c.kind)

describe('what a reading says about alarms', () => {
  it('raises PM10 over the limit only for a normal, sub-daily value', () => {
    expect(active(readingConditions('dust_monitor', dust(151), 150))).toEqual(['pm10_exceedance'])
    expect(active(readingConditions('dust_monitor', dust(150), 150))).toEqual([])
    expect(active(readingConditions('dust_monitor', dust(400, 'C'), 150))).toEqual([])
    expect(active(readingConditions('dust_monitor', dust(400, 'N', '2031'), 150))).toEqual([])
    // A flagged value neither raises nor ends the incident: it says nothing about the air.
    expect(readingConditions('dust_monitor', dust(20, 'D'), 150).map((c) => c.kind)).toEqual(['device_silent'])
  })

  it('raises crane alarms from the values and from the monitor\'s own codes', () => {
    const calm = { loadT: 3, ratedLoadT: 6, momentPct: 60, windMs: 5 }
    expect(active(readingConditions('crane_monitor', crane(calm), 150))).toEqual([])
    expect(active(readingConditions('crane_monitor', crane({ ...calm, loadT: 6.1 }), 150))).toEqual(['crane_overload'])
    expect(active(readingConditions('crane_monitor', crane({ ...calm, momentPct: 100 }), 150))).toEqual(['crane_moment'])
    expect(active(readingConditions('crane_monitor', crane({ ...calm, windMs: 13.9 }), 150))).toEqual(['crane_wind'])
    expect(active(readingConditions('crane_monitor', crane({ ...calm, alarm_overload: true }), 150))).toEqual(['crane_overload'])
  })

  it('ends silence on any report, and camera_offline only when the camera is back', () => {
    const camera = (online: boolean) => readingConditions('camera', { ...crane({ online }) }, 150)
    expect(camera(false)).toEqual([{ kind: 'device_silent', active: false, value: null }])
    expect(camera(true)).toContainEqual({ kind: 'camera_offline', active: false, value: null })
  })
})

describe('the supervisor\'s answer', () => {
  it('goes open → acknowledged → disposed → closed, no step skipped', () => {
    expect([nextAlarmStatus('open'), nextAlarmStatus('acknowledged'), nextAlarmStatus('disposed'), nextAlarmStatus('closed')])
      .toEqual(['acknowledged', 'disposed', 'closed', null])
  })

  it('escalates an unacknowledged alarm to the district at its deadline and to the city a window later', () => {
    const respondBy = new Date('2026-06-01T10:00:00+08:00')
    const at = (minutes: number) => new Date(respondBy.getTime() + minutes * 60_000)
    expect(alarmEscalation(respondBy, 60, false, at(-1))).toBe('none')
    expect(alarmEscalation(respondBy, 60, false, at(0))).toBe('district')
    expect(alarmEscalation(respondBy, 60, false, at(59))).toBe('district')
    expect(alarmEscalation(respondBy, 60, false, at(60))).toBe('city')
    expect(alarmEscalation(respondBy, 60, true, at(600))).toBe('none')
  })
})
