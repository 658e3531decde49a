import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  ACTION_KINDS, actionCode, CONCERN_THRESHOLD, type DistrictFigures, doubleInvestigation, nextActionNumber, PARTY_KINDS, parseActionCode,
  penaltyProblem, PENALTIES, PENALTIES_FOR, replyState, safetyConcern, suggestedAction,
} from '../../server/domain/accountability.ts'

/* 督办/约谈/通报 and 一案双查: document numbers, reply states, the candidate score and which penalty fits which party. */

const kind = fc.constantFrom(...ACTION_KINDS)
const year = fc.integer({ min: 2000, max: 2099 })
const n = fc.integer({ min: 1, max: 999_999 })
const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10))
const figures: fc.Arbitrary<DistrictFigures> = fc.record({
  activeSites: fc.integer({ min: 0, max: 5000 }), accidents12m: fc.integer({ min: 0, max: 20 }), deaths12m: fc.integer({ min: 0, max: 10 }),
  openHazards: fc.integer({ min: 0, max: 5000 }), overdueHazards: fc.integer({ min: 0, max: 5000 }), redSites: fc.integer({ min: 0, max: 5000 }),
  meanInspectionScore: fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: null }),
})
const QUIET: DistrictFigures = { activeSites: 400, accidents12m: 0, deaths12m: 0, openHazards: 30, overdueHazards: 2, redSites: 1, meanInspectionScore: 88 }

describe('action codes', () => {
  it('numbers each kind per year, as offices write them', () => {
    expect(actionCode('supervision_letter', 2026, 3)).toBe('苏建质安督〔2026〕3号')
    expect(actionCode('formal_talk', 2026, 1)).toBe('苏建质安谈〔2026〕1号')
    expect(actionCode('public_notice', 2027, 12)).toBe('苏建质安通〔2027〕12号')
  })

  it('parses back what it writes', () => {
    fc.assert(fc.property(kind, year, n, (k, y, i) => { expect(parseActionCode(actionCode(k, y, i))).toEqual({ kind: k, year: y, n: i }) }))
  })

  it('refuses anything else: other brackets, a zero, a missing 号', () => {
    for (const code of ['苏建质安督[2026]3号', '苏建质安督〔2026〕0号', '苏建质安督〔2026〕3', '苏建质安罚〔2026〕3号', '苏建质安督〔26〕3号']) expect(parseActionCode(code)).toBeNull()
    fc.assert(fc.property(fc.string(), (text) => { const parsed = parseActionCode(text); if (parsed) expect(actionCode(parsed.kind, parsed.year, parsed.n)).toBe(text) }))
  })

  it('gives the next number of the series, ignoring other kinds, years and junk', () => {
    fc.assert(fc.property(fc.array(fc.tuple(kind, year, n)), kind, year, fc.array(fc.string()), (issued, k, y, junk) => {
      const codes = [...issued.map(([a, b, c]) => actionCode(a, b, c)), ...junk]
      const mine = issued.filter(([a, b]) => a === k && b === y).map(([, , c]) => c)
      const next = nextActionNumber(codes, k, y)
      expect(next).toBe(Math.max(0, ...mine) + 1)
      expect(codes).not.toContain(actionCode(k, y, next))
    }))
  })
})

describe('reply state', () => {
  it('is on time up to the deadline, late after; pending until the deadline passes, overdue after', () => {
    expect(replyState('2026-12-10', null, '2026-12-10')).toBe('pending')
    expect(replyState('2026-12-10', null, '2026-12-11')).toBe('overdue')
    expect(replyState('2026-12-10', '2026-12-10', '2026-12-20')).toBe('on_time')
    expect(replyState('2026-12-10', '2026-12-11', '2026-12-11')).toBe('late')
  })

  it('a reply never depends on today', () => {
    fc.assert(fc.property(day, day, day, day, (deadline, replied, t1, t2) => { expect(replyState(deadline, replied, t1)).toBe(replyState(deadline, replied, t2)) }))
  })
})

