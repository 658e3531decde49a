/*
 * The password rule (等保 2.0 level 3, 身份鉴别 a: 口令具有复杂度要求并定期更换). Pure, so that the web app
 * checks a new password as the user types it by the same rule the server enforces; only the list of common
 * passwords stays on the server (features/auth/common-passwords.ts), as 50,000 entries do not belong in a page.
 *
 * Complexity is three of the four character classes rather than length alone: it is what an assessor checks
 * against GB/T 28448, and with twelve characters it leaves no short dictionary word through either.
 */

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 200
const MIN_CLASSES = 3

/** Why a password is refused; the web app translates each code. `same_as_current` is the server's alone (it needs the hash). */
export type PasswordProblem = 'too_short' | 'too_few_classes' | 'contains_username' | 'common' | 'same_as_current'

const CLASSES = [/\p{Ll}/u, /\p{Lu}/u, /\p{Nd}/u, /[^\p{L}\p{Nd}\s]/u]

/** Character classes present: lower case, upper case, digits, symbols. Chinese characters count as none of them. */
export function characterClasses(password: string): number {
  return CLASSES.filter((pattern) => pattern.test(password)).length
}

/**
 * What a common-password list is asked: the password itself, and its letters without the digits and symbols
 * people add at either end to pass a rule ("Password123!" is "password").
 */
export function commonCandidates(password: string): string[] {
  const lower = password.toLowerCase()
  const core = lower.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '')
  return core.length >= 4 && core !== lower ? [lower, core] : [lower]
}

/**
 * Everything wrong with `password` for the account `username`, in a fixed order; empty when it is acceptable.
 * `isCommon` is the server's list (the web passes none and leaves that check to the server).
 */
export function passwordProblems(password: string, username: string, isCommon: (candidate: string) => boolean = () => false): PasswordProblem[] {
  const problems: PasswordProblem[] = []
  if ([...password].length < MIN_PASSWORD_LENGTH) problems.push('too_short')
  if (characterClasses(password) < MIN_CLASSES) problems.push('too_few_classes')
  const name = username.trim().toLowerCase()
  if (name.length >= 3 && password.toLowerCase().includes(name)) problems.push('contains_username')
  if (commonCandidates(password).some(isCommon)) problems.push('common')
  return problems
}

/**
 * Whether a password set at `changedAt` has to be changed before anything else is done. Never, when no maximum
 * age is configured; a password with no recorded change time counts as expired once one is.
 */
export function passwordExpired(changedAt: Date | null, maxAgeDays: number | undefined, now: Date): boolean {
  if (maxAgeDays === undefined) return false
  if (changedAt === null) return true
  return now.getTime() - changedAt.getTime() > maxAgeDays * 86_400_000
}
