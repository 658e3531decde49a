/*
 * 公民身份号码 per GB 11643-1999: 6-digit address code, 8-digit birth date (YYYYMMDD), 3-digit sequence (odd for men,
 * even for women), and a check character by ISO 7064 MOD 11-2 over the first 17 digits. Pure, so the web app's forms
 * name the same problem the server refuses with.
 */

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARS = '10X98765432'
/** GB/T 2260 province codes (first two digits): 11–15 north, 21–23 northeast, 31–37 east, 41–46 south-central, 50–54 southwest, 61–65 northwest, 71/81/82 Taiwan, Hong Kong, Macao. */
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82])

export type IdNumberProblem = 'length' | 'characters' | 'region' | 'birth_date' | 'check_char'

/** The check character for the first 17 digits. */
export function idCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARS[sum % 11]
}

/** Upper-cases a trailing x and drops surrounding blanks: how offices type it. */
export function normalizeIdNumber(raw: string): string {
  return raw.trim().toUpperCase()
}

function validBirthDate(yyyymmdd: string): boolean {
  const [y, m, d] = [Number(yyyymmdd.slice(0, 4)), Number(yyyymmdd.slice(4, 6)), Number(yyyymmdd.slice(6, 8))]
  if (y < 1800 || y > 2100) return false
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/** The first thing wrong with an (already normalized) ID number, or null when it is a valid one. */
export function idNumberProblem(id: string): IdNumberProblem | null {
  if (id.length !== 18) return 'length'
  if (!/^[0-9]{17}[0-9X]$/.test(id)) return 'characters'
  if (!PROVINCES.has(Number(id.slice(0, 2))) || id.slice(2, 6) === '0000') return 'region'
  if (!validBirthDate(id.slice(6, 14))) return 'birth_date'
  if (idCheckChar(id.slice(0, 17)) !== id[17]) return 'check_char'
  return null
}

export const ID_NUMBER_PROBLEM_TEXT: Record<IdNumberProblem, string> = {
  length: 'an ID number has 18 characters',
  characters: 'an ID number is 17 digits and a digit or X',
  region: 'the first six digits are not a region code',
  birth_date: 'digits 7–14 are not a valid birth date (YYYYMMDD)',
  check_char: 'the last character does not match the GB 11643 check character',
}

/** Shown in every list and export: the region's first four and the last four (sequence tail and check char). */
export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length)
  return `${id.slice(0, 4)}${'*'.repeat(id.length - 8)}${id.slice(-4)}`
}

/** A valid ID number from a region code (6 digits), a birth date (YYYYMMDD) and a sequence 0–999: for seeds and tests. */
export function makeIdNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence % 1000).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}
