/*
 * Which candidate deserves high-standard dust control first. The plan asks for large projects in key areas;
 * what makes one dustier than another is earthworks going on, PM10 already over the limit, and schools or
 * hospitals close by. Each factor adds points (0–100 in all) and the breakdown is kept so the list can say why.
 */

export interface DustPriorityInputs {
  inKeyArea: boolean
  floorAreaM2: number
  stage: 'earthworks' | 'main_structure' | 'finishing' | 'completed'
  /** Days in the last 30 with the site's PM10 over the rule's limit. */
  pm10ExceedanceDays30: number
  /** Metres to the nearest school, kindergarten, hospital or elderly home; null when there is none on record. */
  nearestReceptorM: number | null
  riskGrade: 'red' | 'orange' | 'yellow' | 'blue' | null
}

export type DustPriorityFactor = 'keyArea' | 'size' | 'earthworks' | 'pm10' | 'receptor' | 'risk'
export interface DustPriority { score: number; breakdown: { factor: DustPriorityFactor; value: number; points: number }[] }

// Floor area earns points on a log scale from 10,000 m² (a small site) to 200,000 m² (a large complex).
const SIZE = { from: 10_000, to: 200_000, points: 25 }
const RECEPTOR = { near: 200, far: 1_000, points: 15 }
const RISK_POINTS = { red: 5, orange: 3, yellow: 1, blue: 0 } as const

const clamp01 = (x: number) => Math.min(1, Math.max(0, x))
const round1 = (x: number) => Math.round(x * 10) / 10

export function dustPriority(s: DustPriorityInputs): DustPriority {
  const sizeShare = s.floorAreaM2 <= SIZE.from ? 0 : clamp01(Math.log(s.floorAreaM2 / SIZE.from) / Math.log(SIZE.to / SIZE.from))
  const receptorShare = s.nearestReceptorM === null ? 0 : clamp01((RECEPTOR.far - s.nearestReceptorM) / (RECEPTOR.far - RECEPTOR.near))
  const breakdown = [
    { factor: 'keyArea' as const, value: s.inKeyArea ? 1 : 0, points: s.inKeyArea ? 20 : 0 },
    { factor: 'size' as const, value: s.floorAreaM2, points: round1(sizeShare * SIZE.points) },
    { factor: 'earthworks' as const, value: s.stage === 'earthworks' ? 1 : 0, points: s.stage === 'earthworks' ? 15 : 0 },
    { factor: 'pm10' as const, value: s.pm10ExceedanceDays30, points: Math.min(20, s.pm10ExceedanceDays30 * 2) },
    { factor: 'receptor' as const, value: s.nearestReceptorM ?? -1, points: round1(receptorShare * RECEPTOR.points) },
    { factor: 'risk' as const, value: s.riskGrade ? 1 : 0, points: s.riskGrade ? RISK_POINTS[s.riskGrade] : 0 },
  ]
  return { score: round1(breakdown.reduce((sum, b) => sum + b.points, 0)), breakdown: breakdown.filter((b) => b.points > 0) }
}

/** The plan's number of key projects given high-standard dust control (150 项扬尘管控重点项目). */
export const KEY_PROJECT_TARGET = 150