describe('districts where safety is poor', () => {
  it('a quiet district is no candidate; a death makes one and goes straight to a talk', () => {
    expect(safetyConcern(QUIET).score).toBeLessThan(CONCERN_THRESHOLD)
    expect(suggestedAction(QUIET, [])).toBeNull()
    const fatal = { ...QUIET, accidents12m: 1, deaths12m: 1 }
    expect(safetyConcern(fatal)).toMatchObject({ score: 25 + safetyConcern(QUIET).score, reasons: expect.arrayContaining(['accidents', 'deaths']) })
    expect(suggestedAction({ ...fatal, accidents12m: 2 }, [])).toBe('formal_talk')
  })

  it('escalates from a letter to a talk to a public notice', () => {
    const poor = { ...QUIET, accidents12m: 2, overdueHazards: 60 }
    expect(suggestedAction(poor, [])).toBe('supervision_letter')
    expect(suggestedAction(poor, ['supervision_letter'])).toBe('formal_talk')
    expect(suggestedAction(poor, ['supervision_letter', 'formal_talk'])).toBe('public_notice')
  })

  it('never falls when a figure gets worse, and counts per 100 sites', () => {
    const worse = fc.constantFrom('accidents12m', 'deaths12m', 'overdueHazards', 'redSites' as const)
    fc.assert(fc.property(figures, worse, fc.integer({ min: 1, max: 50 }), (f, key, more) => {
      expect(safetyConcern({ ...f, [key]: f[key] + more }).score).toBeGreaterThanOrEqual(safetyConcern(f).score)
      expect(safetyConcern(f).score).toBeGreaterThanOrEqual(0)
    }))
    const small = { ...QUIET, activeSites: 50, overdueHazards: 10 }
    expect(safetyConcern(small).score).toBe(safetyConcern({ ...small, activeSites: 500, overdueHazards: 100, redSites: 10 }).score)
  })
})

describe('penalties (一案双查)', () => {
  it('fits each penalty to its party and a fine to its amount', () => {
    expect(penaltyProblem({ partyKind: 'enterprise', penalty: 'fine', amountYuan: 500_000, topOfRange: true })).toBeNull()
    expect(penaltyProblem({ partyKind: 'official', penalty: 'fine', amountYuan: 1000, topOfRange: false })).toBe('penalty_not_for_party')
    expect(penaltyProblem({ partyKind: 'enterprise', penalty: 'fine', amountYuan: null, topOfRange: false })).toBe('fine_needs_amount')
    expect(penaltyProblem({ partyKind: 'person', penalty: 'warning', amountYuan: 10, topOfRange: false })).toBe('amount_only_for_fine')
    expect(penaltyProblem({ partyKind: 'official', penalty: 'demerit', amountYuan: null, topOfRange: true })).toBe('top_of_range_not_ranged')
  })

  it('accepts exactly the penalties listed for the party, with an amount exactly for a fine', () => {
    fc.assert(fc.property(fc.constantFrom(...PARTY_KINDS), fc.constantFrom(...PENALTIES), fc.boolean(), (party, penalty, top) => {
      const amountYuan = penalty === 'fine' ? 1000 : null
      const problem = penaltyProblem({ partyKind: party, penalty, amountYuan, topOfRange: top })
      expect(problem === null).toBe(PENALTIES_FOR[party].includes(penalty) && (!top || penalty === 'fine' || penalty === 'suspension'))
    }))
  })

  it('is complete only with someone responsible and an official', () => {
    expect(doubleInvestigation([])).toEqual({ responsible: 0, officials: 0, complete: false })
    expect(doubleInvestigation([{ partyKind: 'enterprise' }, { partyKind: 'person' }])).toMatchObject({ responsible: 2, complete: false })
    expect(doubleInvestigation([{ partyKind: 'enterprise' }, { partyKind: 'official' }])).toEqual({ responsible: 1, officials: 1, complete: true })
  })
})
