import { describe, expect, it } from 'vitest'
import { auditorMayReach, canSupervise, CITY_SCOPE, patrolMayReach, type Principal, ROLE_NAMES, ROLES, type Role, siteScopeOf } from '../../server/domain/roles.ts'

/* Who reads which sites, and who records and acts on what they find. */

const principal = (role: Role, districtId: number | null = 7, userId = 42): Principal =>
  ({ userId, username: `u${userId}`, displayName: `用户${userId}`, role, districtId })

describe('siteScopeOf', () => {
  it.each(['admin', 'city_command', 'planner'] as const)('%s reads the whole city, with or without a district', (role) => {
    expect(siteScopeOf(principal(role))).toEqual({ kind: 'city' })
    expect(siteScopeOf(principal(role, null))).toBe(CITY_SCOPE)
  })

  it('a district supervisor reads their own district', () => {
    expect(siteScopeOf(principal('district_supervisor', 3))).toEqual({ kind: 'district', districtId: 3 })
    expect(siteScopeOf(principal('district_supervisor', 9))).toEqual({ kind: 'district', districtId: 9 })
  })

  it('a grid supervisor reads the grids assigned to them, not their whole district', () => {
    expect(siteScopeOf(principal('grid_supervisor', 3, 11))).toEqual({ kind: 'grids', userId: 11 })
    expect(siteScopeOf(principal('grid_supervisor', null, 12))).toEqual({ kind: 'grids', userId: 12 })
  })

  it("a patrol firm's staff read the area of their contract, and an account without one reads nothing", () => {
    expect(siteScopeOf({ ...principal('patrol', null, 13), patrolContractId: 5 })).toEqual({ kind: 'contract', contractId: 5 })
    expect(siteScopeOf(principal('patrol', null, 14))).toEqual({ kind: 'contract', contractId: -1 })
  })
})

describe('bounded roles', () => {
  it.each([
    ['/api/auth/me', true, true], ['/api/admin/audit', true, false], ['/api/admin/sign-ins', true, false], ['/api/patrol/tasks', false, true],
    ['/api/sites/1', false, false], ['/api/kpis', false, false], ['/api/enterprises', false, false], ['/api/patrolling', false, false],
  ] as const)('%s: the auditor %s, a patrol account %s', (path, auditor, patrol) => {
    expect(auditorMayReach(path)).toBe(auditor)
    expect(patrolMayReach(path)).toBe(patrol)
  })
})

describe('canSupervise', () => {
  it.each([
    ['admin', true], ['district_supervisor', true], ['grid_supervisor', true], ['city_command', false], ['planner', false], ['patrol', false],
  ] as const)('%s records inspections and moves hazards: %s', (role, expected) => {
    expect(canSupervise(role)).toBe(expected)
  })
})

describe('roles', () => {
  it('are the five of the plan, the security auditor (separation of duties) and third-party patrol staff, each with a Chinese name', () => {
    expect([...ROLES].sort()).toEqual(['admin', 'auditor', 'city_command', 'district_supervisor', 'grid_supervisor', 'patrol', 'planner'])
    for (const role of ROLES) expect(ROLE_NAMES[role]).toMatch(/\p{Script=Han}/u)
  })
})
