import { describe, expect, it } from 'vitest'
import { characterClasses, commonCandidates, MIN_PASSWORD_LENGTH, passwordExpired, passwordProblems } from '../../server/domain/password-policy.ts'
import { createPasswordCheck } from '../../server/features/auth/password-check.ts'
import { generatePassword } from '../../server/features/auth/passwords.ts'

/* The password rule shared by the server and the web app, and the server's common-password list. */

describe('the password policy', () => {
  it('counts lower, upper, digits and symbols; Chinese characters and spaces are none of them', () => {
    expect(characterClasses('abc')).toBe(1)
    expect(characterClasses('aB3')).toBe(3)
    expect(characterClasses('aB3-')).toBe(4)
    expect(characterClasses('密码密码 密码')).toBe(0)
    expect(characterClasses('ÄöÜ')).toBe(2)
  })

  it('names every problem, in a fixed order, and none for a good password', () => {
    expect(passwordProblems('short', 'user')).toEqual(['too_short', 'too_few_classes'])
    expect(passwordProblems('a'.repeat(MIN_PASSWORD_LENGTH - 1) + 'B1', 'user')).toEqual([])
    expect(passwordProblems('x'.repeat(MIN_PASSWORD_LENGTH - 3) + 'B1', 'user')).toEqual(['too_short'])
    expect(passwordProblems('ZHANGSAN-secret-1', 'zhangsan')).toEqual(['contains_username'])
    // Too short to be someone's name inside a password: a two-letter username would refuse half of all words.
    expect(passwordProblems('Ab-cdefghij-12', 'ab')).toEqual([])
    expect(passwordProblems('Harbour-lantern-73', 'li.na')).toEqual([])
    // Length counts characters, not UTF-16 units.
    expect(passwordProblems('𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜𝒜a1', 'user')).toContain('too_short')
  })

  it('asks the common list about the password and its letters without what was added at either end', () => {
    expect(commonCandidates('Password123!')).toEqual(['password123!', 'password'])
    expect(commonCandidates('Dragon')).toEqual(['dragon'])
    expect(commonCandidates('12-ab-34')).toEqual(['12-ab-34'])
    const seen: string[] = []
    passwordProblems('Monkey-2024!', 'user', (c) => { seen.push(c); return c === 'monkey' })
    expect(seen).toEqual(['monkey-2024!', 'monkey'])
  })

  it('the server list knows the English and the Chinese favourites, case-insensitively', () => {
    const check = createPasswordCheck()
    const reasons = (password: string) => {
      try { check(password, 'someone'); return [] } catch (error) { return (error as { details: { code: string }[] }).details.map((d) => d.code) }
    }
    expect(reasons('Password123!')).toEqual(['common'])
    expect(reasons('Woaini1314!!')).toEqual(['common'])
    expect(reasons('QAZWSXEDCRFV12')).toEqual(['too_few_classes', 'common'])
    expect(reasons('Harbour-lantern-73')).toEqual([])
  })

  it('generated passwords (the demo accounts\') always meet it', () => {
    for (let i = 0; i < 200; i++) expect(passwordProblems(generatePassword(), 'demo')).toEqual([])
  })
})

describe('password expiry', () => {
  const now = new Date('2026-11-24T10:00:00+08:00')
  const daysAgo = (days: number) => new Date(now.getTime() - days * 86_400_000)
  it('never, unless a maximum age is set; then older than it, or never recorded', () => {
    expect(passwordExpired(daysAgo(5000), undefined, now)).toBe(false)
    expect(passwordExpired(null, undefined, now)).toBe(false)
    expect(passwordExpired(daysAgo(90), 90, now)).toBe(false)
    expect(passwordExpired(new Date(daysAgo(90).getTime() - 1), 90, now)).toBe(true)
    expect(passwordExpired(null, 90, now)).toBe(true)
  })
})
