import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { comparePeriods, formatKpi, KPI_KEYS, KPI_SERIES, kpiSeriesDef, MAX_RANGE_DAYS, rangeDays, rangeProblem, readKpi, summarize } from '../../server/domain/kpi-series.ts'
import { shiftDay } from '../../server/domain/time.ts'
import { episodes, largestMove } from '../../server/domain/site-timeline.ts'

/* The KPIs charted over time, how two periods compare, and a site timeline's factor moves and PM10 episodes. */

const value = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null, freq: 4 })
const values = fc.array(value, { maxLength: 40 })
const def = fc.constantFrom(...KPI_KEYS).map(kpiSeriesDef)

describe('the catalogue', () => {
  it('has unique keys, both names, and reads each stored KPI from where GET /api/kpis puts it', () => {
    expect(new Set(KPI_KEYS).size).toBe(KPI_SERIES.length)
    for (const d of KPI_SERIES) expect(d.zh.length * d.en.length).toBeGreaterThan(0)
    const kpis = {
      threeAccurateOneCoverage: { supervisedProjectsToday: 140, noticesToday: { total: 3, byType: [] }, beyondScaleProjectsNow: 12, standardizationCoverage: 0.81 },
      targets: { target: 1, certificateRate: 0.97, videoInstallationRate: 0.9, craneMonitoringRate: null, deviceOnlineRate: 0.88, standardizationCoverage: 0.81 },
      keyProjects: { allThree: 20, missingAfterDeadline: 4 }, hazards: { open: 55, overdue: 7, bySeverity: { major: 2, general: 53 } },
      pm10: { sitesExceedingLast24h: 6 },
    }
    const read = Object.fromEntries(KPI_SERIES.flatMap((d) => ('kpiPath' in d.source ? [[d.key, readKpi(kpis, d.source.kpiPath)]] : [])))
    expect(read).toEqual({
      supervisedProjects: 140, noticesToday: 3, beyondScaleProjects: 12, standardizationCoverage: 0.81, certificateRate: 0.97, videoInstallationRate: 0.9,
      craneMonitoringRate: null, deviceOnlineRate: 0.88, keyProjectsAllThree: 20, keyProjectsMissing: 4, openHazards: 55, overdueHazards: 7,
      majorOpenHazards: 2, pm10SitesExceeding: 6,
    })
    expect(KPI_SERIES.filter((d) => 'siteDays' in d.source).map((d) => d.key)).toEqual(['meanRisk', 'redOrangeSites', 'meanCoverage'])
  })

  it('reads null, not a crash, from a missing path or a value that is not a number', () => {
    expect(readKpi({ hazards: {} }, ['hazards', 'open'])).toBeNull()
    expect(readKpi(null, ['hazards', 'open'])).toBeNull()
    expect(readKpi({ hazards: { open: '5' } }, ['hazards', 'open'])).toBeNull()
  })

  it('counts a range inclusively, across a month end', () => {
    expect(rangeDays('2026-11-01', '2026-11-01')).toBe(1)
    expect(rangeDays('2026-10-30', '2026-11-02')).toBe(4)
    expect(rangeDays('2025-11-24', '2026-11-24')).toBe(366)
    expect(rangeDays('2026-11-02', '2026-11-01')).toBe(0)
  })

  it('names what is wrong with a range: an empty or half-typed date, an end before the start, too many days', () => {
    expect(rangeProblem('2026-11-20', '2026-11-23')).toBeNull()
    expect(rangeProblem('2026-11-20', '2026-11-20')).toBeNull()
    expect(rangeProblem('', '2026-11-23')).toBe('incomplete')
    expect(rangeProblem('2026-11-20', '')).toBe('incomplete')
    expect(rangeProblem('0002-11-20', '2026-13-01')).toBe('incomplete')
    expect(rangeProblem('2026-11-23', '2026-11-20')).toBe('reversed')
    expect(rangeProblem('2025-10-01', '2026-11-20')).toBe('too_long')
    expect(rangeProblem(shiftDay('2026-11-20', 1 - MAX_RANGE_DAYS), '2026-11-20')).toBeNull()
  })
})

