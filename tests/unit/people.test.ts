import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  CRANE_DRIVER, CRANE_SIGNALER, certificationRate, fillPositions, type HeldCertificate, needsOfRole, REGISTERED_CONSTRUCTOR, REGISTERED_SUPERVISOR,
  requiredPositions, safetyOfficersFor, type SiteFacts, staffStanding,
} from '../../server/domain/certification.ts'
import { idCheckChar, idNumberProblem, makeIdNumber, maskIdNumber, normalizeIdNumber } from '../../server/domain/id-number.ts'

/* GB 11643 ID numbers and the 持证上岗 rules. */

// The standard's own examples (北京市朝阳区, 广东省汕头市), as GB 11643-1999 prints them.
const PUBLISHED = ['11010519491231002X', '440524188001010014']
const region = fc.constantFrom('320505', '320506', '110105', '440524')
const birth = fc.date({ min: new Date('1940-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10).replaceAll('-', ''))
const generated = fc.tuple(region, birth, fc.integer({ min: 0, max: 999 })).map(([r, b, s]) => makeIdNumber(r, b, s))

describe('ID number', () => {
  it('accepts the published examples', () => {
    for (const id of PUBLISHED) expect(idNumberProblem(id)).toBeNull()
    expect(idNumberProblem(normalizeIdNumber(' 11010519491231002x '))).toBeNull()
  })

  it('names what is wrong', () => {
    expect(idNumberProblem('11010519491231002')).toBe('length')
    expect(idNumberProblem('1101051949123100XX')).toBe('characters')
    expect(idNumberProblem(makeIdNumber('990105', '19491231', 2))).toBe('region')
    expect(idNumberProblem(makeIdNumber('110105', '19490231', 2))).toBe('birth_date')
    expect(idNumberProblem('110105194912310021')).toBe('check_char')
  })

  it('every generated number validates, and any one changed digit is caught', () => {
    fc.assert(fc.property(generated, fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (id, at, bump) => {
      expect(idNumberProblem(id)).toBeNull()
      const changed = id.slice(0, at) + String((Number(id[at]) + bump) % 10) + id.slice(at + 1)
      // A changed digit may break the region or date first; it is never accepted.
      expect(idNumberProblem(changed)).not.toBeNull()
    }))
  })

  it('the check char is MOD 11-2: the weighted sum with the check value is 1 mod 11', () => {
    fc.assert(fc.property(fc.stringMatching(/^[0-9]{17}$/), (first17) => {
      const check = idCheckChar(first17)
      const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
      const sum = weights.reduce((s, w, i) => s + w * Number(first17[i]), 0) + (check === 'X' ? 10 : Number(check))
      expect(sum % 11).toBe(1)
    }))
  })

  it('masks all but the first and last four', () => {
    expect(maskIdNumber('32050519800101123X')).toBe('3205**********123X')
    fc.assert(fc.property(generated, (id) => {
      const masked = maskIdNumber(id)
      expect(masked).toHaveLength(18)
      expect(masked.slice(4, 14)).toBe('*'.repeat(10))
    }))
  })
})

const DAY = '2026-11-24'
const cert = (kind: string, specialty = '', expiresOn = '2027-06-01', revokedOn: string | null = null): HeldCertificate =>
  ({ kind, specialty, issuedOn: '2024-01-01', expiresOn, revokedOn })
const site = (over: Partial<SiteFacts> = {}): SiteFacts => ({ stage: 'main_structure', floorAreaM2: 8_000, contractValueWan: 1_000, hasSupervisor: true, liveTowerCranes: 0, ...over })
const pm = [cert('safety_b'), cert('registered', REGISTERED_CONSTRUCTOR)]

describe('certification', () => {
  it('requires safety officers by floor area (建质〔2008〕91号) and a safety director on larger sites', () => {
    expect([9_999, 10_000, 49_999, 50_000].map(safetyOfficersFor)).toEqual([1, 2, 2, 3])
    const keys = (s: SiteFacts) => Object.fromEntries(requiredPositions(s).map((p) => [p.key, p.count]))
    expect(keys(site())).toEqual({ project_manager: 1, chief_supervisor: 1, safety_officer: 1 })
    expect(keys(site({ floorAreaM2: 60_000, hasSupervisor: false, liveTowerCranes: 2 })))
      .toEqual({ project_manager: 1, safety_director: 1, safety_officer: 3, crane_driver: 2, crane_signaler: 2 })
    expect(keys(site({ contractValueWan: 5_000 })).safety_director).toBe(1)
    expect(requiredPositions(site({ stage: 'completed' }))).toEqual([])
  })

  it('fills a position only with a valid certificate of the right kind and specialty', () => {
    const staff = [
      { role: 'project_manager', certificates: pm },
      { role: 'chief_supervisor', certificates: [cert('registered', REGISTERED_CONSTRUCTOR)] }, // wrong specialty
      { role: 'safety_officer', certificates: [cert('safety_c', '', '2026-11-23')] }, // expired yesterday
      { role: 'special_worker', certificates: [cert('special_work', CRANE_DRIVER)] },
      { role: 'special_worker', certificates: [cert('special_work', CRANE_SIGNALER, '2027-01-01', '2026-10-01')] }, // revoked
    ]
    const fills = fillPositions(site({ liveTowerCranes: 1 }), staff, DAY)
    expect(Object.fromEntries(fills.map((f) => [f.key, f.filled]))).toEqual({ project_manager: 1, chief_supervisor: 0, safety_officer: 0, crane_driver: 1, crane_signaler: 0 })
    expect(certificationRate(fills)).toEqual({ required: 5, filled: 2, rate: 0.4 })
  })

  it('the expiry day still counts; extra fit people do not lift the rate past one', () => {
    const officers = Array.from({ length: 4 }, () => ({ role: 'safety_officer', certificates: [cert('safety_c', '', DAY)] }))
    const fills = fillPositions(site({ hasSupervisor: false }), [{ role: 'project_manager', certificates: pm }, ...officers], DAY)
    expect(certificationRate(fills).rate).toBe(1)
  })

  it('the rate is always between 0 and 1 and counts each required position once', () => {
    const held = fc.array(fc.record({ kind: fc.constantFrom('safety_b', 'safety_c', 'registered', 'special_work'), specialty: fc.constantFrom('', REGISTERED_CONSTRUCTOR, REGISTERED_SUPERVISOR, CRANE_DRIVER, CRANE_SIGNALER),
      issuedOn: fc.constant('2024-01-01'), expiresOn: fc.constantFrom('2026-01-01', '2027-01-01'), revokedOn: fc.constant(null) }), { maxLength: 3 })
    const staff = fc.array(fc.record({ role: fc.constantFrom('project_manager', 'chief_supervisor', 'safety_director', 'safety_officer', 'special_worker'), certificates: held }), { maxLength: 12 })
    const facts = fc.record({ stage: fc.constant('foundation'), floorAreaM2: fc.integer({ min: 0, max: 200_000 }), contractValueWan: fc.integer({ min: 0, max: 20_000 }),
      hasSupervisor: fc.boolean(), liveTowerCranes: fc.integer({ min: 0, max: 4 }) })
    fc.assert(fc.property(facts, staff, (f, s) => {
      const r = certificationRate(fillPositions(f, s, DAY))
      expect(r.required).toBe(requiredPositions(f).reduce((n, p) => n + p.count, 0))
      expect(r.filled).toBeLessThanOrEqual(r.required)
      expect(r.rate).not.toBeNull()
    }))
  })

  it('says why someone is not certified', () => {
    expect(staffStanding(needsOfRole('project_manager', pm), true, pm, DAY)).toBe('certified')
    expect(staffStanding(needsOfRole('project_manager', []), false, [], DAY)).toBe('unmatched')
    expect(staffStanding(needsOfRole('project_manager', [cert('safety_b')]), true, [cert('safety_b')], DAY)).toBe('no_certificate')
    expect(staffStanding(needsOfRole('safety_officer', []), true, [cert('safety_c', '', '2026-01-01')], DAY)).toBe('expired')
    expect(staffStanding(needsOfRole('safety_officer', []), true, [cert('safety_c', '', '2027-01-01', '2026-05-01')], DAY)).toBe('revoked')
    const signaler = [cert('special_work', CRANE_SIGNALER)]
    expect(staffStanding(needsOfRole('special_worker', signaler), true, signaler, DAY)).toBe('certified')
  })
})
