/*
 * What a wall's URL says: its display token and an optional tour (`/wall?token=…&tour=districts&every=30`).
 * Pure, so that it is tested alone.
 */
export type TourKind = 'districts' | 'layers'
export interface WallSettings { token: string | null; tour: TourKind | null; everySeconds: number }

const MIN_TOUR_SECONDS = 5
const DEFAULT_TOUR_SECONDS = 30

export function wallSettingsFrom(search: string): WallSettings {
  const params = new URLSearchParams(search)
  const tour = params.get('tour')
  const every = Number(params.get('every'))
  return {
    token: params.get('token') || null,
    tour: tour === 'districts' || tour === 'layers' ? tour : null,
    everySeconds: Number.isFinite(every) && every >= MIN_TOUR_SECONDS ? Math.min(every, 3_600) : DEFAULT_TOUR_SECONDS,
  }
}

/** The wall's layer rotation: each step shows one of these over the districts. */
export const TOUR_LAYERS = ['heatmap', 'sites', 'keyProjects'] as const
