import type { Rng } from '../../db/seed/random.ts'
import { DUST_FACTORS, type Hj212Factor } from '../../server/domain/hj212.ts'

/*
 * Plausible values for each kind of device, with a little state per device so a series looks like a series: PM10
 * wanders around the device's own level within 40–120 µg/m³ (250–400 during a dust episode), a crane's load stays
 * under its rating except for the odd overload, and a camera now and then drops offline for a few reports.
 */

export interface DustSample { pm10: number; pm25: number; tsp: number; noise: number; windSpeed: number; windDirection: number; temperature: number }

const round1 = (n: number) => Math.round(n * 10) / 10
const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n))
const beijingHour = (at: Date) => (at.getUTCHours() + 8 + at.getUTCMinutes() / 60) % 24

export function createDustSource(rng: Rng) {
  const level = rng.range(55, 100)
  let drift = 0
  let episodeDrift = 0
  return (at: Date, episode: boolean): DustSample => {
    // AR(1): each reading close to the last, so a chart of one monitor is a line, not confetti.
    drift = 0.85 * drift + rng.normal(0, 5)
    const hour = beijingHour(at)
    // Construction dust peaks mid-morning and afternoon, when the sites are working.
    const daily = 12 * Math.sin(((hour - 7) / 24) * 2 * Math.PI)
    episodeDrift = 0.9 * episodeDrift + rng.normal(0, 12)
    const pm10 = episode ? clamp(320 + episodeDrift, 250, 400) : clamp(level + daily + drift, 40, 120)
    return {
      pm10: round1(pm10), pm25: round1(pm10 * rng.range(0.45, 0.65)), tsp: round1(pm10 * rng.range(1.6, 2)),
      noise: round1(clamp(62 + daily / 2 + rng.normal(0, 3), 45, 85)), windSpeed: round1(clamp(2.5 + rng.normal(0, 1.2), 0, 12)),
      windDirection: Math.floor(rng.range(0, 360)), temperature: round1(16 + 7 * Math.sin(((hour - 9) / 24) * 2 * Math.PI) + rng.normal(0, 0.3)),
    }
  }
}

const CODES: Record<keyof DustSample, string> = {
  pm10: DUST_FACTORS.pm10, pm25: DUST_FACTORS.pm25, tsp: DUST_FACTORS.tsp, noise: DUST_FACTORS.noise,
  windSpeed: DUST_FACTORS.windSpeed, windDirection: DUST_FACTORS.windDirection, temperature: DUST_FACTORS.temperature,
}
/** Factor values per packet: the 7 above, each a data point. */
export const FACTORS_PER_PACKET = Object.keys(CODES).length

/** A real-time (2011) CP: each factor's Rtd and its data flag; `pm10Flag` other than N marks the reading not normal. */
export function realtimeFactors(s: DustSample, pm10Flag = 'N'): Record<string, Hj212Factor> {
  return Object.fromEntries(Object.entries(CODES).map(([name, code]) => [code, { Rtd: s[name as keyof DustSample], Flag: name === 'pm10' ? pm10Flag : 'N' }]))
}

/** Running minimum, mean and maximum of PM10, for minute (2051) and hourly (2061) uploads. */
export function createMeans() {
  let n = 0, sum = 0, min = Infinity, max = -Infinity
  return {
    add(pm10: number) { n++; sum += pm10; min = Math.min(min, pm10); max = Math.max(max, pm10) },
    get count() { return n },
    /** The interval's CP (PM10 and PM2.5 by Avg/Min/Max), and a fresh start for the next interval. */
    take(last: DustSample): Record<string, Hj212Factor> {
      const avg = n > 0 ? round1(sum / n) : last.pm10
      const cp = {
        [DUST_FACTORS.pm10]: { Avg: avg, Min: n > 0 ? min : avg, Max: n > 0 ? max : avg, Flag: 'N' },
        [DUST_FACTORS.pm25]: { Avg: round1(avg * last.pm25 / Math.max(1, last.pm10)), Flag: 'N' },
      }
      n = 0; sum = 0; min = Infinity; max = -Infinity
      return cp
    },
  }
}

const RATINGS_T = [6, 8, 10, 12, 16, 25] as const

/** A tower-crane monitor's CraneTelemetry (server/domain/device-readings.ts) minus deviceId and ts. */
export function createCraneSource(rng: Rng) {
  const ratedLoadT = rng.pick(RATINGS_T)
  const heightM = Math.round(rng.range(30, 120))
  let slewDeg = rng.range(0, 360)
  return () => {
    slewDeg = (slewDeg + rng.normal(0, 25) + 360) % 360
    // About one lift in 500 is over the rating: the overload alarm the wall shows.
    const overload = rng.chance(0.002)
    const loadT = round1(overload ? ratedLoadT * rng.range(1.02, 1.15) : ratedLoadT * rng.range(0, 0.85))
    return {
      loadT, ratedLoadT, momentPct: round1(clamp((loadT / ratedLoadT) * 100 * rng.range(0.8, 1.05), 0, 150)),
      windMs: round1(clamp(rng.normal(4.5, 2), 0, 30)), heightM, slewDeg: round1(slewDeg) % 360,
      alarms: overload ? ['overload' as const] : [], operatorVerified: rng.chance(0.99),
    }
  }
}

/** A camera that is online, and now and then offline for a few reports (the platform's GB/T 28181 view). */
export function createCameraSource(rng: Rng) {
  let online = true
  return () => {
    online = online ? !rng.chance(0.005) : rng.chance(0.3)
    return { online }
  }
}
