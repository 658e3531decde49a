/*
 * Who may see and change what. Every site-touching query is narrowed by the principal's SiteScope (see
 * features/auth/site-scope.ts, the one place that turns it into SQL); this file is the rule, kept pure so the
 * web app shows the same menus the server enforces.
 */

export const ROLES = ['admin', 'city_command', 'planner', 'district_supervisor', 'grid_supervisor', 'auditor', 'patrol'] as const
export type Role = (typeof ROLES)[number]

export interface Principal {
  userId: number
  username: string
  displayName: string
  role: Role
  districtId: number | null
  /** A third-party patrol firm's staff: the contract whose area they patrol (absent or null for every other role). */
  patrolContractId?: number | null
}

/**
 * The sites a principal can read: the whole city, one district, the grids assigned to a grid supervisor, or the
 * area a third-party patrol contract covers.
 */
export type SiteScope =
  | { kind: 'city' }
  | { kind: 'district'; districtId: number }
  | { kind: 'grids'; userId: number }
  | { kind: 'contract'; contractId: number }

export const CITY_SCOPE: SiteScope = { kind: 'city' }

export function siteScopeOf(principal: Principal): SiteScope {
  if (principal.role === 'grid_supervisor') return { kind: 'grids', userId: principal.userId }
  // A patrol account always has a contract (a CHECK constraint); -1 matches no contract, should one ever lack it.
  if (principal.role === 'patrol') return { kind: 'contract', contractId: principal.patrolContractId ?? -1 }
  // A district supervisor always has a district (a CHECK constraint); anything else reads the whole city.
  if (principal.role === 'district_supervisor' && principal.districtId !== null) return { kind: 'district', districtId: principal.districtId }
  return CITY_SCOPE
}

/** Roles that record inspections and move hazards along, within their scope. Command and planners only read. */
const FIELD_ROLES: readonly Role[] = ['admin', 'district_supervisor', 'grid_supervisor']

export function canSupervise(role: Role): boolean {
  return FIELD_ROLES.includes(role)
}

/** Roles that draft and publish the key-project list and keep the plan's lists; command reads them. */
const PLANNING_ROLES: readonly Role[] = ['admin', 'planner']

export function canPlan(role: Role): boolean {
  return PLANNING_ROLES.includes(role)
}

/**
 * Separation of duties (等保 2.0 level 3): the security auditor reads the audit trail — the audit log, sign-in
 * history, and their exports — and nothing else, and changes nothing but their own password and sessions.
 */
const AUDITOR_PATHS = ['/api/auth/', '/api/admin/audit', '/api/admin/sign-ins']

export function auditorMayReach(path: string): boolean {
  return AUDITOR_PATHS.some((prefix) => path.startsWith(prefix))
}

/**
 * A third-party patrol firm's staff (政府购买监理巡查) work their contract's patrol tasks and reports, and their own
 * account; everything else of the portal, the map and the registry included, is the office's.
 */
const PATROL_PATHS = ['/api/auth/', '/api/patrol/']

export function patrolMayReach(path: string): boolean {
  return PATROL_PATHS.some((prefix) => path.startsWith(prefix))
}

export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  city_command: '市指挥中心',
  planner: '扬尘办规划员',
  district_supervisor: '区监督站',
  grid_supervisor: '网格监督员',
  auditor: '安全审计员',
  patrol: '第三方巡查员',
}
