import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  casCheckDigit, casProblem, COMMON_CHEMICALS, DANGER_CATEGORY, dangerSourceRef, HAZARD_CLASS_ZH, HAZARD_CLASSES, type IdentifiedRisk,
  primaryClass, surveyDangers, unProblem,
} from '../../server/domain/chemicals.ts'

/* Hazardous chemicals: CAS and UN numbers, which risks are dangers to fix, and how a site's classes colour it. */

describe('casProblem', () => {
  it.each(['7732-18-5', '74-86-2', '7782-44-7', '68334-30-5', '108-88-3', '50-00-0', '1330-20-7'])('%s is valid', (cas) => expect(casProblem(cas)).toBeNull())

  it.each([['74-86-3', 'check_digit'], ['7732-18-4', 'check_digit'], ['7-86-2', 'format'], ['74862', 'format'], ['12345678-00-0', 'format'], ['74-8-62', 'format'], ['', 'format'], ['７４-86-2', 'format']])(
    '%s: %s', (cas, problem) => expect(casProblem(cas)).toBe(problem))

  const casDigits = fc.tuple(fc.stringMatching(/^[0-9]{2,7}$/), fc.stringMatching(/^[0-9]{2}$/))

  it('accepts every number written with its own check digit', () => fc.assert(fc.property(casDigits, ([a, b]) => {
    expect(casProblem(`${a}-${b}-${casCheckDigit(a + b)}`)).toBeNull()
  })))

  it('refuses every other check digit', () => fc.assert(fc.property(casDigits, fc.integer({ min: 1, max: 9 }), ([a, b], shift) => {
    expect(casProblem(`${a}-${b}-${(casCheckDigit(a + b) + shift) % 10}`)).toBe('check_digit')
  })))

  it('catches any mistyping of the digit before the check digit', () => {
    // Its weight is 1, so any change to it changes the sum modulo 10 (weights 2, 4, 5 … would let some through).
    fc.assert(fc.property(casDigits, fc.integer({ min: 1, max: 9 }), ([a, b], delta) => {
      const digits = a + b
      const position = digits.length - 1 // weight 1
      const wrong = digits.slice(0, position) + String((Number(digits[position]) + delta) % 10)
      expect(casProblem(`${wrong.slice(0, a.length)}-${wrong.slice(a.length)}-${casCheckDigit(digits)}`)).toBe('check_digit')
    }))
  })

  it('never throws on any text', () => fc.assert(fc.property(fc.string(), (text) => { casProblem(text) })))
})

describe('unProblem', () => {
  it.each(['1001', '1202', '0004', '3600'])('%s is valid', (un) => expect(unProblem(un)).toBeNull())
  it.each(['0000', '101', '10011', 'UN1001', '１００１', ''])('%s is refused', (un) => expect(unProblem(un)).toBe('format'))
})

describe('the common chemicals', () => {
  it('have valid CAS and UN numbers and a GB 6944 class', () => {
    for (const c of COMMON_CHEMICALS) {
      if (c.casNo) expect(casProblem(c.casNo), c.name).toBeNull()
      expect(unProblem(c.unNo), c.name).toBeNull()
      expect(HAZARD_CLASSES).toContain(c.hazardClass)
    }
  })
  it('name every class in Chinese', () => expect(Object.keys(HAZARD_CLASS_ZH).sort()).toEqual([...HAZARD_CLASSES].sort()))
})

describe('surveyDangers', () => {
  const names = (id: number) => `化学品${id}`
  const risk = (extra: Partial<IdentifiedRisk>): IdentifiedRisk => ({ chemicalId: 1, risk: 'fire', level: 'moderate', measure: '配备灭火器', ...extra })

  it('turns each risk with a danger into a hazard numbered by its place, and leaves the controlled ones', () => {
    const dangers = surveyDangers([risk({}), risk({ chemicalId: 2, level: 'high', danger: '间距不足5m' }), risk({ level: 'low', danger: '无警示标志' })], names)
    expect(dangers).toEqual([
      { index: 2, severity: 'major', category: DANGER_CATEGORY, deadlineDays: 7, description: '化学品2：间距不足5m（措施：配备灭火器）' },
      { index: 3, severity: 'general', category: DANGER_CATEGORY, deadlineDays: 14, description: '化学品1：无警示标志（措施：配备灭火器）' },
    ])
  })

  it('makes a major hazard exactly of the major and high levels', () => fc.assert(fc.property(
    fc.array(fc.record({ level: fc.constantFrom('major', 'high', 'moderate', 'low'), danger: fc.option(fc.string({ minLength: 1, maxLength: 3000 }), { nil: undefined }) })),
    (items) => {
      const risks = items.map((i) => risk(i as Partial<IdentifiedRisk>))
      const dangers = surveyDangers(risks, names)
      expect(dangers.map((d) => d.index)).toEqual(risks.flatMap((r, i) => (r.danger ? [i + 1] : [])))
      for (const d of dangers) {
        expect(d.severity === 'major').toBe(['major', 'high'].includes(risks[d.index - 1].level))
        expect(d.description.length).toBeLessThanOrEqual(2000)
      }
    })))

  it('points each hazard back to its survey and place', () => expect(dangerSourceRef(42, 3)).toBe('chemical-survey:42:3'))
})

describe('primaryClass', () => {
  it('colours a site by its most dangerous class', () => {
    expect(primaryClass(['3', '2.1', '8'])).toBe('2.1')
    expect(primaryClass(['2.2', '3'])).toBe('3')
    expect(primaryClass([])).toBeNull()
    fc.assert(fc.property(fc.subarray([...HAZARD_CLASSES], { minLength: 1 }), (classes) => { expect(classes).toContain(primaryClass(classes)) }))
  })
})
