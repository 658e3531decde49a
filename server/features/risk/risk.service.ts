import type { Database } from '../../../db/engine.ts'
import { DEFAULT_DUST_RULE, type DustRule, exceedanceDays } from '../../domain/dust.ts'
import { scoreRisk } from '../../domain/risk.ts'
import { DEFAULT_RISK_CONFIG, type RiskConfig } from '../../domain/risk-config.ts'
import { boostedConfig, boostSignature, factorMultipliers, markBoosted } from '../../domain/risk-boost.ts'
import { boostState, storeBoostSignature } from '../campaigns/campaigns.repo.ts'
import * as repo from './risk.repo.ts'

export interface AnalyticsConfig { risk: RiskConfig; dust: DustRule }
export const DEFAULT_ANALYTICS: AnalyticsConfig = { risk: DEFAULT_RISK_CONFIG, dust: DEFAULT_DUST_RULE }

export interface AnalyticsRefresher {
  /** Recomputes coverage and risk of every site whose records changed; resolves when this pass is done. */
  refresh(): Promise<number>
  /** Runs `refresh` on a timer until the returned function is called. */
  every(ms: number): () => void
}

/**
 * Passes run one after another: a caller that just wrote a hazard and then awaits refresh() gets a pass that
 * started after its write, so what it reads next includes it.
 */
export function createAnalyticsRefresher(database: Database, config: AnalyticsConfig = DEFAULT_ANALYTICS): AnalyticsRefresher {
  let queue: Promise<unknown> = Promise.resolve()
  const refresh = () => {
    const pass = queue.then(() => recomputeStale(database, config))
    queue = pass.catch(() => undefined)
    return pass
  }
  return {
    refresh,
    every(ms) {
      const timer = setInterval(() => refresh().catch((error) => console.error('analytics refresh failed:', error)), ms)
      return () => clearInterval(timer)
    },
  }
}

async function recomputeStale({ db, overlayGridSize }: Database, config: AnalyticsConfig): Promise<number> {
  return db.transaction().execute(async (trx) => {
    // Holiday periods weigh some factors more while they run: when the running set changes, every site is rescored
    // (marked before the cutoff is taken, so this very pass does it).
    const boosts = await boostState(trx)
    const signature = boostSignature(boosts.running)
    if (signature !== boosts.applied) {
      await repo.markAllRiskStale(trx)
      await storeBoostSignature(trx, signature)
    }
    const cutoff = await repo.staleCutoff(trx)
    // The common case on every read: nothing changed, so answer with one indexed probe.
    if (!(await repo.anyStale(trx, cutoff))) return 0
    await repo.refreshCoverage(trx, cutoff, overlayGridSize)
    const sites = await repo.readRiskInputs(trx, cutoff, config.risk.receptorRadiusM)
    const windows = await repo.readExceedingWindowsPerDay(trx, cutoff, config.dust)
    const multipliers = factorMultipliers(boosts.running)
    const scores = scoreSites(sites, windows, { ...config, risk: boostedConfig(config.risk, multipliers) })
      .map(({ siteId, risk }) => ({ siteId, risk: markBoosted(risk, multipliers) }))
    await repo.writeRiskScores(trx, scores)
    await repo.clearStale(trx, cutoff)
    return scores.length
  })
}

type DayWindows = { site_id: number; age_days: number; windows: number }

/** Turns per-day exceeding windows into exceedance days under the rule, then scores each site. */
function scoreSites(sites: repo.StaleSiteInputs[], windows: DayWindows[], config: AnalyticsConfig) {
  const bySite = new Map<number, DayWindows[]>()
  for (const w of windows) {
    const days = bySite.get(w.site_id) ?? []
    days.push(w)
    bySite.set(w.site_id, days)
  }
  return sites.map(({ siteId, inputs }) => {
    const within = (maxAge: number) => (bySite.get(siteId) ?? []).filter((d) => d.age_days < maxAge).map((d) => d.windows)
    const risk = scoreRisk({
      ...inputs,
      pm10ExceedanceDays7: exceedanceDays(within(7), config.dust),
      pm10ExceedanceDays30: exceedanceDays(within(30), config.dust),
    }, config.risk)
    return { siteId, risk }
  })
}
