import type { RiskFactor, RiskScore } from './risk.ts'
import { DEFAULT_RISK_CONFIG, type RiskConfig } from './risk-config.ts'

/*
 * Holiday and major-event periods (节假日/重大活动): while one runs, the factors the office chose weigh more — both
 * their points per unit and their cap are multiplied — so that the sites most exposed to them rise in the ranking.
 */

export const RISK_FACTORS = Object.keys(DEFAULT_RISK_CONFIG.factors) as RiskFactor[]
export const BOOST_MULTIPLIER = { min: 1, max: 3 } as const

export interface RiskBoost { factors: RiskFactor[]; multiplier: number }
/** A running period's boost, named by its campaign. */
export interface RunningBoost { campaignId: number; boost: RiskBoost }

/**
 * Each factor's multiplier under the running periods. Overlapping periods that boost the same factor do not
 * compound: the larger multiplier holds, so two holidays in a row cannot triple a factor twice.
 */
export function factorMultipliers(running: RunningBoost[]): Partial<Record<RiskFactor, number>> {
  const out: Partial<Record<RiskFactor, number>> = {}
  for (const { boost } of running) {
    for (const factor of boost.factors) out[factor] = Math.max(out[factor] ?? 1, boost.multiplier)
  }
  return out
}

export function boostedConfig(config: RiskConfig, multipliers: Partial<Record<RiskFactor, number>>): RiskConfig {
  const factors = { ...config.factors }
  for (const [factor, m] of Object.entries(multipliers) as [RiskFactor, number][]) {
    factors[factor] = { points: factors[factor].points * m, cap: factors[factor].cap * m }
  }
  return { ...config, factors }
}

/** The breakdown says which contributions were boosted, and by how much, so that a site's score explains itself. */
type BoostedContribution = RiskScore['breakdown'][number] & { boosted?: number }

export function markBoosted(score: RiskScore, multipliers: Partial<Record<RiskFactor, number>>): RiskScore & { breakdown: BoostedContribution[] } {
  return {
    ...score,
    breakdown: score.breakdown.map((c) => {
      const m = multipliers[c.factor]
      return m !== undefined && m > 1 ? { ...c, boosted: m } : c
    }),
  }
}

/**
 * What the stored scores were computed under, as text: when the running set's signature changes (a period starts,
 * ends or is edited), every site is rescored once. Independent of the order the periods were read in.
 */
export function boostSignature(running: RunningBoost[]): string {
  return running
    .map(({ campaignId, boost }) => `${campaignId}:${[...boost.factors].sort().join('+')}x${boost.multiplier}`)
    .sort()
    .join(';')
}
