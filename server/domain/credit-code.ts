/*
 * 统一社会信用代码 (unified social credit identifier) per GB 32100-2015: 18 characters from a 31-character set
 * (digits and capitals without I, O, S, V, Z):
 *   1 登记管理部门码, 2 机构类别码, 3–8 登记管理机关行政区划码 (GB/T 2260, digits), 9–17 主体标识码, 18 校验码.
 * The check character makes Σ value(cᵢ)·wᵢ + value(c₁₈) ≡ 0 (mod 31), with wᵢ = 3^(i−1) mod 31.
 * Shared by the API (refuses a bad code with the expected check character) and the web form (says so inline).
 */

export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** The check character for the first 17 characters (which must already be in the character set). */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT_CODE_CHARSET.indexOf(first17[i]) * WEIGHTS[i]
  return CREDIT_CODE_CHARSET[(31 - (sum % 31)) % 31]
}

export type CreditCodeProblem =
  | { kind: 'length'; length: number }
  | { kind: 'charset'; position: number; char: string }
  | { kind: 'check'; expected: string; actual: string }

/** What is wrong with a code, or null when it is valid. Upper-case input only: callers normalise. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return { kind: 'length', length: code.length }
  for (let i = 0; i < 18; i++) {
    const allowed = i >= 2 && i < 8 ? /[0-9]/ : /[0-9A-HJ-NPQRTUWXY]/
    if (!allowed.test(code[i])) return { kind: 'charset', position: i + 1, char: code[i] }
  }
  const expected = creditCodeCheckChar(code.slice(0, 17))
  return expected === code[17] ? null : { kind: 'check', expected, actual: code[17] }
}

export const isCreditCode = (code: string) => creditCodeProblem(code) === null

/** The problem as one English sentence, for API errors and import row notes. */
export function describeCreditCodeProblem(problem: CreditCodeProblem): string {
  switch (problem.kind) {
    case 'length': return `a 统一社会信用代码 has 18 characters, not ${problem.length}`
    case 'charset': return problem.position >= 3 && problem.position <= 8
      ? `character ${problem.position} ('${problem.char}') must be a digit (行政区划码)`
      : `character ${problem.position} ('${problem.char}') is not allowed (0-9 and A-Z without I, O, S, V, Z)`
    case 'check': return `check character (18th) is '${problem.actual}' but GB 32100 gives '${problem.expected}'`
  }
}

/** A valid code from a source of randomness in [0, 1): 91 (工商, 企业) + a region + a random 主体标识码. */
export function generateCreditCode(next: () => number, region: string): string {
  const pick = () => CREDIT_CODE_CHARSET[Math.floor(next() * 31)]
  let body = `91${region}`
  while (body.length < 17) body += pick()
  return body + creditCodeCheckChar(body)
}
