import { describe, expect, it } from 'vitest'
import { createI18n } from '../../web/i18n/index.ts'
import { alarmValue } from '../../web/ui/alarm-value.ts'

describe('an alarm\'s reading as the zone and the wall state it', () => {
  const zh = createI18n('zh').t
  const en = createI18n('en').t

  it('gives each kind its unit, with one decimal of a float4 reading', () => {
    expect(alarmValue(zh, 'pm10_exceedance', 236)).toBe('236 µg/m³')
    expect(alarmValue(zh, 'crane_wind', Math.fround(13.9))).toBe('13.9 m/s')
    expect(alarmValue(en, 'crane_overload', Math.fround(12.35))).toBe('12.4 t')
    expect(alarmValue(zh, 'crane_moment', 104)).toBe('104%')
  })

  it('says nothing for kinds that carry no reading, or no value', () => {
    expect(alarmValue(zh, 'camera_offline', null)).toBe('')
    expect(alarmValue(zh, 'device_silent', 3)).toBe('')
    expect(alarmValue(zh, 'pm10_exceedance', null)).toBe('')
  })
})
