import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  addressContainment, bestMatch, confirmedAtOnce, coordinateConfidence, MATCH_RADIUS_M, textMatch,
} from '../../server/domain/complaint-match.ts'
import { isNight, maskName, maskPhone, mayReadPhone, nightWorkVerdict, phoneFor, respondBy, withinPermit } from '../../server/domain/complaint.ts'

const beijing = (text: string) => new Date(`${text}+08:00`)

describe('phone masking', () => {
  it('keeps the first three and last four digits of a mobile number', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('0512-6523 1234')).toBe('051****1234')
    expect(maskPhone('110')).toBe('****10')
    expect(maskPhone('')).toBe('')
    expect(maskName('张三丰')).toBe('张**')
  })

  it('never shows more than seven digits, nor the middle of an 11-digit number', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9 +\-()]{0,30}$/), (phone) => {
      const masked = maskPhone(phone)
      const digits = phone.replace(/\D/g, '')
      expect(masked.replace(/\D/g, '').length).toBeLessThanOrEqual(Math.min(7, digits.length))
      if (digits.length === 11) expect(masked).toBe(`${digits.slice(0, 3)}****${digits.slice(7)}`)
    }))
  })

  it('is whole for the dispatcher alone', () => {
    expect(mayReadPhone('city_command')).toBe(true)
    for (const role of ['admin', 'planner', 'district_supervisor', 'grid_supervisor', 'auditor', 'patrol', null] as const) {
      expect(mayReadPhone(role)).toBe(false)
      expect(phoneFor(role, '13812345678')).toBe('138****5678')
    }
  })
})

describe('response deadlines', () => {
  it('gives dust and night noise 24 hours and the rest 3 working days', () => {
    const friday = beijing('2026-12-04T10:00:00')
    expect(respondBy('dust', friday).getTime() - friday.getTime()).toBe(24 * 3_600_000)
    expect(respondBy('noise_night', friday).getTime() - friday.getTime()).toBe(24 * 3_600_000)
    // Friday → Monday, Tuesday, Wednesday.
    expect(respondBy('quality', friday)).toEqual(beijing('2026-12-09T10:00:00'))
    expect(respondBy('safety', beijing('2026-12-01T10:00:00'))).toEqual(beijing('2026-12-04T10:00:00'))
  })

  it('is never earlier than three days nor later than five', () => {
    fc.assert(fc.property(fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (at) => {
      const days = (respondBy('other', at).getTime() - at.getTime()) / 86_400_000
      expect(days).toBeGreaterThanOrEqual(3)
      expect(days).toBeLessThanOrEqual(5)
    }))
  })
})

describe('night work', () => {
  const permit = { validFrom: '2026-12-01', validTo: '2026-12-10', startsAt: '22:00', endsAt: '06:00' }
  it('reads a window past midnight as belonging to the day it started', () => {
    expect(withinPermit(beijing('2026-12-10T23:00:00'), permit)).toBe(true)
    expect(withinPermit(beijing('2026-12-11T03:00:00'), permit)).toBe(true)
    expect(withinPermit(beijing('2026-12-11T23:00:00'), permit)).toBe(false)
    expect(withinPermit(beijing('2026-12-01T03:00:00'), permit)).toBe(false)
    expect(withinPermit(beijing('2026-12-05T12:00:00'), permit)).toBe(false)
    expect(withinPermit(beijing('2026-12-05T21:00:00'), { ...permit, startsAt: '20:00', endsAt: '22:00' })).toBe(true)
  })

  it('judges night-noise complaints against permits', () => {
    expect(nightWorkVerdict(beijing('2026-12-05T23:30:00'), 1, [permit])).toBe('permitted')
    expect(nightWorkVerdict(beijing('2026-12-05T23:30:00'), 1, [])).toBe('unpermitted')
    expect(nightWorkVerdict(beijing('2026-12-05T23:30:00'), null, [permit])).toBe('no_site')
    expect(isNight(beijing('2026-12-05T22:00:00'))).toBe(true)
    expect(isNight(beijing('2026-12-05T06:00:00'))).toBe(false)
  })
})

describe('matching', () => {
  it('trusts a pin less the farther it is, and not at all past the radius', () => {
    expect(coordinateConfidence(0)).toBe(0.95)
    expect(coordinateConfidence(MATCH_RADIUS_M)).toBe(0.3)
    expect(coordinateConfidence(MATCH_RADIUS_M + 1)).toBe(0)
    fc.assert(fc.property(fc.double({ min: 0, max: MATCH_RADIUS_M, noNaN: true }), fc.double({ min: 0, max: MATCH_RADIUS_M, noNaN: true }), (a, b) => {
      const [near, far] = a <= b ? [a, b] : [b, a]
      expect(coordinateConfidence(near)).toBeGreaterThanOrEqual(coordinateConfidence(far))
    }))
  })

  it('finds a site by its name or its address in the complaint', () => {
    const site = { siteId: 7, name: '金鸡湖花园三期', address: '工业园区娄葑街道星湖街128号' }
    expect(textMatch(site, '金鸡湖花园三期 夜里在打桩')).toEqual({ siteId: 7, method: 'name', confidence: 0.9 })
    expect(textMatch(site, '苏州市工业园区娄葑街道星湖街128号 扬尘')).toEqual({ siteId: 7, method: 'address', confidence: 0.9 })
    expect(addressContainment(site.address, '星湖街')).toBeLessThan(0.5)
    expect(textMatch(site, '与此无关')).toBeNull()
  })

  it('asks a person when two sites are about as likely, and scores stay within 0–1 whatever the text', () => {
    const tie = bestMatch([{ siteId: 1, distanceM: 10 }, { siteId: 2, distanceM: 20 }], [], '')
    expect(tie?.siteId).toBe(1)
    expect(confirmedAtOnce(tie)).toBe(false)
    expect(confirmedAtOnce(bestMatch([{ siteId: 1, distanceM: 10 }, { siteId: 2, distanceM: 250 }], [], ''))).toBe(true)
    expect(bestMatch([], [], 'x')).toBeNull()
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (name, address, text) => {
      const match = textMatch({ siteId: 1, name, address }, text)
      if (match) expect(match.confidence).toBeGreaterThan(0)
      if (match) expect(match.confidence).toBeLessThanOrEqual(1)
    }))
  })
})
