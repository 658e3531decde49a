import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  dayDiff, dueOnProblem, findingDeadlineOk, latestDueOn, MAX_FINDING_DEADLINE_DAYS, patrolPerformance, type PatrolCounts, reviewProblem, runsOn,
} from '../../server/domain/patrol.ts'
import { shiftDay } from '../../server/domain/time.ts'

/* The third-party patrol's rules: when a task may be due, which deadlines a finding may propose, the firm's performance. */

const CONTRACT = { startsOn: '2026-09-01', endsOn: '2027-08-31', reportWithinDays: 3, patrolsRequired: 365 }
const NONE: PatrolCounts = { reported: 0, reportedOnTime: 0, overdue: 0, confirmed: 0, rejected: 0, pending: 0 }
const day = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))

describe('calendar days', () => {
  it('shiftDay and dayDiff undo each other, across months, years and leap days', () => {
    fc.assert(fc.property(day, fc.integer({ min: -800, max: 800 }), (from, n) => {
      expect(dayDiff(from, shiftDay(from, n))).toBe(n)
    }))
    expect(shiftDay('2028-02-28', 1)).toBe('2028-02-29')
    expect(shiftDay('2026-12-31', 1)).toBe('2027-01-01')
  })
})

describe('when a task may be due', () => {
  it('defaults to the contract\'s report time after assignment, and never past the contract\'s end', () => {
    expect(latestDueOn(CONTRACT, '2026-11-24')).toBe('2026-11-27')
    expect(latestDueOn(CONTRACT, '2027-08-30')).toBe('2027-08-31')
  })

  it('refuses tasks outside the contract, due before they are assigned, or later than the terms allow', () => {
    expect(dueOnProblem(CONTRACT, '2026-08-31', '2026-09-01')).toMatch(/contract runs/)
    expect(dueOnProblem(CONTRACT, '2026-11-24', '2026-11-23')).toMatch(/before it is assigned/)
    expect(dueOnProblem(CONTRACT, '2026-11-24', '2026-11-28')).toMatch(/3 days to report/)
    expect(dueOnProblem(CONTRACT, '2026-11-24', '2026-11-24')).toBeNull()
  })

  it('accepts exactly the days from assignment to the latest due day (property)', () => {
    fc.assert(fc.property(day, fc.integer({ min: 1, max: 60 }), fc.integer({ min: -5, max: 70 }), (assignedOn, within, offset) => {
      const contract = { startsOn: shiftDay(assignedOn, -10), endsOn: shiftDay(assignedOn, 40), reportWithinDays: within }
      const dueOn = shiftDay(assignedOn, offset)
      const ok = dueOn >= assignedOn && dueOn <= latestDueOn(contract, assignedOn)
      expect(dueOnProblem(contract, assignedOn, dueOn) === null).toBe(ok)
      expect(dayDiff(assignedOn, latestDueOn(contract, assignedOn))).toBe(Math.min(within, 40))
    }))
  })

  it('a contract runs from its first to its last day inclusive', () => {
    expect(runsOn(CONTRACT, '2026-09-01')).toBe(true)
    expect(runsOn(CONTRACT, '2027-08-31')).toBe(true)
    expect(runsOn(CONTRACT, '2027-09-01')).toBe(false)
  })
})

describe('a finding\'s proposed deadline', () => {
  it('falls from the patrol\'s day to 180 days after (property)', () => {
    fc.assert(fc.property(day, fc.integer({ min: -30, max: 400 }), (patrolDay, offset) => {
      expect(findingDeadlineOk(patrolDay, shiftDay(patrolDay, offset))).toBe(offset >= 0 && offset <= MAX_FINDING_DEADLINE_DAYS)
    }))
  })
})

describe('review', () => {
  it('a rejection needs a reason; a confirmation does not', () => {
    expect(reviewProblem('reject', '  ')).toMatch(/why/)
    expect(reviewProblem('reject', '已整改')).toBeNull()
    expect(reviewProblem('confirm', '')).toBeNull()
  })
})

describe('the firm\'s performance', () => {
  it('counts patrols against the contract pro rata to date and in full', () => {
    const p = patrolPerformance(CONTRACT, { ...NONE, reported: 50, reportedOnTime: 40, overdue: 10, confirmed: 30, rejected: 10, pending: 5 }, '2026-11-29')
    expect(p.requiredToDate).toBe(90)
    expect(p.done).toBe(50)
    expect(p.doneShare).toBe(0.137)
    expect(p.doneShareToDate).toBe(0.556)
    expect(p.confirmedShare).toBe(0.75)
    // Open tasks past due count as late: 40 on time of 50 reported + 10 overdue.
    expect(p.onTimeShare).toBe(0.667)
  })

  it('owes nothing before the contract starts and everything after it ends; shares are null with nothing to share', () => {
    expect(patrolPerformance(CONTRACT, NONE, '2026-08-01')).toMatchObject({ requiredToDate: 0, doneShareToDate: null, confirmedShare: null, onTimeShare: null, doneShare: 0 })
    expect(patrolPerformance(CONTRACT, NONE, '2030-01-01').requiredToDate).toBe(365)
  })

  it('what is owed to date never falls as days pass, and stays within the contract\'s total (property)', () => {
    fc.assert(fc.property(fc.integer({ min: -50, max: 500 }), fc.integer({ min: 1, max: 1000 }), (offset, required) => {
      const contract = { ...CONTRACT, patrolsRequired: required }
      const today = patrolPerformance(contract, NONE, shiftDay(CONTRACT.startsOn, offset)).requiredToDate
      const tomorrow = patrolPerformance(contract, NONE, shiftDay(CONTRACT.startsOn, offset + 1)).requiredToDate
      expect(tomorrow).toBeGreaterThanOrEqual(today)
      expect(today).toBeGreaterThanOrEqual(0)
      expect(today).toBeLessThanOrEqual(required)
    }))
  })
})
