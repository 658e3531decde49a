/*
 * One captured day as /api/history/playback (and the wall's twin) sends it, column-wise, and how it is laid over
 * the map: the day's grade, score, hazards and key-project measures replace today's, joined by site id onto
 * today's site positions. Pure, so that it is tested alone and shared by the map and the wall.
 */
import type { RiskGrade } from '../../../server/domain/risk.ts'
import type { KeyProjectFeature } from '../layers/key-projects-layer.ts'
import type { SiteFootprintFeature } from '../layers/site-footprints-layer.ts'
import { gradeCode, selectRows, type SiteColumns } from '../site-columns.ts'

export interface DayFrame {
  date: string
  sites: {
    ids: number[]; scores: (number | null)[]; grades: (RiskGrade | null)[]; open: number[]; overdue: number[]
    /** Bitmask of the measures in place (enclosure 1, dust net 2, spraying 4); null: not a key project that day. */
    key: (number | null)[]
    pm10: number[]
  }
}

/** What the day's frame says about one site. */
export interface SiteDay { score: number | null; grade: RiskGrade | null; open: number; overdue: number; key: number | null }

/** The frame's rows by site id, built once per frame. */
export function indexFrame(frame: DayFrame): Map<number, SiteDay> {
  const s = frame.sites
  return new Map(s.ids.map((id, i) => [id, { score: s.scores[i], grade: s.grades[i], open: s.open[i], overdue: s.overdue[i], key: s.key[i] }]))
}

const measuresDone = (mask: number) => (mask & 1) + ((mask >> 1) & 1) + ((mask >> 2) & 1)

/**
 * Today's features with the day's values. A site without a row that day (not yet registered, or outside the
 * caller's scope then) is left out: the map shows the city as it was, not today's sites in grey.
 */
export function footprintsOnDay(features: SiteFootprintFeature[], day: Map<number, SiteDay>): SiteFootprintFeature[] {
  return features.flatMap((f) => {
    const d = day.get(Number(f.id))
    if (!d) return []
    return [{ ...f, properties: { ...f.properties, riskScore: d.score, riskGrade: d.grade, key: d.key !== null, openHazards: d.open, overdueHazards: d.overdue } }]
  })
}

/** The same for the sites' columns: the rows that have a row that day, with that day's values. */
export function columnsOnDay(sites: SiteColumns, day: Map<number, SiteDay>): SiteColumns {
  const rows = Array.from(sites.ids.keys()).filter((i) => day.has(sites.ids[i]))
  const shown = selectRows(sites, rows)
  const days = Array.from(shown.ids, (id) => day.get(id)!)
  return {
    ...shown,
    riskScore: Float32Array.from(days, (d) => d.score ?? NaN), grade: Uint8Array.from(days, (d) => gradeCode(d.grade)),
    key: Uint8Array.from(days, (d) => (d.key === null ? 0 : 1)),
    openHazards: Int32Array.from(days, (d) => d.open), overdueHazards: Int32Array.from(days, (d) => d.overdue),
  }
}

/** The key projects of that day, each with the measures it had in place then. */
export function keyProjectsOnDay(features: KeyProjectFeature[], day: Map<number, SiteDay>): KeyProjectFeature[] {
  return features.flatMap((f) => {
    const key = day.get(f.properties.siteId)?.key
    return key === null || key === undefined ? [] : [{ ...f, properties: { ...f.properties, measuresDone: measuresDone(key) } }]
  })
}

/** The day's headline counts, shown beside the slider. */
export function frameSummary(frame: DayFrame): { red: number; open: number; overdue: number } {
  const s = frame.sites
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)
  return { red: s.grades.filter((g) => g === 'red').length, open: sum(s.open), overdue: sum(s.overdue) }
}
