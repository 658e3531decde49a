/*
 * What a wall's URL says: its display token and an optional tour (`/wall?token=…&tour=districts&every=30`),
 * and how long to wait before reconnecting after the server went away. Pure, so that they are tested alone.
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

/** 1 s, 2 s, 4 s … capped at 30 s, with ±20 % jitter so that a room of walls does not reconnect in step. */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(30_000, 1_000 * 2 ** Math.max(0, attempt))
  return Math.round(base * (0.8 + random() * 0.4))
}

/** The wall's layer rotation: each step shows one of these over the districts. */
export const TOUR_LAYERS = ['heatmap', 'sites', 'keyProjects'] as const
