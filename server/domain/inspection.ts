/*
 * What an inspection records. The kinds follow the plan (日常, 综合, “四不两直”, 扬尘明查/暗查, 起重机械专项,
 * 检测机构); the dust checklist is the “六个百分百” high-standard measures; the scoring sheet is the usual
 * four-part safety-and-civilised-construction sheet, whose parts add up to the inspection's score (0–100).
 */

export const INSPECTION_KINDS = ['routine', 'comprehensive', 'unannounced', 'dust_open', 'dust_covert', 'crane_special', 'testing_institution'] as const
export type InspectionKind = (typeof INSPECTION_KINDS)[number]

export const DUST_CHECKLIST = ['enclosure', 'stockpile_cover', 'road_hardening', 'vehicle_washing', 'wet_operation', 'closed_transport'] as const
export type DustChecklistItem = (typeof DUST_CHECKLIST)[number]

export const SCORE_SHEET = { safety_management: 40, site_safety: 30, dust_control: 20, civilised_construction: 10 } as const
export type ScoreSheetPart = keyof typeof SCORE_SHEET

export function inspectionScore(sheet: Record<ScoreSheetPart, number>): number {
  return (Object.keys(SCORE_SHEET) as ScoreSheetPart[]).reduce((sum, part) => sum + sheet[part], 0)
}

/** Inspections may be recorded late but never ahead of the clock; a few minutes of device skew are forgiven. */
export const CLOCK_SKEW_MS = 5 * 60_000

/** A device position this far from the site is kept but flagged: the inspector was probably not there. */
export const FAR_FROM_SITE_M = 1_000
