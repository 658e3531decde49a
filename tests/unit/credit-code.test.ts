import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CREDIT_CODE_CHARSET, creditCodeCheckChar, creditCodeProblem, describeCreditCodeProblem, generateCreditCode, isCreditCode } from '../../server/domain/credit-code.ts'

/* GB 32100-2015 统一社会信用代码: published codes validate, generated codes validate, any one-character change is caught. */

// Codes printed on real business licences (华为, 腾讯, 阿里巴巴中国) and a Fujian code used as a test case by Hutool.
const PUBLISHED = ['914403001922038216', '9144030071526726XG', '91330100799655058B', '91350100M000100Y43']
const seeds = fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 9, maxLength: 9 })
const region = fc.constantFrom('320500', '320506', '110000', '440300')
const generated = fc.tuple(seeds, region).map(([draws, r]) => { let i = 0; return generateCreditCode(() => draws[i++ % draws.length], r) })

describe('credit code', () => {
  it('accepts published codes', () => {
    for (const code of PUBLISHED) expect(creditCodeProblem(code)).toBeNull()
  })

  it('names the expected check character when the last one is wrong', () => {
    const problem = creditCodeProblem('914403001922038217')
    expect(problem).toEqual({ kind: 'check', expected: '6', actual: '7' })
    expect(describeCreditCodeProblem(problem!)).toContain("'6'")
  })

  it('refuses wrong length, letters outside the set and letters in the region code', () => {
    expect(creditCodeProblem('91440300192203821')).toEqual({ kind: 'length', length: 17 })
    expect(creditCodeProblem('91440300I92203821X')).toMatchObject({ kind: 'charset', position: 9, char: 'I' })
    expect(creditCodeProblem('9144A3001922038216')).toMatchObject({ kind: 'charset', position: 5 })
  })

  it('every generated code validates', () => {
    fc.assert(fc.property(generated, (code) => isCreditCode(code) && code.length === 18))
  })

  it('any single-character change is refused', () => {
    fc.assert(fc.property(generated, fc.nat(17), fc.nat(30), (code, position, offset) => {
      const current = CREDIT_CODE_CHARSET.indexOf(code[position])
      const replacement = CREDIT_CODE_CHARSET[(current + 1 + (offset % 30)) % 31]
      const changed = code.slice(0, position) + replacement + code.slice(position + 1)
      return !isCreditCode(changed)
    }))
  })

  it('the check character closes the weighted sum to 0 mod 31', () => {
    fc.assert(fc.property(generated, (code) => creditCodeCheckChar(code.slice(0, 17)) === code[17]))
  })
})
