import { describe, expect, it } from 'vitest'
import { DECOY_HASH, generatePassword, hashPassword, MIN_PASSWORD_LENGTH, verifyPassword } from '../../server/features/auth/passwords.ts'

/* scrypt hashes in a self-describing `scrypt$N$r$p$salt$hash` string. */

const FORMAT = /^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]{22}==\$[A-Za-z0-9+/]{43}=$/

describe('passwords', () => {
  it('hash to the scrypt format, with the password nowhere in it', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(hash).toMatch(FORMAT)
    expect(hash).not.toContain('correct')
  })

  it('verify round trip; a wrong, empty or differently-cased password does not', async () => {
    const hash = await hashPassword('correct horse battery')
    expect(await verifyPassword('correct horse battery', hash)).toBe(true)
    expect(await verifyPassword('correct horse batterz', hash)).toBe(false)
    expect(await verifyPassword('Correct horse battery', hash)).toBe(false)
    expect(await verifyPassword('', hash)).toBe(false)
  })

  it('are salted: the same password hashes differently each time, and both verify', async () => {
    const [a, b] = await Promise.all([hashPassword('密码也可以是中文的'), hashPassword('密码也可以是中文的')])
    expect(a).not.toBe(b)
    expect(await verifyPassword('密码也可以是中文的', a)).toBe(true)
    expect(await verifyPassword('密码也可以是中文的', b)).toBe(true)
  })

  it('refuse stored strings of another scheme or with no hash', async () => {
    expect(await verifyPassword('secret', 'secret')).toBe(false)
    expect(await verifyPassword('secret', '$2b$10$abcdefghijklmnopqrstuv')).toBe(false)
    expect(await verifyPassword('secret', 'scrypt$32768$8$1$c2FsdA==')).toBe(false)
  })

  it('the decoy hash, checked for unknown users, matches nothing', async () => {
    expect(DECOY_HASH).toMatch(FORMAT)
    expect(await verifyPassword('', DECOY_HASH)).toBe(false)
    expect(await verifyPassword('admin', DECOY_HASH)).toBe(false)
  })

  it('generated passwords are long enough and free of look-alike characters', () => {
    const passwords = Array.from({ length: 50 }, generatePassword)
    for (const p of passwords) {
      expect(p).toMatch(/^[a-km-zA-HJ-NP-Z2-9]{16}$/)
      expect(p.length).toBeGreaterThanOrEqual(MIN_PASSWORD_LENGTH)
    }
    expect(new Set(passwords).size).toBe(50)
  })
})
