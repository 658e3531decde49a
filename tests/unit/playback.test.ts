import { describe, expect, it } from 'vitest'
import { columnsOnDay, type DayFrame, footprintsOnDay, frameSummary, indexFrame, keyProjectsOnDay } from '../../web/map/playback/day-frame.ts'
import { columnsFromFeatures, siteAt } from '../../web/map/site-columns.ts'
import { isCalendarDay } from '../../server/domain/time.ts'
import { dateFromSearch, searchWithDate, stepDate, stopIndex, tourDays, trendTourFromSearch } from '../../web/map/playback/playback-url.ts'
import type { KeyProjectFeature } from '../../web/map/layers/key-projects-layer.ts'
import type { SiteFeature } from '../../web/map/layers/sites-layer.ts'

// The captured days, with a gap (a portal down on 11-30 and not yet caught up).
const stops = ['2026-11-28', '2026-11-29', '2026-12-01']

describe('the day in the URL', () => {
  it('reads only real calendar dates', () => {
    expect(dateFromSearch('?sel=site:4&date=2026-11-20')).toBe('2026-11-20')
    for (const bad of ['', '?date=', '?date=2026-02-30', '?date=2026-1-5', '?date=20261120', '?date=2026-11-20x']) expect(dateFromSearch(bad)).toBeNull()
    expect(isCalendarDay('2028-02-29')).toBe(true)
    expect(isCalendarDay('2026-13-01')).toBe(false)
  })

  it('sets and removes the date, keeping the other parameters', () => {
    expect(searchWithDate('?district=3&sel=site:4', '2026-11-20')).toBe('?district=3&sel=site%3A4&date=2026-11-20')
    expect(searchWithDate('?date=2026-11-20', '2026-11-21')).toBe('?date=2026-11-21')
    expect(searchWithDate('?date=2026-11-20&tour=trend', null)).toBe('?tour=trend')
    expect(searchWithDate('?date=2026-11-20', null)).toBe('')
  })

  it('knows the trend tour flag', () => {
    expect(trendTourFromSearch('?token=x&tour=trend')).toBe(true)
    expect(trendTourFromSearch('?tour=districts')).toBe(false)
  })
})

describe('stepping along the captured days', () => {
  it('puts each day at its stop and live at the end', () => {
    expect(stopIndex(stops, null)).toBe(3)
    expect(stopIndex(stops, '2026-11-29')).toBe(1)
    expect(stopIndex(stops, '2026-11-30')).toBe(2) // a day missing (downtime) takes the next captured one
    expect(stopIndex(stops, '2027-01-01')).toBe(3)
  })

  it('steps over gaps, stops at the first day and ends at live', () => {
    expect(stepDate(stops, '2026-11-29', 1)).toBe('2026-12-01')
    expect(stepDate(stops, '2026-12-01', 1)).toBeNull()
    expect(stepDate(stops, null, 1)).toBeNull()
    expect(stepDate(stops, null, -1)).toBe('2026-12-01')
    expect(stepDate(stops, '2026-11-28', -1)).toBe('2026-11-28')
    expect(stepDate(stops, null, -7)).toBe('2026-11-28')
  })

  it('tours the last thirty captured days', () => {
    const many = Array.from({ length: 40 }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`)
    expect(tourDays(many)).toHaveLength(30)
    expect(tourDays(many)[0]).toBe('2026-10-11')
    expect(tourDays(stops)).toEqual(stops)
  })
})

const site = (id: number, grade: string | null, key = false): SiteFeature => ({
  type: 'Feature', id, geometry: { type: 'Point', coordinates: [120 + id / 100, 31] },
  properties: { code: `S${id}`, name: `site ${id}`, kind: 'housing', stage: 'main', key, floorArea: 1000, riskScore: 10, riskGrade: grade,
    coverageRatio: 1, cameras: 1, onlineCameras: 1 },
})
const frame: DayFrame = {
  date: '2026-11-29',
  sites: { ids: [1, 2, 3], scores: [81, 20, null], grades: ['red', 'blue', null], open: [4, 0, 1], overdue: [2, 0, 0], key: [7, null, 2], pm10: [0, 0, 3] },
}

describe('a day laid over the map', () => {
  const day = indexFrame(frame)

  it('gives each site that day\'s grade, score and hazards, joined by id, and leaves out sites not captured', () => {
    const columns = columnsOnDay(columnsFromFeatures([site(1, 'blue'), site(2, null, true), site(3, 'red'), site(9, 'red')]), day)
    const shown = Array.from({ length: columns.length }, (_, i) => siteAt(columns, i))
    expect(shown.map((f) => f.id)).toEqual([1, 2, 3])
    expect(shown[0].properties).toMatchObject({ riskScore: 81, riskGrade: 'red', key: true, openHazards: 4, overdueHazards: 2, code: 'S1', name: 'site 1' })
    expect(shown[1].properties).toMatchObject({ riskScore: 20, riskGrade: 'blue', key: false, openHazards: 0, overdueHazards: 0 })
    expect(shown[2].properties).toMatchObject({ riskScore: null, riskGrade: null, key: true, openHazards: 1, overdueHazards: 0, code: 'S3' })
    expect(shown[0].geometry.coordinates).toEqual([120.01, 31]) // today's position
  })

  it('does the same for footprints, which stay features', () => {
    const footprint = (id: number) => ({ ...site(id, 'red'), geometry: { type: 'Polygon' as const, coordinates: [[[120, 31], [120.001, 31], [120, 31.001], [120, 31]]] } })
    const shown = footprintsOnDay([footprint(3), footprint(1), footprint(9)], day)
    expect(shown.map((f) => f.id)).toEqual([3, 1])
    expect(shown[1].properties).toMatchObject({ riskScore: 81, riskGrade: 'red', key: true, openHazards: 4, overdueHazards: 2 })
  })

  it('counts the measures a key project had then, and drops projects that were not key that day', () => {
    const kp = (siteId: number): KeyProjectFeature => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [120, 31] }, properties: { siteId, name: `kp ${siteId}`, measuresDone: 3 } })
    expect(keyProjectsOnDay([kp(1), kp(2), kp(3), kp(5)], day).map((f) => [f.properties.siteId, f.properties.measuresDone])).toEqual([[1, 3], [3, 1]])
  })

  it('sums the headline counts', () => {
    expect(frameSummary(frame)).toEqual({ red: 1, open: 5, overdue: 2 })
  })
})
