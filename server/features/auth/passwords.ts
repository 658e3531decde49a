import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto'
import { promisify } from 'node:util'
import { characterClasses } from '../../domain/password-policy.ts'

/*
 * Passwords are hashed with scrypt, a memory-hard function, into a self-describing string
 * `scrypt$N$r$p$salt$hash` so that the cost can be raised later without invalidating old hashes.
 */

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>
// 2^15 × 8 × 128 bytes = 32 MiB per hash, about 0.1 s here: slow for a guesser, fine for a login.
const COST = { N: 2 ** 15, r: 8, p: 1 }
const KEY_BYTES = 32

export { MIN_PASSWORD_LENGTH } from '../../domain/password-policy.ts'

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, KEY_BYTES, { ...COST, maxmem: 128 * COST.N * COST.r * 2 })
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64'), key.toString('base64')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !hash) return false
  const expected = Buffer.from(hash, 'base64')
  const [N, R, P] = [Number(n), Number(r), Number(p)]
  const key = await scryptAsync(password, Buffer.from(salt, 'base64'), expected.length, { N, r: R, p: P, maxmem: 128 * N * R * 2 })
  return timingSafeEqual(key, expected)
}

/** A hash of nothing, verified against when the username is unknown so that timing does not tell who exists. */
export const DECOY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

/**
 * 16 characters from an alphabet without look-alikes (0/O, 1/l/I), for passwords printed to a console; drawn
 * again in the rare case (about 1 in 12) that one lacks a class, so that it meets the password policy.
 */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
  for (;;) {
    const password = Array.from({ length: 16 }, () => alphabet[randomInt(alphabet.length)]).join('')
    if (characterClasses(password) === 3) return password
  }
}
