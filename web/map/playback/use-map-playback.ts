import { useMemo } from 'react'
import { type ApiClient, unwrap } from '../../api.ts'
import type { MapData } from '../layers/index.ts'
import { columnsOnDay, type DayFrame, footprintsOnDay, keyProjectsOnDay, type SiteDay } from './day-frame.ts'
import { type PlaybackSource, usePlayback } from './use-playback.ts'

/** The main map's playback, from /api/history in the user's own scope. */
export function useMapPlayback(api: ApiClient) {
  const source = useMemo((): PlaybackSource => ({
    scope: 'history',
    days: () => unwrap(api.api.history.days.$get()),
    frame: async (date) => await unwrap(api.api.history.playback.$get({ query: { date } })) as DayFrame,
  }), [api])
  return usePlayback(source)
}

/**
 * What the map draws on the day shown: today's positions with that day's grades, scores, hazards and measures.
 * The layers themselves are unchanged; they colour, weigh and cluster whatever values their features carry.
 * Live (no day) is the data as it came.
 */
export function dataOnDay(data: MapData, day: Map<number, SiteDay> | null): MapData {
  if (!day) return data
  return {
    ...data,
    sites: data.sites && columnsOnDay(data.sites, day),
    footprints: data.footprints && footprintsOnDay(data.footprints, day),
    keyProjects: data.keyProjects && keyProjectsOnDay(data.keyProjects, day),
  }
}
