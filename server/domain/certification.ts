/*
 * 持证上岗: which key positions a site must fill, and which certificate makes a person fit for each. The 持证上岗率
 * is the positions filled by a person holding a valid certificate of the right kind, over the positions required.
 *
 * Rules (documented in the README):
 * - 项目经理 (contractor): 安全生产考核合格证书 B (safety_b) and a registered 建造师 certificate.
 * - 总监理工程师: a registered 监理工程师 certificate, when the site has a supervisor (监理) party.
 * - 项目安全总监: a C certificate (safety_c), on larger sites: floor area ≥ 50,000 m² or contract value ≥ 5,000 万元
 *   (Jiangsu requires one on 规模以上 projects; these are the thresholds this portal applies).
 * - 专职安全员 (safety_c), by floor area per 建质〔2008〕91号: < 10,000 m² one, 10,000–50,000 m² two, ≥ 50,000 m² three.
 * - 特种作业: each live tower crane (an installation not dismantled) needs a 司机 and a 信号司索工 with 特种作业操作资格证
 *   of those specialties.
 * A completed site requires nothing. Pure, so the server's SQL figures are checked against it in the tests.
 */

export const STAFF_ROLES = ['project_manager', 'chief_supervisor', 'safety_director', 'safety_officer', 'special_worker'] as const
export type StaffRole = (typeof STAFF_ROLES)[number]
export const CERTIFICATE_KINDS = ['safety_a', 'safety_b', 'safety_c', 'special_work', 'registered'] as const
export type CertificateKind = (typeof CERTIFICATE_KINDS)[number]

export const REGISTERED_CONSTRUCTOR = '建造师'
export const REGISTERED_SUPERVISOR = '监理工程师'
export const CRANE_DRIVER = '建筑起重机械司机(塔式起重机)'
export const CRANE_SIGNALER = '建筑起重信号司索工'

export const SAFETY_DIRECTOR_MIN_FLOOR_M2 = 50_000
export const SAFETY_DIRECTOR_MIN_CONTRACT_WAN = 5_000
/** 专职安全员 by floor area: [below this many m², officers]; at or above the last bound, the last count + 1. */
export const SAFETY_OFFICER_STEPS: readonly (readonly [number, number])[] = [[10_000, 1], [50_000, 2]]
export const SAFETY_OFFICERS_LARGEST = 3

/** One certificate a position needs: its kind and, where it matters, its specialty (exact). */
export interface CertificateNeed { kind: CertificateKind; specialty?: string }

/** A kind of position on a site: the role staffed, the certificates all needed, and how many are required. */
export interface Position { key: string; role: StaffRole; needs: CertificateNeed[]; count: number }

export interface SiteFacts { stage: string; floorAreaM2: number; contractValueWan: number; hasSupervisor: boolean; liveTowerCranes: number }

export function safetyOfficersFor(floorAreaM2: number): number {
  for (const [below, officers] of SAFETY_OFFICER_STEPS) if (floorAreaM2 < below) return officers
  return SAFETY_OFFICERS_LARGEST
}

export function needsSafetyDirector(site: Pick<SiteFacts, 'floorAreaM2' | 'contractValueWan'>): boolean {
  return site.floorAreaM2 >= SAFETY_DIRECTOR_MIN_FLOOR_M2 || site.contractValueWan >= SAFETY_DIRECTOR_MIN_CONTRACT_WAN
}

/** What a role needs; a special worker's specialty is the position's (driver or signaler). */
export const POSITION_NEEDS: Record<string, { role: StaffRole; needs: CertificateNeed[] }> = {
  project_manager: { role: 'project_manager', needs: [{ kind: 'safety_b' }, { kind: 'registered', specialty: REGISTERED_CONSTRUCTOR }] },
  chief_supervisor: { role: 'chief_supervisor', needs: [{ kind: 'registered', specialty: REGISTERED_SUPERVISOR }] },
  safety_director: { role: 'safety_director', needs: [{ kind: 'safety_c' }] },
  safety_officer: { role: 'safety_officer', needs: [{ kind: 'safety_c' }] },
  crane_driver: { role: 'special_worker', needs: [{ kind: 'special_work', specialty: CRANE_DRIVER }] },
  crane_signaler: { role: 'special_worker', needs: [{ kind: 'special_work', specialty: CRANE_SIGNALER }] },
}

