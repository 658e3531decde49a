/*
 * The government-purchased third-party patrol (政府购买监理巡查): a district station contracts a supervision firm to
 * patrol the sites of an area a number of times over a period; the station assigns patrol tasks, the firm's staff
 * report on each within the contract's time, and what they find becomes a hazard only once a supervisor confirms
 * it. Pure rules, shared by the server and the web app. Days are Beijing calendar days (YYYY-MM-DD).
 */

import { shiftDay } from './time.ts'

const DAY_MS = 86_400_000

/** Whole days from one calendar day to another (negative when `to` is earlier). */
export function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS)
}

export interface ContractTerms { startsOn: string; endsOn: string; reportWithinDays: number }

export const runsOn = (contract: Pick<ContractTerms, 'startsOn' | 'endsOn'>, day: string) => contract.startsOn <= day && day <= contract.endsOn

/**
 * The latest day a task assigned on `assignedOn` may be due: the contract gives the firm `reportWithinDays` to
 * report, and no patrol is owed after the contract ends. The station may ask for it sooner, never later.
 */
export function latestDueOn(contract: ContractTerms, assignedOn: string): string {
  const byTerms = shiftDay(assignedOn, contract.reportWithinDays)
  return byTerms < contract.endsOn ? byTerms : contract.endsOn
}

/** Why a task cannot be assigned for `dueOn` on `assignedOn`, or null when it can. */
export function dueOnProblem(contract: ContractTerms, assignedOn: string, dueOn: string): string | null {
  if (!runsOn(contract, assignedOn)) return `the contract runs ${contract.startsOn} to ${contract.endsOn}: no tasks outside it`
  if (dueOn < assignedOn) return 'a task cannot be due before it is assigned'
  const latest = latestDueOn(contract, assignedOn)
  if (dueOn > latest) return `the contract gives ${contract.reportWithinDays} days to report: due on ${latest} at the latest`
  return null
}

/** A proposed rectification deadline may fall from the patrol's day up to this many days after (as for inspections). */
export const MAX_FINDING_DEADLINE_DAYS = 180

export function findingDeadlineOk(patrolDay: string, deadline: string): boolean {
  return deadline >= patrolDay && dayDiff(patrolDay, deadline) <= MAX_FINDING_DEADLINE_DAYS
}

export const REVIEW_DECISIONS = ['confirm', 'reject'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]

/** A rejection tells the firm why (their performance counts it against them); a confirmation may say nothing. */
export function reviewProblem(decision: ReviewDecision, note: string): string | null {
  return decision === 'reject' && note.trim().length === 0 ? 'say why the finding is rejected' : null
}

export interface PatrolCounts {
  /** Tasks reported on. */
  reported: number
  /** Of those, reported by their due day. */
  reportedOnTime: number
  /** Tasks still open past their due day. */
  overdue: number
  confirmed: number
  rejected: number
  pending: number
}

export interface Performance {
  required: number
  /** What the contract asks for by `today`, pro rata over its period (all of it once it has ended). */
  requiredToDate: number
  done: number
  /** Patrols done against the contract, in full and to date (null when nothing is owed yet). */
  doneShare: number
  doneShareToDate: number | null
  /** Findings confirmed among those reviewed (null when none has been). */
  confirmedShare: number | null
  /** Reports made by their due day, and open tasks past due counted as late (null when nothing is due yet). */
  onTimeShare: number | null
}

const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null)

/** The firm's performance on one contract on `today`. */
export function patrolPerformance(contract: Pick<ContractTerms, 'startsOn' | 'endsOn'> & { patrolsRequired: number }, counts: PatrolCounts, today: string): Performance {
  const total = dayDiff(contract.startsOn, contract.endsOn) + 1
  const elapsed = Math.min(total, Math.max(0, dayDiff(contract.startsOn, today) + 1))
  const requiredToDate = Math.round((contract.patrolsRequired * elapsed) / total)
  return {
    required: contract.patrolsRequired,
    requiredToDate,
    done: counts.reported,
    doneShare: share(counts.reported, contract.patrolsRequired) ?? 0,
    doneShareToDate: share(counts.reported, requiredToDate),
    confirmedShare: share(counts.confirmed, counts.confirmed + counts.rejected),
    onTimeShare: share(counts.reportedOnTime, counts.reported + counts.overdue),
  }
}
