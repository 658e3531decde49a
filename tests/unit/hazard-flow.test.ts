import { describe, expect, it } from 'vitest'
import { allowedTransitions, canTransition, escalationOf, HAZARD_STATUSES, type HazardStatus, needsEvidence } from '../../server/domain/hazard-flow.ts'

/* The closed loop open → rectifying → submitted → closed, with the one way back when verification fails. */

const ALLOWED: [HazardStatus, HazardStatus][] = [
  ['open', 'rectifying'], ['rectifying', 'submitted'], ['submitted', 'closed'], ['submitted', 'rectifying'],
]
const allPairs = HAZARD_STATUSES.flatMap((from) => HAZARD_STATUSES.map((to) => [from, to] as [HazardStatus, HazardStatus]))
const isAllowed = (from: HazardStatus, to: HazardStatus) => ALLOWED.some(([f, t]) => f === from && t === to)

describe('canTransition', () => {
  it.each(allPairs.map(([from, to]) => [from, to, isAllowed(from, to)] as const))('%s → %s: %s', (from, to, expected) => {
    expect(canTransition(from, to)).toBe(expected)
  })

  it('never skips a step, never stays put, and a closed hazard stays closed', () => {
    expect(canTransition('open', 'submitted')).toBe(false)
    expect(canTransition('open', 'closed')).toBe(false)
    expect(canTransition('rectifying', 'closed')).toBe(false)
    for (const status of HAZARD_STATUSES) expect(canTransition(status, status)).toBe(false)
    expect(allowedTransitions('closed')).toEqual([])
  })

  it('lists exactly the allowed next steps', () => {
    for (const from of HAZARD_STATUSES) {
      expect([...allowedTransitions(from)].sort()).toEqual(ALLOWED.filter(([f]) => f === from).map(([, t]) => t).sort())
    }
  })
})

describe('needsEvidence', () => {
  it.each([
    ['open', false], ['rectifying', false], ['submitted', true], ['closed', true],
  ] as const)('moving to %s needs evidence: %s', (to, expected) => {
    expect(needsEvidence(to)).toBe(expected)
  })
})

describe('escalationOf', () => {
  it.each([
    // Not late: nothing escalates, whatever the severity.
    ['major', -30, 'none'], ['major', 0, 'none'], ['general', -1, 'none'], ['general', 0, 'none'],
    // Major: the district from the first day late, the city from the eighth.
    ['major', 1, 'district'], ['major', 7, 'district'], ['major', 8, 'city'], ['major', 365, 'city'],
    // General: the grid for a week, the district up to a month, then the city.
    ['general', 1, 'grid'], ['general', 7, 'grid'], ['general', 8, 'district'], ['general', 30, 'district'],
    ['general', 31, 'city'], ['general', 365, 'city'],
  ] as const)('%s hazard %i days overdue → %s', (severity, days, expected) => {
    expect(escalationOf(severity, days)).toBe(expected)
  })

  it('never de-escalates as a hazard gets later', () => {
    const order = ['none', 'grid', 'district', 'city']
    for (const severity of ['major', 'general'] as const) {
      const levels = Array.from({ length: 60 }, (_, day) => order.indexOf(escalationOf(severity, day)))
      expect(levels).toEqual([...levels].sort((a, b) => a - b))
    }
  })
})