export function requiredPositions(site: SiteFacts): Position[] {
  if (site.stage === 'completed') return []
  const counts: Record<string, number> = {
    project_manager: 1,
    chief_supervisor: site.hasSupervisor ? 1 : 0,
    safety_director: needsSafetyDirector(site) ? 1 : 0,
    safety_officer: safetyOfficersFor(site.floorAreaM2),
    crane_driver: site.liveTowerCranes,
    crane_signaler: site.liveTowerCranes,
  }
  return Object.entries(counts).filter(([, count]) => count > 0).map(([key, count]) => ({ key, ...POSITION_NEEDS[key], count }))
}

export interface HeldCertificate { kind: string; specialty: string; issuedOn: string; expiresOn: string; revokedOn: string | null }

/** Valid on a Beijing day (YYYY-MM-DD): issued by then, not yet expired (the expiry day still counts), not revoked. */
export function certificateValidOn(c: HeldCertificate, day: string): boolean {
  return c.issuedOn <= day && c.expiresOn >= day && (c.revokedOn === null || c.revokedOn > day)
}

export function fitFor(needs: CertificateNeed[], held: HeldCertificate[], day: string): boolean {
  return needs.every((n) => held.some((c) => c.kind === n.kind && (n.specialty === undefined || c.specialty === n.specialty) && certificateValidOn(c, day)))
}

/** Someone currently staffed on the site: their role and the certificates they hold (none when unmatched). */
export interface StaffedPerson { role: string; certificates: HeldCertificate[] }

export interface PositionFill { key: string; role: StaffRole; required: number; filled: number }

/** Per position: how many of the required are filled by fit people (each person counted once per position kind). */
export function fillPositions(site: SiteFacts, staff: StaffedPerson[], day: string): PositionFill[] {
  return requiredPositions(site).map((p) => {
    const fit = staff.filter((s) => s.role === p.role && fitFor(p.needs, s.certificates, day)).length
    return { key: p.key, role: p.role, required: p.count, filled: Math.min(p.count, fit) }
  })
}

export interface CertificationRate { required: number; filled: number; rate: number | null }

export function certificationRate(fills: PositionFill[]): CertificationRate {
  const required = fills.reduce((n, f) => n + f.required, 0)
  const filled = fills.reduce((n, f) => n + f.filled, 0)
  return { required, filled, rate: required > 0 ? filled / required : null }
}

export type StaffStanding = 'certified' | 'unmatched' | 'no_certificate' | 'expired' | 'revoked'

/** Why a staffed person is or is not fit for their role: the first missing need's reason. */
export function staffStanding(needs: CertificateNeed[], matched: boolean, held: HeldCertificate[], day: string): StaffStanding {
  if (!matched) return 'unmatched'
  for (const n of needs) {
    const ofKind = held.filter((c) => c.kind === n.kind && (n.specialty === undefined || c.specialty === n.specialty))
    if (ofKind.some((c) => certificateValidOn(c, day))) continue
    if (ofKind.length === 0) return 'no_certificate'
    return ofKind.some((c) => c.revokedOn !== null && c.revokedOn <= day) && !ofKind.some((c) => c.expiresOn < day && c.revokedOn === null) ? 'revoked' : 'expired'
  }
  return 'certified'
}

/** The needs of a staffed role: a special worker is fit as either crane position. */
export function needsOfRole(role: StaffRole, held: HeldCertificate[]): CertificateNeed[] {
  if (role !== 'special_worker') return POSITION_NEEDS[role].needs
  const signaler = held.some((c) => c.kind === 'special_work' && c.specialty === CRANE_SIGNALER)
  return POSITION_NEEDS[signaler ? 'crane_signaler' : 'crane_driver'].needs
}
