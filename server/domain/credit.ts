import { type CreditBonus, type CreditConfig, type CreditDeduction, type CreditFactor, type CreditGrade, type CreditRole, DEFAULT_CREDIT_CONFIG } from './credit-config.ts'

/** How many units of a factor a firm has in one role over the period, as counted from the records. */
export interface CreditCount { factor: CreditFactor; role: CreditRole; units: number }

/** What one factor in one role did to the score: negative for deductions, positive for bonuses. */
export interface CreditContribution { factor: CreditFactor; role: CreditRole; units: number; points: number }
export interface CreditScore { score: number; grade: CreditGrade; breakdown: CreditContribution[] }

const isDeduction = (factor: CreditFactor, config: CreditConfig): factor is CreditDeduction => factor in config.deductions

/**
 * base − deductions + bonuses, between 0 and base + bonusCap. The breakdown's points sum to score − base: when
 * deductions pass the base or bonuses pass their cap, they are scaled down together so the explanation still
 * adds up. Points are worked in tenths (integers) so the sum is exact.
 */
export function scoreCredit(counts: CreditCount[], config: CreditConfig = DEFAULT_CREDIT_CONFIG): CreditScore {
  const deductions: CreditContribution[] = []
  const bonuses: CreditContribution[] = []
  for (const { factor, role, units } of merge(counts)) {
    const deduction = isDeduction(factor, config)
    const weight = deduction ? config.deductions[factor][role] : config.bonuses[factor as CreditBonus]?.[role]
    if (!weight || units <= 0) continue
    const tenths = Math.round(Math.min(weight.cap, units * weight.points) * 10)
    if (tenths > 0) (deduction ? deductions : bonuses).push({ factor, role, units, points: tenths })
  }
  const lost = scaleTo(deductions, config.base * 10)
  const gained = scaleTo(bonuses, config.bonusCap * 10)
  const breakdown = [
    ...deductions.map((c) => ({ ...c, points: -c.points / 10 })),
    ...bonuses.map((c) => ({ ...c, points: c.points / 10 })),
  ].filter((c) => c.points !== 0).sort((a, b) => a.points - b.points)
  const score = (config.base * 10 - lost + gained) / 10
  return { score, grade: creditGradeOf(score, config), breakdown }
}

export function creditGradeOf(score: number, config: CreditConfig = DEFAULT_CREDIT_CONFIG): CreditGrade {
  const { AAA, AA, A, B } = config.grades
  return score >= AAA ? 'AAA' : score >= AA ? 'AA' : score >= A ? 'A' : score >= B ? 'B' : 'C'
}

/** The same factor and role counted twice (e.g. from two queries) is one count. */
function merge(counts: CreditCount[]): CreditCount[] {
  const byKey = new Map<string, CreditCount>()
  for (const c of counts) {
    const key = `${c.factor}/${c.role}`
    const seen = byKey.get(key)
    byKey.set(key, { ...c, units: (seen?.units ?? 0) + c.units })
  }
  return [...byKey.values()]
}

/** Scales integer tenths down so they sum to at most `limit`, the rounding remainder going to the largest. Returns the sum. */
function scaleTo(items: CreditContribution[], limit: number): number {
  const total = items.reduce((sum, c) => sum + c.points, 0)
  if (total <= limit) return total
  for (const c of items) c.points = Math.floor((c.points * limit) / total)
  const largest = items.reduce((a, b) => (b.points > a.points ? b : a))
  largest.points += limit - items.reduce((sum, c) => sum + c.points, 0)
  return limit
}

export const ACCIDENT_GRADES = ['general', 'larger', 'major', 'especially_major'] as const
export type AccidentGrade = (typeof ACCIDENT_GRADES)[number]

/**
 * The lowest grade an accident's casualties allow, per 《生产安全事故报告和调查处理条例》 art. 3: 较大 from 3 deaths
 * or 10 seriously injured, 重大 from 10 or 50, 特别重大 from 30 or 100. Direct economic loss may raise the grade
 * further, so a higher grade is accepted; a lower one is not.
 */
export function minimumAccidentGrade(deaths: number, injuries: number): AccidentGrade {
  if (deaths >= 30 || injuries >= 100) return 'especially_major'
  if (deaths >= 10 || injuries >= 50) return 'major'
  if (deaths >= 3 || injuries >= 10) return 'larger'
  return 'general'
}
