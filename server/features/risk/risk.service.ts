import type { Kysely, RawBuilder } from 'kysely'
import type { Database } from '../../../db/engine.ts'
import { type AsOf, LIVE } from '../../../db/sql.ts'
import type { DB } from '../../../db/types.ts'
import { DEFAULT_DUST_RULE, type DustRule, exceedanceDays } from '../../domain/dust.ts'
import { type RiskScore, scoreRisk } from '../../domain/risk.ts'
import { DEFAULT_RISK_CONFIG, type RiskConfig } from '../../domain/risk-config.ts'
import { boostedConfig, boostSignature, factorMultipliers, markBoosted, type RunningBoost } from '../../domain/risk-boost.ts'
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
  // Most passes (every read awaits one) find nothing marked and the boosts as the scores took them: that is asked
  // in one statement, without a transaction. Anything else is decided afresh inside the pass's transaction.
  const probe = await repo.passProbe(db)
  if (!probe.anyMarked && boostSignature(probe.running) === probe.applied) return 0
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
    const scores = await scoreSitesAt(trx, repo.staleSites(cutoff), config, boosts.running)
    await repo.writeRiskScores(trx, scores)
    await repo.clearStale(trx, cutoff)
    return scores.length
  })
}

export interface SiteScore {
  siteId: number
  risk: RiskScore
  /** Exceeding PM10 windows on the day scored, and exceedance days in the 30 to it (which the score counts). */
  pm10: { windowsToday: number; exceedanceDays30: number }
  /** Hazards open at the time scored, of them overdue and major. */
  hazards: { open: number; overdue: number; major: number }
}

/**
 * Scores the sites `sites` (a subquery of ids) as their records stood `at` (now, or the end of a day of the
 * history) under the holiday boosts `running`: one model for the live scores and the kept history.
 */
export async function scoreSitesAt(db: Kysely<DB>, sites: RawBuilder<unknown>, config: AnalyticsConfig, running: RunningBoost[], at: AsOf = LIVE): Promise<SiteScore[]> {
  const inputs = await repo.readRiskInputs(db, sites, config.risk.receptorRadiusM, at)
  const windows = await repo.readExceedingWindowsPerDay(db, sites, config.dust, at)
  const multipliers = factorMultipliers(running)
  return scoreSites(inputs, windows, { ...config, risk: boostedConfig(config.risk, multipliers) })
    .map((site) => ({ ...site, risk: markBoosted(site.risk, multipliers) }))
}

type DayWindows = { site_id: number; age_days: number; windows: number }

/** Turns per-day exceeding windows into exceedance days under the rule, then scores each site. */
function scoreSites(sites: repo.StaleSiteInputs[], windows: DayWindows[], config: AnalyticsConfig): SiteScore[] {
  const bySite = new Map<number, DayWindows[]>()
  for (const w of windows) {
    const days = bySite.get(w.site_id) ?? []
    days.push(w)
    bySite.set(w.site_id, days)
  }
  return sites.map(({ siteId, inputs }) => {
    const within = (maxAge: number) => (bySite.get(siteId) ?? []).filter((d) => d.age_days < maxAge).map((d) => d.windows)
    const exceedanceDays30 = exceedanceDays(within(30), config.dust)
    const risk = scoreRisk({ ...inputs, pm10ExceedanceDays7: exceedanceDays(within(7), config.dust), pm10ExceedanceDays30: exceedanceDays30 }, config.risk)
    const hazards = { open: inputs.openHazards, overdue: inputs.overdueHazards, major: inputs.majorOpenHazards }
    return { siteId, risk, pm10: { windowsToday: within(1).reduce((n, w) => n + w, 0), exceedanceDays30 }, hazards }
  })
}