describe('comparing two periods', () => {
  it('sums a period up by its last captured day or its mean, skipping days not kept', () => {
    expect(summarize([3, null, 5, null], 'end')).toBe(5)
    expect(summarize([3, null, 5, null], 'mean')).toBe(4)
    expect(summarize([null, null], 'mean')).toBeNull()
  })

  it('says whether B is better than A by the KPI\'s direction', () => {
    const open = comparePeriods(kpiSeriesDef('openHazards'), [60, 50], [45, 40])
    expect(open).toEqual({ key: 'openHazards', mode: 'end', a: 50, b: 40, change: -10, relative: -0.2, trend: 'better' })
    const online = comparePeriods(kpiSeriesDef('deviceOnlineRate'), [0.9, 0.8], [0.8, 0.8])
    expect(online.trend).toBe('worse')
    expect(online.a).toBeCloseTo(0.85)
    expect(online.relative).toBeCloseTo(-0.05 / 0.85)
    expect(comparePeriods(kpiSeriesDef('supervisedProjects'), [100], [120]).trend).toBe('neutral')
    expect(comparePeriods(kpiSeriesDef('overdueHazards'), [0], [3])).toMatchObject({ change: 3, relative: null, trend: 'worse' })
    expect(comparePeriods(kpiSeriesDef('meanRisk'), [], [30])).toMatchObject({ a: null, b: 30, change: null, trend: null })
  })

  it('change is B − A, swapping the periods negates it, and equal periods are the same', () => {
    fc.assert(fc.property(def, values, values, (d, a, b) => {
      const ab = comparePeriods(d, a, b)
      const ba = comparePeriods(d, b, a)
      if (ab.a === null || ab.b === null) {
        expect(ab.change).toBeNull()
      } else {
        expect(ab.change).toBeCloseTo(ab.b - ab.a, 6)
        expect(ba.change).toBeCloseTo(-(ab.change as number), 6)
        if (ab.trend === 'better') expect(ba.trend).toBe('worse')
        expect(comparePeriods(d, a, a)).toMatchObject({ change: 0, trend: 'same' })
      }
    }))
  })

  it('formats by unit', () => {
    expect(formatKpi(0.8125, 'ratio')).toBe('81.3%')
    expect(formatKpi(41.26, 'score')).toBe('41.3')
    expect(formatKpi(7, 'count')).toBe('7')
    expect(formatKpi(6.5, 'count')).toBe('6.5')
    expect(formatKpi(null, 'count')).toBe('—')
  })
})

describe('a site timeline', () => {
  it('names the factor whose points moved most from one day to the next', () => {
    const before = [{ factor: 'openHazards', points: 12 }, { factor: 'pm10', points: 5 }]
    const after = [{ factor: 'openHazards', points: 4 }, { factor: 'pm10', points: 8 }, { factor: 'stage', points: 2 }]
    expect(largestMove(before, after)).toEqual({ factor: 'openHazards', from: 12, to: 4, change: -8 })
    expect(largestMove(before, before)).toBeNull()
    expect(largestMove([], [{ factor: 'pm10', points: 6 }])).toEqual({ factor: 'pm10', from: 0, to: 6, change: 6 })
  })

  it('merges PM10 days into runs of consecutive days', () => {
    expect(episodes(['2026-11-03', '2026-10-31', '2026-11-01', '2026-11-05', '2026-11-01'])).toEqual([
      { start: '2026-10-31', end: '2026-11-01', days: 2 }, { start: '2026-11-03', end: '2026-11-03', days: 1 }, { start: '2026-11-05', end: '2026-11-05', days: 1 },
    ])
  })

  it('keeps every day in exactly one episode, with a gap between episodes', () => {
    const day = fc.integer({ min: 0, max: 120 }).map((n) => new Date(Date.UTC(2026, 9, 1) + n * 86_400_000).toISOString().slice(0, 10))
    fc.assert(fc.property(fc.array(day, { maxLength: 60 }), (days) => {
      const runs = episodes(days)
      expect(runs.reduce((n, r) => n + r.days, 0)).toBe(new Set(days).size)
      for (const r of runs) expect(rangeDays(r.start, r.end)).toBe(r.days)
      for (let i = 1; i < runs.length; i++) expect(rangeDays(runs[i - 1].end, runs[i].start)).toBeGreaterThan(2)
    }))
  })
})
