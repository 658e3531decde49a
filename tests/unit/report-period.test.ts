import { describe, expect, it } from 'vitest'
import { isPeriodStart, periodContaining, periodLabel, previousPeriod, reportCode, reportRecipients, scheduledPeriods } from '../../server/domain/report-period.ts'

describe('report periods', () => {
  it('bounds a month, a quarter and a year inclusively, leap years included', () => {
    expect(periodContaining('month', '2026-11-24')).toEqual({ kind: 'month', start: '2026-11-01', end: '2026-11-30' })
    expect(periodContaining('month', '2028-02-10')).toEqual({ kind: 'month', start: '2028-02-01', end: '2028-02-29' })
    expect(periodContaining('month', '2026-02-28')).toEqual({ kind: 'month', start: '2026-02-01', end: '2026-02-28' })
    expect(periodContaining('quarter', '2026-11-24')).toEqual({ kind: 'quarter', start: '2026-10-01', end: '2026-12-31' })
    expect(periodContaining('quarter', '2026-06-30')).toEqual({ kind: 'quarter', start: '2026-04-01', end: '2026-06-30' })
    expect(periodContaining('year', '2026-11-24')).toEqual({ kind: 'year', start: '2026-01-01', end: '2026-12-31' })
  })

  it('steps back one period across a year', () => {
    expect(previousPeriod(periodContaining('month', '2026-01-15'))).toEqual({ kind: 'month', start: '2025-12-01', end: '2025-12-31' })
    expect(previousPeriod(periodContaining('month', '2026-03-01'))).toEqual({ kind: 'month', start: '2026-02-01', end: '2026-02-28' })
    expect(previousPeriod(periodContaining('quarter', '2026-02-01'))).toEqual({ kind: 'quarter', start: '2025-10-01', end: '2025-12-31' })
    expect(previousPeriod(periodContaining('year', '2026-05-05'))).toEqual({ kind: 'year', start: '2025-01-01', end: '2025-12-31' })
  })

  it('knows a period by its first day only', () => {
    expect(isPeriodStart('month', '2026-11-01')).toBe(true)
    expect(isPeriodStart('month', '2026-11-02')).toBe(false)
    expect(isPeriodStart('quarter', '2026-10-01')).toBe(true)
    expect(isPeriodStart('quarter', '2026-11-01')).toBe(false)
    expect(isPeriodStart('year', '2026-01-01')).toBe(true)
    expect(isPeriodStart('year', '2026-07-01')).toBe(false)
  })

  it('labels periods and numbers documents in Chinese', () => {
    expect(periodLabel(periodContaining('month', '2026-11-24'))).toBe('2026年11月')
    expect(periodLabel(periodContaining('quarter', '2026-11-24'))).toBe('2026年第四季度')
    expect(periodLabel(periodContaining('quarter', '2026-02-24'))).toBe('2026年第一季度')
    expect(periodLabel(periodContaining('year', '2026-11-24'))).toBe('2026年度')
    expect(reportCode(2026, 12)).toBe('苏建监报〔2026〕12号')
  })

  it('schedules last month always, last quarter after a quarter ends and last year in January', () => {
    expect(scheduledPeriods('2026-12-01')).toEqual([{ kind: 'month', start: '2026-11-01', end: '2026-11-30' }])
    expect(scheduledPeriods('2026-10-15')).toEqual([
      { kind: 'month', start: '2026-09-01', end: '2026-09-30' }, { kind: 'quarter', start: '2026-07-01', end: '2026-09-30' },
    ])
    expect(scheduledPeriods('2027-01-01')).toEqual([
      { kind: 'month', start: '2026-12-01', end: '2026-12-31' }, { kind: 'quarter', start: '2026-10-01', end: '2026-12-31' },
      { kind: 'year', start: '2026-01-01', end: '2026-12-31' },
    ])
  })

  it('sends the city report to administrators and command, a district report to its station and command', () => {
    const users = [
      { id: 1, role: 'admin', districtId: null }, { id: 2, role: 'city_command', districtId: null }, { id: 3, role: 'planner', districtId: null },
      { id: 4, role: 'district_supervisor', districtId: 7 }, { id: 5, role: 'district_supervisor', districtId: 8 }, { id: 6, role: 'grid_supervisor', districtId: 7 },
    ]
    expect(reportRecipients(users, null)).toEqual([1, 2])
    expect(reportRecipients(users, 7)).toEqual([2, 4])
    expect(reportRecipients(users, 9)).toEqual([2])
  })
})
