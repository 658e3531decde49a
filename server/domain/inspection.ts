import { SMALL_WORKS_CHECKLIST } from './campaign.ts'

/*
 * What an inspection records. The kinds follow the plan (日常, 综合, “四不两直”, 扬尘明查/暗查, 起重机械专项,
 * 检测机构); the dust checklist is the “六个百分百” high-standard measures; the scoring sheet is the usual
 * four-part safety-and-civilised-construction sheet, whose parts add up to the inspection's score (0–100).
 */

export const INSPECTION_KINDS = ['routine', 'comprehensive', 'unannounced', 'dust_open', 'dust_covert', 'crane_special', 'testing_institution',
  'hazardous_chemicals', 'scaffold', 'holiday', 'small_works'] as const
export type InspectionKind = (typeof INSPECTION_KINDS)[number]

export const DUST_CHECKLIST = ['enclosure', 'stockpile_cover', 'road_hardening', 'vehicle_washing', 'wet_operation', 'closed_transport'] as const
export type DustChecklistItem = (typeof DUST_CHECKLIST)[number]

/** The checklist an inspection of this kind answers: 小型临时工程 have their own (campaign.ts), the rest the dust one. */
export function checklistFor(kind: InspectionKind): readonly string[] {
  return kind === 'small_works' ? SMALL_WORKS_CHECKLIST : DUST_CHECKLIST
}

/** What is wrong with a checklist's answers for the kind, item by item: every item answered, nothing else. */
export function checklistMismatch(kind: InspectionKind, answers: Record<string, boolean>): { path: string; message: string }[] {
  const items = checklistFor(kind)
  return [
    ...items.filter((i) => typeof answers[i] !== 'boolean').map((i) => ({ path: `checklist.${i}`, message: `a ${kind} inspection answers ${i}` })),
    ...Object.keys(answers).filter((k) => !items.includes(k)).map((k) => ({ path: `checklist.${k}`, message: `not on the ${kind} checklist (${items.join(', ')})` })),
  ]
}

export const SCORE_SHEET = { safety_management: 40, site_safety: 30, dust_control: 20, civilised_construction: 10 } as const
export type ScoreSheetPart = keyof typeof SCORE_SHEET

export function inspectionScore(sheet: Record<ScoreSheetPart, number>): number {
  return (Object.keys(SCORE_SHEET) as ScoreSheetPart[]).reduce((sum, part) => sum + sheet[part], 0)
}

/** Inspections may be recorded late but never ahead of the clock; a few minutes of device skew are forgiven. */
export const CLOCK_SKEW_MS = 5 * 60_000

/** A device position this far from the site is kept but flagged: the inspector was probably not there. */
export const FAR_FROM_SITE_M = 1_000
