/*
 * The closed loop of a hazard: 发现 open → 整改中 rectifying → 已提交 submitted → 复查销号 closed. No step may be
 * skipped; a submitted rectification that fails verification goes back to rectifying. Overdue hazards escalate
 * from the grid to the district station and then to the city command center.
 */

export const HAZARD_STATUSES = ['open', 'rectifying', 'submitted', 'closed'] as const
export type HazardStatus = (typeof HAZARD_STATUSES)[number]
export const HAZARD_SEVERITIES = ['major', 'general'] as const
export type HazardSeverity = (typeof HAZARD_SEVERITIES)[number]
/** The age bands the KPIs count open hazards (chemical dangers among them) in, in days since found: up to 7, 8 to 30, older. */
export const HAZARD_AGE_BANDS = ['0-7', '8-30', '31+'] as const
export type HazardAgeBand = (typeof HAZARD_AGE_BANDS)[number]

const NEXT: Record<HazardStatus, readonly HazardStatus[]> = {
  open: ['rectifying'],
  rectifying: ['submitted'],
  submitted: ['closed', 'rectifying'],
  closed: [],
}

export function allowedTransitions(from: HazardStatus): readonly HazardStatus[] {
  return NEXT[from]
}

export function canTransition(from: HazardStatus, to: HazardStatus): boolean {
  return NEXT[from].includes(to)
}

/** Submitting a rectification and verifying it are claims about the site: they need evidence (text or photos). */
export function needsEvidence(to: HazardStatus): boolean {
  return to === 'submitted' || to === 'closed'
}

export type Escalation = 'none' | 'grid' | 'district' | 'city'

/**
 * How far an open hazard has escalated, from days past its deadline. Major hazards climb faster: the day after
 * the deadline to the district, a week later to the city; general ones stay with the grid for a week, then a month.
 */
export function escalationOf(severity: HazardSeverity, daysOverdue: number): Escalation {
  if (daysOverdue <= 0) return 'none'
  const [toDistrict, toCity] = severity === 'major' ? [1, 8] : [8, 31]
  if (daysOverdue >= toCity) return 'city'
  if (daysOverdue >= toDistrict) return 'district'
  return 'grid'
}

/** The notice types of the plan, as seeded in `notice_types`. */
export const NOTICE_TYPES = ['rectification', 'stop_work_rectification', 'penalty', 'supervision_letter'] as const
