import { ScatterplotLayer } from '@deck.gl/layers'
import type { Feature, Point } from 'geojson'
import type { SiteColouring } from '../layer-settings.ts'
import { GRADES, type SiteColumns } from '../site-columns.ts'
import { coverageColor, GRADE_COLORS, KIND_COLORS, NO_DATA, type Rgb } from './colors.ts'

export type SiteProperties = {
  code: string; name: string; kind: string; stage: string; key: boolean; floorArea: number
  riskScore: number | null; riskGrade: string | null; coverageRatio: number | null; cameras: number; onlineCameras: number
  /** Only on a replayed day (playback/day-frame.ts): the hazards open and overdue that day. */
  openHazards?: number; overdueHazards?: number
}
export type SiteFeature = Feature<Point, SiteProperties>

/** A site's colour under the chosen colouring; footprints and dots share it. */
export function siteColor(p: Pick<SiteProperties, 'kind' | 'riskGrade' | 'coverageRatio' | 'cameras'>, colouring: SiteColouring): Rgb {
  if (colouring === 'coverage') return p.cameras === 0 ? coverageColor(0) : coverageColor(p.coverageRatio)
  return (colouring === 'risk' ? GRADE_COLORS[p.riskGrade ?? ''] : KIND_COLORS[p.kind]) ?? NO_DATA
}

/** Row i's colour, read straight from the columns. */
export function siteColorAt(c: SiteColumns, i: number, colouring: SiteColouring): Rgb {
  const ratio = c.coverageRatio[i]
  return siteColor({
    kind: c.kinds[c.kind[i]], riskGrade: GRADES[c.grade[i] - 1] ?? null, coverageRatio: Number.isNaN(ratio) ? null : ratio, cameras: c.cameras[i],
  }, colouring)
}

/**
 * The `data` of a layer drawn from columns: positions as a binary attribute, the rest through accessors by row.
 * `columns` rides along so that a pick can name its site (picking.ts), and so that a new layer on the same columns
 * (the view moved, a panel changed) is known not to need its attributes again.
 */
export const columnData = <T extends Pick<SiteColumns, 'length' | 'positions'>>(columns: T) =>
  ({ length: columns.length, columns, attributes: { getPosition: { value: columns.positions, size: 2 } } })
export const sameColumns = (a: unknown, b: unknown) => (a as { columns?: unknown }).columns === (b as { columns?: unknown }).columns
type Row = { index: number }

/** One dot per site, coloured by risk grade, kind or coverage and sized by scale (floor area). */
export function sitesLayer(columns: SiteColumns, colouring: SiteColouring, opacity: number, idPrefix = '') {
  return new ScatterplotLayer({
    id: `${idPrefix}sites`,
    data: columnData(columns),
    dataComparator: sameColumns,
    opacity,
    getFillColor: (_: unknown, { index }: Row) => [...siteColorAt(columns, index, colouring), 220],
    getRadius: (_: unknown, { index }: Row) => 40 + Math.sqrt(columns.floorArea[index]) * 0.6,
    radiusMinPixels: 2.5,
    radiusMaxPixels: 12,
    stroked: true,
    // Key dust-control projects carry a white ring in every colouring.
    getLineColor: (_: unknown, { index }: Row) => (columns.key[index] ? [255, 255, 255, 255] : [0, 0, 0, 90]),
    lineWidthMinPixels: 1,
    pickable: true,
    autoHighlight: true,
    highlightColor: [255, 255, 255, 120],
    updateTriggers: { getFillColor: colouring },
  })
}
