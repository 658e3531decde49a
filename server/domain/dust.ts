/*
 * PM10 dust limits. Standards differ (15-minute or hourly means, a number of exceedances allowed per day,
 * or a difference against the background of nearby national stations), so the rule is configuration.
 */
export interface DustRule {
  /** Limit on the averaged concentration, µg/m³. */
  limitUgM3: number
  /** Averaging window in minutes (15, 60, 1440 …): readings are averaged over each window. */
  windowMinutes: number
  /** Windows over the limit tolerated per calendar day before the day counts as an exceedance day. */
  allowedExceedancesPerDay: number
  /** When set, a window only counts if it is also this much above the mean of stations within the radius. */
  backgroundDeltaUgM3: number | null
  backgroundRadiusKm: number
}

/** Default: hourly mean above 150 µg/m³, two such hours tolerated a day, no background comparison. */
export const DEFAULT_DUST_RULE: DustRule = {
  limitUgM3: 150,
  windowMinutes: 60,
  allowedExceedancesPerDay: 2,
  backgroundDeltaUgM3: null,
  backgroundRadiusKm: 10,
}

/** Exceedance days from per-day counts of exceeding windows. */
export function exceedanceDays(exceedingWindowsPerDay: number[], rule: DustRule = DEFAULT_DUST_RULE): number {
  return exceedingWindowsPerDay.filter((n) => n > rule.allowedExceedancesPerDay).length
}
