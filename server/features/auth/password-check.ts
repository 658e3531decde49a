import { dictionary } from '@zxcvbn-ts/language-common'
import { type PasswordProblem, passwordProblems } from '../../domain/password-policy.ts'
import { AppError } from '../../errors.ts'

/*
 * Passwords nobody may choose. The bulk is zxcvbn-ts's list of common passwords (@zxcvbn-ts/language-common,
 * MIT, about 49,000 entries ranked from public breach corpora), kept up to date by npm like any dependency.
 * That list is mostly English; the few below are the Chinese users' favourites it lacks, from the top of the
 * published frequency tables of the 2011 CSDN and 163.com leaks, plus this portal's own name and city, which an
 * attacker tries first. Entries are lower case: the check is case-insensitive.
 */
const CHINESE_FAVOURITES = [
  'woaini', 'woaini1314', 'woaini520', 'woaiwojia', 'wodemima', '5201314', '1314520', '520520', 'dearbook', 'xiazhili',
  '147258369', '789456123', '123654789', '110110110', '31415926', 'qq123456', 'qq5201314', 'aini1314', 'zhang123',
  'sitegrid', 'suzhou', 'jianguan', 'jiansheju',
]

const MESSAGES: Record<PasswordProblem, string> = {
  too_short: 'shorter than the minimum length',
  too_few_classes: 'needs three of: lower case, upper case, digits, symbols',
  contains_username: 'contains the username',
  common: 'is, or is built on, a commonly used password',
  same_as_current: 'is the current password',
}

export type PasswordCheck = (password: string, username: string, field?: string) => void

/**
 * The server's check of a new password: the policy with the common-password list. Refuses with 400
 * `weak_password`, one detail per problem (`{ path: field, code, message }`; the web app translates the code).
 * Each router that sets passwords makes one when it is made (a Set of ~49,000 strings, a few MB, ~10 ms).
 */
export function createPasswordCheck(): PasswordCheck {
  const common = new Set([...dictionary['passwords-common'], ...CHINESE_FAVOURITES])
  const isCommon = (candidate: string) => common.has(candidate.toLowerCase())
  return (password, username, field = 'password') => {
    const problems = passwordProblems(password, username, isCommon)
    if (problems.length) throw weakPassword(problems, field)
  }
}

/** The refusal of a password for these problems, for the request field `field`. */
export function weakPassword(problems: PasswordProblem[], field: string): AppError {
  const details = problems.map((code) => ({ path: field, code, message: MESSAGES[code] }))
  return new AppError(400, 'weak_password', `password refused: ${details.map((d) => d.message).join('; ')}`, details)
}
